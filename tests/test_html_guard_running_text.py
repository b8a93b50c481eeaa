"""HTML damage guard with extraction on: a story's running paragraphs are the text it protects."""

from __future__ import annotations

from declutter import Cleaner
from declutter.loading import parse_rule

STORY = [
    "The council agreed on Monday to rebuild the harbour wall before the autumn tides return.",
    "Engineers said the old stones would be reused where they could, over about five months.",
    "Fishing boats will moor at the north quay while the work goes on, the harbour master said.",
]
SLIDE = "A trawler unloads its catch at dawn on a quay two hundred miles up the coast from here. " * 3


def page(middle: str) -> str:
    paragraphs = [f"<p>{text}</p>" for text in STORY]
    body = "".join(paragraphs[:2]) + middle + paragraphs[2]
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><article>{body}</article></body></html>"


def cleaner(css: str) -> Cleaner:
    rule = parse_rule({"id": "test-rule", "summary": "S.", "why": "W.", "kind": "selector", "css": [css]})
    return Cleaner.from_rules([rule])


def test_slides_in_list_items_that_outweigh_the_story_are_removed() -> None:
    slides = "".join(f"<li><h2>{n}/12</h2><p>{SLIDE}</p></li>" for n in range(1, 13))
    result = cleaner(".gallery").clean_html(page(f"<div class='gallery'><ul>{slides}</ul></div>"))
    assert not result.guarded and [r.rule for r in result.removed] == ["test-rule"]
    assert "trawler" not in result.text and all(text in result.text for text in STORY)


def test_a_box_of_paragraphs_that_outweighs_the_story_is_held_back() -> None:
    box = "".join(f"<p>{SLIDE}</p>" for _ in range(12))
    result = cleaner(".box").clean_html(page(f"<div class='box'>{box}</div>"))
    assert result.guarded and result.removed == () and result.held_back[0].rule == "test-rule"


def test_a_rule_that_takes_the_story_is_held_back() -> None:
    result = cleaner("article").clean_html(page(""))
    assert result.guarded and result.removed == ()
