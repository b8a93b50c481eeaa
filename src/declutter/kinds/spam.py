"""*spam*: injected spam lines at the edges of a document.

Scrapes of hacked or SEO-spammed sites carry lines such as "AG百家乐在线官网" ("AG baccarat
online official site") above or below the article. A line among the first or last
`edge_lines` lines is spam when it is short, is not a sentence, and either is written in a
different script from the article, contains a spam-only term, or pairs a gambling term with a
lure ("official site", "bonus", "register"). Lines inside the body are never looked at, so a
quoted foreign-language sentence or an article about casinos stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain

import ahocorasick

from declutter.kinds.base import Stage, Trigger, View
from declutter.normalize import joins_word, normalize
from declutter.params import Params
from declutter.scripts import dominant_script, share_of_script
from declutter.shape import ends_sentence

#: How much body text to sample when deciding the article's script.
_SAMPLE_CHARS = 300
#: Fewer letters than this in the sample and the article's script is not known.
_MIN_LETTERS = 40


@dataclass(frozen=True)
class SpamSpec:
    spam_terms: tuple[str, ...]
    gambling_terms: tuple[str, ...]
    lure_terms: tuple[str, ...]
    edge_lines: int
    max_chars: int
    foreign_script: bool
    stage: Stage = Stage.SCAN

    @property
    def max_words(self) -> int:
        return self.max_chars // 4  # a word and its space take at least four characters
    _terms: ahocorasick.Automaton = field(
        default_factory=ahocorasick.Automaton, compare=False, repr=False
    )

    def triggers(self) -> Iterable[Trigger]:
        return ()

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        lines, normalized = view.lines, view.doc.normalized
        edges = sorted(set(lines[: self.edge_lines]) | set(lines[-self.edge_lines :]))
        body = _BodySample(view, edges)
        found = []
        for index in edges:
            text = normalized[index]
            if len(text) > self.max_chars or ends_sentence(text):
                continue
            if self._has_spam_terms(text) or (
                self.foreign_script and body.is_foreign(text)
            ):
                found.append(index)
        return found

    def _has_spam_terms(self, text: str) -> bool:
        if not self.spam_terms and not (self.gambling_terms and self.lure_terms):
            return False  # no terms that could decide (and an automaton without words cannot run)
        found = set()
        for end, (length, category) in self._terms.iter(text):
            if not joins_word(text, end - length, end - length + 1) and not joins_word(
                text, end, end + 1
            ):
                found.add(category)
        return "spam" in found or {"gambling", "lure"} <= found


class _BodySample:
    """The article's script, sampled from the lines away from the edges, worked out lazily."""

    def __init__(self, view: View, edges: list[int]) -> None:
        self._view = view
        self._edges = set(edges)
        self._sample: str | None = None
        self._shares: dict[str, tuple[float, int]] = {}

    def is_foreign(self, text: str) -> bool:
        """Whether `text` is mostly in a script that the article's body is mostly not in.

        Only a line of words counts: spam banners are words, while a line mostly of digits
        and signs ("GPS: N24 39 16.4 E121 18 19.5") is data the article gives.
        """
        sample = self._text()
        if text.isascii() and sample.isascii():
            return False
        if 2 * sum(char.isalpha() for char in text) < len(text.replace(" ", "")):
            return False
        script = dominant_script(text)
        if script is None:
            return False
        if script not in self._shares:
            self._shares[script] = share_of_script(sample, script)
        share, letters = self._shares[script]
        return letters >= _MIN_LETTERS and share < 0.5

    def _text(self) -> str:
        """Up to `_SAMPLE_CHARS` of the body; edge lines only fill in for a very short body."""
        if self._sample is None:
            lines = self._view.lines
            body = chain((i for i in lines if i not in self._edges), sorted(self._edges))
            parts: list[str] = []
            size = 0
            for index in body:
                if size >= _SAMPLE_CHARS:
                    break
                parts.append(self._view.doc.normalized[index])
                size += len(parts[-1])
            self._sample = " ".join(parts)[:_SAMPLE_CHARS]
        return self._sample


def _terms_automaton(categories: dict[str, tuple[str, ...]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for category, terms in categories.items():
        for term in terms:
            automaton.add_word(term, (len(term), category))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def parse(params: Params) -> SpamSpec:
    spam = tuple(normalize(t) for t in params.strings("spam_terms"))
    gambling = tuple(normalize(t) for t in params.strings("gambling_terms"))
    lure = tuple(normalize(t) for t in params.strings("lure_terms"))
    foreign_script = params.boolean("foreign_script", True)
    if not (spam or (gambling and lure) or foreign_script):
        raise params.error("spam_terms", "a spam rule needs spam_terms, gambling and lure terms, or foreign_script")
    return SpamSpec(
        spam,
        gambling,
        lure,
        edge_lines=params.integer("edge_lines", 3, minimum=1) or 1,
        max_chars=params.integer("max_chars", 100, minimum=1) or 1,
        foreign_script=foreign_script,
        _terms=_terms_automaton({"spam": spam, "gambling": gambling, "lure": lure}),
    )
