"""The document modelled on the sample that started the project, through API and CLI alike."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

import declutter
from declutter.cli import main
from declutter.fixtures import fixtures_dir

DOCS = fixtures_dir() / "_documents"
SOURCE = (DOCS / "sky-news-style-article.in.txt").read_text(encoding="utf-8")
ARTICLE = (DOCS / "sky-news-style-article-with-url.out.txt").read_text(encoding="utf-8")
URL = (DOCS / "sky-news-style-article-with-url.url").read_text(encoding="utf-8").strip()

#: The noise lines that must go even without a URL (issue #2, item 9).
REQUIRED_WITHOUT_URL = [
    "AG百家乐在线官网",
    "Image: (L-R) Iranian foreign minister Abbas Araghchi and Russian counterpart Sergei Lavrov in Moscow in April. Pic: AP",
    "Why you can trust Sky News",
    "More on Iran",
    "Please use Chrome browser for a more accessible video player",
    "Read more:",
    "What we know about US strikes on Iran's nuclear facilities",
    "Analysis: Has Iran lost its ability to make a nuclear bomb",
    "Follow the World",
    "Listen to The World with Richard Engel and Yalda Hakim every Wednesday",
]


def article_lines() -> list[str]:
    return [line for line in ARTICLE.split("\n") if line]


def test_with_url_the_output_is_exactly_the_article() -> None:
    result = declutter.clean_text(SOURCE, url=URL)
    assert result.text == ARTICLE
    assert len(result.removed) == 17


def test_without_url_the_required_noise_goes_and_every_article_line_stays_in_order() -> None:
    result = declutter.clean_text(SOURCE)
    out = result.text.split("\n")
    for noise in REQUIRED_WITHOUT_URL:
        assert noise not in out
    assert sum(r.text == "Please use Chrome browser for a more accessible video player" for r in result.removed) == 2
    assert sum(r.text == "Follow the World" for r in result.removed) == 2
    assert [line for line in out if line] == article_lines()


def test_every_removal_names_its_rule_and_line() -> None:
    result = declutter.clean_text(SOURCE, url=URL)
    source_lines = SOURCE.split("\n")
    for removal in result.removed:
        assert source_lines[removal.line - 1] == removal.text
        assert removal.rule in {r.id for r in declutter.Cleaner().rules}


@pytest.mark.parametrize("args", [[], ["--url", URL]])
def test_cli_gives_the_same_text_as_the_api(args: list[str]) -> None:
    result = CliRunner().invoke(main, ["clean", str(DOCS / "sky-news-style-article.in.txt"), *args])
    assert result.exit_code == 0
    url = args[1] if args else None
    assert result.stdout == declutter.clean_text(SOURCE, url=url).text


def test_python_dash_m_runs_the_cli() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "declutter", "clean", "--url", URL, "-"],
        input=SOURCE.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    assert completed.stdout.decode("utf-8") == ARTICLE
