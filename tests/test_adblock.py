"""Importing the element-hiding filters of an ad-block list as selector rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from declutter import Cleaner
from declutter.adblock import import_list
from declutter.cli import main
from declutter.loading import load_path

LIST = Path(__file__).parent / "data" / "adblock-sample.txt"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    imported = import_list(LIST.read_text(encoding="utf-8").splitlines(), name="sample")
    path = tmp_path / "pack.toml"
    path.write_text(imported.toml, encoding="utf-8")
    return path


def rules_by_id(path: Path) -> dict[str, object]:
    return {rule.id: rule for rule in load_path(path)}


def test_generic_and_scoped_filters_become_selector_rules(pack: Path) -> None:
    rules = rules_by_id(pack)
    generic = rules["sample-generic"]
    assert generic.kind == "selector" and generic.scope.include == ()
    assert set(generic.spec.css) == {'div[id^="sponsored-"]', ".newsletter-popup"}
    promo = rules["sample-example-com"]
    assert promo.scope.include == ("example.com",) and promo.scope.exclude == ("blog.example.com",)
    assert promo.spec.css == (".promo-box",)
    assert rules["sample-news-example-org"].spec.css == ("aside.partner-links",)


def test_exceptions_remove_or_narrow_their_filters(pack: Path) -> None:
    rules = rules_by_id(pack)
    css = {c for rule in rules.values() if rule.kind == "selector" for c in rule.spec.css}
    assert ".cookie-wall" not in css  # generic exception: gone everywhere
    assert ".outbrain" not in css  # its only domain has an exception
    banner = next(r for r in rules.values() if r.kind == "selector" and ".ad-banner" in r.spec.css)
    assert banner.scope.exclude == ("shop.example.net",)


def test_has_text_becomes_an_xpath_rule(pack: Path) -> None:
    rule = rules_by_id(pack)["sample-example-com-text"]
    assert rule.kind == "xpath" and "contains(string(.), 'Sponsored')" in rule.spec.xpaths[0]


def test_everything_not_imported_is_counted_with_line_numbers() -> None:
    report = import_list(LIST.read_text(encoding="utf-8").splitlines(), name="sample").report
    assert report.hiding == 8 and report.exceptions == 3 and report.has_text == 1
    skipped = report.skipped
    assert skipped["procedural operator :upward()"] == 1
    assert skipped["procedural operator :remove()"] == 1
    assert skipped["scriptlet or HTML filter (the engine runs no scripts)"] == 1
    assert skipped["#$# filter (extended CSS, scriptlet or HTML filter)"] == 1
    assert skipped["#?# filter (extended CSS, scriptlet or HTML filter)"] == 1
    assert skipped[":has-text() with a regular expression or no text"] == 1
    assert skipped["network filter (not element hiding)"] == 2
    assert skipped["empty selector"] == 1
    assert skipped["malformed domain list"] == 1
    assert sum(v for k, v in skipped.items() if k.startswith("selector the CSS engine")) == 1
    assert skipped["filter undone by a generic exception (#@#)"] == 1
    assert skipped["filter undone by exceptions on all its domains"] == 1
    assert any("line 20:" in line for line in report.lines())


def test_the_cli_writes_a_pack_that_cleans_html(tmp_path: Path) -> None:
    out = tmp_path / "pack.toml"
    command = ["rules", "import-adblock", str(LIST), "-o", str(out), "--name", "sample"]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert "procedural operator :upward()" in result.stderr
    again = CliRunner().invoke(main, command)
    assert again.exit_code == 2 and "--force" in again.stderr
    cleaner = Cleaner([out], builtin=False)
    page = (
        '<html><body><div class="ad-banner">Buy now</div>'
        "<p>The council met on Tuesday to agree the budget for next year.</p>"
        '<div class="teaser">Sponsored: win a car</div><div class="promo-box">Offer</div></body></html>'
    )
    on_site = cleaner.clean_html(page, url="https://example.com/a", extract=False)
    assert on_site.text.strip() == "The council met on Tuesday to agree the budget for next year."
    on_blog = cleaner.clean_html(page, url="https://blog.example.com/a", extract=False)
    assert "Offer" in on_blog.text and "Sponsored" not in on_blog.text  # ~blog only on .promo-box
    on_shop = cleaner.clean_html(page, url="https://shop.example.net/a", extract=False)
    assert "Buy now" in on_shop.text
