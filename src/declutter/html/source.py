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

from declutter.errors import DeclutterError, LimitError
from declutter.html.decode import decode, head_text, is_utf8
from declutter.html.limits import DEFAULT_LIMITS, MAX_DEPTH, Budget, Limits, over

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
        head = head_text(bytes(source[:_SNIFF]))
    elif isinstance(source, str):
        head = source[:_SNIFF]
    else:
        return True
    return bool(_MARKUP_START.match(head)) or len(_TAG.findall(head)) >= _MIN_TAGS


def parse(source: HtmlSource, limits: Limits = DEFAULT_LIMITS, budget: Budget | None = None) -> lxml.html.HtmlElement:
    """An ``<html>`` root with a ``<body>``, ours to change, from any accepted input.

    The page must be within `limits` (`LimitError` if not; see `declutter.html.limits`);
    attribute values over ``limits.max_attribute`` are dropped.
    """
    budget = budget or Budget(None)
    size: int | None = None  # bytes given to the parser; None for trees and soups
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        # Four bytes a character at most (UTF-32): the limit is on the UTF-8 that gets parsed.
        over("bytes", len(data), None if limits.max_bytes is None else 4 * limits.max_bytes, "max_bytes")
        if not is_utf8(data):  # valid UTF-8 goes as it is: decoding and encoding again costs time
            data = _utf8(decode(data), limits)
            budget.check("decoding")
        root, size = _parse_bytes(data, limits), len(data)
    elif isinstance(source, str):
        data = _utf8(source, limits)
        root, size = _parse_bytes(data, limits), len(data)
    else:
        root = _from_tree(source, limits)
    _check_depth(root)
    over("elements", int(root.xpath("count(//*)")), limits.max_elements, "max_elements")
    if limits.max_attribute is not None and (size is None or size > limits.max_attribute):
        for value in _LONG_ATTRIBUTES(root, n=limits.max_attribute):
            del value.getparent().attrib[value.attrname]
    budget.check("parsing")
    return root


def _from_tree(source: HtmlSource, limits: Limits) -> lxml.html.HtmlElement:
    if isinstance(source, etree._ElementTree):
        source = source.getroot()
    if isinstance(source, etree._Element):
        _check_depth(source)  # before copying: libxml2 copies and prints trees recursively, in C
        printed = etree.tostring(source, encoding="utf-8", method="html")
        # A tree from the XML parser or etree.HTML lacks lxml.html's element class (and so
        # drop_tree); parsing it again is the one way to change class. So is a tree holding
        # characters lxml refuses to set (control characters, parsed from a page as they were):
        # trafilatura would fail on them, and give up on the whole page.
        if isinstance(source, lxml.html.HtmlElement) and not _FORBIDDEN.search(printed):
            return _as_document(copy.deepcopy(source))
        return _parse_bytes(printed, limits)
    if _is_soup(source):
        _check_soup_depth(source)
        return _from_soup(source, limits)
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
    # One per page: lxml parsers keep state and must not be shared across threads. huge_tree
    # lifts libxml2's limits on depth (256 levels, past which it stops reading: the rest of the
    # page would be lost) and text size; our own limits stand in for them.
    return lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False,
        huge_tree=True,
    )


#: Characters that XML, and so lxml's API, refuses: C0 controls but tab, newline and carriage
#: return, and U+FFFE/U+FFFF. A reader sees none of them; form feed is HTML whitespace, so it
#: becomes a space rather than nothing.
_FORBIDDEN_BYTES = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20)])
_FORBIDDEN = re.compile(b"[\x0c" + re.escape(_FORBIDDEN_BYTES) + b"]|\xef\xbf[\xbe\xbf]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Attribute values longer than ``$n`` characters.
_LONG_ATTRIBUTES = etree.XPath("//@*[string-length(.) > $n]")
#: Whether an element has a descendant `MAX_DEPTH` levels below it: one step per level, so
#: libxml2 visits each element once.
_TOO_DEEP = etree.XPath("boolean(" + "/".join(["*"] * MAX_DEPTH) + ")")


def _check_depth(root: etree._Element) -> None:
    if _TOO_DEEP(root):
        raise LimitError(f"the page nests elements more than {MAX_DEPTH} deep, deeper than HTML mode reads")


def _check_soup_depth(soup: Any) -> None:
    """`_check_depth` for a soup, without recursion: ancestors of the current tag on a stack."""
    from bs4 import Tag

    stack = [soup]
    for node in soup.descendants:
        if isinstance(node, Tag):
            while stack[-1] is not node.parent:
                stack.pop()
            stack.append(node)
            if len(stack) > MAX_DEPTH:
                raise LimitError(f"the page nests elements more than {MAX_DEPTH} deep, deeper than HTML mode reads")


def _utf8(text: str, limits: Limits) -> bytes:
    """`text` as UTF-8 for libxml2, lone surrogates (which UTF-8 cannot hold) as U+FFFD."""
    over("characters", len(text), limits.max_bytes, "max_bytes")  # fewer than its UTF-8 bytes
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def _parse_text(text: str, limits: Limits) -> lxml.html.HtmlElement:
    # Bytes in a declared encoding: libxml2 then ignores the page's own (now wrong) declaration,
    # and accepts pages that start with an XML declaration, which it refuses in a str.
    return _parse_bytes(_utf8(text, limits), limits)


def _parse_bytes(data: bytes, limits: Limits) -> lxml.html.HtmlElement:
    """Parse UTF-8 bytes (without a byte-order mark), without the characters XML refuses."""
    over("bytes", len(data), limits.max_bytes, "max_bytes")
    if _FORBIDDEN.search(data):
        data = data.replace(b"\x0c", b" ").translate(None, _FORBIDDEN_BYTES)
        data = data.replace(b"\xef\xbf\xbe", b"").replace(b"\xef\xbf\xbf", b"")
    if not data.strip():
        return _empty()
    parser = _parser()
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except etree.ParserError:
        root = _empty()
    for error in parser.error_log:
        if error.type in (etree.ErrorTypes.ERR_RESOURCE_LIMIT, etree.ErrorTypes.ERR_NO_MEMORY):
            # libxml2 stopped reading: the rest of the page is missing from the tree. Nesting
            # is the usual reason; it has a clearer message.
            _check_depth(root)
            raise LimitError(f"libxml2 stopped reading the page at line {error.line}: {error.message}")
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


def _from_soup(soup: Any, limits: Limits) -> lxml.html.HtmlElement:
    from bs4 import Tag

    if sum(isinstance(node, Tag) for node in soup.contents) != 1:
        # convert_tree regroups several top-level tags under <html> by editing the soup;
        # print it instead, which leaves the caller's object alone.
        return _parse_text(str(soup), limits)
    # convert_tree returns the children of the <html> root it builds (head, body), detached.
    root = lxml.html.Element("html")
    try:
        root.extend(node for node in soupparser.convert_tree(soup) if isinstance(node, lxml.html.HtmlElement))
    except ValueError:
        # lxml refuses what a soup may hold: control characters, attribute names such as
        # ``a"b``. Printed and parsed, they are dropped or read the way libxml2 reads a page.
        return _parse_text(str(soup), limits)
    return _as_document(root)
