"""Every kind of page we accept, turned into one fresh lxml tree that we may change.

Strings and bytes are parsed once. Trees and soups are copied or converted, never changed:
they belong to the caller. A soup is converted node by node (``lxml.html.soupparser``), which
is faster than printing it and parsing the result.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import lxml.html
from lxml import etree
from lxml.html import soupparser

from declutter.errors import DeclutterError
from declutter.html.decode import decode, is_utf8

#: What `clean_html` accepts: text, bytes, an lxml element or tree, or a BeautifulSoup.
HtmlSource = Any


class UnsupportedInput(DeclutterError, TypeError):
    """The page is of a type declutter cannot read."""


_MARKUP_START = re.compile(r"\A(?:\ufeff)?\s*<(?:!doctype|html|head|body|\?xml|!--|meta|title|div|p|article|section|main)\b", re.IGNORECASE)
_TAG = re.compile(r"</(?:p|div|span|a|li|ul|ol|h[1-6]|article|section|table|tr|td|strong|em|b|i|figure|figcaption)>", re.IGNORECASE)
#: Closing tags in the first `_SNIFF` characters that make text HTML even without a leading tag.
_MIN_TAGS = 3
_SNIFF = 4096


def looks_like_html(source: HtmlSource) -> bool:
    """Whether `clean` should treat `source` as a page: markup at the start, or several tags.

    Plain text that mentions a tag or two (``use <b> for bold``) stays text.
    """
    if isinstance(source, (bytes, bytearray)):
        head = bytes(source[:_SNIFF]).decode("utf-8", errors="replace")
    elif isinstance(source, str):
        head = source[:_SNIFF]
    else:
        return True
    return bool(_MARKUP_START.match(head)) or len(_TAG.findall(head)) >= _MIN_TAGS


def parse(source: HtmlSource) -> lxml.html.HtmlElement:
    """An ``<html>`` root with a ``<body>``, ours to change, from any accepted input."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if is_utf8(data):
            return _parse_bytes(data)  # as it is: decoding and encoding again would cost time
        return _parse_text(decode(data))
    if isinstance(source, str):
        return _parse_text(source)
    if isinstance(source, etree._ElementTree):
        source = source.getroot()
    if isinstance(source, lxml.html.HtmlElement):
        return _as_document(copy.deepcopy(source))
    if isinstance(source, etree._Element):
        # A tree from the XML parser or etree.HTML lacks lxml.html's element class (and so
        # drop_tree); printing it and parsing the result is the one way to change class.
        return _parse_text(etree.tostring(source, encoding="unicode", method="html"))
    if _is_soup(source):
        return _from_soup(source)
    raise UnsupportedInput(
        f"cannot read a page from {type(source).__name__}: give str, bytes, "
        "an lxml element or tree, or a BeautifulSoup object"
    )


#: Elements no extractor reads as text. JSON-LD scripts stay: trafilatura reads metadata and
#: sometimes the article body from them.
_CODE = ("script", "style", "svg")


def drop_code(root: lxml.html.HtmlElement) -> None:
    """Remove scripts, styles and inline SVG, which hold no text a reader sees.

    Measured on the readability corpus: trafilatura returns the same text on all 130 pages
    without them, a quarter faster, because its copies and walks of the tree get smaller.
    """
    for element in list(root.iter(_CODE)):
        if element.tag != "script" or element.get("type") != "application/ld+json":
            element.drop_tree()


def _parser() -> lxml.html.HTMLParser:
    # One per page: lxml parsers keep state and must not be shared across threads.
    return lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
    )


def _parse_text(text: str) -> lxml.html.HtmlElement:
    # Bytes in a declared encoding: libxml2 then ignores the page's own (now wrong) declaration,
    # and accepts pages that start with an XML declaration, which it refuses in a str.
    return _parse_bytes(text.encode("utf-8", errors="replace"))


def _parse_bytes(data: bytes) -> lxml.html.HtmlElement:
    """Parse UTF-8 bytes (without a byte-order mark)."""
    if not data.strip():
        return _empty()
    try:
        root = lxml.html.document_fromstring(data, parser=_parser())
    except etree.ParserError:
        return _empty()
    return _as_document(root)


def _empty() -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(b"<html><body></body></html>")


def _as_document(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """`root` inside ``<html><body>`` unless it is already a whole page."""
    if root.tag == "html":
        if root.find("body") is None:
            body = lxml.html.Element("body")
            body.extend([child for child in root if child.tag != "head"])
            root.append(body)
        return root
    document = _empty()
    if root.tag == "body":
        document.replace(document.find("body"), root)
    else:
        document.find("body").append(root)
    return document


def _is_soup(source: object) -> bool:
    return type(source).__module__.startswith("bs4") and hasattr(source, "contents")


def _from_soup(soup: Any) -> lxml.html.HtmlElement:
    from bs4 import Tag

    if sum(isinstance(node, Tag) for node in soup.contents) != 1:
        # convert_tree regroups several top-level tags under <html> by editing the soup;
        # print it instead, which leaves the caller's object alone.
        return _parse_text(str(soup))
    # convert_tree returns the children of the <html> root it builds (head, body), detached.
    root = lxml.html.Element("html")
    root.extend(node for node in soupparser.convert_tree(soup) if isinstance(node, lxml.html.HtmlElement))
    return _as_document(root)
