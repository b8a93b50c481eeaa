"""*duplicate*: a line repeating a nearby line, exactly or behind a label.

With `labels` (``Image:``, ``Photo:``), a line "Image: X" near a line "X" proves X is a
caption; the rule removes the labelled copy, the original, or both (`remove`). Without
labels, a short headline-shaped line repeated within `window` lines ("Follow the World"
twice) is removed: the later copies, or all copies. Comparison is on normalised text, so a
paragraph that merely resembles another one stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import re2

from declutter.kinds.base import Stage, Trigger, View
from declutter.normalize import normalize
from declutter.params import Params
from declutter.shape import is_headline, word_count


@dataclass(frozen=True)
class DuplicateSpec:
    labels: tuple[str, ...]
    remove: str
    window: int
    max_words: int
    stage: Stage = Stage.SCAN

    def triggers(self) -> Iterable[Trigger]:
        if self.labels:
            yield Trigger("regex", "(?:" + "|".join(re2.escape(label) for label in self.labels) + ").+")

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        if self.labels:
            return self._labelled(view, hits)
        return self._repeated(view)

    def _labelled(self, view: View, hits: Sequence[int]) -> set[int]:
        """Pairs "label X" (a line where a label trigger fired) with a nearby "X"."""
        normalized, lines = view.doc.normalized, view.lines
        found: set[int] = set()
        for index in hits:
            text = normalized[index]
            if index not in view.positions or not text.startswith(self.labels):
                continue
            if word_count(text) > self.max_words:
                continue
            body = _strip_label(text, self.labels)
            position = view.positions[index]
            for other in lines[max(0, position - self.window) : position + self.window + 1]:
                if other != index and normalized[other] == body:
                    if self.remove in ("labelled", "all"):
                        found.add(index)
                    if self.remove in ("original", "all"):
                        found.add(other)
        return found

    def _repeated(self, view: View) -> set[int]:
        """Short headline-shaped lines equal to one of the `window` lines before them."""
        normalized, lines = view.doc.normalized, view.lines
        max_words = self.max_words
        found: set[int] = set()
        for distance in range(1, self.window + 1):
            pairs = zip(lines, lines[distance:])
            for earlier, later in pairs:
                text = normalized[later]
                if text == normalized[earlier] and is_headline(text, max_words=max_words):
                    found.add(later)
                    if self.remove == "all":
                        found.add(earlier)
        return found


def _strip_label(text: str, labels: tuple[str, ...]) -> str:
    label = next(label for label in labels if text.startswith(label))
    return text[len(label) :].strip()


def parse(params: Params) -> DuplicateSpec:
    labels = tuple(normalize(label) for label in params.strings("labels"))
    choices = ("labelled", "original", "all") if labels else ("later", "all")
    return DuplicateSpec(
        labels,
        remove=params.choice("remove", choices, choices[0]),
        window=params.integer("window", 2 if labels else 1, minimum=1) or 1,
        max_words=params.integer("max_words", 40 if labels else 6, minimum=1) or 1,
    )
