"""Rule fixtures: per-rule regression cases, discovered from the ``fixtures/`` folder.

``fixtures/<rule-id>/<case>.in.txt`` is a document; ``<case>.out.txt`` the expected output
(absent: the document must come out unchanged, a look-alike the rule must keep);
``<case>.url`` an optional URL for site-scoped rules. Each case runs only its own rule.
``fixtures/_documents/`` holds whole documents run with the full default pack.

``<case>.in.html`` is an HTML page, cleaned in HTML mode *without extraction* (trafilatura
returns little for a snippet) and compared as text (``format="text"``). Without an
``.out.txt`` the expected text is the page's *unchanged rendering*: the text that HTML mode
gives for the same page with no rules at all. ``fixtures/_pages/`` holds whole pages, cleaned
with the full default pack and extraction on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from declutter.cleaner import Cleaner
from declutter.rule import Rule

DOCUMENTS = "_documents"
PAGES = "_pages"
#: Folders of whole documents and pages, run with the full default pack.
WHOLE = frozenset({DOCUMENTS, PAGES})
_IN = (".in.txt", ".in.html")


@dataclass(frozen=True)
class Case:
    """One fixture: which rule (or the whole pack), its input, expected output and URL."""

    rule: str
    name: str
    input_path: Path

    @property
    def output_path(self) -> Path:
        return self.input_path.with_name(self.name + ".out.txt")

    @property
    def url(self) -> str | None:
        path = self.input_path.with_name(self.name + ".url")
        return path.read_text(encoding="utf-8").strip() if path.exists() else None

    @property
    def is_html(self) -> bool:
        return self.input_path.name.endswith(".html")

    @property
    def extract(self) -> bool:
        """Whether HTML mode extracts the article: for whole pages only."""
        return self.rule == PAGES

    @property
    def source(self) -> str:
        return _read(self.input_path)

    @property
    def baseline(self) -> str:
        """What the case gives with no rules: its text, or the page's unchanged rendering."""
        if not self.is_html:
            return self.source
        return clean_case(self, _no_rules())

    @property
    def expected(self) -> str:
        return _read(self.output_path) if self.output_path.exists() else self.baseline

    @property
    def removes(self) -> bool:
        return self.expected != self.baseline


@dataclass(frozen=True)
class Outcome:
    case: Case
    actual: str

    @property
    def passed(self) -> bool:
        return self.actual == self.case.expected


def fixtures_dir() -> Path:
    """The built-in fixtures: packaged in the wheel, or the repository's ``fixtures/``."""
    packaged = Path(__file__).resolve().parent / "builtin_fixtures"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "fixtures"


def discover(root: Path) -> Iterator[Case]:
    """Every case below `root`, by folder (rule id) and case name, in sorted order."""
    paths = [path for suffix in _IN for path in root.glob(f"*/*{suffix}")]
    for path in sorted(paths):
        suffix = next(s for s in _IN if path.name.endswith(s))
        yield Case(path.parent.name, path.name[: -len(suffix)], path)


def clean_case(case: Case, cleaner: Cleaner) -> str:
    """The case's output text with `cleaner`: text mode, or HTML mode rendered as text."""
    if case.is_html:
        return cleaner.clean_html(case.source, url=case.url, extract=case.extract).text
    return cleaner.clean_text(case.source, url=case.url).text


def run_case(case: Case, cleaner: Cleaner) -> Outcome:
    return Outcome(case, clean_case(case, cleaner))


def rule_cleaner(rule: Rule) -> Cleaner:
    """A cleaner for one rule's cases: that rule alone, and no damage guard, because
    fixtures are short by design and one noise line is often half of one."""
    return Cleaner.from_rules([rule], max_removed=1)


def run_cases(cases: Sequence[Case], rules_by_id: dict[str, Rule], default: Cleaner) -> list[Outcome]:
    """Run each case against only its own rule, guard off; whole-document cases against `default`."""
    own: dict[str, Cleaner] = {}
    outcomes = []
    for case in cases:
        if case.rule in WHOLE:
            cleaner = default
        else:
            cleaner = own.setdefault(case.rule, rule_cleaner(rules_by_id[case.rule]))
        outcomes.append(run_case(case, cleaner))
    return outcomes


@lru_cache(maxsize=1)
def _no_rules() -> Cleaner:
    return Cleaner.from_rules([], max_removed=1)


def _read(path: Path) -> str:
    # newline="" keeps \r\n and \r as they are on disk, so line-ending cases stay exact.
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()
