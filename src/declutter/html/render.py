"""Output formats: text, Markdown, HTML and JSON, for the extracted article or the whole page.

The extracted article is rendered by trafilatura's own serialisers (``xmltotxt`` and
``convert_to_html``, which ``trafilatura.extract`` uses too), so that declutter's text differs
from trafilatura's only by what the rules removed. The whole page (no extraction) is rendered
from its text blocks: one line per block in text; headings, list items and quotes marked in
Markdown. Text and Markdown end with a newline when not empty.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import lxml.html
from lxml import etree
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.xml import xmltotxt

from declutter.html.blocks import Block
from declutter.result import Result

_HEADINGS = {f"h{level}": "#" * level for level in range(1, 7)}


def article_text(body: etree._Element, *, markdown: bool) -> str:
    return _ending(xmltotxt(body, include_formatting=markdown))


def article_html(body: etree._Element) -> str:
    """The article as a small HTML document; changes `body`, so it is rendered last."""
    return etree.tostring(convert_to_html(body), encoding="unicode", pretty_print=True)


def page_text(blocks: Sequence[Block], *, markdown: bool) -> str:
    if not markdown:
        return _ending("\n".join(block.text for block in blocks))
    lines: list[str] = []
    previous = ""
    for block in blocks:
        tag = str(block.element.tag)
        marked = _markdown(tag, block.text)
        if lines and not (tag == "li" and previous == "li"):
            lines.append("")
        lines.append(marked)
        previous = tag
    return _ending("\n".join(lines))


def page_html(root: lxml.html.HtmlElement) -> str:
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def as_json(result: Result) -> str:
    """`result` (with plain text) as one JSON object: text, metadata and removals."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _markdown(tag: str, text: str) -> str:
    if tag in _HEADINGS:
        return f"{_HEADINGS[tag]} {text}"
    if tag == "li":
        return f"- {text}"
    if tag == "blockquote":
        return f"> {text}"
    return text


def _ending(text: str) -> str:
    text = text.strip("\n")
    return text + "\n" if text else ""
