"""*pattern*: a whole line matching a regex, for noise lines with a variable part.

The regex must match the entire normalised line (lower-case, straight quotes, single spaces;
matching is case-insensitive anyway) of at most `max_words` words (default 40). Regexes run in
RE2, which is linear-time, so a rule cannot hang the engine; look-around and backreferences are
therefore not available. A list item's marker in front of the line ("- ", "• ") is looked
through, and so is a colon at its end: a label is the same noise with or without one ("More on
this:", French "Suivez-nous sur :"), as a phrase is. What look-ahead would say ("By <name>, but
not By the numbers") goes in `unless`: regexes that, matching the whole line too, veto it.
What a line must have as well goes in `requires`: regexes that must all match the whole line
too. Both run only on the lines the patterns matched, so they cost nothing on the rest of the
document; a regex that counts ("four section names anywhere in the line") belongs in `requires`
behind a cheap pattern, because in the matcher's shared RE2 set it would multiply the states of
every other regex.

Matching ignores case, which is what almost every noise line needs. Where the case is the
evidence, `requires_cased` holds regexes that must match the whole line case-sensitively,
the line normalised in every other way: a byline's name is capitalised ("Von Max Mustermann",
"Por Juan Pérez"), while a heading that opens with the same word is a phrase ("Von Hand
gemacht", "Por partida doble").

Fixed wordings of the same noise go in `phrases`: whole lines, literal, matched as a phrase
rule's ``match = "line"`` (normalised, decoration at the ends ignored) by the engine's line
lookup, not by a regex. A phrase costs no room in the shared RE2 sets, whose size is what a
regex costs every document, and `unless`, `requires` and `requires_cased` do not apply to it: it
names the line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import re2

from declutter.kinds.base import Stage, Trigger, View
from declutter.kinds.phrase import DEFAULT_MAX_WORDS, check_lengths, checked_phrases, within_length
from declutter.linere import as_whole_line
from declutter.normalize import line_key, normalize
from declutter.params import Params, re2_options
from declutter.shape import word_count


@dataclass(frozen=True)
class PatternSpec:
    patterns: tuple[str, ...]
    max_words: int
    unless: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    requires_cased: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    stage: Stage = Stage.LINE
    _phrase_keys: frozenset[str] = field(init=False, compare=False, repr=False)
    _veto: re2._Regexp | None = field(init=False, compare=False, repr=False)
    _required: tuple[re2._Regexp, ...] = field(init=False, compare=False, repr=False)
    _required_cased: tuple[re2._Regexp, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_phrase_keys", frozenset(line_key(normalize(p)) for p in self.phrases))
        object.__setattr__(self, "_veto", whole_line(self.unless) if self.unless else None)
        object.__setattr__(self, "_required", tuple(whole_line((p,)) for p in self.requires))
        cased = tuple(whole_line((p,), case_sensitive=True) for p in self.requires_cased)
        object.__setattr__(self, "_required_cased", cased)

    def triggers(self) -> Iterable[Trigger]:
        yield from (Trigger("regex", p) for p in self.patterns)
        yield from (Trigger("line", key, labels_row=True) for key in self._phrase_keys)

    def line_test(self) -> Callable[[str], bool]:
        """A test of whether this rule, on its own, removes a normalised line: what `select`
        decides, for a line taken alone (the linter asks it of other rules' phrases). A
        lower-cased line has no case to test, so `requires_cased` is taken as met."""
        matched = whole_line(self.patterns).fullmatch if self.patterns else lambda line: None
        return lambda line: word_count(line) <= self.max_words and (
            line_key(line) in self._phrase_keys or (matched(line) is not None and self._passes(line))
        )

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        normalized, lines = view.doc.normalized, view.doc.lines
        keys = self._phrase_keys
        return [
            i
            for i in within_length(view, hits, self.max_words)
            if (keys and line_key(normalized[i]) in keys)
            or (self._passes(normalized[i]) and self._passes_cased(lines[i]))
        ]

    def _passes(self, line: str) -> bool:
        """Whether a line the patterns matched survives `unless` and meets every `requires`."""
        if self._veto is not None and self._veto.fullmatch(line) is not None:
            return False
        return all(regex.fullmatch(line) is not None for regex in self._required)

    def _passes_cased(self, raw_line: str) -> bool:
        """Whether a line meets every `requires_cased`, its case kept."""
        if not self._required_cased:
            return True
        line = normalize(raw_line, keep_case=True)
        return all(regex.fullmatch(line) is not None for regex in self._required_cased)


def whole_line(patterns: Sequence[str], *, case_sensitive: bool = False) -> re2._Regexp:
    """One regex for a whole line matching any of `patterns`, list-item marker and trailing
    colon looked through."""
    either = "|".join(f"(?:{p})" for p in patterns)
    return re2.compile(as_whole_line(either), re2_options(case_sensitive=case_sensitive))


def parse(params: Params) -> PatternSpec:
    patterns = params.regexes("patterns")
    phrases = checked_phrases(params, "phrases")
    if not patterns and not phrases:
        raise params.error("patterns", "is required (or `phrases`, for fixed wordings)")
    max_words = params.integer("max_words", DEFAULT_MAX_WORDS, minimum=1) or DEFAULT_MAX_WORDS
    check_lengths(params, phrases, max_words)
    return PatternSpec(
        patterns,
        max_words,
        params.regexes("unless"),
        params.regexes("requires"),
        params.regexes("requires_cased", cased=True),
        phrases,
    )
