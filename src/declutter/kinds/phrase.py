"""*phrase*: a line that is, starts with, or contains a literal phrase.

Phrases are literals, never regexes, and are compared after normalisation (case, Unicode
NFKC, quotes, dashes, spaces). ``match = "line"`` also ignores decoration at the ends of the
line (``Read more:``, ``» Related``); ``prefix`` and ``contains`` require word boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from declutter.kinds.base import Stage, Trigger, TriggerMode, View
from declutter.normalize import line_key, normalize
from declutter.params import Params
from declutter.shape import word_count

#: Lines longer than this are not removed by prefix/contains phrases unless a rule says so.
DEFAULT_MAX_WORDS = 40
#: Room for decoration around a whole-line phrase ("» Read more »" is four "words").
DECORATION_WORDS = 4


@dataclass(frozen=True)
class PhraseSpec:
    phrases: tuple[str, ...]
    match: TriggerMode
    max_words: int
    stage: Stage = Stage.LINE

    def triggers(self) -> Iterable[Trigger]:
        labels = self.match == "line"
        return (Trigger(self.match, line_key(normalize(p)), labels_row=labels) for p in self.phrases)

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        return within_length(view, hits, self.max_words)


def within_length(view: View, hits: Sequence[int], max_words: int) -> list[int]:
    return [i for i in hits if word_count(view.doc.normalized[i]) <= max_words]


def phrase_words(phrases: tuple[str, ...]) -> int:
    """Words in the longest phrase, plus room for decoration: the bound of whole-line matches."""
    return max(word_count(normalize(p)) for p in phrases) + DECORATION_WORDS


def checked_phrases(params: Params, name: str, *, required: bool = False) -> tuple[str, ...]:
    """The literal phrases of field `name`; one that normalises to nothing would match every
    blank line, so it is an error."""
    phrases = params.strings(name, required=required)
    for phrase in phrases:
        if not line_key(normalize(phrase)):
            raise params.error(name, f"phrase {phrase!r} is only punctuation")
    return phrases


def check_lengths(params: Params, phrases: tuple[str, ...], max_words: int) -> None:
    """A phrase of more than `max_words` words could never match: the rule's length bound
    drops every line that holds it before the phrase is looked at. Say so at load time."""
    if too_long := next((p for p in phrases if word_count(normalize(p)) > max_words), None):
        raise params.error("phrases", f"phrase {too_long!r} has more than max_words ({max_words}) words")


def parse(params: Params) -> PhraseSpec:
    phrases = checked_phrases(params, "phrases", required=True)
    match = params.choice("match", ("line", "prefix", "contains"), "line")
    default = phrase_words(phrases) if match == "line" else DEFAULT_MAX_WORDS
    max_words = params.integer("max_words", default, minimum=1) or default
    check_lengths(params, phrases, max_words)
    return PhraseSpec(phrases, match, max_words)  # type: ignore[arg-type]
