"""*context*: a line removed because of its neighbour, together with that neighbour.

The rule names the anchor itself (a phrase or regex, such as a video player's notice) and
removes the anchor and the headline-shaped line next to it (the video's title). Removing both
keeps cleaning idempotent: on a second pass there is no anchor left to reach past.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from declutter.kinds.base import Stage, Trigger, View
from declutter.kinds.phrase import DEFAULT_MAX_WORDS, phrase_words, within_length
from declutter.normalize import line_key, normalize
from declutter.params import Params
from declutter.shape import is_headline


@dataclass(frozen=True)
class ContextSpec:
    anchors: tuple[str, ...]
    anchor_patterns: tuple[str, ...]
    target: str
    target_min_words: int
    target_max_words: int
    anchor_max_words: int
    stage: Stage = Stage.NEIGHBOURS

    @property
    def max_words(self) -> int:
        return max(self.anchor_max_words, self.target_max_words)

    def triggers(self) -> Iterable[Trigger]:
        yield from (Trigger("line", line_key(normalize(a))) for a in self.anchors)
        yield from (Trigger("regex", p) for p in self.anchor_patterns)

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        normalized = view.doc.normalized
        for anchor in within_length(view, hits, self.anchor_max_words):
            yield anchor
            near = view.after(anchor, 1) if self.target == "next" else view.before(anchor, 1)
            if near and is_headline(
                normalized[near[0]], min_words=self.target_min_words, max_words=self.target_max_words
            ):
                yield near[0]


def parse(params: Params) -> ContextSpec:
    anchors = params.strings("anchors")
    anchor_patterns = params.regexes("anchor_patterns")
    if not anchors and not anchor_patterns:
        raise params.error("anchors", "a context rule needs anchors or anchor_patterns")
    return ContextSpec(
        anchors,
        anchor_patterns,
        target=params.choice("target", ("next", "previous"), "next"),
        target_min_words=params.integer("target_min_words", 1) or 0,
        target_max_words=params.integer("target_max_words", 15, minimum=1) or 1,
        anchor_max_words=phrase_words(anchors) if not anchor_patterns else DEFAULT_MAX_WORDS,
    )
