"""Bytes to text for the command line and other byte-oriented callers.

Input is UTF-8, with or without a byte order mark. Windows tools often save text as UTF-16
(and some as UTF-32) with a byte order mark; the mark says which, so such files are decoded
rather than refused. Anything else that is not valid UTF-8 (a legacy code page, an image
given by mistake) is refused with the offset of the first bad byte: guessing a code page
would silently turn text into mojibake. Cleaned text is always written as UTF-8.
"""

from __future__ import annotations

import codecs

from declutter.errors import InputError

#: UTF-32's marks first: the little-endian one begins with UTF-16's.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def bom_codec(data: bytes) -> tuple[str, str] | None:
    """The codec that `data`'s byte order mark announces (it drops the mark), and its name."""
    return next(((codec, name) for mark, codec, name in _MARKS if data.startswith(mark)), None)


def decode_text(data: bytes) -> str:
    """`data` as text: UTF-8, or UTF-16/UTF-32 announced by a byte order mark (dropped)."""
    codec, name = bom_codec(data) or ("utf-8", "UTF-8")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {name} text (bad byte at offset {exc.start}); convert it to UTF-8"
        ) from None


def decode_lossy(data: bytes) -> str:
    """`data` as `decode_text` reads it, with undecodable bytes replaced by U+FFFD: a record
    that failed still passes through (with its error), where refusing it would lose it."""
    codec, _ = bom_codec(data) or ("utf-8", "UTF-8")
    return data.decode(codec, errors="replace")
