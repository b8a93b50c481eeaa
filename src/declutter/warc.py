"""WARC archives: one JSONL record per HTML page, streamed, with the page decoded as served.

Reading uses warcio (Webrecorder's reader, pure Python; it undoes chunked transfer and gzip,
deflate or brotli content encoding). The faster fastwarc would not show: cleaning a page costs
a hundred times more than reading it, and warcio is also what datatrove's WARC reader uses, so
the ``datatrove`` extra adds nothing new.

Pages are ``response`` records whose HTTP ``Content-Type`` is HTML; other records (requests,
metadata, images) are skipped and counted. A page's bytes are decoded by the charset its
HTTP headers declare, else as `declutter.html.decode` does (BOM, UTF-8, ``<meta>``, detection).

Each page gives ``{"url", "date", "text", "metadata"}``: ``date`` is when it was crawled
(``WARC-Date``); ``metadata`` holds the HTTP status and content type, the WARC record id and
what trafilatura found (title, author, published date, site name). A page that cannot be
cleaned still gives its record, with ``"text": null`` and a ``declutter`` object holding the
error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, BinaryIO

from declutter.batch import Doc, Written, clean_doc
from declutter.cleaner import Cleaner
from declutter.errors import DeclutterError
from declutter.jsonl import dumps
from declutter.provenance import Stamp, provenance

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: A bigger "page" is a mislabelled download; it is reported, not parsed.
MAX_PAGE_BYTES = 16 << 20


@dataclass(frozen=True)
class Page:
    """An HTML response record: its payload and what the WARC and HTTP headers say of it."""

    url: str | None
    date: str | None
    record_id: str | None
    status: int | None
    content_type: str
    charset: str | None
    payload: bytes | None  # None when over MAX_PAGE_BYTES


@dataclass
class Skipped:
    """Records that are not HTML pages, counted for the summary."""

    records: int = 0


def read_pages(stream: BinaryIO, skipped: Skipped) -> Iterator[Page]:
    """The HTML response records of a WARC stream (plain or gzip), in order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for record in ArchiveIterator(stream):
            page = _page(record)
            if page is None:
                skipped.records += 1
            else:
                yield page
    except ArchiveLoadFailed as exc:
        raise DeclutterError(f"not a readable WARC stream: {exc}") from None


def _page(record: Any) -> Page | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    mime, charset = _media_type(content_type)
    if mime not in _HTML_TYPES:
        return None
    payload = record.content_stream().read(MAX_PAGE_BYTES + 1)
    status = record.http_headers.get_statuscode()
    return Page(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        date=record.rec_headers.get_header("WARC-Date"),
        record_id=record.rec_headers.get_header("WARC-Record-ID"),
        status=int(status) if status and status.isdigit() else None,
        content_type=mime,
        charset=charset,
        payload=payload if len(payload) <= MAX_PAGE_BYTES else None,
    )


def _media_type(header: str) -> tuple[str, str | None]:
    """``text/html; charset="UTF-8"`` -> (``text/html``, ``UTF-8``)."""
    mime, *params = header.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'")
    return mime.strip().lower(), charset


@dataclass(frozen=True)
class WarcTask:
    """Clean one page to one JSONL record; see the module docstring."""

    stamp: Stamp | None = None  # provenance wanted
    options: tuple[tuple[str, Any], ...] = (("with_metadata", True),)

    def run(self, cleaner: Cleaner, page: Page) -> Written:
        if page.payload is None:
            raise DeclutterError(f"larger than {MAX_PAGE_BYTES >> 20} MB: not cleaned")
        doc = Doc(page.payload, url=page.url, encoding=page.charset)
        result = clean_doc(cleaner, doc, "html", dict(self.options))
        record = self._record(page, result.text)
        if result.metadata is not None:
            found = {key: value for key, value in asdict(result.metadata).items() if value and key != "url"}
            record["metadata"].update(found)
        if self.stamp is not None:
            record["declutter"] = provenance(result, self.stamp)
        counts: dict[str, int] = {}
        for removal in result.removed:
            counts[removal.rule] = counts.get(removal.rule, 0) + 1
        return Written(dumps(record), tuple(sorted(counts.items())), result.guarded, name=page.url)

    def failed(self, page: Page, error: str) -> Written:
        record = self._record(page, None)
        note: dict[str, Any] = {"error": error}
        if self.stamp is not None:
            note.update(version=self.stamp.version, rules_hash=self.stamp.rules_hash)
        record["declutter"] = note
        return Written(dumps(record), error=error, name=page.url)

    def size(self, page: Page) -> int:
        return len(page.payload or b"")

    @staticmethod
    def _record(page: Page, text: str | None) -> dict[str, Any]:
        metadata = {"status": page.status, "content_type": page.content_type, "warc_record_id": page.record_id}
        return {"url": page.url, "date": page.date, "text": text, "metadata": metadata}
