"""HTML mode, top to bottom: decode, parse once, prune, extract, apply text rules, render.

1. **Parse** the page once with lxml (bytes decoded first, see `declutter.html.decode`); trees
   and soups are copied, never changed. Scripts, styles and SVG go at once: no step reads
   them, and every later step is faster without them.
2. **Metadata**, when asked for, from the page as it came: rules may remove hidden elements
   that carry microdata.
3. **Element rules** (selector, xpath) remove elements with ``drop_tree()``, so the text after
   an element survives. A damage guard stands here too: if they would take more than
   `max_removed` of the page's text, none are applied and all are reported as held back.
4. **Extraction**: trafilatura reads the pruned tree itself (no second parse), with its
   duplicate memory off, so a result never depends on earlier pages. Without extraction the
   whole pruned page goes on.
5. **Text rules** read the article's blocks (paragraphs, headings, list items), one per
   line, with the text engine and its guard. A removed block takes its element with it, so
   a phrase rule that drops the "Please use Chrome browser..." line in text mode drops its
   ``<p>`` or ``<div>`` here: one rule id, both modes.
6. **Render** text, Markdown, HTML or JSON (see `declutter.html.render`).

Every removal is reported with ``line = 0`` and the element it took (tag, id, classes).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import trafilatura
from lxml import etree

from declutter.errors import DeclutterError
from declutter.html import render
from declutter.html.blocks import (
    Block,
    article_blocks,
    describe,
    drop,
    page_blocks,
    removable,
    shorten,
    text_of,
)
from declutter.html.selectors import ElementRules
from declutter.html.source import HtmlSource, drop_code, parse
from declutter.result import FORMATS, Format, Metadata, Removal, Result
from declutter.rule import host_of

if TYPE_CHECKING:
    from declutter.cleaner import Cleaner


@dataclass(frozen=True)
class Extraction:
    """How trafilatura extracts the article; the defaults were chosen by measurement (README)."""

    include_tables: bool = True
    include_links: bool = False
    include_images: bool = False
    include_comments: bool = False
    favor_precision: bool = False
    favor_recall: bool = False


def clean_page(
    cleaner: Cleaner,
    element_rules: ElementRules,
    source: HtmlSource,
    *,
    url: str | None,
    language: str | None,
    extract: bool,
    format: Format,
    with_metadata: bool | None,
    options: Extraction,
    max_removed: float,
) -> Result:
    if format not in FORMATS:
        raise DeclutterError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    root = parse(source)
    drop_code(root)
    body = root.find("body")
    host = host_of(url)

    metadata = _metadata(root, url) if (format == "json" if with_metadata is None else with_metadata) else None

    found = element_rules.find(body, host, language) if element_rules else []
    texts = [text_of(element) for element, _rule in found]
    pruned = [Removal(rule.id, 0, shorten(_spaced(element)), describe(element)) for element, rule in found]
    held_back: list[Removal] = []
    if pruned and _too_much(sum(map(len, texts)), body, max_removed):
        held_back, pruned = pruned, []
    else:
        for element, _rule in found:
            drop(element)

    if extract:
        article = _extract(root, url, options, markdown=format == "markdown")
        lines = article_blocks(article) if article is not None else []
    else:
        article = None
        lines = page_blocks(body)

    checked = cleaner.clean_text("\n".join(block.text for block in lines), url=url, language=language)
    taken = {removal.line - 1: removal.rule for removal in checked.removed}
    elements = {index: removable(lines[index]) for index in taken}
    reported = [_block_removal(rule, lines[index], elements[index]) for index, rule in sorted(taken.items())]
    held_back += [_block_removal(r.rule, lines[r.line - 1], None) for r in checked.held_back]
    for element in elements.values():
        if element is not None:
            drop(element)
    kept = [block for index, block in enumerate(lines) if index not in taken]

    if article is not None:
        text = render.article_text(article, markdown=format == "markdown")
        html = render.article_html(article)
    elif extract:
        text, html = "", "<html><body></body></html>"
    else:
        text = render.page_text(kept, markdown=format == "markdown")
        html = render.page_html(root)
    result = Result(text, tuple(pruned + reported), url, tuple(held_back), html, metadata, "text")
    if format == "html":
        return replace(result, text=html, format="html")
    if format == "json":
        return replace(result, text=render.as_json(result), format="json")
    return replace(result, format=format)


def _metadata(root: etree._Element, url: str | None) -> Metadata:
    # A copy: trafilatura's metadata helpers may tidy the tree they are given.
    found = trafilatura.extract_metadata(copy.deepcopy(root), default_url=url)
    return Metadata(found.title, found.author, found.date, found.url or url, found.sitename)


def _extract(root: etree._Element, url: str | None, options: Extraction, *, markdown: bool) -> etree._Element | None:
    """trafilatura's article body for the pruned tree, comments appended if asked for."""
    document = trafilatura.bare_extraction(
        root,
        url=url,
        output_format="txt",
        include_formatting=markdown,
        deduplicate=False,
        with_metadata=False,
        include_tables=options.include_tables,
        include_links=options.include_links,
        include_images=options.include_images,
        include_comments=options.include_comments,
        favor_precision=options.favor_precision,
        favor_recall=options.favor_recall,
    )
    if document is None or isinstance(document, dict):  # a dict only when asked for with as_dict
        return None
    article = document.body
    comments = document.commentsbody
    if options.include_comments and comments is not None and len(comments):
        article.extend(list(comments))
    return article


def _block_removal(rule: str, block: Block, element: etree._Element | None) -> Removal:
    return Removal(rule, 0, shorten(block.text), describe(element if element is not None else block.element))


def _spaced(element: etree._Element) -> str:
    """The element's text with a space between its text nodes, for a readable report."""
    return " ".join(" ".join(element.itertext()).split())


def _too_much(removed: int, body: etree._Element, max_removed: float) -> bool:
    """Whether `removed` characters are more than `max_removed` of the page's text."""
    return max_removed < 1 and removed > max_removed * len(text_of(body))
