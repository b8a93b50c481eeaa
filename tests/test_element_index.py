"""The index of element rules: keys, candidates, and agreement with testing every rule on every element."""

from __future__ import annotations

import random
import re
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

import declutter
from declutter import Cleaner
from declutter.fixtures import fixtures_dir
from declutter.html.css import selector_tests
from declutter.html.keys import Key, xpath_key
from declutter.html.selectors import ElementRules
from declutter.html.source import drop_code, parse
from declutter.html.tokens import TokenMatcher
from declutter.kinds.selector import SelectorSpec
from declutter.kinds.xpath import XPathSpec
from declutter.loading import parse_rule

PROSE = "The council agreed on Monday to rebuild the harbour wall before the autumn tides return."


def rule(rule_id: str = "test-rule", **fields: object) -> declutter.Rule:
    return parse_rule({"id": rule_id, "summary": "S.", "why": "W.", **fields})


def page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>"


def removed(rules: list[declutter.Rule], html: object) -> list[tuple[str, str]]:
    """(rule id, element text) of each removal, with the guard off and no extraction."""
    result = Cleaner.from_rules(rules, max_removed=1).clean_html(html, extract=False)
    return [(r.rule, r.text) for r in result.removed]


class TestKeys:
    @pytest.mark.parametrize(
        ("css", "key"),
        [
            ("[data-x]", Key("attr", "data-x")),
            ("aside[data-component='newsletter']", Key("value", "newsletter", "data-component")),
            ("form[action*='newsletter']", Key("attr", "action")),
            ("ins.adsbygoogle", Key("class", "adsbygoogle")),
            ("[class*='credit']", Key("class", "credit")),
            ("div#toc.x", Key("id", "toc")),
            ("article .share", Key("class", "share")),
            ("footer:not(article footer)", Key("tag", "footer")),
            ("DIV:first-child", Key("tag", "div")),
            ("p *", None),
            ("[class!='x']", None),
            (":is(.a, .b)", None),
            ("*:not(.x)", None),
        ],
    )
    def test_css(self, css: str, key: Key | None) -> None:
        assert [k for _test, k in selector_tests(css)] == [key]

    @pytest.mark.parametrize(
        ("test", "key"),
        [
            ("@hidden", Key("attr", "hidden")),
            ("@aria-hidden = 'true'", Key("value", "true", "aria-hidden")),
            ("@aria-hidden != 'true'", Key("attr", "aria-hidden")),
            ("@style and contains(@style, 'none')", Key("attr", "style")),
            ("self::aside[ancestor::footer]", Key("tag", "aside")),
            ("(name() = 'div' and (@x)) and contains(string(.), 'a or b')", Key("attr", "x")),
            ("@a or @b", None),
            ("@a | @b", None),
            ("(@a) or (@b)", None),
            ("not(@a)", None),
            ("self::a[1] + 1 != 2", None),
            ("string-length(@a) = 0", None),
        ],
    )
    def test_xpath_keys_are_needed_conditions_or_none(self, test: str, key: Key | None) -> None:
        assert xpath_key(test) == key


class TestTokens:
    def test_every_overlapping_entry_is_found(self) -> None:
        matcher = TokenMatcher({"footer": ["word"], "site-footer": ["long"]}, {}, {"site": ["piece"]})
        assert matcher.match(["x site-footer"]) == {0: {"word", "long", "piece"}}

    def test_pieces_and_prefixes_are_matched_as_written(self) -> None:
        matcher = TokenMatcher({}, {"Promo_": ["prefix"]}, {"Credit": ["piece"]})
        assert matcher.match(["promo_x credit", "Promo_x Credit", "xPromo_"]) == {1: {"prefix", "piece"}}

    def test_non_ascii_values_keep_their_offsets(self) -> None:
        matcher = TokenMatcher({"ad": [1]}, {})
        assert matcher.match(["İİİ header", "İ ad-slot"]) == {1: {1}}


class TestIndexedRules:
    def test_a_rule_with_only_an_attribute_test(self) -> None:
        data = rule(kind="selector", css=["[data-x]"])
        html = page(f"<p>{PROSE}</p><div data-x=''>Promo</div><div data-y='x'>Kept</div><span data-x='1'>Tag</span>")
        assert removed([data], html) == [("test-rule", "Promo"), ("test-rule", "Tag")]

    def test_rules_sharing_an_attribute_with_different_values(self) -> None:
        boxes = [rule(f"box-{name}", kind="selector", css=[f"aside[data-component='{name}']"]) for name in ("a", "b", "c")]
        hidden = rule("hidden", kind="xpath", xpaths=["@aria-hidden = 'true'"])
        html = page(
            "<aside data-component='b'>Bee</aside><aside data-component='B'>Kept</aside>"
            "<div aria-hidden='true'>Hidden</div><div aria-hidden='false'>Shown</div><aside data-component='c'>Sea</aside>"
        )
        assert removed([*boxes, hidden], html) == [("box-b", "Bee"), ("hidden", "Hidden"), ("box-c", "Sea")]

    def test_a_rule_with_class_words(self) -> None:
        words = rule(kind="selector", class_words=["promo"], id_words=["promo-box"])
        html = page(
            f"<p class='promotion'>{PROSE}</p><div class='x PromoCard_x1'>One</div>"
            "<div id='main-promo-box'>Two</div><div id='promo'>Kept</div>"
        )
        assert removed([words], html) == [("test-rule", "One"), ("test-rule", "Two")]

    def test_a_rule_with_unless(self) -> None:
        share = rule(kind="selector", class_words=["share"], css=["aside.tools"], unless=[".keep", "main *"])
        html = page(
            "<div class='share'>Share</div><div class='share keep'>Kept one</div>"
            "<aside class='tools keep'>Kept two</aside><aside class='tools'>Tools</aside>"
            "<main><div class='share'>Kept three</div></main>"
        )
        assert removed([share], html) == [("test-rule", "Share"), ("test-rule", "Tools")]

    def test_many_rules_the_first_in_order_wins(self) -> None:
        letters = "abcdefghijklmnopqrstuvwxyz"
        rules = [rule(f"rule-{i:02d}", kind="selector", class_words=[f"box-{letters[i // 26]}{letters[i % 26]}"]) for i in range(40)]
        rules += [
            rule("a-footer", kind="selector", class_words=["footer"]),
            rule("b-site-footer", kind="selector", class_words=["site-footer"], css=["footer"]),
            rule("c-hidden", kind="xpath", xpaths=["@hidden"]),
        ]
        html = page(
            "<footer class='site-footer'>Footer</footer><footer>Plain footer</footer>"
            "<div class='box-bf box-ah'>Box</div><div hidden=''>Hidden</div><div class='box-zz box-a'>Kept</div>"
        )
        assert removed(rules, html) == [
            ("a-footer", "Footer"), ("b-site-footer", "Plain footer"), ("rule-07", "Box"), ("c-hidden", "Hidden")
        ]


# Equivalence with the plain definition: every rule tested on every element, in order.

_START = r"(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))"
_END = r"(?:(?![A-Za-z])|(?<=[a-z])(?=[A-Z]))"


def _matches(rule: declutter.Rule, element: etree._Element) -> bool:
    spec = rule.spec
    if any(element.xpath(f"self::*[{test}]") for test, _key in spec.keyed_tests):
        return True
    if not isinstance(spec, SelectorSpec):
        return False
    classes, ids = element.get("class") or "", element.get("id") or ""
    return (
        any(re.search(f"{_START}(?i:{re.escape(word)}){_END}", classes) for word in spec.class_words)
        or any(re.search(f"{_START}(?i:{re.escape(word)}){_END}", ids) for word in spec.id_words)
        or any(re.search(rf"(?<!\S){re.escape(prefix)}", classes) for prefix in spec.class_prefixes)
    )


def _plain_find(rules: tuple[declutter.Rule, ...], body: etree._Element) -> list[tuple[str, str]]:
    chosen: dict[etree._Element, str] = {}
    for element in body.iterdescendants(etree.Element):
        if any(ancestor in chosen for ancestor in element.iterancestors()):
            continue
        for candidate in rules:
            spec = candidate.spec
            if not isinstance(spec, (SelectorSpec, XPathSpec)) or not _matches(candidate, element):
                continue
            if any(element.xpath(f"self::*[{test}]") for test in spec.unless_tests):
                continue
            if spec.max_words and len(element.text_content().split()) > spec.max_words:
                continue
            chosen[element] = candidate.id
            break
    return [(body.getroottree().getpath(e), rule_id) for e, rule_id in chosen.items()]


_VOCABULARY = ["promo", "share", "footer", "site-footer", "ad", "ads", "card", "nav", "menu", "social", "related",
               "caption", "credit", "video", "label", "box", "teaser", "widget", "list", "item"]
_TAGS = ["div", "span", "aside", "section", "ul", "li", "p", "a", "figure", "figcaption", "nav", "footer", "form"]


def _word(rng: random.Random) -> str:
    return rng.choice(_VOCABULARY) if rng.random() < 0.7 else f"{rng.choice(_VOCABULARY)}-{rng.choice(_VOCABULARY)}"


def _generated_rules(count: int, seed: int) -> list[declutter.Rule]:
    """Rules of every shape the index files differently: words, prefixes, keyed and unkeyed tests."""
    rng = random.Random(seed)
    rules = []
    for number in range(count):
        fields: dict[str, object] = {"kind": "selector"}
        shape = number % 6
        if shape == 0:
            fields["class_words"] = [_word(rng) for _ in range(rng.randint(1, 3))]
            fields["id_words"] = [_word(rng)]
        elif shape == 1:
            fields["css"] = [f"[data-{_word(rng)}]", f"{rng.choice(_TAGS)}[aria-label='{_word(rng)}']"]
        elif shape == 2:
            fields["css"] = [f"{rng.choice(_TAGS)}.{_word(rng)}", f"{rng.choice(_TAGS)} .{_word(rng)}, [class*='{_word(rng)}']"]
        elif shape == 3:
            fields["class_prefixes"] = [_word(rng).capitalize() + "_"]
            fields["css"] = [f"#{_word(rng)}", f"{rng.choice(_TAGS)} > {rng.choice(_TAGS)}:not(.{_word(rng)})"]
        elif shape == 4:
            fields = {"kind": "xpath", "xpaths": [f"@data-{_word(rng)}", f"self::{rng.choice(_TAGS)}[@role = '{_word(rng)}']",
                                                  f"contains(@class, '{_word(rng)}') and @id"]}
        else:
            fields["class_words"] = [_word(rng)]
            fields["css"] = [f"{rng.choice(_TAGS)}:first-child > span", f"[id*='{_word(rng)}']"]
        if fields["kind"] == "selector" and rng.random() < 0.4:
            fields["unless"] = [rng.choice(["article", "p", "p *", f".{_word(rng)}"])]
        if rng.random() < 0.5:
            fields["max_words"] = rng.choice([3, 20, 100])
        rules.append(rule(f"generated-{number:03d}", **fields))
    return rules


def _generated_page(seed: int) -> str:
    """Nested elements with classes, ids and attributes drawn from the rules' vocabulary."""
    rng = random.Random(seed)

    def element(depth: int) -> str:
        tag = rng.choice(_TAGS)
        attributes = ""
        if rng.random() < 0.6:
            style = rng.choice([str.lower, str.capitalize, lambda w: w.title().replace("-", "")])
            attributes += f" class='{' '.join(style(_word(rng)) + rng.choice(['', '_x1', '-2']) for _ in range(rng.randint(1, 3)))}'"
        if rng.random() < 0.2:
            attributes += f" id='{_word(rng)}'"
        if rng.random() < 0.2:
            attributes += f" data-{_word(rng)}='1'"
        if rng.random() < 0.2:
            attributes += f" role='{_word(rng)}' aria-label='{_word(rng)}'"
        inner = " ".join(rng.choice(PROSE.split()) for _ in range(rng.randint(0, 8)))
        children = "".join(element(depth + 1) for _ in range(rng.randint(0, 3))) if depth < 5 else ""
        return f"<{tag}{attributes}>{inner}{children}</{tag}>"

    return page("".join(element(0) for _ in range(12)))


def _pages() -> list[str]:
    pages = [path.read_text(encoding="utf-8") for path in sorted(Path(fixtures_dir(), "_pages").glob("*.in.html"))]
    snippets = [path.read_text(encoding="utf-8") for path in sorted(Path(fixtures_dir()).glob("*/*.in.html"))]
    return [*pages, page("".join(snippets)), _generated_page(1), _generated_page(2)]


def test_two_hundred_generated_rules_find_what_testing_every_rule_finds() -> None:
    rules = Cleaner.from_rules(_generated_rules(200, seed=7) + list(Cleaner().rules)).rules
    index = ElementRules(rules)
    for html in _pages():
        root = parse(html)
        drop_code(root)
        body = root.find("body")
        expected = _plain_find(rules, body)
        assert expected, "the page should give the rules something to find"
        found = [(body.getroottree().getpath(e), r.id) for e, r in index.find(body, None, None)]
        assert found == expected


def test_an_lxml_tree_with_comments_is_read() -> None:
    tree = lxml.html.fromstring(f"<div><!-- note --><div class='ad'>Advertisement</div><p>{PROSE}</p></div>")
    assert removed([rule(kind="selector", class_words=["ad"])], tree) == [("test-rule", "Advertisement")]
