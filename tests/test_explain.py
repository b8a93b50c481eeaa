"""`declutter explain` and `declutter.report`: every removal marked, counted and explained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from declutter import Cleaner
from declutter.cli import main
from declutter.report import build_report, render_html, render_text

START = "The story starts here, with a sentence long enough to be most of the document."
END = "And it ends here, after a second sentence about what happened on the night."
NOTICE = "Please use Chrome browser for a more accessible video player"
NOISY = f"{START}\n\n{NOTICE}\n\n{END}\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_pipe_output_marks_and_labels_each_removal(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(NOISY, encoding="utf-8")
    result = runner.invoke(main, ["explain", str(path)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"1   {START}"
    assert lines[2] == f"3 - [video-player-chrome-notice] {NOTICE}"
    assert "1 line removed by 1 rule(s)" in result.stdout
    assert re.search(r"^\s+1  video-player-chrome-notice  The embedded video", result.stdout, re.MULTILINE)
    assert "guard passed" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour codes in a pipe


def test_terminal_output_has_colour(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(NOISY, encoding="utf-8")
    result = runner.invoke(main, ["explain", str(path)], color=True)
    assert "\x1b[9m" in result.stdout  # the removed line struck through
    assert "[video-player-chrome-notice]" in result.stdout


def test_guard_verdict_and_held_back_lines(runner: CliRunner) -> None:
    text = f"Short.\n{NOTICE}\n"
    result = runner.invoke(main, ["explain", "-"], input=text)
    assert result.exit_code == 0
    assert f"2 ? [video-player-chrome-notice] {NOTICE}" in result.stdout
    assert "1 line held back" in result.stdout
    assert "guard tripped" in result.stdout and "limit 50%" in result.stdout
    off = runner.invoke(main, ["explain", "-", "--max-removed", "1"], input=text)
    assert f"2 - [video-player-chrome-notice] {NOTICE}" in off.stdout


def test_url_enables_site_rules(runner: CliRunner, tmp_path: Path) -> None:
    rule = tmp_path / "site.toml"
    rule.write_text(
        'id = "site-promo"\nkind = "phrase"\nsummary = "A promo."\nwhy = "Promo."\n'
        'domains = ["example.com"]\nphrases = ["Get the Example app"]\n',
        encoding="utf-8",
    )
    text = f"{START}\nGet the Example app\n{END}\n"
    without = runner.invoke(main, ["explain", "-", "--rules", str(rule)], input=text)
    assert "[site-promo]" not in without.stdout and "nothing removed" in without.stdout
    with_url = runner.invoke(
        main, ["explain", "-", "--rules", str(rule), "--url", "https://www.example.com/a"], input=text
    )
    assert "2 - [site-promo] Get the Example app" in with_url.stdout


def test_html_report_is_self_contained_and_escaped(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a <b>.txt"
    path.write_text(f"{START}\n\nRead more:\nA <script>alert(1)</script> & more\n\n{END}\n", encoding="utf-8")
    out = tmp_path / "report.html"
    result = runner.invoke(main, ["explain", str(path), "--html", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "a &lt;b&gt;.txt" in page
    assert not re.search(r"(src|href)=|@import|url\(", page)  # no external assets
    assert "<del>Read more:</del>" in page
    assert 'title="removed by read-more-list: A &#x27;Read more:&#x27; heading' in page
    assert '<td class="n">2</td>' in page  # count per rule
    assert "guard passed" in page
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # atomic write


def test_each_rule_has_its_own_colour() -> None:
    text = f"{START}\n{NOTICE}\nMy video title\n\nRead more:\nA headline here\n\n{END}\n"
    cleaner = Cleaner(max_removed=1)
    report = build_report(text, cleaner.clean_text(text), cleaner.rules)
    page = render_html(report, title="t")
    colours = set(re.findall(r'class="line removed" style="background:(hsl\([^)]*\))', page))
    assert len(colours) == len(report.counts) == 3
    assert render_text(report).count(" - [") == 4


def test_missing_input_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["explain", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert result.stderr.startswith("declutter: error: ") and "Traceback" not in result.stderr


# -- HTML pages ------------------------------------------------------------------------------

PARA_1 = "The council voted on Tuesday to approve a new bridge across the river, after years of debate about the cost."
PARA_2 = "Work is expected to start next spring, and the bridge should open within three years, officials said."
PAGE = f"""<!DOCTYPE html><html><head><title>Bridge</title></head><body>
<nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article class="story"><h1>Council approves new bridge plan</h1>
<p>{PARA_1}</p>
<div id="top" class="ad-slot"><span>Advertisement</span></div>
<p>{NOTICE}</p>
<p>{PARA_2}</p>
<p>A <b>&lt;script&gt;</b> tag &amp; more, all written about in the article's last paragraph here.</p>
</article>
<aside class="promo-rail"><p>Weekend puzzles and games</p></aside>
</body></html>
"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_html_page_text_marks_element_and_text_removals(runner: CliRunner, page: Path) -> None:
    result = runner.invoke(main, ["explain", str(page), "--url", "https://example.com/a"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "1 - [site-navigation] <nav.main-menu> Home"
    assert lines[1] == "2 - [site-navigation] News"  # the element is named once
    assert "3   Council approves new bridge plan" in lines
    assert f"4   {PARA_1}" in lines
    assert "5 - [ad-slot] <div#top.ad-slot> Advertisement" in lines
    assert f"6 - [video-player-chrome-notice] {NOTICE}" in lines  # a text rule, on the article
    assert "9 ~ Weekend puzzles and games" in lines  # extraction left it out, no rule
    assert "3 removals by 3 rule(s)" in result.stdout
    assert re.search(r"^\s+1  ad-slot\s+An advertisement slot", result.stdout, re.MULTILINE)
    assert "element rules: guard passed" in result.stdout and "text rules: guard passed" in result.stdout
    assert "\x1b[" not in result.stdout


def test_html_page_without_extraction_has_no_left_out_text(runner: CliRunner, page: Path) -> None:
    result = runner.invoke(main, ["explain", str(page), "--no-extract"])
    assert result.exit_code == 0, result.output
    assert "9 - [trailing-label-lines] Weekend puzzles and games" in result.stdout.splitlines()
    assert " ~ " not in result.stdout and "rest of the page's text" in result.stdout


def test_html_page_guard_holds_back_and_says_which_rules(runner: CliRunner, page: Path) -> None:
    text_rules = runner.invoke(main, ["explain", str(page), "--max-removed", "0.05"])
    assert f"6 ? [video-player-chrome-notice] {NOTICE}" in text_rules.stdout.splitlines()
    # A guarded page comes back unchanged: the element rules' removals are held back too.
    assert "1 ? [site-navigation] <nav.main-menu> Home" in text_rules.stdout.splitlines()
    assert "text rules: guard tripped" in text_rules.stdout and "3 of them held back" in text_rules.stdout
    both = runner.invoke(main, ["explain", str(page), "--max-removed", "0.01"])
    assert "1 ? [site-navigation] <nav.main-menu> Home" in both.stdout.splitlines()
    assert "element rules: guard tripped" in both.stdout


def test_html_page_from_stdin_and_inline_removal(runner: CliRunner, tmp_path: Path) -> None:
    """An inline element a rule removes gets a line of its own; one without text is listed too."""
    rule = tmp_path / "r.toml"
    rule.write_text(
        'id = "inline-promo"\nkind = "selector"\nsummary = "A promo."\nwhy = "Promo."\n'
        'css = ["span.promo", "div.pixel"]\n',
        encoding="utf-8",
    )
    html = (f"<html><body><article><p>{PARA_1} <span class='promo'>Get the app</span> {PARA_2}</p>"
            "<div class='pixel'></div></article></body></html>")
    result = runner.invoke(main, ["explain", "-", "--rules", str(rule), "--no-extract"], input=html)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "2 - [inline-promo] <span.promo> Get the app" in lines
    assert "  - [inline-promo] <div.pixel>" in lines


def test_html_page_report_is_self_contained(runner: CliRunner, page: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(main, ["explain", str(page), "--html", str(out)])
    assert result.exit_code == 0, result.output
    report = out.read_text(encoding="utf-8")
    assert "<script>" not in report and "&lt;script&gt; tag &amp; more" in report
    assert not re.search(r"(src|href)=|@import|url\(", report)
    assert '<del><span class="el">&lt;nav.main-menu&gt;</span>Home</del>' in report
    assert 'title="removed by site-navigation: The site&#x27;s navigation' in report
    assert "(&lt;nav.main-menu&gt;)" in report  # the element in the hover text
    assert f"<del>{NOTICE}</del>" in report
    assert 'class="line dropped"' in report and "<th>removals</th>" in report
    assert "guard passed" in report


def test_text_that_mentions_tags_stays_text(runner: CliRunner) -> None:
    result = runner.invoke(main, ["explain", "-"], input=f"Use <b> for bold.\n{NOTICE}\n{START}\n")
    assert f"2 - [video-player-chrome-notice] {NOTICE}" in result.stdout
