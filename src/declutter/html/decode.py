"""Bytes to text for HTML pages, the way a page is meant to be read, and never failing.

The order: a byte-order mark; then UTF-8 if the bytes are valid UTF-8; then the charset the
page declares (``<meta charset>`` or ``http-equiv``); then detection with charset_normalizer;
last, UTF-8 with replacement characters, so undecodable bytes never stop a batch.

Valid UTF-8 wins over the declaration because scraped pages are often re-encoded to UTF-8 by
the tool that saved them, with the old declaration left in place (one page of the readability
corpus declares gb2312 and is UTF-8), while text in another encoding is almost never valid
UTF-8 by accident.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from declutter.decoding import bom_codec

_DECLARED = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
#: Where the declaration must be (the HTML standard says the first 1024 bytes; pages are sloppy).
_DECLARATION_WINDOW = 4096
#: Browsers read these labels as windows-1252 (WHATWG Encoding Standard).
_AS_WINDOWS_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"})
#: Detection reads a sample of big pages, as trafilatura does: the head and the tail.
_SAMPLE = 5000


def decode(data: bytes) -> str:
    """The text of an HTML page given as bytes; see the module docstring for the order."""
    if marked := bom_codec(data):
        return data.decode(marked[0], errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong: detect
    sample = data if len(data) <= 2 * _SAMPLE else data[:_SAMPLE] + data[-_SAMPLE:]
    best = from_bytes(sample).best()
    return data.decode(best.encoding if best else "utf-8", errors="replace")


def head_text(data: bytes) -> str:
    """The start of a page as text, cheaply, for sniffing: decoded by its byte-order mark if it
    has one (a UTF-16 page is not ASCII-compatible), else as UTF-8 with replacements."""
    marked = bom_codec(data)
    return data.decode(marked[0] if marked else "utf-8", errors="replace")


def is_utf8(data: bytes) -> bool:
    """Whether `data` is UTF-8 without a byte-order mark: what libxml2 can read as it is."""
    if data.startswith(codecs.BOM_UTF8):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def declared_encoding(data: bytes) -> str | None:
    """The Python codec for the charset the page declares, if it names one Python knows."""
    found = _DECLARED.search(data[:_DECLARATION_WINDOW])
    if not found:
        return None
    label = found.group(1).decode("ascii").lower()
    if label in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
