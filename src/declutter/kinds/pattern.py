"""*pattern*: a whole line matching a regex, for noise lines with a variable part.

The regex must match the entire normalised line (lower-case, straight quotes, single spaces;
matching is case-insensitive anyway) of at most `max_words` words (default 40). Regexes run in RE2, which is linear-time, so a rule
cannot hang the engine; look-around and backreferences are therefore not available.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from declutter.kinds.base import Stage, Trigger, View
from declutter.kinds.phrase import DEFAULT_MAX_WORDS, within_length
from declutter.params import Params


@dataclass(frozen=True)
class PatternSpec:
    patterns: tuple[str, ...]
    max_words: int
    stage: Stage = Stage.LINE

    def triggers(self) -> Iterable[Trigger]:
        return (Trigger("regex", p) for p in self.patterns)

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        return within_length(view, hits, self.max_words)


def parse(params: Params) -> PatternSpec:
    patterns = params.regexes("patterns", required=True)
    max_words = params.integer("max_words", DEFAULT_MAX_WORDS, minimum=1) or DEFAULT_MAX_WORDS
    return PatternSpec(patterns, max_words)
