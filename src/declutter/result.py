"""What cleaning returns: the text, and every removal with the rule that made it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Removal:
    """One removed line: the rule id, the 1-based line number in the input, and its text."""

    rule: str
    line: int
    text: str


@dataclass(frozen=True)
class Result:
    """The cleaned text and the removals that produced it, in line order.

    When the damage guard trips, `text` is the input unchanged, `removed` is empty and
    `held_back` lists what the rules would have removed, so a person can see which rule
    went wrong.
    """

    text: str
    removed: tuple[Removal, ...] = ()
    url: str | None = None
    held_back: tuple[Removal, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.removed)

    @property
    def guarded(self) -> bool:
        """Whether the damage guard kept the document unchanged."""
        return bool(self.held_back)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "url": self.url,
            "removed": [asdict(removal) for removal in self.removed],
            "guarded": self.guarded,
            "held_back": [asdict(removal) for removal in self.held_back],
        }
