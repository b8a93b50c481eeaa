"""``declutter clean --warc``: one JSONL record per HTML page, decoded as the server said."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from declutter.cli import main

NOTICE = "Please use Chrome browser for a more accessible video player"
START = "Die Geschichte beginnt hier, mit einem Satz über Größe, lang genug für den größten Teil."
END = "Und sie endet hier, nach einem zweiten Satz darüber, was in der Nacht geschah, mit Umlauten."


def page(title: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1><p>{START}</p><p>{NOTICE}</p><p>{END}</p></article>"
        "</body></html>"
    )


def response(writer: WARCWriter, url: str, body: bytes, content_type: str, extra: list[tuple[str, str]] = ()) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type), *extra], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=True)
        # Declared windows-1252 in HTTP only: decoding as UTF-8 would break the umlauts.
        response(writer, "https://example.com/a", page("Erste Seite").encode("cp1252"),
                 "text/html; charset=windows-1252")
        response(writer, "https://example.com/logo.png", b"\x89PNG\r\n", "image/png")
        request = writer.create_warc_record("https://example.com/a", "request", payload=io.BytesIO(b""),
                                            http_headers=StatusAndHeaders("GET /a HTTP/1.1", [], is_http_request=True))
        writer.write_record(request)
        # Compressed by the server: the reader must undo the content encoding.
        response(writer, "https://example.com/b", gzip.compress(page("Zweite Seite").encode("utf-8")),
                 'text/html; charset="utf-8"', [("Content-Encoding", "gzip")])
        response(writer, "https://example.com/c", page("Dritte Seite").encode("utf-8"), "application/xhtml+xml")
    return path


def test_one_record_per_html_page(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages.jsonl"
    result = CliRunner().invoke(main, ["clean", "--warc", str(archive), "-o", str(out), "-j", "2", "--provenance"])
    assert result.exit_code == 0, result.stderr
    assert "3 documents" in result.stderr and "2 WARC records that are not HTML pages skipped" in result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["url"] for r in records] == ["https://example.com/a", "https://example.com/b", "https://example.com/c"]
    for record, title in zip(records, ["Erste Seite", "Zweite Seite", "Dritte Seite"]):
        assert START in record["text"] and END in record["text"]
        assert NOTICE not in record["text"] and "Home" not in record["text"]
        assert record["date"].endswith("Z")
        assert record["metadata"]["status"] == 200
        assert record["metadata"]["title"] == title
        assert record["metadata"]["warc_record_id"].startswith("<urn:uuid:")
        assert record["declutter"]["removed"] == {"site-navigation": 1, "video-player-chrome-notice": 1}


def test_the_same_with_one_worker(archive: Path, tmp_path: Path) -> None:
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"pages-{jobs}.jsonl"
        assert CliRunner().invoke(main, ["clean", "--warc", str(archive), "-o", str(out), "-j", jobs]).exit_code == 0
        outs.append([{k: v for k, v in json.loads(line).items()} for line in out.read_text().splitlines()])
    assert outs[0] == outs[1]


def test_not_a_warc_is_reported_and_what_came_before_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc"
    path.write_bytes(b"this is no WARC\r\n\r\n")
    out = tmp_path / "pages.jsonl"
    result = CliRunner().invoke(main, ["clean", "--warc", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "not a readable WARC stream" in result.stderr
    assert out.read_bytes() == b""
