"""A tree as text blocks, the lines that text rules read, and removal of a block's element.

A block is a run of text between block-level boundaries, one line to the text engine: a
paragraph, a heading, a list item, a caption, the label in an ad ``<div>``. Its element is the
nearest block-level element holding the text. A page is walked with HTML's block elements;
trafilatura's extracted article has its own tags (``head``, ``p``, ``item``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from declutter.result import MAX_REMOVAL_TEXT, Element

#: HTML elements that start a new line of text.
HTML_BLOCKS = frozenset(
    ["address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"]
)
#: HTML elements whose content is not text a reader sees.
HTML_SKIPPED = frozenset(
    ["script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "svg", "math", "object", "embed", "canvas", "select", "option", "datalist", "textarea", "input", "audio", "video", "source", "track", "map"]
)
#: The innermost text blocks of trafilatura's extracted article (its XML, not HTML): almost all
#: of an article's text is in them, and one XPath finds them faster than a walk in Python.
_ARTICLE_BLOCK = "self::p or self::head or self::item or self::cell or self::quote or self::code"
_ARTICLE_LEAVES = etree.XPath(
    f"descendant::*[{_ARTICLE_BLOCK}][not(descendant::*[{_ARTICLE_BLOCK}])]"
)
#: Elements a removal must never take: the page itself.
_NEVER = frozenset({"html", "body"})


@dataclass(frozen=True, eq=False)
class Block:
    element: etree._Element
    text: str


def page_blocks(root: etree._Element) -> list[Block]:
    """The text blocks below `root`, in document order, whitespace collapsed, empty ones left out."""
    found: list[Block] = []
    parts: list[str] = []
    owners = [root]
    skipping = 0

    def flush() -> None:
        text = " ".join("".join(parts).split())
        if text:
            found.append(Block(owners[-1], text))
        parts.clear()

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else None
        if event == "start":
            if skipping or tag is None or tag in HTML_SKIPPED:
                skipping += 1
                continue
            if tag in HTML_BLOCKS or tag == "br":
                flush()
            if tag in HTML_BLOCKS and element is not root:
                owners.append(element)
            if element.text:
                parts.append(element.text)
            continue
        if skipping:
            skipping -= 1
            if skipping:
                continue
        elif tag in HTML_BLOCKS and element is not root:
            flush()
            owners.pop()
        if element.tail and element is not root:
            parts.append(element.tail)
    flush()
    return found


def article_blocks(article: etree._Element) -> list[Block]:
    """The paragraphs, headings, list items, cells, quotes and code blocks of an article."""
    found = []
    for element in _ARTICLE_LEAVES(article):
        text = " ".join("".join(element.itertext()).split())
        if text:
            found.append(Block(element, text))
    return found


def removable(block: Block) -> etree._Element | None:
    """The outermost element holding exactly the block's text, or None if there is none.

    ``<div class="promo"><p>Advertisement</p></div>`` gives the ``div``; a line that shares
    its element with other text (``<div>Advertisement<p>Prose.</p></div>``) has no element
    of its own, and is left out of the text output only.
    """
    element = block.element
    if element.tag in _NEVER or text_of(element) != block.text:
        return None
    while (parent := element.getparent()) is not None and parent.tag not in _NEVER and text_of(parent) == block.text:
        element = parent
    return element


def drop(element: etree._Element) -> None:
    """Remove `element` and keep the text that follows it (its tail)."""
    if hasattr(element, "drop_tree"):
        element.drop_tree()
        return
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def describe(element: etree._Element) -> Element:
    """What a report says of a removed element: its tag, id and classes."""
    return Element(str(element.tag), element.get("id"), tuple((element.get("class") or "").split()))


def shorten(text: str) -> str:
    """`text` cut to what a removal report shows."""
    return text if len(text) <= MAX_REMOVAL_TEXT else text[: MAX_REMOVAL_TEXT - 1].rstrip() + "…"


def text_of(element: etree._Element) -> str:
    """The element's text (without its tail), whitespace collapsed."""
    return " ".join(etree.tostring(element, method="text", encoding="unicode", with_tail=False).split())
