"""Cleaning many documents: `Cleaner.clean_many`, and the one task every batch mode shares.

What an item may be, so that a list of strings, a list of ``(text, url)`` pairs and a stream
of JSON objects all work without a conversion step:

- a ``str`` (text or HTML) or ``bytes`` (an HTML page, or UTF-8 text);
- a ``(source, url)`` pair;
- a mapping with ``text`` (or ``html``) and optionally ``url`` and ``language``;
- a `Doc`, which says all of that and the charset from a page's HTTP headers.

Results come back in input order, one per item, always: an item that cannot be cleaned comes
back as a `FailedResult`, its text unchanged and the reason in `error`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from declutter.cleaner import Cleaner
from declutter.decoding import decode_lossy, decode_text
from declutter.errors import DeclutterError
from declutter.html.source import looks_like_html
from declutter.result import Result
from declutter.workers import ordered_map

#: How to read each item: sniffed per item (``auto``), always HTML, or always plain text.
InputFormat = Literal["auto", "html", "text"]
INPUT_FORMATS: tuple[InputFormat, ...] = ("auto", "html", "text")


class ItemError(DeclutterError, TypeError):
    """An item of `clean_many` is of a shape it does not take."""


@dataclass(frozen=True)
class Doc:
    """One document to clean. `encoding` is the charset a server declared for `source` bytes
    (HTTP ``Content-Type``); it wins over the page's own declaration, as in browsers."""

    source: str | bytes
    url: str | None = None
    language: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class FailedResult(Result):
    """A document that could not be cleaned: `text` is the input unchanged, `error` says why."""

    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "error": self.error}


@dataclass(frozen=True)
class Written:
    """One output (a line, or a file written) and what happened, for the summary and the errors
    file, which names it by `name` (its URL or path) where it has one."""

    data: bytes
    removed: tuple[tuple[str, int], ...] = ()
    guarded: bool = False
    error: str | None = None
    name: str | None = None


def as_doc(item: Any) -> Doc:
    """The `Doc` for one item of `clean_many` (see the module docstring for the shapes)."""
    if isinstance(item, Doc):
        return item
    if isinstance(item, (str, bytes)):
        return Doc(item)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], (str, bytes)):
        return Doc(item[0], url=item[1])
    if isinstance(item, Mapping):
        source = item.get("text", item.get("html"))
        if isinstance(source, (str, bytes)):
            return Doc(source, url=item.get("url"), language=item.get("language"))
    raise ItemError(
        f"cannot clean a {type(item).__name__}: give str, bytes, a (text, url) pair, "
        "a mapping with 'text' or 'html', or a declutter.batch.Doc"
    )


@dataclass(frozen=True)
class CleanTask:
    """Clean one `Doc` to a `Result`; `options` go to `Cleaner.clean_html` (format, extract...)."""

    input_format: InputFormat = "auto"
    options: tuple[tuple[str, Any], ...] = ()

    def run(self, cleaner: Cleaner, doc: Doc) -> Result:
        return clean_doc(cleaner, doc, self.input_format, dict(self.options))

    def failed(self, doc: Doc, error: str) -> Result:
        return FailedResult(as_text(doc.source, strict=False), url=doc.url, error=error)

    def size(self, doc: Doc) -> int:
        return len(doc.source)


def clean_doc(cleaner: Cleaner, doc: Doc, input_format: InputFormat, options: Mapping[str, Any]) -> Result:
    """Clean one document as text or HTML; HTML sniffing is `Cleaner.clean`'s own."""
    if input_format == "text" or (input_format == "auto" and not looks_like_html(doc.source)):
        return cleaner.clean_text(as_text(doc.source), url=doc.url, language=doc.language)
    source = doc.source
    if isinstance(source, bytes) and doc.encoding:
        source = decode_declared(source, doc.encoding)
    return cleaner.clean_html(source, url=doc.url, language=doc.language, **options)


def as_text(source: str | bytes, *, strict: bool = True) -> str:
    """`source` as text (see `declutter.decoding`); undecodable bytes are replaced unless
    `strict`, where they raise `InputError`."""
    if isinstance(source, str):
        return source
    return decode_text(source) if strict else decode_lossy(source)


def decode_declared(data: bytes, encoding: str) -> str | bytes:
    """`data` decoded by a server's declared charset; the bytes unchanged (to be sniffed) if
    Python does not know the charset or the bytes do not fit it."""
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return data


def clean_many(
    cleaner: Cleaner,
    items: Iterable[Any],
    *,
    jobs: int | None = 1,
    input_format: InputFormat = "auto",
    timeout: float | None = None,
    **options: Any,
) -> Iterator[Result]:
    """Results for `items`, in input order; see `Cleaner.clean_many`."""
    if input_format not in INPUT_FORMATS:
        raise DeclutterError(f"input_format is one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
    task = CleanTask(input_format, tuple(sorted(options.items())))
    return ordered_map(task, cleaner, _docs(items), jobs=resolve_jobs(jobs), timeout=timeout)


def _docs(items: Iterable[Any]) -> Iterator[Doc]:
    for item in items:
        yield as_doc(item)


def resolve_jobs(jobs: int | None) -> int:
    """`jobs`, with None or 0 meaning every core this process may use."""
    if not jobs:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return jobs
