"""One pass over a document finds every rule trigger, whatever the number of rules.

Whole-line phrases are a set lookup of each line's key; prefix and contains phrases share one
Aho-Corasick automaton run over the whole normalised document; regexes share one RE2 set,
run once over the document, and only the regexes the set reports are then located line by
line. So adding a rule adds an entry to a table, not a pass over the text.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

import ahocorasick
import re2

from declutter.document import Document
from declutter.errors import DeclutterError
from declutter.kinds.base import Trigger
from declutter.linere import LIST_ITEM_MARKER, confine_to_line
from declutter.normalize import DECORATION, joins_word
from declutter.params import re2_options, re2_set_options

Hits = dict[int, list[int]]  # rule slot -> line indexes, in line order


class LineMatcher:
    """Finds, for each rule slot, the lines where one of its triggers fires."""

    def __init__(self, triggers: Sequence[tuple[int, Trigger]]) -> None:
        self._exact: dict[str, list[int]] = defaultdict(list)
        phrases: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        self._regexes: list[tuple[int, str]] = []  # rule slot, whole-line regex
        self._locators: dict[int, re2._Regexp] = {}  # compiled on first use, by position
        for slot, trigger in triggers:
            if trigger.mode == "line":
                self._exact[trigger.text].append(slot)
            elif trigger.mode == "regex":
                self._add_regex(slot, trigger.text)
            else:
                phrases[trigger.text].append((slot, trigger.mode == "prefix"))
        self._exact_keys = frozenset(self._exact)
        self._automaton = _automaton(phrases)
        self._sets: list[tuple[re2.Set, range]] | None = None  # compiled on first use

    @property
    def sets(self) -> list[tuple[re2.Set, range]]:
        """The RE2 sets of every regex, compiled when the first document is matched.

        A process that builds a cleaner only to check its rules or to ship them to worker
        processes (the command line with ``-j``) never pays for the sets, about 30 MB for the
        built-in pack. Every regex was compiled alone when its rule was loaded, so compiling
        the sets cannot fail later. Two threads that start at once may both compile them; one
        result is kept.
        """
        if self._sets is None:
            self._sets = _regex_sets([pattern for _, pattern in self._regexes])
        return self._sets

    def _add_regex(self, slot: int, pattern: str) -> None:
        self._regexes.append((slot, f"(?m)^{LIST_ITEM_MARKER}(?:{confine_to_line(pattern)})$"))

    def _locator(self, position: int) -> re2._Regexp:
        """The regex at `position`, compiled when the set first reports it.

        Each compiled regex holds its own program and automaton, and most of a pack's regexes
        never match a given corpus (another language's, another site's): compiling them all
        up front cost every cleaner a quarter of its compile time and a few megabytes.
        """
        regex = self._locators.get(position)
        if regex is None:
            pattern = self._regexes[position][1].encode("utf-8")
            regex = self._locators[position] = re2.compile(pattern, re2_options(capture=False))
        return regex

    def match(self, doc: Document) -> Hits:
        hits: dict[int, set[int]] = defaultdict(set)
        self._match_lines(doc, hits)
        if self._automaton is not None:
            self._match_phrases(doc, hits)
        if self._regexes:
            self._match_regexes(doc, hits)
        return {slot: sorted(lines) for slot, lines in hits.items()}

    def _match_lines(self, doc: Document, hits: dict[int, set[int]]) -> None:
        keys = doc.keys
        found = self._exact_keys.intersection(keys)
        if not found:
            return
        for position, key in enumerate(keys):
            if key in found:
                for slot in self._exact[key]:
                    hits[slot].add(doc.candidates[position])

    def _match_phrases(self, doc: Document, hits: dict[int, set[int]]) -> None:
        text, offsets = doc.text, doc.offsets
        for end, (length, entries) in self._automaton.iter(text):  # type: ignore[union-attr]
            start = end - length + 1
            if joins_word(text, end, end + 1):
                continue
            position = bisect.bisect_right(offsets, start) - 1
            at_line_start = not text[offsets[position] : start].strip(DECORATION)
            for slot, prefix_only in entries:
                if at_line_start or (not prefix_only and not joins_word(text, start - 1, start)):
                    hits[slot].add(doc.candidates[position])

    def _match_regexes(self, doc: Document, hits: dict[int, set[int]]) -> None:
        # Bytes in, byte offsets out: str input costs a character-offset conversion per match.
        # A match's line is the number of newlines before it, counted on from the previous
        # match: one C scan per regex, not a table of line offsets per document.
        data, candidates = doc.data, doc.candidates
        for regex_set, positions in self.sets:
            for found_in_set in regex_set.Match(data) or ():
                slot = self._regexes[positions[found_in_set]][0]
                line = position = 0
                for found in self._locator(positions[found_in_set]).finditer(data):
                    start = found.start()
                    line += data.count(b"\n", position, start)
                    position = start
                    hits[slot].add(candidates[line])


def _regex_sets(patterns: Sequence[str]) -> list[tuple[re2.Set, range]]:
    """RE2 sets covering `patterns`, as few as fit RE2's memory budget, with their positions.

    One set finds which of many regexes match in a single pass; a set too big for the budget
    is split in two until the halves compile. Each regex compiled alone (rules are checked
    when loaded), so the split always ends.
    """
    pending = [range(len(patterns))] if patterns else []
    sets = []
    while pending:
        positions = pending.pop()
        regex_set = re2.Set.SearchSet(re2_set_options())
        for position in positions:
            regex_set.Add(patterns[position])
        try:
            regex_set.Compile()
        except re2.error:
            if len(positions) == 1:
                raise DeclutterError(f"regex too large for RE2: {patterns[positions[0]]}") from None
            middle = len(positions) // 2
            pending += [positions[:middle], positions[middle:]]
            continue
        sets.append((regex_set, positions))
    return sets


def _automaton(phrases: dict[str, list[tuple[int, bool]]]) -> ahocorasick.Automaton | None:
    if not phrases:
        return None
    automaton = ahocorasick.Automaton()
    for phrase, entries in phrases.items():
        automaton.add_word(phrase, (len(phrase), tuple(entries)))
    automaton.make_automaton()
    return automaton
