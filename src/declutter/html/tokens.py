"""Anchored matching of words inside class and id attributes, hashed CSS-module names included.

A word matches where it stands as a whole part of a class token: between the token's ends,
``-``, ``_``, digits, or a lower-to-upper case change. So ``ad`` matches ``ad-slot``, ``top_ad``,
``AdSlot_x7Yz`` and ``mainAd``, and never ``adult``, ``header``, ``shadow``, ``load`` or
``badge``. Words are ASCII and compared without regard to ASCII case; the case change that
separates words in ``AdSlot`` is read from the attribute as written. Prefixes
(``NewsletterSignUp_``) match the start of a class token as written, for CSS-module names whose
tail is a build hash. Substrings match anywhere, as written: they are what a CSS selector's
``.share`` or ``[class*='credit']`` needs at least, so an element without them is not tested.

All entries of all rules go into one Aho-Corasick automaton, run once over every class (or
id) value of the page joined into one string: the cost does not grow with the number of
rules. The automaton reports every occurrence, overlapping ones included (``ad`` inside
``ad-slot`` as well as ``ad-slot``), and each is then checked against its entry's anchors.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Hashable, Mapping, Sequence
from enum import Enum
from typing import Generic, TypeVar

import ahocorasick

#: Where a word may start and end (zero-width; read with `re.Pattern.match` at a position).
_START = re.compile(r"(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))")
_END = re.compile(r"(?:(?![A-Za-z])|(?<=[a-z])(?=[A-Z]))")
#: What a rule may list as a class or id word: lower-case letters and digits, inner - or _.
WORD = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
#: What a rule may list as a class prefix: the start of a class token, as written.
PREFIX = re.compile(r"[A-Za-z_-][A-Za-z0-9_-]*")
#: ASCII upper to lower case: unlike `str.lower`, never changes the length of a string.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

P = TypeVar("P", bound=Hashable)


class _Anchor(Enum):
    WORD = "word"
    PREFIX = "prefix"
    SUBSTRING = "substring"


class TokenMatcher(Generic[P]):
    """Finds, in attribute values, the words, prefixes or substrings of rules, mapped to payloads."""

    def __init__(
        self,
        words: Mapping[str, Sequence[P]],
        prefixes: Mapping[str, Sequence[P]],
        substrings: Mapping[str, Sequence[P]] | None = None,
    ) -> None:
        # Entries by their ASCII-lowered text: the automaton reads the lowered page text.
        entries: dict[str, list[tuple[_Anchor, str, tuple[P, ...]]]] = {}
        for anchor, items in ((_Anchor.WORD, words), (_Anchor.PREFIX, prefixes), (_Anchor.SUBSTRING, substrings or {})):
            for text, payloads in items.items():
                if text and payloads:
                    entries.setdefault(text.translate(_ASCII_LOWER), []).append((anchor, text, tuple(payloads)))
        self._automaton: ahocorasick.Automaton | None = None
        if entries:
            self._automaton = ahocorasick.Automaton()
            for key, found in entries.items():
                self._automaton.add_word(key, (len(key), tuple(found)))
            self._automaton.make_automaton()

    def __bool__(self) -> bool:
        return self._automaton is not None

    def match(self, values: Sequence[str]) -> dict[int, set[P]]:
        """For each index into `values` where an entry occurs, the payloads of its entries."""
        found: dict[int, set[P]] = {}
        if self._automaton is None or not values:
            return found
        # One string, one pass: newlines cannot occur inside an entry, so none spans two values.
        text = "\n".join(values)
        lowered = text.lower() if text.isascii() else text.translate(_ASCII_LOWER)
        starts: list[int] | None = None
        for last, (length, entries) in self._automaton.iter(lowered):
            start = last + 1 - length
            for anchor, entry, payloads in entries:
                if _stands(anchor, entry, text, start, last + 1):
                    if starts is None:
                        starts = _starts(values)
                    index = bisect.bisect_right(starts, start) - 1
                    found.setdefault(index, set()).update(payloads)
        return found


def _stands(anchor: _Anchor, entry: str, text: str, start: int, end: int) -> bool:
    """Whether the occurrence of `entry` at `start` in `text` is anchored as its kind requires."""
    if anchor is _Anchor.WORD:
        return _START.match(text, start) is not None and _END.match(text, end) is not None
    if not text.startswith(entry, start):  # prefixes and substrings are matched as written
        return False
    return anchor is _Anchor.SUBSTRING or start == 0 or text[start - 1].isspace()


def _starts(values: Sequence[str]) -> list[int]:
    starts, position = [], 0
    for value in values:
        starts.append(position)
        position += len(value) + 1
    return starts
