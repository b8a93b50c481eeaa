"""One pass over a document finds every rule trigger, whatever the number of rules.

Whole-line phrases are a set lookup of each line's key, and of each label of a line that is a
row of them ("Share | Tweet | Email"); prefix and contains phrases share one
Aho-Corasick automaton run over the whole normalised document; regexes share RE2 sets of up
to `MAX_SET_REGEXES` (three for the built-in pack), run over the document a slice of
lines at a time, and only the regexes a set reports in a slice are then run exactly, within
that slice. So adding a rule adds an entry to a table, not a pass over the text.

The set holds each regex with its counts made open (`declutter.linere.widen_counts`): it
matches every line the regex does, and a few more that the exact run then drops, with a far
smaller automaton. A count compiles to as many copies of what it repeats, and the set's
automaton, built lazily state by state, spent more time fetching its states from memory than
scanning text: widening took set and locating from 171 µs a document to 121 on the speed
benchmark, and slicing to 83.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence

import ahocorasick
import re2

from declutter.document import Document
from declutter.errors import DeclutterError
from declutter.kinds.base import Trigger
from declutter.linere import as_whole_line, widen_counts
from declutter.normalize import DECORATION, joins_word, line_key
from declutter.params import re2_options, re2_set_options

Hits = dict[int, list[int]]  # rule slot -> line indexes, in line order

#: The marks that join a row of labels on one line, as a scraper reads a share bar or a footer
#: whose links stand side by side: "Share | Tweet | Email", "Print · Email · Share".
ROW_MARKS = "|·•∙"
_ROW_MARK = re.compile(f" ?[{ROW_MARKS}] ?")


class LineMatcher:
    """Finds, for each rule slot, the lines where one of its triggers fires."""

    def __init__(self, triggers: Sequence[tuple[int, Trigger]]) -> None:
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._labels: dict[str, list[int]] = defaultdict(list)  # the exact keys that are labels
        phrases: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        self._regexes: list[tuple[int, str]] = []  # rule slot, whole-line regex
        self._locators: dict[int, re2._Regexp] = {}  # compiled on first use, by position
        for slot, trigger in triggers:
            if trigger.mode == "line":
                self._exact[trigger.text].append(slot)
                if trigger.labels_row:
                    self._labels[trigger.text].append(slot)
            elif trigger.mode == "regex":
                self._add_regex(slot, trigger.text)
            else:
                phrases[trigger.text].append((slot, trigger.mode == "prefix"))
        self._exact_keys = frozenset(self._exact)
        self._automaton = _automaton(phrases)
        self._sets: list[tuple[re2.Set, range]] | None = None  # compiled on first use

    def sets(self) -> list[tuple[re2.Set, range]]:
        """The RE2 sets of every regex, compiled by the first call: when the first document is
        matched, or before a worker process's time budget starts (`Cleaner.build_automata`).

        A process that builds a cleaner only to check its rules or to ship them to worker
        processes (the command line with ``-j``) never pays for the sets, about 30 MB for the
        built-in pack. Every regex was compiled alone when its rule was loaded, so compiling
        the sets cannot fail later. Two threads that start at once may both compile them; one
        result is kept.
        """
        if self._sets is None:
            self._sets = _regex_sets([widen_counts(pattern) for _, pattern in self._regexes])
        return self._sets

    def _add_regex(self, slot: int, pattern: str) -> None:
        self._regexes.append((slot, f"(?m)^{as_whole_line(pattern, pointers=False)}$"))

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
        if self._labels:
            self._match_rows(doc, hits)
        found = self._exact_keys.intersection(keys)
        if not found:
            return
        for position, key in enumerate(keys):
            if key in found:
                for slot in self._exact[key]:
                    hits[slot].add(doc.candidates[position])

    def _match_rows(self, doc: Document, hits: dict[int, set[int]]) -> None:
        """A line that is two or more labels joined by `ROW_MARKS`, each of them a whole-line
        phrase of some rule that takes labels (`Trigger.labels_row`), is a hit for the rules of
        its first label: a share bar's "Share | Tweet | Email" for share-prompt, a footer's
        "Contact us · Advertise" for footer-link-label. One word that is not a label ("Home |
        News") and the line stays, for the run and menu rules to judge; so does a table's row as
        Markdown writes it ("| Print | Email |"), whose cells are the article's."""
        labels, keys, candidates, normalized = self._labels, doc.keys, doc.candidates, doc.normalized
        for index in _lines_with_marks(doc):
            line = normalized[index]
            if line[:1] == "|" and line[-1:] == "|":
                continue
            position = bisect.bisect_left(candidates, index)
            key = keys[position]
            if _ROW_MARK.search(key) is None:  # a mark at an end is decoration: "By Jane Doe |"
                continue
            row = [line_key(part) for part in _ROW_MARK.split(key)]
            if all(label in labels for label in row):
                for slot in labels[row[0]]:
                    hits[slot].add(index)

    def _match_phrases(self, doc: Document, hits: dict[int, set[int]]) -> None:
        text, offsets, sources = doc.text, doc.offsets, doc.sources
        for end, (length, entries) in self._automaton.iter(text):  # type: ignore[union-attr]
            start = end - length + 1
            if joins_word(text, end, end + 1):
                continue
            position = bisect.bisect_right(offsets, start) - 1
            at_line_start = not text[offsets[position] : start].strip(DECORATION)
            for slot, prefix_only in entries:
                if at_line_start or (not prefix_only and not joins_word(text, start - 1, start)):
                    hits[slot].add(sources[position])

    def _match_regexes(self, doc: Document, hits: dict[int, set[int]]) -> None:
        # Bytes in, byte offsets out: str input costs a character-offset conversion per match.
        # The set runs over the document a slice of lines at a time, so that each regex it
        # reports is located within that slice, not by a scan of the whole document: a
        # regex's own scan costs as much as the set's, and a document reports several.
        data, sources = doc.data, doc.sources
        view, sets = memoryview(data), self.sets()
        for start, end, first_line in _slices(data):
            for regex_set, positions in sets:
                for found_in_set in regex_set.Match(view[start:end]) or ():
                    slot = self._regexes[positions[found_in_set]][0]
                    line, position = first_line, start
                    for found in self._locator(positions[found_in_set]).finditer(data, start, end):
                        at = found.start()
                        line += data.count(b"\n", position, at)
                        position = at
                        hits[slot].add(sources[line])


def _lines_with_marks(doc: Document) -> set[int]:
    """The indexes of the candidate lines that hold one of `ROW_MARKS`, found by a search of
    the document's text for each mark, which skips the lines that hold none."""
    text, offsets, sources = doc.text, doc.offsets, doc.sources
    found = set()
    for mark in ROW_MARKS:
        at = text.find(mark)
        while at >= 0:
            found.add(sources[bisect.bisect_right(offsets, at) - 1])
            end = text.find("\n", at)
            at = text.find(mark, end) if end >= 0 else -1
    return found


#: The matcher's slices of a document are about this many bytes, cut at line ends. Smaller
#: slices locate a regex in fewer bytes but cost the set more calls; on the benchmark's naive
#: scrapes (10 KB a document) 1 KB took set and locating from 120 µs a document to 83, where
#: 256 B, 512 B and 2 KB took 90 to 100.
SLICE_BYTES = 1024


def _slices(data: bytes) -> list[tuple[int, int, int]]:
    """`data` cut at line ends into slices of about `SLICE_BYTES`: (start, end, first line)."""
    slices = []
    start = line = 0
    while start < len(data):
        end = data.find(b"\n", start + SLICE_BYTES)
        if end < 0:
            end = len(data)
        slices.append((start, end, line))
        line += data.count(b"\n", start, end) + 1
        start = end + 1
    return slices


#: A set holds at most this many regexes; a pack with more is shared out evenly between sets.
#: One set's automaton has a state for each combination of regexes still running, and
#: regexes with an open part (`.+`, `[^.]*`) keep running along the whole line: past about 950
#: regexes the combinations that a mixed corpus (many sites, scripts, languages) visits no
#: longer fit the state cache, which thrashed (1.6 MB/s on the speed benchmark's mixed row,
#: against 8.6 with two sets of half the pack). Two half-size automata hold fewer states than
#: one whole one: the 1 GB stream of `benchmarks/scale.py` peaked at 271 MB with two, 291 with
#: one, and the naive scrapes run as fast. Each set is one more scan of every slice: at 1,010
#: regexes a bound of 500 made three sets, and every document 10% dearer (callgrind, the
#: naive scrapes), so the bound was set at 550, with the pack at about 500 a set. At 1,144 regexes
#: the pack makes three sets of about 380, which cost 2% more a document than two of 572 (bound 600)
#: once their automata are built (1,124 million instructions a pass against 1,101) but 7% less on
#: the first pass (16.8 billion against 18.1), and the 1 GB stream peaked at 288 MB against 296.
MAX_SET_REGEXES = 550


def _regex_sets(patterns: Sequence[str]) -> list[tuple[re2.Set, range]]:
    """RE2 sets covering `patterns` (at most `MAX_SET_REGEXES` each, as few as fit RE2's memory
    budget), with their positions.

    One set finds which of many regexes match in a single pass; a set too big for the budget
    is split in two until the halves compile. Each regex compiled alone (rules are checked
    when loaded), so the split always ends.
    """
    count = -(-len(patterns) // MAX_SET_REGEXES)  # sets needed, rounded up
    pending = [range(i * len(patterns) // count, (i + 1) * len(patterns) // count) for i in range(count)]
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
