"""Bad HTML, through `clean_html`, `declutter.clean` and the command line.

Every page gives a `Result` or a `DeclutterError` subclass, in bounded time: never a bare
`UnicodeDecodeError`, `RecursionError`, `ValueError` or lxml error from inside, and never text
silently lost (a page libxml2 or trafilatura cannot read whole is refused, not cut short).
Big pages are generated here; time limits only catch hangs (see the `time_limit` fixture).
"""

from __future__ import annotations

import codecs
import pickle
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from lxml import etree

import declutter
from declutter import Cleaner, DeclutterError, InputError
from declutter.batch import FailedResult
from declutter.cli import main
from declutter.errors import LimitError, TimeBudgetError
from declutter.html.limits import MAX_DEPTH, Limits
from declutter.loading import parse_rule

TimeLimit = Callable[[float], AbstractContextManager[None]]

PARAGRAPHS = [
    "The council agreed on Monday to rebuild the harbour wall before the autumn tides return.",
    "Engineers said the old stones would be reused where they could, over about five months.",
    "Fishermen who moor inside the wall will move to the north quay while the work goes on.",
    "The cost, shared with the county, is put at a little under two million pounds in all.",
]
NOISE = "Advertisement"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256)) * 4


def page(body: str, head: str = "<meta charset='utf-8'>") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>Harbour</title></head><body>{body}</body></html>"


def article(*extra: str) -> str:
    """An article trafilatura extracts, with `extra` paragraphs inside it."""
    paragraphs = [*PARAGRAPHS[:2], *extra, *PARAGRAPHS[2:]]
    return "<article><h1>Harbour wall</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"


ARTICLE = page(article())


def cleaned(source: Any, **options: Any) -> declutter.Result:
    """`clean_html`, checked against `declutter.clean` (which must sniff the page as HTML)."""
    result = declutter.clean_html(source, **options)
    assert isinstance(result, declutter.Result)
    assert declutter.clean(source, **options).text == result.text
    return result


def refused(source: Any, error: type[DeclutterError] = LimitError, **options: Any) -> str:
    """The message of the declutter error that both entry points raise for `source`."""
    with pytest.raises(error) as raised:
        declutter.clean_html(source, **options)
    with pytest.raises(error):
        declutter.clean(source, **options)
    return str(raised.value)


def in_order(text: str, *parts: str) -> bool:
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
    return True


# --- empty, binary, encodings ----------------------------------------------------------------


@pytest.mark.parametrize("source", ["", " ", "\n\t \r\n", b"", b"   \n", "\u00a0", "<html></html>", "<!-- -->"])
@pytest.mark.parametrize("extract", [True, False])
def test_empty_and_whitespace_only_pages_give_no_text(source: str | bytes, extract: bool) -> None:
    result = declutter.clean_html(source, extract=extract)
    assert result.text.strip() == "" and not result.removed and not result.guarded


def test_binary_data_as_html_gives_a_result_and_as_a_document_an_input_error() -> None:
    for extract in (True, False):
        assert isinstance(declutter.clean_html(PNG, extract=extract).text, str)
    with pytest.raises(InputError, match="not valid UTF-8"):
        declutter.clean(PNG)  # not sniffed as HTML: text mode, which wants text


def test_invalid_utf8_keeps_the_text_around_the_bad_bytes() -> None:
    data = page(article("Caf\u00e9 au lait, XYZZY, and the rest of the line.")).encode()
    data = data.replace(b"XYZZY", b"\xff\xfe\xc3(\xed\xa0\x80")
    for extract in (True, False):
        text = cleaned(data, extract=extract).text
        assert in_order(text, PARAGRAPHS[0], "and the rest of the line.", PARAGRAPHS[3])


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark(codec: str) -> None:
    source = page(article("Gr\u00fc\u00dfe aus K\u00f6ln, sagte die B\u00fcrgermeisterin am Morgen."))
    data = source.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    for extract in (True, False):
        assert cleaned(data, extract=extract).text == declutter.clean_html(source, extract=extract).text
    assert "Gr\u00fc\u00dfe aus K\u00f6ln" in cleaned(data).text


@pytest.mark.parametrize(
    ("declared", "codec"),
    [("utf-8", "cp1252"), ("shift_jis", "latin-1"), ("no-such-charset", "cp1252"), ("utf-16", "utf-8")],
)
def test_a_meta_charset_that_lies(declared: str, codec: str) -> None:
    # Letters that cp1252 and its look-alikes (cp1250, latin-1) share: detection may pick either.
    line = "Gr\u00fc\u00dfe aus K\u00f6ln: \u00e9t\u00e9 und Caf\u00e9, sagte die B\u00fcrgermeisterin."
    data = page(article(line), head=f'<meta charset="{declared}">').encode(codec)
    for extract in (True, False):
        assert line in cleaned(data, extract=extract).text


# --- characters --------------------------------------------------------------------------------


#: The characters XML refuses (DEL, which it allows, passes through).
CONTROLS = "".join(map(chr, [*range(9), 11, *range(14, 32)])) + "\ufffe\uffff"


@pytest.mark.parametrize("as_bytes", [False, True])
def test_nul_and_control_characters_do_not_lose_the_article(as_bytes: bool) -> None:
    # lxml refuses to set such characters; trafilatura then gave up on the whole page.
    line = f"Before{CONTROLS}after, and the \x1b[31mcoloured\x1b[0m words."
    source = page(article(line) + "<a href='/x\x01y' title='\x00'>link</a>")
    source_in = source.encode() if as_bytes else source
    for extract in (True, False):
        for format in ("text", "markdown", "html", "json"):
            text = cleaned(source_in, extract=extract, format=format).text
            assert in_order(text, PARAGRAPHS[1], "Beforeafter, and the ", "coloured", " words.", PARAGRAPHS[2])
            assert not set(CONTROLS) & set(text)


def test_lone_surrogates_in_a_str_become_replacement_characters() -> None:
    source = page(article("Half \ud800 a pair \udfff and \udc80 more of the same sentence."))
    for extract in (True, False):
        text = cleaned(source, extract=extract).text
        assert "Half \ufffd a pair \ufffd and \ufffd more" in text and PARAGRAPHS[3] in text


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_crlf_cr_and_unicode_line_separators(ending: str) -> None:
    body = ending.join(["<article>", *(f"<p>{p}</p>" for p in PARAGRAPHS[:2]), f"<p>{NOISE}</p>",
                        f"<p>{PARAGRAPHS[2]}{ending}{PARAGRAPHS[3]}</p>", "</article>"])
    source = ending.join(["<!DOCTYPE html>", "<html>", "<body>", body, "</body>", "</html>"])
    for data in (source, source.encode()):
        for extract in (True, False):
            result = cleaned(data, extract=extract)
            assert [r.text for r in result.removed] == [NOISE]
            assert in_order(" ".join(result.text.split()), *PARAGRAPHS)


# --- size and shape ------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["div", "span", "b", "table", "blockquote"])
def test_a_hundred_thousand_deep_nesting_is_refused(tag: str, time_limit: TimeLimit) -> None:
    source = page(f"<{tag}>" * 100_000 + article() + f"</{tag}>" * 100_000)
    with time_limit(60):
        for data in (source, source.encode()):
            assert f"more than {MAX_DEPTH} deep" in refused(data)


def test_deep_trees_and_soups_are_refused_before_they_are_copied(time_limit: TimeLimit) -> None:
    root = etree.Element("html")
    element = etree.SubElement(root, "body")
    for _ in range(100_000):
        element = etree.SubElement(element, "div")
    element.text = PARAGRAPHS[0]
    html_root = lxml.html.fromstring("<div>" * 1_000 + "deep" + "</div>" * 1_000, parser=lxml.html.HTMLParser(huge_tree=True))
    soup = BeautifulSoup("<div>" * 3_000 + article(), "html.parser")
    with time_limit(60):
        for source in (root, etree.ElementTree(root), html_root, soup):
            refused(source)


@pytest.mark.parametrize("tag", ["div", "section", "ul><li", "table><tr><td", "i", "pre><code", "dl><dd"])
def test_nesting_within_the_limit_keeps_all_the_text(tag: str) -> None:
    # trafilatura recurses per level in Python: this depth must be safe with every option.
    depth = (MAX_DEPTH - 20) // (tag.count("<") + 1)
    opening = f"<{tag}>"
    closing = "".join(f"</{t}>" for t in reversed(tag.split("><")))
    source = page("<article>" + opening * depth + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + closing * depth + "</article>")
    for extract in (True, False):
        for format in ("text", "markdown", "json"):
            text = declutter.clean_html(source, extract=extract, format=format, include_links=True,
                                        include_comments=True, include_images=True).text
            assert in_order(text, *PARAGRAPHS[1:3])


@pytest.mark.parametrize("tag", ["p", "li", "td"])
def test_two_hundred_thousand_unclosed_tags(tag: str, time_limit: TimeLimit) -> None:
    source = "<html><body>" + "".join(f"<{tag}>word {i} " for i in range(200_000))
    with time_limit(120):
        result = declutter.clean_html(source, extract=False)
    assert isinstance(result, declutter.Result)
    if not result.removed:
        assert "word 199999" in result.text


def test_two_hundred_thousand_unclosed_paragraphs_extracted(time_limit: TimeLimit) -> None:
    source = "<html><body>" + "".join(f"<p>Line {i} of the long page " for i in range(200_000))
    with time_limit(180):
        result = declutter.clean_html(source.encode())
    assert "Line 199999 of the long page" in result.text or result.removed


def test_two_hundred_thousand_unclosed_nesting_tags_are_refused(time_limit: TimeLimit) -> None:
    with time_limit(60):
        refused("<html><body>" + "<div>x" * 200_000)


def test_a_one_megabyte_line() -> None:
    line = "word " * 200_000
    for source in (page(article(line)), page(f"<p>{'x' * 1_000_000}</p>" + article())):
        for extract in (True, False):
            text = cleaned(source, extract=extract).text
            assert max(map(len, text.splitlines())) >= 999_000


def test_a_fifty_megabyte_page(time_limit: TimeLimit) -> None:
    parts = []
    size = 0
    while size < 50_000_000:
        words = " ".join(PARAGRAPHS[(len(parts) + k) % 4] for k in range(4))
        part = f"<div class='c{len(parts) % 40}'><p>Paragraph {len(parts)}: {words}</p></div>\n"
        parts.append(part)
        size += len(part)
    data = page("<article>" + "".join(parts) + "</article>").encode()
    assert len(data) > 50_000_000
    # The default size limits, without the default 30-second budget: the page takes most of
    # that on a quiet machine, and a busy one must not fail this test by the clock (the budget
    # has its own tests below).
    with time_limit(300):
        result = declutter.clean_html(data, limits=Limits(time_budget=None))
    assert in_order(result.text, "Paragraph 0:", f"Paragraph {len(parts) - 1}:")


def test_a_page_of_scripts_only() -> None:
    source = "<html><head><script>var a = '<p>not text</p>';</script><style>p{}</style></head><body>" + (
        "<script>document.write('<p>x</p>')</script>" * 1_000) + "</body></html>"
    for extract in (True, False):
        for format in ("text", "html", "json"):
            assert "not text" not in cleaned(source, extract=extract, format=format).text


def test_a_five_megabyte_data_uri_is_dropped_and_the_text_kept() -> None:
    image = "data:image/png;base64," + "iVBORw0KGgo" * 500_000
    source = page(article() + f'<img src="{image}" alt="A map"><div data-state="{image}">{NOISE}</div>')
    for extract in (True, False):
        result = cleaned(source, extract=extract, format="html", include_images=True)
        assert "iVBORw0KGgo" not in result.text and in_order(result.text, *PARAGRAPHS)
    kept = declutter.clean_html(source, extract=False, format="html", limits=Limits(max_attribute=None))
    assert image in kept.text


class TestBrokenPagesAsTrees:
    BROKEN = "<div><p>" + PARAGRAPHS[0] + "<b>bold <i>both</b> italic?<p>" + PARAGRAPHS[1] + "<table><td>cell</div>"

    def test_an_lxml_tree_of_a_broken_page(self) -> None:
        for tree in (lxml.html.fromstring(self.BROKEN), etree.HTML(self.BROKEN), lxml.html.fromstring(self.BROKEN).getroottree()):
            before = etree.tostring(tree)
            for extract in (True, False):
                assert in_order(cleaned(tree, extract=extract).text, PARAGRAPHS[0], PARAGRAPHS[1])
            assert etree.tostring(tree) == before

    def test_a_soup_of_a_broken_page(self) -> None:
        for parser in ("html.parser", "lxml"):
            soup = BeautifulSoup(self.BROKEN + "<p>one<p>two", parser)
            before = str(soup)
            for extract in (True, False):
                assert in_order(cleaned(soup, extract=extract).text, PARAGRAPHS[0], PARAGRAPHS[1])
            assert str(soup) == before

    def test_trees_and_soups_holding_control_characters(self) -> None:
        # lxml refuses to copy such text into new elements (convert_tree, trafilatura).
        source = page(article("Ring\x07 the\x00 bell\x1b."))
        soup = BeautifulSoup(source, "html.parser")
        soup.find("p")["data-x\"y"] = "odd name"
        for tree in (lxml.html.document_fromstring(source.encode()), soup):
            # libxml2 turned the NUL into U+FFFD when the tree was parsed; the soup kept it.
            assert in_order(cleaned(tree).text, PARAGRAPHS[1], "Ring the", " bell.", PARAGRAPHS[2])


# --- limits ------------------------------------------------------------------------------------


def test_a_page_over_max_bytes_is_refused_before_parsing() -> None:
    small = Limits(max_bytes=100)
    source = page(article())
    assert "Limits.max_bytes" in refused(source, limits=small)
    assert "Limits.max_bytes" in refused(source.encode(), limits=small)
    assert "Limits.max_bytes" in refused(source.encode("utf-16"), limits=small)
    assert declutter.clean_html(source, limits=Limits(max_bytes=None)).text


def test_a_page_over_max_elements_is_refused() -> None:
    source = page("<p>x</p>" * 100 + article())
    assert "Limits.max_elements" in refused(source, limits=Limits(max_elements=100))
    assert "Limits.max_elements" in refused(lxml.html.fromstring(source), limits=Limits(max_elements=100))
    assert PARAGRAPHS[0] in declutter.clean_html(source, limits=Limits(max_elements=200)).text


@pytest.mark.parametrize("field", ["max_bytes", "max_elements", "max_attribute", "time_budget"])
@pytest.mark.parametrize("value", [0, -1, True, "10", float("nan")])
def test_limits_must_be_positive_numbers(field: str, value: object) -> None:
    with pytest.raises(DeclutterError, match=field):
        Limits(**{field: value})


def test_a_cleaner_carries_its_limits_into_worker_processes() -> None:
    cleaner = pickle.loads(pickle.dumps(Cleaner(limits=Limits(max_elements=50))))
    with pytest.raises(LimitError, match="Limits.max_elements"):
        cleaner.clean_html(ARTICLE * 10)
    assert cleaner.clean_html(ARTICLE * 10, limits=Limits()).text
    with pytest.raises(DeclutterError, match="limits must be"):
        Cleaner(limits={"max_bytes": 1})  # type: ignore[arg-type]


def test_the_time_budget_is_checked_between_stages() -> None:
    message = refused(ARTICLE, TimeBudgetError, limits=Limits(time_budget=1e-9))
    assert "time budget" in message and "Limits.time_budget" in message
    assert issubclass(TimeBudgetError, LimitError) and issubclass(LimitError, DeclutterError)
    assert declutter.clean_html(ARTICLE, limits=Limits(time_budget=None)).text


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_over_its_budget_is_one_failed_record_in_a_batch(jobs: int) -> None:
    items = [ARTICLE, "<html><body>" + "<div>" * 600 + "deep", ARTICLE]
    results = list(Cleaner(limits=Limits(time_budget=1e-9)).clean_many(items[:1], jobs=jobs, input_format="html"))
    assert isinstance(results[0], FailedResult) and "time budget" in results[0].error
    results = list(Cleaner().clean_many(items, jobs=jobs, input_format="html"))
    assert [isinstance(r, FailedResult) for r in results] == [False, True, False]
    assert results[1].text == items[1] and "deep" in results[1].error
    assert PARAGRAPHS[0] in results[2].text


# --- the damage guard --------------------------------------------------------------------------


def test_the_guard_holds_back_text_rules_that_would_take_most_of_the_article() -> None:
    wrong = parse_rule({"id": "gone-wrong", "summary": "S.", "why": "W.", "kind": "phrase",
                        "phrases": PARAGRAPHS[:3]})
    for extract in (True, False):
        result = Cleaner.from_rules([wrong]).clean_html(ARTICLE, extract=extract)
        assert result.guarded and result.removed == () and {r.rule for r in result.held_back} == {"gone-wrong"}
        assert in_order(result.text, *PARAGRAPHS)
        result = Cleaner.from_rules([wrong], max_removed=1).clean_html(ARTICLE, extract=extract)
        assert not result.guarded and result.text.split("\n")[-2] == PARAGRAPHS[3]


def test_the_guard_holds_back_element_rules_that_would_take_most_of_the_page() -> None:
    wrong = parse_rule({"id": "gone-wrong", "summary": "S.", "why": "W.", "kind": "selector", "css": ["p"]})
    for extract in (True, False):
        result = Cleaner.from_rules([wrong]).clean_html(ARTICLE, extract=extract, format="json")
        assert result.guarded and result.removed == () and len(result.held_back) == 4
        assert '"guarded": true' in result.text and all(p in result.text for p in PARAGRAPHS)


# --- the command line --------------------------------------------------------------------------

CLI_PAGES = {
    "empty.html": b"",
    "blank.html": b" \r\n\t",
    "image.html": PNG,
    "latin1.html": page(article("Caf\u00e9 cr\u00e8me.")).encode("cp1252"),
    "utf16.html": page(article()).encode("utf-16"),
    "controls.html": page(article("a\x00b\x01c\x1b[0m")).encode(),
    "crlf.html": ARTICLE.replace("<p>", "\r\n<p>").encode(),
    "scripts.html": b"<html><body>" + b"<script>x()</script>" * 100 + b"</body></html>",
}


@pytest.mark.parametrize("name", CLI_PAGES)
def test_cli_cleans_bad_pages_without_a_traceback(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(CLI_PAGES[name])
    for options in ([], ["--input-format", "html", "--format", "json"], ["--no-extract", "--explain"]):
        result = CliRunner().invoke(main, ["clean", *options, str(path)])
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        as_text = name == "image.html" and "--input-format" not in options  # sniffed: not HTML
        assert result.exit_code == (1 if as_text else 0), result.output


def test_cli_reports_a_refused_page_in_one_line_and_goes_on(tmp_path: Path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 100_000 + "x")
    good = tmp_path / "good.html"
    good.write_text(ARTICLE)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", "-o", str(out), str(deep), str(good)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "deep.html" in result.stderr and "deep" in result.stderr
    assert PARAGRAPHS[0] in (out / "good.txt").read_text(encoding="utf-8")


def test_the_installed_command_shows_no_traceback_on_bad_pages(tmp_path: Path) -> None:
    pages = {**CLI_PAGES, "deep.html": b"<html><body>" + b"<b>" * 100_000, "unclosed.html": b"<li>x" * 200_000}
    for name, data in pages.items():
        (tmp_path / name).write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "declutter", "clean", "--input-format", "html", "-o", str(tmp_path / "out"),
         *sorted(pages)],
        capture_output=True, check=False, timeout=300, cwd=tmp_path,
    )
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.decode().splitlines() == [
        f"declutter: deep.html: the page nests elements more than {MAX_DEPTH} deep, deeper than HTML mode reads"
    ]
    assert len(list((tmp_path / "out").iterdir())) == len(pages) - 1
