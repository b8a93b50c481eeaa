"""Text-mode quality: the lines declutter removes from scraped text, scored against the article.

Each corpus page is turned into the text a naive scraper gets (and, with --trafilatura, into
trafilatura's output), every line labelled content, noise or caption by ``corpus.label_line``. We
report how much noise each system removes and how much content it loses, by lines, characters and
word 4-shingles against the reference article, micro-averaged over all pages; and which rules cost
content, because precision is what rules are tuned for.

    python benchmarks/quality_text.py [CORPUS] [--markdown] [--show-lost N] [--no-trafilatura]
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from corpus import (
    Label,
    Line,
    Page,
    Reference,
    add_corpus_argument,
    document,
    label_lines,
    load_corpus,
    naive_scrape,
    shingles,
    trafilatura_lines,
)
from tables import render

import declutter
from declutter.loading import load_builtin

TOP_RULES = 15
DATASET_HEADERS = ["dataset", "lines", "content", "noise", "caption", "content chars", "noise chars"]
METRIC_HEADERS = [
    "dataset", "system", "noise removed %", "captions removed %", "content lines lost %",
    "content chars lost %", "shingle P", "shingle R", "shingle F1",
]
RULE_HEADERS = ["rule", "content lines", "content chars", "noise lines"]
#: html2text's default line width; terminal browsers and mail wrap at about the same.
WRAP_COLUMNS = 78

# A system maps a document to its output text and its removals.
System = Callable[[str], tuple[str, Sequence[declutter.Removal]]]


@dataclass(frozen=True, slots=True)
class Doc:
    page: str
    lines: list[Line]
    labels: list[Label]
    reference: Reference


@dataclass(frozen=True, slots=True)
class Lost:
    page: str
    rule: str
    text: str


@dataclass
class Tally:
    """Counts summed over pages, so that every rate is micro-averaged."""

    lines: Counter[Label] = field(default_factory=Counter)
    removed: Counter[Label] = field(default_factory=Counter)
    content_chars: int = 0
    content_chars_lost: int = 0
    shingles_out: int = 0
    shingles_ref: int = 0
    shingles_common: int = 0
    lost: list[Lost] = field(default_factory=list)
    rule_content_lines: Counter[str] = field(default_factory=Counter)
    rule_content_chars: Counter[str] = field(default_factory=Counter)
    rule_noise_lines: Counter[str] = field(default_factory=Counter)
    misplaced: int = 0  # removals whose text is not the text of their line: a line-mapping bug


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    pages = load_corpus(args.corpus)
    if args.trafilatura and not trafilatura_importable():
        sys.exit("--trafilatura needs the trafilatura package (import failed)")

    cleaner = declutter.Cleaner()
    systems: dict[str, System] = {
        "no cleaning": no_cleaning,
        "declutter": declutter_system(cleaner),
        "declutter + opt-in rules": declutter_system(opt_in_cleaner()),
    }
    datasets = {"naive scrape": build(pages, naive_scrape)}
    if args.trafilatura:
        datasets["trafilatura output"] = build(pages, trafilatura_lines)
    datasets["expected article"] = build_expected(pages)
    datasets[f"expected, wrapped at {WRAP_COLUMNS}"] = build_expected(pages, wrap=WRAP_COLUMNS)

    tallies = {
        (d, s): score(docs, system) for d, docs in datasets.items() for s, system in systems.items()
    }

    metrics = [metric_row(d, s, t) for (d, s), t in tallies.items()]
    print(f"corpus: {args.corpus} ({len(pages)} pages)\n")
    print(render(DATASET_HEADERS, dataset_rows(datasets), args.markdown))
    print()
    print(render(METRIC_HEADERS, metrics, args.markdown))
    for name in datasets:
        tally = tallies[name, "declutter"]
        print(f"\nrules by content removed from {name} (top {TOP_RULES}):")
        print(render(RULE_HEADERS, rule_rows(tally), args.markdown))
        if args.show_lost:
            print(f"\nlost content lines in {name} (longest {args.show_lost}):")
            for lost in sorted(tally.lost, key=lambda x: -len(x.text))[: args.show_lost]:
                print(f"  {lost.page} [{lost.rule}] {lost.text}")
        if tally.misplaced:
            print(f"\nwarning: {tally.misplaced} removals in {name} do not match their line's text")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_argument(parser)
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument(
        "--show-lost", type=int, default=0, metavar="N", help="print up to N lost content lines"
    )
    parser.add_argument(
        "--trafilatura",
        action=argparse.BooleanOptionalAction,
        default=trafilatura_importable(),
        help="also score trafilatura's output (default: on if trafilatura imports)",
    )
    return parser.parse_args(argv)


def trafilatura_importable() -> bool:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def build(pages: list[Page], scrape: Callable[[bytes], list[Line]]) -> list[Doc]:
    docs = []
    for page in pages:
        lines = scrape(page.source)
        docs.append(Doc(page.name, lines, label_lines(lines, page.reference), page.reference))
    return docs


def build_expected(pages: list[Page], *, wrap: int | None = None) -> list[Doc]:
    """The expected articles themselves, scraped line by line: every line is content (captions
    apart), so whatever a rule removes here it took from an article that a person would keep,
    or that Readability kept (credits, "Read more:" lists): read the losses, they are few.

    With `wrap`, each paragraph is hard-wrapped at that many columns, as html2text, terminal
    browsers and mail print text: short lines that end mid-sentence, which must stay too."""
    docs = []
    for page in pages:
        lines = naive_scrape(page.expected)
        if wrap:
            lines = [Line(part, line.tag) for line in lines for part in textwrap.wrap(line.text, wrap) or [line.text]]
        labels = [Label.CAPTION if line.tag == "figcaption" else Label.CONTENT for line in lines]
        docs.append(Doc(page.name, lines, labels, page.reference))
    return docs


def opt_in_cleaner() -> declutter.Cleaner:
    """The built-in pack with its off-by-default rules turned on (e.g. headline-run)."""
    return declutter.Cleaner(enable=[rule.id for rule in load_builtin() if not rule.default])


def no_cleaning(text: str) -> tuple[str, Sequence[declutter.Removal]]:
    return text, []


def declutter_system(cleaner: declutter.Cleaner) -> System:
    def run(text: str) -> tuple[str, Sequence[declutter.Removal]]:
        result = cleaner.clean_text(text)
        return result.text, result.removed

    return run


def score(docs: list[Doc], system: System) -> Tally:
    tally = Tally()
    for doc in docs:
        output, removals = system(document(doc.lines))
        removed = {r.line: r for r in removals}
        for number, (line, label) in enumerate(zip(doc.lines, doc.labels, strict=True), start=1):
            tally.lines[label] += 1
            if label is Label.CONTENT:
                tally.content_chars += len(line.text)
            removal = removed.pop(number, None)
            if removal is None:
                continue
            rule = removal.rule
            tally.misplaced += removal.text != line.text
            tally.removed[label] += 1
            if label is Label.CONTENT:
                tally.content_chars_lost += len(line.text)
                tally.lost.append(Lost(doc.page, rule, line.text))
                tally.rule_content_lines[rule] += 1
                tally.rule_content_chars[rule] += len(line.text)
            elif label is Label.NOISE:
                tally.rule_noise_lines[rule] += 1
        tally.misplaced += len(removed)
        out = Counter(shingles(output))
        tally.shingles_out += out.total()
        tally.shingles_ref += doc.reference.shingles.total()
        tally.shingles_common += (out & doc.reference.shingles).total()
    return tally


def dataset_rows(datasets: dict[str, list[Doc]]) -> list[list[str]]:
    rows = []
    for name, docs in datasets.items():
        lines, chars = Counter[Label](), Counter[Label]()
        for doc in docs:
            for line, label in zip(doc.lines, doc.labels, strict=True):
                lines[label] += 1
                chars[label] += len(line.text)
        counts = [lines.total(), lines[Label.CONTENT], lines[Label.NOISE], lines[Label.CAPTION]]
        rows.append([name, *map(str, counts), str(chars[Label.CONTENT]), str(chars[Label.NOISE])])
    return rows


def metric_row(dataset: str, system: str, t: Tally) -> list[str]:
    precision = ratio(t.shingles_common, t.shingles_out)
    recall = ratio(t.shingles_common, t.shingles_ref)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return [
        dataset,
        system,
        percent(t.removed[Label.NOISE], t.lines[Label.NOISE], 1),
        percent(t.removed[Label.CAPTION], t.lines[Label.CAPTION], 1),
        percent(t.removed[Label.CONTENT], t.lines[Label.CONTENT], 2),
        percent(t.content_chars_lost, t.content_chars, 3),
        f"{precision:.3f}",
        f"{recall:.3f}",
        f"{f1:.3f}",
    ]


def rule_rows(t: Tally) -> list[list[str]]:
    return [
        [rule, str(t.rule_content_lines[rule]), str(chars), str(t.rule_noise_lines[rule])]
        for rule, chars in t.rule_content_chars.most_common(TOP_RULES)
    ]


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def percent(part: int, whole: int, digits: int) -> str:
    """A dash where there is nothing to take a share of, e.g. captions in trafilatura's output."""
    return f"{100 * part / whole:.{digits}f}" if whole else "-"


if __name__ == "__main__":
    main()
