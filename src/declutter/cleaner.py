"""The engine: a compiled, immutable rule set that cleans documents one at a time.

A document is cleaned in three stages, so that the result does not depend on rule order and
a second pass removes nothing more:

1. *line* rules (phrase, pattern) decide from each line alone;
2. *neighbour* rules (block, context, thread) fire on a triggered line and take nearby lines from
   what stage 1 left;
3. *scan* rules (duplicate, spam, run) look over what is left, repeated until they find nothing new.

The first rule to claim a line is the one reported: stages in order, then kinds in the order
of `declutter.kinds.KINDS`, then rule ids in sorted order. Nothing is remembered between
documents.

A damage guard stands last: if the removals would take more than `max_removed` of the
document's characters and of its prose, the document comes back unchanged and flagged,
because a rule gone wrong must not wipe a corpus.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import filterfalse
from pathlib import Path
from typing import Any

from declutter.decoding import decode_text
from declutter.document import Document
from declutter.errors import DeclutterError
from declutter.html.limits import DEFAULT_LIMITS, Limits
from declutter.html.selectors import ElementRules
from declutter.html.source import HtmlSource, looks_like_html
from declutter.kinds import KINDS
from declutter.kinds.base import Stage, View
from declutter.loading import check_unique, load_builtin, load_path
from declutter.matcher import Hits, LineMatcher
from declutter.result import Format, Removal, Result
from declutter.rule import Rule, host_of
from declutter.selection import choose_rules
from declutter.shape import is_prose

_KIND_ORDER = {name: position for position, name in enumerate(KINDS)}

RuleSource = str | Path | Rule

#: Default damage guard: no more than half of a document's characters and sentences may go.
DEFAULT_MAX_REMOVED = 0.5


class Cleaner:
    """Rules compiled once; reuse one `Cleaner` for many documents, threads or processes.

    `rules` are extra rule files, folders or `Rule` objects, added to the built-in pack unless
    `builtin` is false. `select`, `ignore` and `enable` take rule ids or tags. `max_removed`
    is the damage guard: the largest share (0 to 1) of a document's characters that may be
    removed, unless its sentences survive; above it the document is returned unchanged and
    flagged (1 turns it off).
    `limits` bound each HTML page's size, element count and time (`declutter.html.limits`);
    one `clean_html` call may give others.
    """

    def __init__(
        self,
        rules: Iterable[RuleSource] | None = None,
        *,
        builtin: bool = True,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        enable: Iterable[str] | None = None,
        max_removed: float = DEFAULT_MAX_REMOVED,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        if isinstance(rules, str | Path | Rule):
            rules = [rules]  # one path or rule, not an iterable of its characters
        available = gather_rules(rules, builtin=builtin)
        chosen = choose_rules(available, select=select, ignore=ignore, enable=enable)
        self._setup(chosen, max_removed, limits)

    @classmethod
    def from_rules(
        cls, rules: Sequence[Rule], *, max_removed: float = DEFAULT_MAX_REMOVED, limits: Limits = DEFAULT_LIMITS
    ) -> Cleaner:
        """A cleaner running exactly `rules`, with no built-in pack and no selection."""
        cleaner = cls.__new__(cls)
        check_unique(rules)
        cleaner._setup(rules, max_removed, limits)
        return cleaner

    def _setup(self, rules: Sequence[Rule], max_removed: float, limits: Limits) -> None:
        if not isinstance(limits, Limits):
            raise DeclutterError(f"limits must be a declutter.html.limits.Limits, not {type(limits).__name__}")
        self._limits = limits
        is_number = isinstance(max_removed, int | float) and not isinstance(max_removed, bool)
        if not is_number or not 0 <= max_removed <= 1:
            raise DeclutterError(f"max_removed is a share between 0 and 1, not {max_removed!r}")
        self._max_removed = max_removed
        ordered = sorted(rules, key=lambda r: (r.spec.stage, _KIND_ORDER[r.kind], r.id))
        self._rules: tuple[Rule, ...] = tuple(ordered)
        self._matcher = LineMatcher(
            [(slot, trigger) for slot, rule in enumerate(ordered) for trigger in rule.spec.triggers()]
        )
        # Element rules bound elements, not lines: their limits must not make every line of a
        # text a candidate for normalising and matching.
        self._max_words = max(
            (rule.spec.max_words for rule in ordered if rule.spec.stage is not Stage.ELEMENT), default=1
        )
        self._scan_slots = tuple(
            slot for slot, rule in enumerate(ordered) if rule.spec.stage is Stage.SCAN
        )
        self._scan_slot_set = frozenset(self._scan_slots)
        self._element_rules = ElementRules(ordered)

    def __reduce__(self) -> tuple[Any, ...]:
        # Ship the rules, not the automaton: small to send, compiled once per worker.
        return (_rebuild, (self._rules, self._max_removed, self._limits))

    def build_automata(self) -> None:
        """Compile the shared regex sets now instead of on the first document.

        They take about half a second for the built-in pack, which the first document would
        otherwise pay. A worker process builds them before its time budget starts counting,
        so that a worker started to replace a stuck one does not time out on its first item.
        """
        self._matcher.sets()

    @property
    def max_removed(self) -> float:
        """The damage guard's limit: the largest share of a document the rules may remove."""
        return self._max_removed

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules in force, in the order that decides which rule a removal is reported under."""
        return self._rules

    def clean_text(self, text: str, *, url: str | None = None, language: str | None = None) -> Result:
        """Remove noise lines from `text`; kept lines come out byte-identical and in order."""
        doc = Document.from_text(text, max_words=self._max_words)
        host = host_of(url)
        claims: dict[int, int] = {}
        hits = self._matcher.match(doc)
        line_slots, neighbour_slots = (
            [s for s in sorted(hits) if self._rules[s].spec.stage is stage]
            for stage in (Stage.LINE, Stage.NEIGHBOURS)
        )
        scan_slots = [s for s in self._scan_slots if self._rules[s].applies(host, language)]
        self._claim_all(doc, line_slots, hits, claims, host, language)
        self._claim_all(doc, neighbour_slots, hits, claims, host, language)
        # Scan removals can bring a heading and its headlines together ("Related", a spam line,
        # a headline), so neighbour rules look again until neither stage finds anything new.
        # They look with the runs that scan rules removed (menus, tag lists) put back: a block
        # that reaches a menu stops there, as it did the first time, instead of jumping over it
        # to the article's title and standfirst.
        while True:
            before = len(claims)
            pending = scan_slots
            while pending:
                pending = self._scan(doc, pending, hits, claims)
            if len(claims) == before:
                break
            before = len(claims)
            self._claim_all(doc, neighbour_slots, hits, claims, host, language, self._runs(doc, claims))
            if len(claims) == before:
                break
        removed = tuple(
            Removal(self._rules[claims[i]].id, i + 1, doc.lines[i]) for i in sorted(claims)
        )
        if removed and self._too_much(doc, claims):
            return Result(text, (), url, held_back=removed)
        return Result(doc.render(claims), removed, url)

    def clean_html(
        self,
        html: HtmlSource,
        *,
        url: str | None = None,
        language: str | None = None,
        extract: bool = True,
        format: Format = "text",
        with_metadata: bool | None = None,
        include_tables: bool = True,
        include_links: bool = False,
        include_images: bool = False,
        include_comments: bool = False,
        favor_precision: bool = False,
        favor_recall: bool = True,
        limits: Limits | None = None,
    ) -> Result:
        """Clean an HTML page: element rules, then the article (trafilatura), then text rules.

        `html` is a str, bytes (decoded from BOM, declared charset or detection), an lxml
        element or tree, or a BeautifulSoup object; trees and soups are not changed.
        `extract=False` keeps the whole pruned page instead of extracting the article.
        `format` is what `Result.text` holds: ``text``, ``markdown``, ``html`` or ``json``;
        `Result.html` always holds the cleaned HTML. `with_metadata` adds trafilatura's
        metadata (title, author, date, url, site name); by default only JSON has it, because
        it costs a third of an extraction. The ``include_*`` and ``favor_*`` options pass to
        trafilatura; recall is favoured unless `favor_precision` is set (see `Extraction`).
        `limits` replace the cleaner's for this page: a page over them raises `LimitError`, or
        `TimeBudgetError` when it takes too long. See `declutter.html.pipeline` for the steps.
        """
        from declutter.html.pipeline import Extraction, clean_page

        options = Extraction(
            include_tables, include_links, include_images, include_comments, favor_precision, favor_recall
        )
        return clean_page(
            self, self._element_rules, html, url=url, language=language, extract=extract, format=format,
            with_metadata=with_metadata, options=options, max_removed=self._max_removed,
            limits=self._limits if limits is None else limits,
        )

    def clean(self, document: str | bytes | Any, *, url: str | None = None, **options: Any) -> Result:
        """`clean_html` if `document` looks like HTML (or is a tree or soup), else `clean_text`.

        HTML means markup at the start or several closing tags near it; see
        `declutter.html.source.looks_like_html`. Bytes that are not HTML must be UTF-8 text, or
        UTF-16/UTF-32 with a byte-order mark (`InputError` if not).
        """
        if looks_like_html(document):
            return self.clean_html(document, url=url, **options)
        if isinstance(document, (bytes, bytearray)):
            document = decode_text(bytes(document))
        return self.clean_text(document, url=url, language=options.get("language"))

    def clean_many(
        self,
        items: Iterable[Any],
        *,
        jobs: int | None = 1,
        input_format: str = "auto",
        timeout: float | None = None,
        **options: Any,
    ) -> Iterable[Result]:
        """Clean a stream of documents, yielding one `Result` per item in input order.

        Items are str, bytes, ``(source, url)`` pairs, mappings with ``text`` (or ``html``),
        ``url`` and ``language``, or `declutter.batch.Doc`. `input_format` is ``auto`` (sniffed
        per item), ``html`` or ``text``; `options` go to `clean_html`. `jobs` worker processes
        (None: every core) each compile the rules once; memory stays flat on any input size.
        An item that fails, or overruns `timeout` seconds (its worker is then killed and
        replaced), comes back as a `declutter.batch.FailedResult`: text unchanged, `error` set.
        """
        from declutter.batch import clean_many

        return clean_many(self, items, jobs=jobs, input_format=input_format, timeout=timeout, **options)  # type: ignore[arg-type]

    def _too_much(self, doc: Document, claims: dict[int, int]) -> bool:
        """Whether the removals take more than `max_removed` of the document's characters and
        as large a share of its prose (its sentences: `declutter.shape.is_prose`), if it has any.

        Menus, teasers and footers can make up most of a scraped page, and removing them is
        the job; a rule that also takes the article's sentences has gone wrong.
        """
        if self._max_removed >= 1:
            return False
        lines = doc.lines
        if sum(len(lines[i]) for i in claims) <= self._max_removed * sum(map(len, lines)):
            return False
        prose = [i for i in doc.nonblank if is_prose(doc.normalized[i])]
        removed = sum(len(lines[i]) for i in prose if i in claims)
        return not prose or removed > self._max_removed * sum(len(lines[i]) for i in prose)

    def _runs(self, doc: Document, claims: dict[int, int]) -> set[int]:
        """The lines that a scan rule removed together with a non-blank line next to them:
        menus, tag lists and other runs, as opposed to a line a scan rule took alone."""
        scanned = {i: slot for i, slot in claims.items() if slot in self._scan_slot_set}
        nonblank = doc.nonblank
        runs = set()
        for index, slot in scanned.items():
            position = bisect.bisect_left(nonblank, index)
            before = scanned.get(nonblank[position - 1]) if position else None
            after = scanned.get(nonblank[position + 1]) if position + 1 < len(nonblank) else None
            if slot in (before, after):
                runs.add(index)
        return runs

    def _scan(
        self, doc: Document, slots: list[int], hits: Hits, claims: dict[int, int]
    ) -> list[int]:
        """Run scan rules kind by kind, each kind on what the kinds before it left; return the
        rules that must run again.

        Rules of one kind share a view, so a pair rule (a caption and its ``Image:`` copy) sees
        both lines even when a sibling rule claims one. A kind that claims lines changes what
        the kinds before it saw, so they run again; kinds after the last claim saw the final view.
        """
        view = _view(doc, claims)
        last_claim = -1
        stale = False
        for position, slot in enumerate(slots):
            new = [i for i in self._rules[slot].spec.select(view, hits.get(slot, ())) if i not in claims]
            if new:
                claims.update(dict.fromkeys(new, slot))
                last_claim, stale = position, True
            next_kind = self._rules[slots[position + 1]].kind if position + 1 < len(slots) else None
            if stale and next_kind != self._rules[slot].kind:
                view, stale = _view(doc, claims), False
        return slots[: self._end_of_kind(slots, last_claim)]

    def _end_of_kind(self, slots: list[int], position: int) -> int:
        """The end of the run of same-kind slots that `position` lies in (0 if it is -1)."""
        if position < 0:
            return 0
        kind = self._rules[slots[position]].kind
        end = position + 1
        while end < len(slots) and self._rules[slots[end]].kind == kind:
            end += 1
        return end

    def _claim_all(
        self,
        doc: Document,
        slots: list[int],
        hits: Hits,
        claims: dict[int, int],
        host: str | None,
        language: str | None,
        runs: set[int] | None = None,
    ) -> None:
        view = _view(doc, claims, runs)
        for slot in slots:
            self._claim(slot, view, hits[slot], claims, host, language)

    def _claim(
        self,
        slot: int,
        view: View,
        hits: list[int],
        claims: dict[int, int],
        host: str | None,
        language: str | None,
    ) -> None:
        rule = self._rules[slot]
        if rule.applies(host, language):
            for line in rule.spec.select(view, hits):
                claims.setdefault(line, slot)


def _rebuild(rules: tuple[Rule, ...], max_removed: float, limits: Limits) -> Cleaner:
    return Cleaner.from_rules(rules, max_removed=max_removed, limits=limits)


def _view(doc: Document, claims: dict[int, int], keep: set[int] | None = None) -> View:
    """The non-blank lines no rule has claimed, plus the claimed lines in `keep`."""
    if not claims:
        return View(doc, doc.nonblank)
    if keep:
        return View(doc, tuple(i for i in doc.nonblank if i not in claims or i in keep))
    return View(doc, tuple(filterfalse(claims.__contains__, doc.nonblank)))


def gather_rules(rules: Iterable[RuleSource] | None, *, builtin: bool) -> list[Rule]:
    """The built-in pack (if wanted) plus user rule files, folders and `Rule` objects."""
    gathered = load_builtin() if builtin else []
    for source in rules or ():
        gathered.extend([source] if isinstance(source, Rule) else load_path(source))
    check_unique(gathered)
    return gathered


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The built-in pack, compiled on first use and then shared within the process."""
    return Cleaner()


def clean_text(text: str, *, url: str | None = None, language: str | None = None) -> Result:
    """Clean `text` with the built-in rule pack."""
    return default_cleaner().clean_text(text, url=url, language=language)


def clean_html(html: HtmlSource, **options: Any) -> Result:
    """Clean an HTML page with the built-in rule pack; options as `Cleaner.clean_html`."""
    return default_cleaner().clean_html(html, **options)


def clean(document: str | bytes | Any, **options: Any) -> Result:
    """Clean text or HTML (sniffed) with the built-in rule pack; see `Cleaner.clean`."""
    return default_cleaner().clean(document, **options)
