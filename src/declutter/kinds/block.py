"""*block*: a heading that opens a noise block, with the headline lines that follow it.

"Read more:", "More on Iran", "Related", "You may also like": the heading and then up to
`max_items` lines that have the shape of headlines (see `declutter.shape`). The block ends at
the first line that reads as prose, is too short or too long for a headline, ends in a
colon (a new label), or breaks the list's form: an item is numbered if and only if the line
before it in the document is (the heading apart), so "5. Beware the hairdryer" after three
unnumbered links is the article's next subheading, on the first look and on the next, when
the links are gone from the view. Blank lines between items are skipped. A heading followed
by fewer than `min_items` headline lines (default 1) stays: "Related" or "Most read" over
prose paragraphs is the article's own subheading. A heading with nothing after it that stays goes:
it heads no part of the article (extractors that drop a box's links leave its "Related:" at the
end, and some print it twice).
Rules whose heading is noise even alone (a "Read more" button) set `min_items = 0`.
A list that runs into the article's first sentence (`View.first_prose`) takes nothing: its last
lines are the article's title and standfirst, which read as headlines too. That is where a
heading in a page's menu stands once the menu is gone, as it is on the next look.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from declutter.kinds.base import Stage, Trigger, View
from declutter.kinds.phrase import phrase_words, within_length
from declutter.normalize import line_key, normalize
from declutter.params import Params
from declutter.shape import LIST_NUMBER, is_headline

#: Heading patterns match lines of at most this many words.
_HEADING_WORDS = 10
#: Every heading scans up to this many lines, so a page of headings costs this much per line.
MAX_ITEMS = 100


@dataclass(frozen=True)
class BlockSpec:
    headings: tuple[str, ...]
    heading_patterns: tuple[str, ...]
    max_items: int
    min_items: int
    item_min_words: int
    item_max_words: int
    heading_max_words: int
    stage: Stage = Stage.NEIGHBOURS

    @property
    def max_words(self) -> int:
        return max(self.heading_max_words, self.item_max_words)

    def triggers(self) -> Iterable[Trigger]:
        yield from (Trigger("line", line_key(normalize(h))) for h in self.headings)
        yield from (Trigger("regex", p) for p in self.heading_patterns)

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        """Headings from the last up: a heading whose followers all go (a second copy of it, a
        heading with nothing after it) has nothing after it either, on this pass as on the next.
        Headings come from the last up and their items follow them, so every line chosen so far
        is after the heading at hand; `gone` counts those still in the view (a heading another
        rule removed is not), kept as a running count so that a page of headings stays linear."""
        remaining = view.positions
        chosen: set[int] = set()
        gone = 0
        for heading in reversed(within_length(view, hits, self.heading_max_words)):
            items = self._items(view, heading)
            after = len(view.lines) - bisect.bisect_right(view.lines, heading)
            if len(items) >= self.min_items or after == gone:
                for line in (heading, *items):
                    if line not in chosen:
                        chosen.add(line)
                        gone += line in remaining
        return sorted(chosen)

    def _items(self, view: View, heading: int) -> list[int]:
        normalized = view.doc.normalized
        items: list[int] = []
        for index in view.after(heading, self.max_items):
            text = normalized[index]
            if not is_headline(text, min_words=self.item_min_words, max_words=self.item_max_words):
                if view.is_first_prose(index):
                    return []  # the list runs into the article's start: its title and standfirst
                break
            before = _line_before(view.doc.nonblank, index)
            if before != heading and _numbered(text) != _numbered(normalized[before]):
                break
            items.append(index)
        return items


def _line_before(nonblank: Sequence[int], index: int) -> int:
    """The non-blank line before line `index` in the document, removed or not."""
    return nonblank[bisect.bisect_left(nonblank, index) - 1]


def _numbered(text: str) -> bool:
    """Whether a line starts with a list number ("5. Beware the hairdryer", "2) Prices")."""
    return _LIST_NUMBER.match(text) is not None


_LIST_NUMBER = re.compile(LIST_NUMBER)


def parse(params: Params) -> BlockSpec:
    headings = params.strings("headings")
    heading_patterns = params.regexes("heading_patterns")
    if not headings and not heading_patterns:
        raise params.error("headings", "a block rule needs headings or heading_patterns")
    return BlockSpec(
        headings,
        heading_patterns,
        max_items=params.integer("max_items", 8, maximum=MAX_ITEMS) or 0,
        min_items=params.integer("min_items", 1, maximum=MAX_ITEMS) or 0,
        item_min_words=params.integer("item_min_words", 2) or 0,
        item_max_words=params.integer("item_max_words", 20, minimum=1) or 1,
        heading_max_words=max(phrase_words(headings) if headings else 0, _HEADING_WORDS),
    )
