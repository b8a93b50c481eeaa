"""Line-labelled benchmark data built from pages that come with a reference article.

A corpus is a folder of pages, each a subfolder holding ``source.html`` (the page as fetched),
``expected.html`` (the article a good extractor returns, e.g. Mozilla Readability's test pages) and
optionally ``expected-metadata.json`` (its ``title`` and ``excerpt``, i.e. headline and standfirst).
From a page we build the text a scraper would hand to declutter, one line per paragraph, and label
every line against the reference article, so that a cleaner's removals can be scored line by line
without anyone labelling lines by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import lxml.html
from lxml import etree

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "readability-pages"

SCRAPED_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption")
SHINGLE_SIZE = 4

_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")
# Script and style bodies are code, not text, and no scraper worth benchmarking emits them.
_VISIBLE_TEXT = etree.XPath("descendant-or-self::text()[not(ancestor::script or ancestor::style)]")
_WORD = re.compile(r"\w+")
_LIST_BULLET = re.compile(r"^\s*[-*•]\s+")


class Label(Enum):
    CONTENT = "content"
    NOISE = "noise"
    CAPTION = "caption"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a scraped document; ``tag`` is the HTML element it came from, if known."""

    text: str
    tag: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    """The expected article, pre-digested for the two labelling tests and for shingle scoring."""

    text: str
    blocks: frozenset[str]
    shingles: Counter[tuple[str, ...]]
    headings: tuple[str, ...] = ()  # title and standfirst, which Readability keeps out of the body


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    source: bytes
    reference: Reference
    expected: bytes = b""  # the expected article's HTML


def load_pages(folder: Path) -> list[Page]:
    """Read every complete page of a corpus; subfolders lacking either file are skipped."""
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {folder}")
    pages = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        source, expected = sub / "source.html", sub / "expected.html"
        if source.is_file() and expected.is_file():
            article = expected.read_bytes()
            ref = reference(article, headings(sub / "expected-metadata.json"))
            pages.append(Page(sub.name, source.read_bytes(), ref, article))
    return pages


def load_corpus(folder: Path) -> list[Page]:
    """`load_pages` for a benchmark's main: a missing folder ends the script with a hint."""
    try:
        return load_pages(folder)
    except FileNotFoundError as err:
        sys.exit(f"{err}\n(give the corpus folder as the first argument)")


def add_corpus_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="folder of page folders"
    )


def headings(metadata: Path) -> tuple[str, ...]:
    """The title and excerpt of a Readability metadata file, if there is one."""
    if not metadata.is_file():
        return ()
    fields = json.loads(metadata.read_text(encoding="utf-8"))
    return tuple(normalise(fields[key]) for key in ("title", "excerpt") if fields.get(key))


def parse_html(html: bytes) -> lxml.html.HtmlElement:
    """Parse as UTF-8 whenever the bytes are valid UTF-8.

    libxml2 falls back to Latin-1 on pages that declare no charset, which would garble every
    non-ASCII character and make those lines fail to match the reference.
    """
    try:
        html.decode("utf-8")
    except UnicodeDecodeError:
        return lxml.html.document_fromstring(html)
    return lxml.html.document_fromstring(html, parser=_UTF8_PARSER)


def _break_at_br(root: lxml.html.HtmlElement) -> None:
    """Make every ``br`` a line break in the text, as a browser shows it.

    Otherwise ``a<br>b`` reads as one word "ab", and text that a page breaks with ``br`` is not
    found line by line in the reference.
    """
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")


def normalise(text: str) -> str:
    return " ".join(text.split())


def naive_scrape(html: bytes) -> list[Line]:
    """The text a naive scraper gets: one line per p, h1-h6, li and figcaption, in document order.

    Only the outermost of nested collected elements makes a line (a ``p`` inside an ``li`` is part
    of the ``li``'s line), so no text is doubled and none is dropped; the price is that a menu
    ``li`` holding a sub-list becomes one long line.
    Whitespace inside an element, ``br`` included, collapses to single spaces; empty elements make
    no line. Script and style bodies are left out.
    """
    root = parse_html(html)
    _break_at_br(root)
    lines = []
    for el in root.iter(*SCRAPED_TAGS):
        if next(el.iterancestors(*SCRAPED_TAGS), None) is not None:
            continue
        text = normalise("".join(_VISIBLE_TEXT(el)))
        if text:
            lines.append(Line(text, el.tag))
    return lines


def trafilatura_lines(html: bytes) -> list[Line]:
    """trafilatura's default text output without comments: what it leaves is what declutter gets.

    Blank lines are dropped so that every line of the document is a labelled line.
    """
    import trafilatura

    text = trafilatura.extract(html, include_comments=False) or ""
    return [Line(line) for line in text.splitlines() if line.strip()]


def document(lines: Iterable[Line]) -> str:
    return "\n".join(line.text for line in lines)


def shingles(text: str) -> list[tuple[str, ...]]:
    """Lower-cased word 4-grams; words are runs of word characters, so punctuation never counts."""
    words = _WORD.findall(text.lower())
    return list(zip(*(words[i:] for i in range(SHINGLE_SIZE)), strict=False))


def reference(expected_html: bytes, headings: tuple[str, ...] = ()) -> Reference:
    root = parse_html(expected_html)
    _break_at_br(root)
    text = normalise(root.text_content())
    blocks = {normalise(el.text_content()) for el in root.iter(etree.Element)}
    blocks.update(normalise(line) for line in root.text_content().splitlines())
    blocks.discard("")
    return Reference(text, frozenset(blocks), Counter(shingles(text)), headings)


def label_line(line: Line, ref: Reference) -> Label:
    """Content if the line is in the article, verbatim or mostly (by shingles); captions apart.

    A line of four words or more is content if it occurs in the article text or if more than half
    of its word 4-shingles do. A shorter line has no shingle to vote and a plain substring test
    calls every menu word ("UK", "Search", "Twitter") content, because articles use those words
    too; so a short line is content only if it is the whole text of an element of the article
    (a heading, a list item, a short paragraph) or a whole line of its text (a line of code).
    The headline and standfirst are content too (the project counts them as part of the article),
    though Readability moves them out of the body into metadata: a line is content if it makes up
    at least half of the title or excerpt (titles often carry a " | Site" suffix).
    """
    if line.tag == "figcaption":
        return Label.CAPTION
    text = _comparable(line.text)
    if any(text in h and 2 * len(text) >= len(h) for h in ref.headings):
        return Label.CONTENT
    grams = shingles(text)
    if not grams:
        return Label.CONTENT if text in ref.blocks else Label.NOISE
    if text in ref.text or sum(g in ref.shingles for g in grams) > len(grams) / 2:
        return Label.CONTENT
    return Label.NOISE


def _comparable(text: str) -> str:
    """The line's text without the list bullets and table pipes that trafilatura adds as markup."""
    text = _LIST_BULLET.sub("", text)
    if text.startswith("|"):
        text = text.replace("|", " ")
    return normalise(text)


def label_lines(lines: Iterable[Line], ref: Reference) -> list[Label]:
    """Label each line; a noise-labelled line that continues a neighbour is content after all.

    Extractors keep the hard line wraps of ``pre`` blocks and of some paragraphs, so a short
    fragment ("to the", "sit amet.") of an article sentence stands on a line of its own and
    no test on the line alone can tell. If the fragment joined to the line before or after it
    occurs in the article, it is part of that sentence.
    """
    lines = list(lines)
    labels = [label_line(line, ref) for line in lines]
    texts = [_comparable(line.text) for line in lines]
    for index, label in enumerate(labels):
        if label is not Label.NOISE:
            continue
        before = texts[index - 1] + " " if index > 0 else None
        after = " " + texts[index + 1] if index + 1 < len(texts) else None
        joined = [j for j in (before and before + texts[index], after and texts[index] + after) if j]
        if any(len(j.split()) >= 4 and j in ref.text for j in joined):
            labels[index] = Label.CONTENT
    return labels
