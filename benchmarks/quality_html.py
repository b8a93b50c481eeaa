"""HTML-mode quality and speed: declutter against trafilatura and readability-lxml, in one run.

Every system gets each corpus page's raw bytes and returns plain text, scored against the text
of ``expected.html`` by lower-cased word 4-shingles as a multiset (``corpus.shingles``),
micro-averaged over pages as in ``quality_text.py``. All systems are timed on the same pages in
the same run, taking turns page by page (the order rotates), so load from other processes falls
on all of them alike; each keeps its fastest of ``--repeat`` passes per page, and we report the
median over pages of wall and CPU time.

Then, for the pages where declutter's default loses the most reference shingles that
trafilatura's default keeps, each rule that removed something is switched off in turn to see
how much of the loss it caused: the list rule authors start from when tuning for precision.

    python benchmarks/quality_html.py [CORPUS] [--markdown] [--repeat N] [--worst N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import lxml.html
import trafilatura
from corpus import Page, add_corpus_argument, load_corpus, shingles
from tables import render
from trafilatura.utils import line_processing, trim

import declutter
from declutter.html.decode import decode

#: A system maps a page's bytes to its text and the removals behind it (none for other tools).
System = Callable[[bytes], tuple[str, Sequence[declutter.Removal]]]

#: declutter variants: each is `clean_html` with these options over its defaults
#: (which favour recall: favor_recall=False is trafilatura's balanced mode).
DECLUTTER_VARIANTS: dict[str, dict[str, Any]] = {
    "declutter": {},
    "declutter extract=False": {"extract": False},
    "declutter favor_precision": {"favor_precision": True},
    "declutter favor_recall=False": {"favor_recall": False},
    "declutter include_tables=False": {"include_tables": False},
    "declutter include_comments=True": {"include_comments": True},
}
BASELINE = "trafilatura"
QUALITY_HEADERS = ["system", "P", "R", "F1", "empty pages", "median ms", "median CPU ms", "x trafilatura"]
LOSS_HEADERS = (
    ["page", "trafilatura R", "declutter R", "no rules R", "shingles lost", "rule", "recovered", "removed text"]
)
NO_RULES = "declutter, no rules"
SNIPPET = 70


@dataclass
class Scores:
    """One system's shingle counts per page and its best time per page."""

    out: list[int]
    common: list[int]
    empty: int = 0
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    removed: list[Sequence[declutter.Removal]] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    pages = load_corpus(args.corpus)
    cleaner = declutter.Cleaner()
    systems = build_systems(cleaner)

    load_before = os.getloadavg()
    scores = run(pages, systems, args.repeat)
    load_after = os.getloadavg()

    print(f"corpus: {args.corpus} ({len(pages)} pages), best of {args.repeat} passes per page")
    print(
        f"machine: {os.cpu_count()} cores, load average {load_before[0]:.2f} before and "
        f"{load_after[0]:.2f} after (above 1 means other processes competed for the cores)\n"
    )
    print(render(QUALITY_HEADERS, quality_rows(pages, scores), args.markdown))
    if args.worst:
        print(f"\npages where declutter keeps fewest of the reference shingles trafilatura keeps "
              f"(top {args.worst}); 'recovered' = shingles back with the rule switched off:")
        print(render(LOSS_HEADERS, loss_rows(pages, scores, args.worst), args.markdown))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_argument(parser)
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument(
        "--repeat", type=int, default=3, metavar="N", help="passes; each page keeps its best time"
    )
    parser.add_argument(
        "--worst", type=int, default=10, metavar="N", help="pages to diagnose recall losses on"
    )
    return parser.parse_args(argv)


def build_systems(cleaner: declutter.Cleaner) -> dict[str, System]:
    systems: dict[str, System] = {
        BASELINE: trafilatura_system(),
        "trafilatura favor_precision": trafilatura_system(favor_precision=True),
        "trafilatura favor_recall": trafilatura_system(favor_recall=True),
        "trafilatura include_comments=False": trafilatura_system(include_comments=False),
    }
    if readability_importable():
        systems["readability-lxml"] = readability_system
    else:
        print("readability-lxml is not installed (pip install readability-lxml): row left out")
    for name, options in DECLUTTER_VARIANTS.items():
        systems[name] = declutter_system(cleaner, **options)
    systems[NO_RULES] = declutter_system(declutter.Cleaner(builtin=False))
    return systems


def trafilatura_system(**options: Any) -> System:
    def run(html: bytes) -> tuple[str, Sequence[declutter.Removal]]:
        return trafilatura.extract(html, **options) or "", ()

    return run


def readability_importable() -> bool:
    try:
        import readability  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def readability_system(html: bytes) -> tuple[str, Sequence[declutter.Removal]]:
    """Readability's article HTML as text; a space between text nodes, so blocks never fuse.

    The page goes in decoded as declutter decodes it: readability-lxml 0.8 refuses bytes, and
    0.9, which takes them, pins a cssselect older than declutter needs, so pip installs 0.8."""
    from readability import Document  # type: ignore[import-untyped]

    summary = Document(decode(html)).summary(html_partial=True)
    return " ".join(lxml.html.fragment_fromstring(summary, create_parent="div").itertext()), ()


def declutter_system(cleaner: declutter.Cleaner, **options: Any) -> System:
    def run(html: bytes) -> tuple[str, Sequence[declutter.Removal]]:
        result = cleaner.clean_html(html, **options)
        return result.text, result.removed

    return run


def run(pages: list[Page], systems: dict[str, System], repeat: int) -> dict[str, Scores]:
    """Score the first pass, time all passes; systems take turns on each page, order rotating."""
    names = list(systems)
    scores = {name: Scores([0] * len(pages), [0] * len(pages)) for name in names}
    for name in names:  # warm-up: imports, compiled patterns, trafilatura's stop lists
        systems[name](pages[0].source)
    for rep in range(repeat):
        for index, page in enumerate(pages):
            shift = (index + rep) % len(names)
            for name in names[shift:] + names[:shift]:
                wall, cpu, (text, removed) = timed(partial(systems[name], page.source))
                score = scores[name]
                if rep == 0:
                    record(score, index, page, text, removed)
                    score.wall.append(wall)
                    score.cpu.append(cpu)
                else:
                    score.wall[index] = min(score.wall[index], wall)
                    score.cpu[index] = min(score.cpu[index], cpu)
    return scores


Output = tuple[str, Sequence[declutter.Removal]]


def timed(call: Callable[[], Output]) -> tuple[float, float, Output]:
    """Wall and CPU seconds of one call, trafilatura's per-line caches emptied first.

    Those caches would otherwise hand whichever system ran second on a page the lines the
    first one already processed; emptied, every system meets each page cold.
    """
    line_processing.cache_clear()
    trim.cache_clear()
    wall, cpu = time.perf_counter(), time.process_time()
    output = call()
    return time.perf_counter() - wall, time.process_time() - cpu, output


def record(
    score: Scores, index: int, page: Page, text: str, removed: Sequence[declutter.Removal]
) -> None:
    out = Counter(shingles(text))
    score.out[index] = out.total()
    score.common[index] = (out & page.reference.shingles).total()
    score.empty += not text.strip()
    score.removed.append(removed)


def quality_rows(pages: list[Page], scores: dict[str, Scores]) -> list[list[str]]:
    ref_total = sum(page.reference.shingles.total() for page in pages)
    baseline = statistics.median(scores[BASELINE].wall)
    rows = []
    for name, s in scores.items():
        common = sum(s.common)
        precision = common / sum(s.out) if sum(s.out) else 0.0
        recall = common / ref_total if ref_total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        wall = statistics.median(s.wall)
        cpu = statistics.median(s.cpu)
        rows.append([
            name, f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}", str(s.empty),
            f"{1000 * wall:.1f}", f"{1000 * cpu:.1f}", f"{wall / baseline:.2f}",
        ])
    return rows


def loss_rows(pages: list[Page], scores: dict[str, Scores], worst: int) -> list[list[str]]:
    """Per page, each rule whose removal cost reference shingles, found by switching it off.

    When no single rule gives the loss back, and declutter without rules loses it too, the
    extraction settings lost it, not a rule.
    """
    ours, theirs, bare = scores["declutter"], scores[BASELINE], scores[NO_RULES]
    losses = sorted(range(len(pages)), key=lambda i: ours.common[i] - theirs.common[i])
    cleaners: dict[str, declutter.Cleaner] = {}
    rows = []
    for index in losses[:worst]:
        lost = theirs.common[index] - ours.common[index]
        if lost <= 0:
            break
        page = pages[index]
        total = page.reference.shingles.total()
        shares = (f"{s.common[index] / total:.3f}" for s in (theirs, ours, bare))
        head = [page.name, *shares, str(lost)]
        blamed = []
        for rule in dict.fromkeys(r.rule for r in ours.removed[index]):
            if rule not in cleaners:
                cleaners[rule] = declutter.Cleaner(ignore=[rule])
            cleaner = cleaners[rule]
            out = Counter(shingles(cleaner.clean_html(page.source).text))
            recovered = (out & page.reference.shingles).total() - ours.common[index]
            if recovered > 0:
                removal = next(r for r in ours.removed[index] if r.rule == rule)
                blamed.append((recovered, rule, removal.text))
        if not blamed:
            rows.append([*head, "(no single rule)", "-", "-"])
        for recovered, rule, text in sorted(blamed, reverse=True):
            rows.append([*head, rule, str(recovered), snippet(text)])
            head = [""] * len(head)
    return rows


def snippet(text: str) -> str:
    text = text.replace("|", "/")  # a pipe would split a Markdown table cell
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


if __name__ == "__main__":
    main()
