"""Anchored matching of words inside class and id attributes, hashed CSS-module names included.

A word matches where it stands as a whole part of a class token: between the token's ends,
``-``, ``_``, digits, or a lower-to-upper case change. So ``ad`` matches ``ad-slot``, ``top_ad``,
``AdSlot_x7Yz`` and ``mainAd``, and never ``adult``, ``header``, ``shadow``, ``load`` or
``badge``. Words are compared case-insensitively; the case change that separates words in
``AdSlot`` is read from the attribute as written. Prefixes (``NewsletterSignUp_``) match the
start of a class token as written, for CSS-module names whose tail is a build hash.

All words of all rules form one regex, run once over every class (or id) value of the page
joined into one string, so the cost does not grow with the number of rules.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence

_START = r"(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))"
_END = r"(?:(?![A-Za-z])|(?<=[a-z])(?=[A-Z]))"
#: What a rule may list as a class or id word: lower-case letters and digits, inner - or _.
WORD = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
#: What a rule may list as a class prefix: the start of a class token, as written.
PREFIX = re.compile(r"[A-Za-z_-][A-Za-z0-9_-]*")


class TokenMatcher:
    """Finds, in attribute values, the words or prefixes of rules, mapped to rule slots."""

    def __init__(self, words: Mapping[str, Sequence[int]], prefixes: Mapping[str, Sequence[int]]) -> None:
        self._slots = {**{w.lower(): tuple(s) for w, s in words.items()}, **{p: tuple(s) for p, s in prefixes.items()}}
        parts = []
        if words:
            parts.append(f"{_START}(?i:{_alternation(words)}){_END}")
        if prefixes:
            parts.append(f"(?<!\\S)(?:{_alternation(prefixes)})")
        self._regex = re.compile("|".join(f"({part})" for part in parts)) if parts else None
        self._word_group = 1 if words else 0

    def __bool__(self) -> bool:
        return self._regex is not None

    def match(self, values: Sequence[str]) -> dict[int, set[int]]:
        """For each index into `values` where a word or prefix occurs, the slots of its rules."""
        found: dict[int, set[int]] = {}
        if self._regex is None or not values:
            return found
        # One string, one regex pass: newlines cannot occur inside a word or prefix.
        text = "\n".join(values)
        starts = _starts(values)
        for hit in self._regex.finditer(text):
            key = hit.group().lower() if hit.lastindex == self._word_group else hit.group()
            index = bisect.bisect_right(starts, hit.start()) - 1
            found.setdefault(index, set()).update(self._slots[key])
        return found


def _alternation(items: Iterable[str]) -> str:
    # Longest first, so that ``ad-slot`` is reported rather than its prefix ``ad``.
    return "|".join(re.escape(item) for item in sorted(items, key=lambda i: (-len(i), i)))


def _starts(values: Sequence[str]) -> list[int]:
    starts, position = [], 0
    for value in values:
        starts.append(position)
        position += len(value) + 1
    return starts
