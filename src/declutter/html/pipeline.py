"""HTML mode, top to bottom: decode, parse once, prune, extract, apply text rules, render.

1. **Parse** the page once with lxml (bytes decoded first, see `declutter.html.decode`); trees
   and soups are copied, never changed. Scripts, styles and SVG go at once: no step reads
   them, and every later step is faster without them.
2. **Metadata**, when asked for, from the page as it came: rules may remove hidden elements
   that carry microdata.
3. **Element rules** (selector, xpath) remove elements with ``drop_tree()``, so the text after
   an element survives. A damage guard stands here too: if they would take more than
   `max_removed` of the article's text, none are applied and all are reported as held back.
   The article is not known before extraction, so with extraction on its text is taken to be
   the page's running paragraphs, those outside list items: a menu, a footer or a share bar
   holds little of it, a rule that hits the article's container holds most of it. Paragraphs in
   list items are slides, teasers and comments, which can outweigh a short story; counted as
   article, they would hold back the rules that take them. Without extraction it is all the
   page's text.
4. **Extraction**: trafilatura reads the pruned tree itself (no second parse), with its
   duplicate memory off, so a result never depends on earlier pages. Without extraction the
   whole pruned page goes on.
5. **Text rules** read the article's blocks (paragraphs, headings, list items), one per
   line, with the text engine and its guard. A removed block takes its element with it, so
   a phrase rule that drops the "Please use Chrome browser..." line in text mode drops its
   ``<p>`` or ``<div>`` here: one rule id, both modes.
6. **Render** text, Markdown, HTML or JSON (see `declutter.html.render`).

Every removal is reported with ``line = 0`` and the element it took (tag, id, classes).

Each page is held to `declutter.html.limits.Limits`: size, element count and nesting are
checked when it is parsed, and its time budget at the end of every stage before rendering
(`LimitError`, `TimeBudgetError`).
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
from declutter.html.limits import Budget, Limits
from declutter.html.selectors import ElementRules
from declutter.html.source import HtmlSource, drop_code, parse
from declutter.result import FORMATS, Format, Metadata, Removal, Result
from declutter.rule import host_of

if TYPE_CHECKING:
    from declutter.cleaner import Cleaner


@dataclass(frozen=True)
class Extraction:
    """How trafilatura extracts the article; the defaults were chosen by measurement (README).

    Recall is favoured because our element rules have already pruned the noise that
    trafilatura's balanced mode guesses at: on the readability corpus it is more precise and
    faster (no fallback extractors on long articles), at no cost in recall
    (benchmarks/quality_html.py). Asking for precision overrides it.
    """

    include_tables: bool = True
    include_links: bool = False
    include_images: bool = False
    include_comments: bool = False
    favor_precision: bool = False
    favor_recall: bool = True


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
    limits: Limits,
    held: tuple[Removal, ...] | None = None,
) -> Result:
    """The cleaned page; with `held` (what the damage guard held back), no rule is applied."""
    if format not in FORMATS:
        raise DeclutterError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    budget = Budget(limits.time_budget)
    root = parse(source, limits, budget)
    drop_code(root)
    body = root.find("body")
    host = host_of(url)

    metadata = _metadata(root, url) if (format == "json" if with_metadata is None else with_metadata) else None

    found = element_rules.find(body, host, language) if element_rules and held is None else []
    measure = _paragraph_chars if extract else _text_chars
    texts = [measure(element) for element, _rule in found]
    pruned = [Removal(rule.id, 0, shorten(_spaced(element)), describe(element)) for element, rule in found]
    held_back: list[Removal] = []
    page_chars = (measure(body) or _text_chars(body)) if found else 0
    if pruned and _too_much(sum(texts), page_chars, max_removed):
        held_back, pruned = pruned, []
    else:
        for element, _rule in found:
            drop(element)
    budget.check("element rules")

    if extract:
        article = _extract(root, url, options, markdown=format == "markdown")
        lines = article_blocks(article) if article is not None else []
    else:
        article = None
        lines = page_blocks(body)
    budget.check("extraction")

    checked = cleaner.clean_text("\n".join(map(_as_line, lines)), url=url, language=language)
    if held is not None:
        held_back, checked = list(held), replace(checked, removed=(), held_back=())
    elif held_back and checked.removed:
        # The element rules' guard tripped: the page comes back unchanged, text rules held too.
        checked = replace(checked, removed=(), held_back=checked.removed + checked.held_back)
    elif pruned and (checked.held_back or _too_much(sum(texts) + sum(len(lines[r.line - 1].text) for r in checked.removed), page_chars, max_removed)):
        # The text rules' guard tripped on a page the element rules had already pruned, or
        # both together take too much of it: read it again with no rule, so that it comes
        # back unchanged.
        text_removals = checked.removed + checked.held_back
        held = tuple(pruned) + tuple(_block_removal(r.rule, lines[r.line - 1], None) for r in text_removals)
        return clean_page(
            cleaner, element_rules, source, url=url, language=language, extract=extract, format=format,
            with_metadata=with_metadata, options=options, max_removed=max_removed, limits=limits, held=held,
        )
    taken = {removal.line - 1: removal.rule for removal in checked.removed}
    elements = {index: removable(lines[index]) for index in taken}
    reported = [_block_removal(rule, lines[index], elements[index]) for index, rule in sorted(taken.items())]
    held_back += [_block_removal(r.rule, lines[r.line - 1], None) for r in checked.held_back]
    for element in elements.values():
        if element is not None:
            drop(element)
    kept = [block for index, block in enumerate(lines) if index not in taken]
    budget.check("text rules")

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


#: How trafilatura's text output marks list items, table cells and code, which its article XML
#: calls item, cell and code: text rules see an extracted article as they see that output, so
#: a list the extractor kept is a list, not a run of menu labels (see the *run* kind).
_MARKERS = {"item": "- ", "cell": "| ", "code": "    "}


def _as_line(block: Block) -> str:
    return _MARKERS.get(block.element.tag, "") + block.text


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
        favor_recall=options.favor_recall and not options.favor_precision,  # trafilatura lets recall win
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


def _text_chars(element: etree._Element) -> int:
    return len(text_of(element))


#: A story's running text: paragraphs, less those of list items (gallery slides, teasers,
#: comment threads), which a story seldom writes in.
_RUNNING_PARAGRAPHS = etree.XPath("descendant-or-self::p[not(ancestor::li)]")


def _paragraph_chars(element: etree._Element) -> int:
    """Characters of the running paragraphs in `element`: what an extracted article is mostly made of."""
    return sum(len(text_of(paragraph)) for paragraph in _RUNNING_PARAGRAPHS(element))


def _too_much(removed: int, page_chars: int, max_removed: float) -> bool:
    """Whether `removed` characters are more than `max_removed` of the page's `page_chars`."""
    return max_removed < 1 and removed > max_removed * page_chars
