"""*thread*: a comment thread, told by the button line that each of its comments carries.

Under an article a scraper picks up the readers' comments: a name, a date, a few paragraphs,
then "Reply" (or "Report", "Antworten", "Go to permalink"), comment after comment. The
paragraphs read as prose, so no line rule can tell them from the article's; the buttons can.
Where marker lines (the rule's phrases, whole lines) follow one another with at most `max_gap`
non-blank lines between neighbours, and one of them comes back at least `min_markers` times,
everything from the first marker to the last is the thread and goes: every comment carries the
same button. An article never has a "Reply" line, let alone one every few paragraphs, and a
stray "Reply" and "Report" between its paragraphs are not three of a kind; markers above the
document's first sentence start no thread. The comment before the first marker, or after the
last, has no marker on both sides and stays: the edge of a thread cannot be told from the end
of the article.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from declutter.document import Document
from declutter.kinds.base import Stage, Trigger, View
from declutter.kinds.phrase import phrase_words
from declutter.normalize import line_key, normalize
from declutter.params import Params


@dataclass(frozen=True)
class ThreadSpec:
    markers: tuple[str, ...]
    min_markers: int
    max_gap: int
    max_words: int
    stage: Stage = Stage.NEIGHBOURS

    def triggers(self) -> Iterable[Trigger]:
        return (Trigger("line", line_key(normalize(marker))) for marker in self.markers)

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        # Comments follow the article: a marker above its first sentence (a "Reply" link in
        # the page's header) starts no thread, so the article cannot fall inside one.
        lead = -1 if view.first_prose is None else view.first_prose
        found: list[int] = []
        for first, last in self._threads(view.doc, [marker for marker in hits if marker > lead]):
            start, end = bisect.bisect_left(view.lines, first), bisect.bisect_right(view.lines, last)
            found += [first, last, *view.lines[start:end]]
        return found

    def _threads(self, doc: Document, markers: Sequence[int]) -> list[tuple[int, int]]:
        """(first, last) marker of each chain of markers at most `max_gap` non-blank lines
        apart in which one marker's text comes back at least `min_markers` times."""
        nonblank = doc.nonblank
        threads = []
        chain: list[int] = []
        previous = -1
        for marker in markers:
            position = bisect.bisect_left(nonblank, marker)
            if chain and position - previous - 1 > self.max_gap:
                threads += self._kept(doc, chain)
                chain = []
            chain.append(marker)
            previous = position
        return threads + self._kept(doc, chain)

    def _kept(self, doc: Document, chain: list[int]) -> list[tuple[int, int]]:
        if len(chain) < self.min_markers:
            return []
        counts = Counter(line_key(doc.normalized[index]) for index in chain)
        return [(chain[0], chain[-1])] if max(counts.values()) >= self.min_markers else []


def parse(params: Params) -> ThreadSpec:
    markers = params.strings("markers")
    if not markers:
        raise params.error("markers", "a thread rule needs marker phrases")
    return ThreadSpec(
        markers,
        min_markers=params.integer("min_markers", 3, minimum=2) or 2,
        max_gap=params.integer("max_gap", 12, minimum=1) or 1,
        max_words=phrase_words(markers),
    )
