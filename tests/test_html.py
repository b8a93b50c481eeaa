"""HTML mode: inputs, element rules, extraction, text rules on blocks, formats and the CLI."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import lxml.html
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from lxml import etree
from lxml.cssselect import CSSSelector

import declutter
from declutter import Cleaner, RuleError
from declutter.cli import main
from declutter.fixtures import PAGES, discover, fixtures_dir, run_case
from declutter.html.css import element_test
from declutter.html.decode import decode
from declutter.html.source import UnsupportedInput, looks_like_html
from declutter.html.tokens import TokenMatcher
from declutter.loading import parse_rule

PROSE = "The council agreed on Monday to rebuild the harbour wall before the autumn tides return."
MORE = "Engineers said the old stones would be reused where they could, over about five months."


def rule(**fields: object) -> declutter.Rule:
    return parse_rule({"id": "test-rule", "summary": "S.", "why": "W.", **fields})


def only(*rules: declutter.Rule) -> Cleaner:
    return Cleaner.from_rules(list(rules), max_removed=1)


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


AD = rule(kind="selector", class_words=["ad"], id_words=["ad"])
NOISY = page(f"<article><p>{PROSE}</p><div class='ad-slot'>Advertisement</div><p>{MORE}</p></article>")


class TestInputs:
    def test_str(self) -> None:
        assert only(AD).clean_html(NOISY, extract=False).text == f"{PROSE}\n{MORE}\n"

    def test_bytes_with_a_byte_order_mark(self) -> None:
        data = b"\xef\xbb\xbf" + page("<p>Caf\u00e9 au lait</p>").encode("utf-8")
        assert declutter.clean_html(data, extract=False).text == "Caf\u00e9 au lait\n"

    def test_bytes_in_the_declared_charset(self) -> None:
        data = "<html><head><meta charset='iso-8859-1'></head><body><p>Caf\u00e9 cr\u00e8me</p></body></html>"
        assert declutter.clean_html(data.encode("latin-1"), extract=False).text == "Caf\u00e9 cr\u00e8me\n"

    def test_http_equiv_charset(self) -> None:
        head = "<meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>"
        data = f"<html><head>{head}</head><body><p>\u201cQuoted\u201d</p></body></html>".encode("cp1252")
        assert declutter.clean_html(data, extract=False).text == "\u201cQuoted\u201d\n"

    def test_a_lying_declaration_does_not_win(self) -> None:
        # Declared UTF-8, written in windows-1252: detection reads it; nothing crashes.
        text = "<html><head><meta charset='utf-8'></head><body><p>Caf\u00e9 au lait, cr\u00e8me br\u00fbl\u00e9e et g\u00e2teau.</p></body></html>"
        assert "Caf\u00e9" in decode(text.encode("cp1252"))
        # Declared gb2312, written in UTF-8 (a re-encoded page): valid UTF-8 wins.
        utf8 = "<html><head><meta charset='gb2312'></head><body><p>na\u00efve caf\u00e9</p></body></html>"
        assert declutter.clean_html(utf8.encode("utf-8"), extract=False).text == "na\u00efve caf\u00e9\n"

    @pytest.mark.parametrize("data", [b"\xff\xfe\x00\xd8\x80", b"\x81\x8d\x8f\x90" * 50, b"", b"   ", b"\x00\x00"])
    def test_undecodable_bytes_never_crash(self, data: bytes) -> None:
        result = declutter.clean_html(data, extract=False)
        assert isinstance(result.text, str)
        assert declutter.clean_html(data).text == "" or isinstance(declutter.clean_html(data).text, str)

    def test_lxml_element_is_copied_not_changed(self) -> None:
        tree = lxml.html.document_fromstring(NOISY)
        before = lxml.html.tostring(tree)
        assert only(AD).clean_html(tree, extract=False).text == f"{PROSE}\n{MORE}\n"
        assert lxml.html.tostring(tree) == before

    def test_lxml_tree_and_etree_element(self) -> None:
        tree = lxml.html.document_fromstring(NOISY).getroottree()
        assert only(AD).clean_html(tree, extract=False).text == f"{PROSE}\n{MORE}\n"
        plain = etree.HTML(NOISY)  # etree's element class: no drop_tree
        assert only(AD).clean_html(plain, extract=False).text == f"{PROSE}\n{MORE}\n"

    def test_a_part_of_a_page(self) -> None:
        article = lxml.html.document_fromstring(NOISY).find(".//article")
        assert only(AD).clean_html(article, extract=False).text == f"{PROSE}\n{MORE}\n"

    @pytest.mark.parametrize("parser", ["html.parser", "lxml"])
    def test_beautifulsoup_is_converted_not_changed(self, parser: str) -> None:
        soup = BeautifulSoup(NOISY, parser)
        before = str(soup)
        assert only(AD).clean_html(soup, extract=False).text == f"{PROSE}\n{MORE}\n"
        assert str(soup) == before

    def test_beautifulsoup_fragment_with_one_root(self) -> None:
        soup = BeautifulSoup(f"<div><p>{PROSE}</p><div class='ad'>Advertisement</div></div>", "html.parser")
        assert only(AD).clean_html(soup, extract=False).text == f"{PROSE}\n"

    def test_beautifulsoup_fragment_with_several_roots(self) -> None:
        soup = BeautifulSoup(f"<p>{PROSE}</p><div class='ad'>Advertisement</div><p>{MORE}</p>", "html.parser")
        before = str(soup)
        assert only(AD).clean_html(soup, extract=False).text == f"{PROSE}\n{MORE}\n"
        assert str(soup) == before

    def test_other_types_are_refused(self) -> None:
        with pytest.raises(UnsupportedInput):
            declutter.clean_html(42)
        with pytest.raises(declutter.DeclutterError):
            declutter.clean_html(NOISY, format="pdf")  # type: ignore[arg-type]


class TestSniffing:
    @pytest.mark.parametrize("text", [NOISY, "  <div>x</div>", "<p>a</p>", "\ufeff<!doctype html><html>", "<?xml version='1.0'?><html>"])
    def test_html(self, text: str) -> None:
        assert looks_like_html(text) and looks_like_html(text.encode("utf-8"))

    @pytest.mark.parametrize("text", [PROSE, "Use <b> for bold, it said.", "a < b and c > d", "Read more: <link>"])
    def test_text(self, text: str) -> None:
        assert not looks_like_html(text)

    def test_clean_picks_the_mode(self) -> None:
        notice = "Please use Chrome browser for a more accessible video player"
        as_text = declutter.clean(f"{PROSE}\n{notice}\n{MORE}\n", url=None)
        assert as_text.html is None and as_text.removed[0].line == 2
        as_html = declutter.clean(page(f"<p>{PROSE}</p><p>{notice}</p><p>{MORE}</p>"), extract=False)
        assert as_html.html is not None and as_html.removed[0].element is not None
        assert as_text.text == as_html.text
        assert declutter.clean(lxml.html.document_fromstring(NOISY)).html is not None


class TestElementRules:
    def test_drop_tree_keeps_the_tail(self) -> None:
        hidden = rule(kind="xpath", xpaths=["@aria-hidden = 'true'"])
        html = page("<p>The council agreed<span aria-hidden='true'> (video)</span> to rebuild the wall.</p>")
        result = only(hidden).clean_html(html, extract=False)
        assert result.text == "The council agreed to rebuild the wall.\n"
        assert "to rebuild the wall." in result.html and "(video)" not in result.html

    def test_removal_names_rule_element_and_text(self) -> None:
        removal = only(AD).clean_html(NOISY, extract=False).removed[0]
        assert removal == declutter.Removal(
            "test-rule", 0, "Advertisement", declutter.Element("div", None, ("ad-slot",))
        )

    def test_only_the_outermost_element_is_reported(self) -> None:
        html = page(f"<p>{PROSE}</p><div id='ad-1'><div class='ad-label'>Advertisement</div></div>")
        assert [r.element.id for r in only(AD).clean_html(html, extract=False).removed] == ["ad-1"]

    def test_css_combinators_unless_and_max_words(self) -> None:
        share = rule(kind="selector", css=["article .share, footer > ul"], unless=[".keep"], max_words=5)
        html = page(
            "<article><div class='share'>Share this</div><div class='share keep'>Keep me</div>"
            f"<div class='share'>{PROSE}</div></article><div class='share'>Outside</div>"
            "<footer><ul><li>Terms</li></ul></footer>"
        )
        text = only(share).clean_html(html, extract=False).text
        assert text == f"Keep me\n{PROSE}\nOutside\n"

    def test_class_prefixes_for_hashed_css_module_names(self) -> None:
        box = rule(kind="selector", class_prefixes=["NewsletterSignUp_"])
        html = page(f"<p>{PROSE}</p><aside class='x NewsletterSignUp_box__x7Yz'>Sign up</aside>"
                    "<p class='MyNewsletterSignUp_note'>Kept</p>")
        assert only(box).clean_html(html, extract=False).text == f"{PROSE}\nKept\n"

    def test_site_scope(self) -> None:
        scoped = rule(kind="selector", class_words=["promo"], domains=["example.com", "~blog.example.com"])
        html = page(f"<p>{PROSE}</p><div class='promo'>Subscribe now</div>")
        cleaner = only(scoped)
        assert cleaner.clean_html(html, url="https://www.example.com/a", extract=False).text == f"{PROSE}\n"
        for url in (None, "https://blog.example.com/a", "https://other.org/a"):
            assert "Subscribe now" in cleaner.clean_html(html, url=url, extract=False).text

    def test_the_guard_holds_back_rules_that_would_take_the_page(self) -> None:
        everything = rule(kind="selector", css=["article"])
        html = page(f"<article><p>{PROSE}</p><p>{MORE}</p></article>")
        result = Cleaner.from_rules([everything]).clean_html(html, extract=False)
        assert result.text == f"{PROSE}\n{MORE}\n"
        assert result.removed == () and result.guarded and result.held_back[0].rule == "test-rule"

    def test_text_mode_ignores_html_rules(self) -> None:
        cleaner = only(AD, rule(id="xp", kind="xpath", xpaths=["@hidden"]))
        text = "ad\nad-slot\nAdvertisement\n<div class='ad'>x</div>\n"
        assert cleaner.clean_text(text).text == text

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"kind": "selector", "css": ["div[["]}, "css"),
            ({"kind": "selector", "css": ["p::first-line"]}, "css"),
            ({"kind": "selector", "class_words": ["Ad Slot"]}, "class_words"),
            ({"kind": "selector", "class_prefixes": ["a b"]}, "class_prefixes"),
            ({"kind": "selector"}, "css"),
            ({"kind": "selector", "css": ["p"], "unless": ["::x"]}, "unless"),
            ({"kind": "xpath", "xpaths": ["@@"]}, "xpaths"),
            ({"kind": "xpath", "xpaths": ["nope()"]}, "xpaths"),
        ],
    )
    def test_invalid_rules_fail_on_load(self, fields: dict[str, object], field: str) -> None:
        with pytest.raises(RuleError) as error:
            rule(**fields)
        assert error.value.field == field

    def test_a_cleaner_with_html_rules_pickles(self) -> None:
        cleaner = only(AD)
        copy = pickle.loads(pickle.dumps(cleaner))
        assert copy.clean_html(NOISY, extract=False) == cleaner.clean_html(NOISY, extract=False)


class TestTokens:
    MATCHER = TokenMatcher({"ad": [1], "cookie-banner": [2]}, {"NewsletterSignUp_": [3]})

    @pytest.mark.parametrize(
        "value", ["ad", "ad-slot", "top_ad", "AdSlot_x7Yz", "mainAd", "ad1", "x ad", "ad__label", "AdChoices"]
    )
    def test_ad_matches_whole_parts(self, value: str) -> None:
        assert self.MATCHER.match([value]) == {0: {1}}

    @pytest.mark.parametrize(
        "value", ["adult", "header", "shadow", "load", "badge", "Headline", "ADULT", "readmore", "gradient", "ads"]
    )
    def test_ad_never_matches_inside_a_word(self, value: str) -> None:
        assert self.MATCHER.match([value]) == {}

    def test_compounds_and_prefixes(self) -> None:
        values = ["cookie-recipe", "cookies", "cookie-banner--bottom", "NewsletterSignUp_box__x7Yz", "aNewsletterSignUp_"]
        assert self.MATCHER.match(values) == {2: {2}, 3: {3}}


class TestCss:
    DOC = lxml.html.document_fromstring(
        "<html><body><article><div class='share x'><p id='a'>x</p></div><h2>t</h2><p id='b'>y</p>"
        "<p id='c' data-x='1'>z</p></article><p class='share'>w</p></body></html>"
    )

    @pytest.mark.parametrize(
        "css",
        ["article .share", "article > .share", ".share", "h2 + p", "h2 ~ p", "div.share p, #c",
         "p:first-child", "p:not(#a)", "[class*=sha]", "p:nth-child(2)", "[data-x]", "body > p.share"],
    )
    def test_element_test_selects_what_the_selector_selects(self, css: str) -> None:
        found = self.DOC.xpath(f"descendant-or-self::*[{element_test(css)}]")
        assert found == CSSSelector(css)(self.DOC)


class TestTextRulesOnBlocks:
    NOTICE = "Please use Chrome browser for a more accessible video player"

    def test_a_phrase_rule_removes_its_element_in_both_modes(self) -> None:
        html = page(f"<p>{PROSE}</p><div class='player'><p>{self.NOTICE}</p></div><p>{MORE}</p>")
        result = declutter.clean_html(html, extract=False)
        assert result.text == f"{PROSE}\n{MORE}\n"
        assert [(r.rule, r.element.tag) for r in result.removed] == [("video-player-chrome-notice", "div")]
        assert "player" not in result.html
        text = declutter.clean_text(f"{PROSE}\n{self.NOTICE}\n{MORE}\n")
        assert [r.rule for r in text.removed] == ["video-player-chrome-notice"]

    def test_a_line_sharing_its_element_leaves_the_html(self) -> None:
        html = page(f"<div>{self.NOTICE}<p>{PROSE}</p><p>{MORE}</p></div>")
        result = declutter.clean_html(html, extract=False)
        assert result.text == f"{PROSE}\n{MORE}\n"
        assert PROSE in result.html

    def test_after_extraction(self) -> None:
        body = "".join(f"<p>{PROSE} Part {i}.</p>" for i in range(6))
        html = page(f"<article><h1>Harbour wall</h1>{body}<p>{self.NOTICE}</p><p>{MORE}</p></article>")
        result = declutter.clean_html(html)
        assert self.NOTICE not in result.text and MORE in result.text
        assert result.removed[0].rule == "video-player-chrome-notice" and result.removed[0].line == 0


ARTICLE = page(
    "<article><h1>Harbour wall to be rebuilt</h1>"
    + "".join(f"<p>{PROSE} Paragraph {i} adds detail.</p>" for i in range(5))
    + "<ul><li>First point of the plan</li><li>Second point of the plan</li></ul></article>",
    head="<title>Harbour wall to be rebuilt | Gazette</title><meta name='author' content='Priya Hartley'>"
    "<meta property='og:site_name' content='The Gazette'>",
)


class TestFormats:
    def test_text(self) -> None:
        result = declutter.clean_html(ARTICLE)
        assert result.format == "text" and result.text.endswith("\n") and "Paragraph 4" in result.text
        assert result.metadata is None  # metadata costs time: only for JSON unless asked for

    def test_markdown_keeps_headings_and_lists(self) -> None:
        extracted = declutter.clean_html(ARTICLE, format="markdown").text
        assert "- First point of the plan" in extracted
        page_md = declutter.clean_html(ARTICLE, format="markdown", extract=False).text
        assert page_md.startswith("# Harbour wall to be rebuilt\n\n")
        assert "- First point of the plan\n- Second point of the plan" in page_md

    def test_html_and_trees(self) -> None:
        result = declutter.clean_html(ARTICLE, format="html")
        assert result.text == result.html and "<p>" in result.html
        tree = result.tree()
        assert isinstance(tree, lxml.html.HtmlElement) and tree.find(".//p") is not None
        assert result.soup().find("p") is not None
        tree.find(".//p").drop_tree()
        assert result.tree().find(".//p") is not None  # a new tree each time

    def test_json_holds_text_metadata_and_removals(self) -> None:
        html = ARTICLE.replace("</article>", "<div class='ad'>Advertisement</div></article>")
        result = declutter.clean_html(html, url="https://gazette.example/a", format="json", extract=False)
        data = json.loads(result.text)
        assert data["text"].startswith("Harbour wall to be rebuilt\n")
        assert data["metadata"]["author"] == "Priya Hartley"
        assert data["metadata"]["sitename"] == "The Gazette"
        assert data["url"] == "https://gazette.example/a"
        assert data["removed"] == [{"rule": "ad-slot", "line": 0, "text": "Advertisement",
                                    "element": {"tag": "div", "id": None, "classes": ["ad"]}}]

    def test_metadata_on_request(self) -> None:
        metadata = declutter.clean_html(ARTICLE, with_metadata=True).metadata
        assert metadata is not None and metadata.title == "Harbour wall to be rebuilt"

    def test_text_mode_result_has_no_html(self) -> None:
        with pytest.raises(declutter.DeclutterError):
            declutter.clean_text(PROSE).tree()

    def test_extraction_options_pass_through(self) -> None:
        html = ARTICLE.replace("</article>", "<table><tr><td>Cost</td><td>3.2m</td></tr></table></article>")
        assert "3.2m" in declutter.clean_html(html).text
        assert "3.2m" not in declutter.clean_html(html, include_tables=False).text


@pytest.mark.parametrize("case", [c for c in discover(fixtures_dir()) if c.rule == PAGES],
                         ids=lambda c: c.name)
def test_whole_page_fixture(case) -> None:  # type: ignore[no-untyped-def]
    assert run_case(case, declutter.Cleaner()).passed


class TestCli:
    PAGE = NOISY

    def test_stdin_is_sniffed(self) -> None:
        result = CliRunner().invoke(main, ["clean", "--no-extract", "--explain"], input=self.PAGE)
        assert result.exit_code == 0
        assert result.stdout == f"{PROSE}\n{MORE}\n"
        assert result.stderr == "<stdin>:<div.ad-slot>: ad-slot: Advertisement\n"

    def test_input_format_text_reads_markup_as_text(self) -> None:
        result = CliRunner().invoke(main, ["clean", "--input-format", "text"], input=self.PAGE)
        assert result.stdout == self.PAGE

    def test_json_for_html_and_for_text(self) -> None:
        html = CliRunner().invoke(main, ["clean", "--format", "json", "--no-extract"], input=self.PAGE)
        assert json.loads(html.stdout)["removed"][0]["rule"] == "ad-slot"
        text = CliRunner().invoke(main, ["clean", "--format", "json"], input=f"{PROSE}\n")
        assert json.loads(text.stdout)["text"] == f"{PROSE}\n"

    def test_html_format_for_text_input_fails_that_input(self) -> None:
        result = CliRunner().invoke(main, ["clean", "--format", "html"], input=f"{PROSE}\n")
        assert result.exit_code == 1 and "no HTML" in result.stderr

    def test_output_folder_names_follow_the_format(self, tmp_path: Path) -> None:
        (tmp_path / "a.html").write_text(self.PAGE, encoding="utf-8")
        (tmp_path / "b.txt").write_text(f"{PROSE}\n", encoding="utf-8")
        out = tmp_path / "out"
        args = ["clean", "--format", "markdown", str(tmp_path / "a.html"), str(tmp_path / "b.txt"), "-o", str(out)]
        assert CliRunner().invoke(main, args).exit_code == 0
        assert sorted(p.name for p in out.iterdir()) == ["a.md", "b.txt"]
