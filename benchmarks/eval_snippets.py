"""Precision on pages nobody tuned for: trafilatura's evaluation snippets, each inside an article.

trafilatura's repository lists, for each of about a thousand pages of its evaluation set (news,
blogs, shops, public bodies; German and English first, then some forty other languages), short
snippets that an extractor must keep (`with`: article text; `comments`: reader comments) and
snippets it must drop (`without`: template). declutter's rules were not written on these pages'
article text, so the share of `with` snippets a rule removes is a precision measure on unseen
sites: each snippet is cleaned as one line between sentences of an article in its own script
(`template_lines.removed`). Read the removed ones: a standalone date or a "Follow us" line among
them is noise by declutter's definition, an article sentence is a bug. The `without` share is
printed too, though most of those snippets are pieces of longer lines, names and dates, which no
line rule should take alone; it is no recall measure.

The snippets are not in this repository: pass the path of trafilatura's `tests/evaldata.py`
(from a clone of https://github.com/adbar/trafilatura). The file is read as data (its one
dict literal), never run.

    python benchmarks/eval_snippets.py PATH/TO/evaldata.py [--show-removed]
"""

from __future__ import annotations

import argparse
import ast
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from tables import render
from template_lines import removed

import declutter

HEADERS = ["snippets", "pages", "snippets tested", "removed", "removed %", "top rules"]
KINDS = {"with": "article text", "comments": "comments", "without": "template"}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("evaldata", type=Path, help="trafilatura's tests/evaldata.py")
    parser.add_argument("--show-removed", action="store_true", help="list removed article and comment snippets")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    pages = load_pages(args.evaldata)
    cleaner = declutter.Cleaner()
    rows, shown = [], []
    for kind, label in KINDS.items():
        snippets = list(snippets_of(pages, kind))
        hits = [(rules[0], text) for text in snippets if (rules := removed(cleaner, text))]
        top = ", ".join(f"{rule} {count}" for rule, count in Counter(rule for rule, _ in hits).most_common(3))
        with_kind = sum(1 for page in pages.values() if page.get(kind))
        rows.append([label, str(with_kind), str(len(snippets)), str(len(hits)), percent(len(hits), len(snippets)), top or "-"])
        if kind != "without":
            shown += [f"{label}: [{rule}] {text}" for rule, text in hits]
    print(render(HEADERS, rows, args.markdown))
    if args.show_removed and shown:
        print("\n" + "\n".join(shown))


def load_pages(path: Path) -> dict[str, dict[str, list[str]]]:
    """The `EVAL_PAGES` dict of `path`, evaluated as a literal: nothing in the file runs."""
    module = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in module.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EVAL_PAGES" for t in node.targets):
            pages: dict[str, dict[str, list[str]]] = ast.literal_eval(node.value)
            return pages
    raise SystemExit(f"{path}: no EVAL_PAGES dict (is it trafilatura's tests/evaldata.py?)")


def snippets_of(pages: dict[str, dict[str, list[str]]], kind: str) -> Iterator[str]:
    """Each page's snippets of `kind` that fit on one line."""
    for page in pages.values():
        yield from (text for text in page.get(kind, []) if text.strip() and "\n" not in text)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "-"


if __name__ == "__main__":
    main()
