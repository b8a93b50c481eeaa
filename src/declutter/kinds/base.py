"""What every rule kind provides to the engine.

A kind turns a rule's fields into a `Spec`. A spec names the *triggers* (literal phrases or
regexes) that the engine's shared matcher looks for in every line, and selects the lines to
remove from the lines where its triggers fired. Kinds that look at neighbours see a `View`:
the document's non-blank lines that no earlier rule removed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property
from typing import Literal, Protocol

from declutter.document import Document
from declutter.shape import continues, ends_wrapped_sentence, is_prose

TriggerMode = Literal["line", "prefix", "contains", "regex"]


class Stage(IntEnum):
    """When a kind runs. Lower stages claim lines first; see the engine for why."""

    ELEMENT = 0  # removes elements of an HTML page before extraction; never runs on text
    LINE = 1  # decides from the line alone
    NEIGHBOURS = 2  # fires on a triggered line and takes its neighbours
    SCAN = 3  # scans the remaining lines, repeated until nothing more goes


@dataclass(frozen=True)
class Trigger:
    """A phrase or regex that the shared matcher finds on a line, for one rule."""

    mode: TriggerMode
    text: str
    #: For a whole-line phrase that is a label on its own ("Share", "Privacy Policy"): a row of
    #: such labels on one line, joined by bars or dots ("Share | Tweet | Email"), counts as
    #: this one where it comes first (`declutter.matcher.LineMatcher`).
    labels_row: bool = False


@dataclass(frozen=True, eq=False)
class View:
    """The non-blank lines of a document still present, in order, as line indexes."""

    doc: Document
    lines: tuple[int, ...]

    @cached_property
    def positions(self) -> dict[int, int]:
        """Position of each remaining line index within `lines`."""
        return {index: position for position, index in enumerate(self.lines)}

    @cached_property
    def first_prose(self) -> int | None:
        """The first remaining line that reads as a sentence: where the article starts. Lines
        above it are the page's header, where a headline and its echoes stand."""
        normalized = self.doc.normalized
        return next((index for index in self.lines if is_prose(normalized[index])), None)

    def is_first_prose(self, index: int) -> bool:
        """Whether remaining line `index` is `first_prose`, looked for from `index` up: the look
        stops at the nearest sentence above, so a line deep in the story costs a line or two,
        not a scan of the page's header on every pass."""
        normalized, lines = self.doc.normalized, self.lines
        if not is_prose(normalized[index]):
            return False
        above = bisect.bisect_left(lines, index)
        return not any(is_prose(normalized[lines[position]]) for position in range(above - 1, -1, -1))

    @cached_property
    def last_prose(self) -> int | None:
        """The last remaining line that reads as a sentence (`is_prose`): the article's end,
        after which the trailing rules look. Shared by the rules of one pass. The last line of
        a hard-wrapped paragraph ends its sentence in a few words of its own
        (`declutter.shape.ends_wrapped_sentence`); it is the end too."""
        normalized, raw, lines = self.doc.normalized, self.doc.lines, self.lines
        for position in range(len(lines) - 1, -1, -1):
            index = lines[position]
            if is_prose(normalized[index]):
                return index
            if position and ends_wrapped_sentence(normalized[lines[position - 1]], raw[index]):
                return index
        return None

    def continues(self, index: int) -> bool:
        """Whether remaining line `index` carries on the sentence of the remaining line before
        it (`declutter.shape.continues`). Remaining lines, not the document's: the output of a
        cleaning, cleaned again, has the same neighbours, and so the same answers."""
        position = self.positions.get(index)
        if not position:
            return False
        return continues(self.doc.normalized[self.lines[position - 1]], self.doc.lines[index])

    def after(self, index: int, count: int) -> Sequence[int]:
        """Up to `count` remaining lines after line `index` (which need not be remaining itself).

        Bounded, because a rule asks once per trigger: copying the rest of the document each
        time made a document of many triggers quadratic.
        """
        start = bisect.bisect_right(self.lines, index)
        return self.lines[start : start + count]

    def before(self, index: int, count: int) -> Sequence[int]:
        """Up to `count` remaining lines before line `index`, nearest first."""
        end = bisect.bisect_left(self.lines, index)
        return self.lines[max(0, end - count) : end][::-1]


class Spec(Protocol):
    """A rule's parsed, validated parameters and its behaviour."""

    @property
    def stage(self) -> Stage:
        """When the rule runs (see `Stage`)."""
        ...

    @property
    def max_words(self) -> int:
        """The most words a line this rule matches or removes can have. Longer lines are prose
        to it, which lets the engine skip normalising and matching long paragraphs."""
        ...

    def triggers(self) -> Iterable[Trigger]: ...

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        """Line indexes to remove, given the lines where this rule's triggers fired."""
        ...
