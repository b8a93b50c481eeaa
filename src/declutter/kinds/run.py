"""*run*: a run of several consecutive very short lines, such as a scraped navigation menu.

"Home / News / Sport / Business / Weather", one per line: a scraper that takes every list item
of a page hands us the site's menus, footers and tag clouds as runs of one-to-three-word lines.
An article never has several such lines in a row: its headings stand between paragraphs, one
at a time. A line belongs to a run when it has at most `max_words` words and is at most
`max_chars` columns wide (wide CJK characters count two, so the bound holds for scripts
written without spaces), does not end a sentence, and reads as a menu label: not indented, no
list bullet or number in front, none of the brackets and operators of code. Lists, tables and
code that an extractor kept on purpose look like that, and they are content; so is a run right
after a line of three words or more that ends in a colon ("The nominees are:", "The new rules
cover four groups:"), which introduces it. So is a table of contents: a run whose entries come
back later as the headings of the article's sections (a line followed by a paragraph), leading
section numbers aside. A run of at least `min_lines` such lines, blank lines not counting, is
removed whole. Lines that earlier rules removed do not break a run, and those that read as
labels count toward it: a menu's "Subscribe" or "Sign in", or a share bar's "Share", which a
phrase rule takes first, is still one of its entries. All but one of a run's lines must be its
own, or, where other rules took more, two at least and no fewer than they took: a heading next
to a bar that other rules emptied is not a menu.
`min_words` (default 1) lets a rule look for runs of
longer lines, such as teaser headlines, rather than menu labels.

With `after_prose`, only the lines after the document's last sentence of prose (a line of at
least eight words, or sixteen characters in Chinese or Japanese, ending as a sentence does:
`declutter.shape.is_prose`) are looked at: there, after the article has
ended, even one label line is template (tags, "Comments", "Share"), so `min_lines` may be 1.
A document with no such sentence has no article to end, and nothing is taken. Text that a
tool wrapped at 72 to 80 columns (html2text, terminal browsers) breaks each paragraph into
lines that end mid-sentence; its last line ("end of the year.") ends the article however short
it is, and a short line in lower case under a line that ends no sentence ("the cache") is the
rest of that sentence, no label (`declutter.shape.continues`).

With `capitalized`, a line whose first letter is lower-case is no member: headlines start
with a capital (or a digit), while the lines of a hard-wrapped paragraph mostly continue a
sentence ("tempor incididunt ut labore et dolore"), so a wrapped paragraph is not a run of
headlines.

With `keep_after_heading`, a run right after a short heading (six words or fewer, no sentence:
"Tour dates", "The shortlisted writers are") is the list that heading names, and stays. Menus
often sit under a site's name or a widget title, so only rules for runs of headline-length
lines, where an article's own closing lists are the risk, set it.

With `keep_between_prose` (a number of lines), a run of at most that many lines, its heading
included, with a sentence of prose (`declutter.shape.is_prose`) right before it and right after
it, stays: it is a list inside the article's body ("Ingredients / Flour / Sugar / Eggs", a
film's cast, a team's line-up), which a scraper hands over without its bullets. A site's menus
stand above the article or below it, where no sentence follows or none comes before; the runs
found between two paragraphs that are template are a comment's toolbar or a chart's axis
labels, longer than a list an article prints under its own heading.

With `patterns` (regexes, matched like the pattern kind's against the whole normalised line),
a line belongs to a run when one of them matches it, instead of when it reads as a menu
label: a blog's category and archive lists ("Travel (12)", "March 2016 (4)") are runs of lines
of one shape that, one at a time, would be too risky to take. The regexes go through the
shared matcher, so they cost what any pattern rule's do.

With `counted`, the patterns name a counter in their group `n`, and a total in an optional
group `of` ("3/50 ...", "Photo 3 of 50: ..."), and a run goes on only while the count does: each
line's `n` one more than the line before's, `of` the same. A slideshow prints its slides so,
each caption after its counter, and a most-read box its ranking ("1 Headline", "2 Headline");
a timeline's dates ("3/12", "3/13", "3/15") and a list's scattered numbers do not count on by
one, so they break the run. So does an indented line or one with a tab in it: a code listing's
line numbers and a table's numbered rows count on by one too. A line whose text is longer than
`max_words` still goes when its counter carries on a run that matched lines started.

With `newest_first`, the patterns name a clock time in their group `time` ("13:08", "9:48pm",
"11.55 am"), and a run goes on only while each line's time is no later than the line before's.
A news ticker ("Latest", "Le fil info", "Newsticker") prints its headlines after their times,
newest first; a timeline or an account of how an attack unfolded ("9:02 First shots reported",
"9:15 Police arrive") runs forward in time, and breaks the run at its second line. The same
indented or tabbed lines break it, and longer lines carry it on, as with `counted`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field

import re2

from declutter.document import Document
from declutter.kinds.base import Stage, Trigger, View
from declutter.kinds.pattern import whole_line
from declutter.kinds.phrase import within_length
from declutter.normalize import line_key
from declutter.params import Params
from declutter.shape import (
    CLOSERS,
    CODE_CHARACTERS,
    LIST_NUMBER,
    OPENERS,
    SENTENCE_ENDS,
    continues,
    ends_sentence,
    is_prose,
    word_count,
)

_CODE = re.escape(CODE_CHARACTERS)
_LIST_MARKER = rf"[-•·▪►]\s|{LIST_NUMBER}"
#: `declutter.shape.ends_sentence` as a look-ahead, so that one regex call per line tests it too:
#: no sentence-final mark before the closing quotes and brackets that end the line, unless the
#: line ends in an abbreviation of initials (a menu's "U.S." and "N.Y.").
_NO_SENTENCE_END = (
    f"(?:(?!.*[{re.escape(''.join(sorted({end[-1] for end in SENTENCE_ENDS})))}][{re.escape(CLOSERS)}]*\\Z)"
    # an abbreviation's full stop ends no sentence: "U.S.", "N.Y.", "Washington, D.C."
    r"|(?=.*\b(?:\w\.){2,}\Z))"
)


@dataclass(frozen=True)
class RunSpec:
    min_lines: int
    max_words: int
    max_chars: int
    min_words: int = 1
    after_prose: bool = False
    capitalized: bool = False
    keep_after_heading: bool = False
    keep_between_prose: int = 0
    patterns: tuple[str, ...] = ()
    counted: bool = False
    newest_first: bool = False
    stage: Stage = Stage.SCAN
    #: A label's words, no code characters, no list marker in front: one C call per line.
    _label: re.Pattern[str] = field(init=False, compare=False, repr=False)
    #: With `counted` or `newest_first`, the patterns again, each alone, to read a line's counter
    #: (or its clock time) from its groups.
    _counters: tuple[re2._Regexp, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        word = f"[^\\s{_CODE}]+"
        label = f"(?!{_LIST_MARKER}){word}(?: {word}){{{self.min_words - 1},{self.max_words - 1}}}"
        object.__setattr__(self, "_label", re.compile(_NO_SENTENCE_END + label))
        ordered = self.counted or self.newest_first
        counters = tuple(whole_line((p,)) for p in self.patterns) if ordered else ()
        object.__setattr__(self, "_counters", counters)

    def triggers(self) -> Iterable[Trigger]:
        return (Trigger("regex", p) for p in self.patterns)

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        if self.counted or self.newest_first:  # one matched line may start a run; most have none
            return self._counted_runs(view, hits) if hits else []
        if self.patterns:
            # Every member is a line the patterns matched, and most documents have none.
            if len(hits) < self.min_lines:
                return []
            if not self.after_prose:
                return self._matched_runs(view, sorted(within_length(view, hits, self.max_words)))
        lines: Sequence[int] = view.doc.nonblank
        start = 0
        if self.after_prose:
            last = view.last_prose
            if last is None:
                return []
            lines, start = lines[bisect.bisect_right(lines, last) :], last + 1
        is_member = self._members(view, hits, start)
        remaining = view.positions  # shared by the rules of one pass
        found: list[int] = []
        run: list[int] = []
        for index in lines:
            if is_member(index) and not (self.after_prose and view.continues(index)):
                run.append(index)
            elif run and index in remaining:
                found += self._taken(run, view, remaining)
                run = []
        return found + self._taken(run, view, remaining)

    def _matched_runs(self, view: View, members: list[int]) -> list[int]:
        """The runs of `members` (the lines the patterns matched), found from those lines only:
        two of them are in one run when no remaining line stands between them. The same runs as
        a look at every line of the document finds, for a few matched lines' cost."""
        remaining, lines = view.positions, view.lines
        found: list[int] = []
        run: list[int] = []
        for index in members:
            if run and bisect.bisect_left(lines, index) > bisect.bisect_right(lines, run[-1]):
                found += self._taken(run, view, remaining)
                run = []
            run.append(index)
        return found + self._taken(run, view, remaining)

    def _counted_runs(self, view: View, hits: Sequence[int]) -> list[int]:
        """Runs of lines whose counter goes on by one (with `newest_first`, whose clock time
        goes back or stays), each started by a line the patterns matched, looked for from the
        matched lines only: a line that starts with a number is common, and a run rare.

        A slide whose caption is longer than the candidate lines (captions run to ninety words)
        is matched by nobody, but its counter still carries the run on, or starts it from the
        line before: the count, not the length, makes it a slide. Lines other rules removed
        join a run if they count on, and otherwise break nothing.
        """
        counts_on = self._counting(view.doc)
        remaining, nonblank, starts = view.positions, view.doc.nonblank, frozenset(hits)
        found: list[int] = []
        end = -1  # the last line of the last run
        for hit in hits:
            if hit <= end:
                continue
            before = view.before(hit, 1)
            run = [before[0], hit] if before and before[0] > end and counts_on(before[0], hit) else [hit]
            # by position, not a slice of the rest: a document may have a hit on every line
            for position in range(bisect.bisect_right(nonblank, hit), len(nonblank)):
                index = nonblank[position]
                if counts_on(run[-1], index):
                    run.append(index)
                elif index in remaining or index in starts:
                    break
            end = run[-1]
            found += self._taken(run, view, remaining)
        return found

    def _counting(self, doc: Document) -> Callable[[int, int], bool]:
        """A test of whether a line's counter is the one after an earlier line's, of the same
        total (with `newest_first`, whether its time is no later). Each line's counter is read
        once per document, when a run reaches it: the scan stage looks again after every
        removal, and a gallery has fifty slides."""
        key = (self, "counters")
        counters: dict[int, tuple[int, int | None] | None] | None = doc.facts.get(key)
        if counters is None:
            counters = doc.facts[key] = {}

        def counter(index: int) -> tuple[int, int | None] | None:
            if index not in counters:
                raw = doc.lines[index]
                tabular = raw[:1].isspace() or "\t" in raw
                counters[index] = None if tabular else self._counter(doc.normalized[index])
            return counters[index]

        def counts_on(previous: int, index: int) -> bool:
            before = counter(previous)
            if before is None:
                return False
            if self.newest_first:
                current = counter(index)
                return current is not None and current[0] <= before[0]
            return counter(index) == (before[0] + 1, before[1])

        return counts_on

    def _counter(self, text: str) -> tuple[int, int | None] | None:
        """A line's counter and its total (None for a pattern without one); with
        `newest_first`, its clock time in minutes after midnight."""
        for regex in self._counters:
            match = regex.fullmatch(text)
            if match is None:
                continue
            if self.newest_first:
                minutes = _minutes(match.group("time"))
                return None if minutes is None else (minutes, None)
            total = match.groupdict().get("of")
            return int(match.group("n")), None if total is None else int(total)
        return None

    def _taken(self, run: list[int], view: View, remaining: Container[int]) -> list[int]:
        """The lines of `run` still present, if it is long enough, no sentence introduces it and
        it is no table of contents.

        Lines earlier rules removed count toward `min_lines` (a menu whose 'Subscribe' and 'Sign
        in' phrase rules took is still a menu), but enough of the run must be its own
        (`_own`): a list other rules emptied is not a menu because a heading follows it.
        """
        if len(run) < self.min_lines:
            return []
        present = [index for index in run if index in remaining]
        if not self._own(present, run) or self._introduced(run[0], view) or self._inside_body(run, view):
            return []
        # Only a run with a sentence after it can be a table of contents; the trailing rules
        # (`after_prose`) and footer menus have none.
        last = view.last_prose
        if not self.after_prose and last is not None and run[-1] < last and _contents(run, view.doc):
            return []
        return present

    def _own(self, present: list[int], run: list[int]) -> bool:
        """Whether enough of `run` is its own: all its lines but one; or, where other rules took
        more of its labels, two lines at least and no fewer than they took."""
        own = len(present)
        return own >= self.min_lines - 1 or (own >= _OWN_LINES and 2 * own >= len(run))

    def _introduced(self, start: int, view: View) -> bool:
        """Whether the line before a run that starts at line `start` introduces it as a list."""
        position = bisect.bisect_left(view.lines, start)
        if not position:
            return False
        text = view.doc.normalized[view.lines[position - 1]]
        if text.endswith(":"):
            return word_count(text) >= _LEAD_IN_WORDS or self.keep_after_heading
        return self.keep_after_heading and word_count(text) <= _HEADING_WORDS and not ends_sentence(text)

    def _inside_body(self, run: list[int], view: View) -> bool:
        """Whether `run` is short enough for `keep_between_prose` and stands between two
        remaining lines of prose: a list inside the article's body."""
        if len(run) > self.keep_between_prose:
            return False
        before, after = view.before(run[0], 1), view.after(run[-1], 1)
        normalized = view.doc.normalized
        return bool(before and after) and is_prose(normalized[before[0]]) and is_prose(normalized[after[0]])

    def _members(self, view: View, hits: Sequence[int], start: int) -> Callable[[int], bool]:
        """A test of whether a line index from `start` on may belong to a run.

        Labels are worked out from `start` on only: a rule that looks after the article's last
        sentence needs the few lines after it, not the whole document.
        """
        if self.patterns:
            return frozenset(within_length(view, hits, self.max_words)).__contains__
        doc = view.doc
        cached: tuple[int, list[bool]] | None = doc.facts.get(self)
        if cached is None or cached[0] > start:
            labels = [False] * start + self._labels(doc.lines[start:], doc.normalized[start:])
            cached = doc.facts[self] = (start, labels)
        return cached[1].__getitem__

    def _labels(self, lines: Sequence[str], normalized: Sequence[str]) -> list[bool]:
        """Which lines read as menu labels; most lines are long and fail the first test.

        Written as one comprehension over bound methods: it runs for every line of every
        document, and a method call per line cost more than the tests themselves.
        """
        limit, fullmatch = self.max_chars, self._label.fullmatch
        labels = [
            len(text) <= limit
            and fullmatch(text) is not None
            and not raw[:1].isspace()
            and (text.isascii() or _width(text) <= limit)
            for raw, text in zip(lines, normalized)
        ]
        if self.capitalized:
            labels = [label and not raw.lstrip(OPENERS)[:1].islower() for label, raw in zip(labels, lines)]
        return labels


def _names_group(pattern: str, group: str) -> bool:
    return group in whole_line((pattern,)).groupindex


#: A clock time as tickers print it: "13:08", "9:48pm", "11.55 a.m.", French "13h08".
_CLOCK = re.compile(r"(\d{1,2}) ?[:.h] ?(\d{2})(?: ?([ap])\.?m\.?)?")


def _minutes(clock: str) -> int | None:
    """Minutes after midnight of a clock time that `_CLOCK` reads; None if a rule's group
    `time` holds none, which breaks the run as a line without a counter does."""
    match = _CLOCK.search(clock)
    if match is None:
        return None
    hours, minutes, half = int(match.group(1)), int(match.group(2)), match.group(3)
    if half is not None:
        hours = hours % 12 + (12 if half == "p" else 0)
    return hours * 60 + minutes


#: Lines of its own a run needs at least when other rules took more than one of its labels.
_OWN_LINES = 2
#: A line of at least this many words that ends in a colon introduces a list ("The nominees
#: are:", "The new rules cover three groups:"); the run after it is the article's own list. A
#: shorter one ("Sections:", "Follow us:") is a label over a menu.
_LEAD_IN_WORDS = 3
#: With `keep_after_heading`, a line of at most this many words that is no sentence is a
#: heading ("Tour dates", "The shortlisted writers are") that names the list after it.
_HEADING_WORDS = 6


#: A leading section number of a table of contents entry: "2 ", "3.1 ", "12. ".
_SECTION_NUMBER = re.compile(r"\d+(?:\.\d+)*\.? ")


#: Up to this many candidate lines, where an entry comes back is found by a scan in C; beyond,
#: every text's positions are listed once and each entry costs a binary search. Listing them
#: cost a typical 100-line document more than all its scans; scanning made a document of 150,000
#: lines quadratic.
_SCAN_LIMIT = 2000


def _contents(run: list[int], doc: Document) -> bool:
    """Whether `run` is the document's table of contents: at least two of its lines, and at
    least half, come back later as headings of sections (each followed by a paragraph).

    A menu's entries do not head the article's sections, and a footer that repeats the header
    menu is followed by more template, not by prose. The run may end with the first section's
    heading itself, right after the contents. The look stops as soon as the answer is known.
    """
    headings: _Headings | None = doc.facts.get(_Headings)
    if headings is None:
        headings = doc.facts[_Headings] = _Headings(doc)
    return headings.contents(run)


class _Headings:
    """Where each candidate line's text comes back in a document, worked out once and only as
    far as needed: most entries of a menu occur once in the whole document, which a count in
    C tells at once. A run found again on the engine's next pass is answered from memory."""

    def __init__(self, doc: Document) -> None:
        # The document's tuples, not the document: kept in `doc.facts`, a reference back to the
        # document would make a cycle that only the garbage collector frees, late (workers grew
        # by 20 MB).
        self._keys, self._candidates = doc.keys, doc.candidates
        self._lines, self._normalized, self._nonblank = doc.lines, doc.normalized, doc.nonblank
        self._counts = Counter(doc.keys)
        self._positions: dict[str, list[int]] | None = None
        self._answers: dict[tuple[int, int, int], bool] = {}

    def contents(self, run: list[int]) -> bool:
        """`_contents` of `run`, remembered for the run's next look."""
        key = (run[0], run[-1], len(run))
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = self._count(run)
        return answer

    def _count(self, run: list[int]) -> bool:
        """At least two entries, and half of them, head sections; stop once that is settled."""
        needed = max(2, (len(run) + 1) // 2)
        spare = len(run) - needed
        for index in run:
            if self.heads_section(index):
                needed -= 1
                if not needed:
                    return True
            else:
                spare -= 1
                if spare < 0:
                    return False
        return False

    def heads_section(self, index: int) -> bool:
        """Whether line `index` (a section number in front aside) comes back later as a
        candidate line followed by the start of a paragraph."""
        normalized, nonblank = self._normalized, self._nonblank
        entry = line_key(normalized[index])
        keys = [entry] if self._counts[entry] > 1 else []
        if entry[:1].isdigit():
            keys.append(_SECTION_NUMBER.sub("", entry, count=1))
        start = bisect.bisect_right(self._candidates, index)
        for key in keys:
            later = self._next(key, start)
            if later is None:
                continue
            position = bisect.bisect_right(nonblank, later)
            if position < len(nonblank) and self._opens_section(nonblank[position]):
                return True
        return False

    def _opens_section(self, index: int) -> bool:
        """Whether line `index`, under a heading, starts its section's text: prose, or the
        first line of a hard-wrapped paragraph, which ends mid-sentence with the next line
        carrying on (`declutter.shape.continues`)."""
        normalized = self._normalized
        if is_prose(normalized[index]):
            return True
        following = index + 1
        return following < len(normalized) and continues(normalized[index], self._lines[following])

    def _next(self, key: str, start: int) -> int | None:
        """The first line from candidate position `start` on whose text is `key`."""
        keys, candidates = self._keys, self._candidates
        if len(keys) <= _SCAN_LIMIT:
            try:
                return candidates[keys.index(key, start)]
            except ValueError:
                return None
        if self._positions is None:
            self._positions = defaultdict(list)
            for position, text in enumerate(keys):
                self._positions[text].append(position)
        positions = self._positions.get(key, ())
        found = bisect.bisect_left(positions, start)
        return candidates[positions[found]] if found < len(positions) else None


#: Characters that terminals and browsers show two columns wide (East Asian Wide and Fullwidth).
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE.findall(text))


#: The options that order a run's lines: the group their patterns must name, and what it reads.
_ORDERS = {"counted": ("n", "the counter"), "newest_first": ("time", "the clock time")}


def parse(params: Params) -> RunSpec:
    after_prose = params.boolean("after_prose", False)
    patterns = params.regexes("patterns")
    chosen = [option for option in _ORDERS if params.boolean(option, False)]
    if len(chosen) > 1:
        raise params.error(chosen[1], "a run is ordered by a counter (`counted`) or by clock times, not both")
    for option in chosen:
        group, what = _ORDERS[option]
        if not patterns:
            raise params.error(option, f"needs `patterns` whose group `{group}` reads {what}")
        if bad := next((p for p in patterns if not _names_group(p, group)), None):
            raise params.error("patterns", f"pattern {bad!r} has no group `{group}` to read {what} for `{option}`")
        if after_prose:
            raise params.error(option, f"a run ordered by {what} is looked for in the whole document, not after_prose")
    return RunSpec(
        min_lines=params.integer("min_lines", 4, minimum=1 if after_prose else 2) or 1,
        max_words=params.integer("max_words", 3, minimum=1) or 1,
        max_chars=params.integer("max_chars", 30, minimum=1) or 1,
        min_words=params.integer("min_words", 1, minimum=1) or 1,
        after_prose=after_prose,
        capitalized=params.boolean("capitalized", False),
        keep_after_heading=params.boolean("keep_after_heading", False),
        keep_between_prose=params.integer("keep_between_prose", 0, minimum=0) or 0,
        patterns=patterns,
        counted="counted" in chosen,
        newest_first="newest_first" in chosen,
    )
