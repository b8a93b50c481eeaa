"""*run*: a run of several consecutive very short lines, such as a scraped navigation menu.

"Home / News / Sport / Business / Weather", one per line: a scraper that takes every list item
of a page hands us the site's menus, footers and tag clouds as runs of one-to-three-word lines.
An article never has several such lines in a row: its headings stand between paragraphs, one
at a time. A line belongs to a run when it has at most `max_words` words and is at most
`max_chars` columns wide (wide CJK characters count two, so the bound holds for scripts
written without spaces), does not end a sentence, and reads as a menu label: not indented, no
list bullet or number in front, none of the brackets and operators of code. Lists, tables and
code that an extractor kept on purpose look like that, and they are content. A run of at least
`min_lines` such lines, blank lines not counting, is removed whole. Lines that earlier rules
removed do not break a run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from declutter.kinds.base import Stage, Trigger, View
from declutter.params import Params
from declutter.shape import ends_sentence, word_count

#: Characters of code, markup and tables: a line with one of them is not a menu label.
_CODE = frozenset("{}()[]<>=;:|│`$#*\\_\"")
_LIST_MARKER = re.compile(r"[-*•·▪►]\s|\d+[.)]\s")


@dataclass(frozen=True)
class RunSpec:
    min_lines: int
    max_words: int
    max_chars: int
    stage: Stage = Stage.SCAN

    def triggers(self) -> Iterable[Trigger]:
        return ()

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        run: list[int] = []
        lines, normalized = view.doc.lines, view.doc.normalized
        for index in view.lines:
            if self._is_label(lines[index], normalized[index]):
                run.append(index)
                continue
            yield from self._if_long_enough(run)
            run = []
        yield from self._if_long_enough(run)

    def _is_label(self, raw: str, text: str) -> bool:
        return (
            len(text) <= self.max_chars
            and word_count(text) <= self.max_words
            and not raw[:1].isspace()
            and _width(text) <= self.max_chars
            and not ends_sentence(text)
            and _CODE.isdisjoint(text)
            and not _LIST_MARKER.match(text)
        )

    def _if_long_enough(self, run: list[int]) -> Iterator[int]:
        if len(run) >= self.min_lines:
            yield from run


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def parse(params: Params) -> RunSpec:
    return RunSpec(
        min_lines=params.integer("min_lines", 4, minimum=2) or 2,
        max_words=params.integer("max_words", 3, minimum=1) or 1,
        max_chars=params.integer("max_chars", 30, minimum=1) or 1,
    )
