"""*duplicate*: a line repeating a nearby line, exactly or behind a label.

With `labels` (``Image:``, ``Photo:``), a line "Image: X" near a line "X" proves X is a
caption; the rule removes the labelled copy, the original, or both (`remove`). Without
labels, a short headline-shaped line repeated within `window` lines ("Follow the World"
twice) is removed: the later copies, or all copies (but one copy of a line repeated above
the article's first sentence: the headline printed twice). Comparison is on normalised text,
so a paragraph that merely resembles another one stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import re2

from declutter.kinds.base import Stage, Trigger, View
from declutter.normalize import normalize
from declutter.params import Params
from declutter.shape import is_headline, looks_like_code, word_count

#: "Nearby": a wider window costs every document time in proportion, for no real page.
MAX_WINDOW = 50


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
        """Short headline-shaped lines equal to one of the `window` lines before them.

        Removing copies brings other lines within the window of each other ("A B B A" with
        ``remove = "all"``), so this repeats round by round until nothing more goes. Each
        round looks only at the lines just after a gap the previous round made, in a linked
        list of the remaining lines: linear, where leaving the repeats to the engine, whole
        pass after whole pass, made such a document quadratic. A line's shape is judged only
        once it equals an earlier line, which most lines never do.
        """
        normalized, raw = view.doc.normalized, view.doc.lines
        texts = [normalized[i] for i in view.lines]
        check: Iterable[int] = _repeats(texts, self.window)
        if not check:
            return set()
        count, window, remove_all = len(texts), self.window, self.remove == "all"
        # Positions 1..count are the lines; 0 and count + 1 are the ends of the list.
        before = list(range(-1, count + 1))
        after = list(range(1, count + 3))
        alive = [False, *([True] * count), False]
        texts = ["", *texts, ""]
        shaped: dict[int, bool] = {}
        found: set[int] = set()
        while True:
            gone: set[int] = set()
            for later in check:
                earlier = before[later]
                for _ in range(window):
                    if earlier == 0:
                        break
                    if texts[earlier] == texts[later]:
                        if later not in shaped:
                            shaped[later] = self._shaped(texts[later], raw[view.lines[later - 1]])
                        if not shaped[later]:
                            break
                        gone.add(later)
                        if remove_all:
                            gone.add(earlier)
                    earlier = before[earlier]
            if not gone:
                removed = {view.lines[position - 1] for position in found}
                return _headline_kept(view, removed) if remove_all else removed
            found |= gone
            seams: set[int] = set()
            for position in gone:
                alive[position] = False
                before[after[position]], after[before[position]] = before[position], after[position]
                seams.add(after[position])
            check = _following(seams, alive, after, window)

    def _shaped(self, text: str, raw_line: str) -> bool:
        """Whether a repeated line can be a promo: headline-shaped, and not a line of code."""
        return is_headline(text, max_words=self.max_words) and not looks_like_code(raw_line)


def _headline_kept(view: View, removed: set[int]) -> set[int]:
    """`removed` less the last copy of each line repeated above the article's first sentence.

    A line printed twice before the article starts is its headline rendered twice (the end of
    a breadcrumb trail or a share bar's title, then the headline itself): one copy is the
    article's, and the one nearest the text stays. Further down, repeats are promo boxes.
    """
    lead = view.first_prose
    if lead is None:
        return removed
    normalized = view.doc.normalized
    last_copy = {normalized[index]: index for index in sorted(removed) if index < lead}
    return removed - set(last_copy.values())


def _repeats(texts: list[str], window: int) -> set[int]:
    """The positions (counting from 1) of the lines equal to one of the `window` lines before
    them: the first round's candidates, and for most documents none."""
    return {
        position + distance + 1
        for distance in range(1, window + 1)
        for position, (a, b) in enumerate(zip(texts, texts[distance:]))
        if a == b
    }


def _following(seams: set[int], alive: list[bool], after: list[int], window: int) -> set[int]:
    """The remaining lines that a gap brought nearer to earlier lines: `window` after each gap."""
    end = len(alive) - 1
    near: set[int] = set()
    for position in seams:
        for _ in range(window):
            if position == end or not alive[position]:
                break
            near.add(position)
            position = after[position]
    return near


def _strip_label(text: str, labels: tuple[str, ...]) -> str:
    label = next(label for label in labels if text.startswith(label))
    return text[len(label) :].strip()


def parse(params: Params) -> DuplicateSpec:
    labels = tuple(normalize(label) for label in params.strings("labels"))
    choices = ("labelled", "original", "all") if labels else ("later", "all")
    return DuplicateSpec(
        labels,
        remove=params.choice("remove", choices, choices[0]),
        window=params.integer("window", 2 if labels else 1, minimum=1, maximum=MAX_WINDOW) or 1,
        max_words=params.integer("max_words", 40 if labels else 6, minimum=1) or 1,
    )
