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
    """The cleaned text and the removals that produced it, in line order."""

    text: str
    removed: tuple[Removal, ...] = ()
    url: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.removed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "url": self.url,
            "removed": [asdict(removal) for removal in self.removed],
        }
