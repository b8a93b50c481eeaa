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
