"""The element rules of a cleaner, compiled once: which elements of a page go, and by which rule.

A page costs two evaluations whatever the number of rules: one XPath walk testing every
element against all CSS and XPath rules at once (each selector compiled to a test on one
element, see `declutter.html.css`), and one fetch of the class and id values, matched against
every rule's words and prefixes by one regex (see `declutter.html.tokens`). Only the few
elements found are then checked rule by rule, to name the rule that removes them.

Which rule is reported: the first in the cleaner's order (kind, then id) that matches the
element, applies to the page's site and language, is not vetoed by its ``unless`` and is
within its ``max_words``. An element inside another removed element is not reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from declutter.html.tokens import TokenMatcher
from declutter.kinds.selector import SelectorSpec
from declutter.kinds.xpath import XPathSpec
from declutter.rule import Rule

_NAMED = etree.XPath("descendant::*[@class or @id]")


@dataclass(frozen=True)
class _Slot:
    rule: Rule
    test: etree.XPath | None
    unless: etree.XPath | None
    max_words: int


class ElementRules:
    """The element rules among `rules`; slot numbers are positions in the cleaner's order."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._slots: dict[int, _Slot] = {}
        tests: list[str] = []
        class_words: dict[str, list[int]] = defaultdict(list)
        id_words: dict[str, list[int]] = defaultdict(list)
        prefixes: dict[str, list[int]] = defaultdict(list)
        for slot, rule in enumerate(rules):
            spec = rule.spec
            if not isinstance(spec, (SelectorSpec, XPathSpec)):
                continue
            own = " or ".join(f"({t})" for t in spec.tests)
            unless = " or ".join(f"({t})" for t in spec.unless_tests)
            self._slots[slot] = _Slot(
                rule,
                etree.XPath(f"self::*[{own}]") if own else None,
                etree.XPath(f"self::*[{unless}]") if unless else None,
                spec.max_words,
            )
            if own:
                tests.append(own)
            if isinstance(spec, SelectorSpec):
                for word in spec.class_words:
                    class_words[word].append(slot)
                for word in spec.id_words:
                    id_words[word].append(slot)
                for prefix in spec.class_prefixes:
                    prefixes[prefix].append(slot)
        self._walk = etree.XPath(f"descendant::*[{' or '.join(tests)}]") if tests else None
        self._classes = TokenMatcher(class_words, prefixes)
        self._ids = TokenMatcher(id_words, {})

    def __bool__(self) -> bool:
        return bool(self._slots)

    def find(self, body: HtmlElement, host: str | None, language: str | None) -> list[tuple[HtmlElement, Rule]]:
        """The outermost elements of `body` to remove, in document order, each with its rule."""
        active = {slot for slot, entry in self._slots.items() if entry.rule.applies(host, language)}
        if not active:
            return []
        candidates: dict[HtmlElement, set[int]] = defaultdict(set)
        if self._walk is not None:
            for element in self._walk(body):
                candidates.setdefault(element, set())  # its rules are found by their own tests
        if self._classes or self._ids:
            named = _NAMED(body)  # one walk for both attributes
            for matcher, attribute in ((self._classes, "class"), (self._ids, "id")):
                if matcher:
                    values = [element.get(attribute) or "" for element in named]
                    for index, slots in matcher.match(values).items():
                        candidates[named[index]].update(slots)
        chosen: dict[HtmlElement, Rule] = {}
        for element, token_slots in candidates.items():
            rule = self._first_rule(element, token_slots, active)
            if rule is not None:
                chosen[element] = rule
        return [(e, r) for e, r in _in_document_order(chosen) if not _inside_any(e, chosen)]

    def _first_rule(self, element: HtmlElement, token_slots: set[int], active: set[int]) -> Rule | None:
        for slot in sorted(active):
            entry = self._slots[slot]
            if slot not in token_slots and not (entry.test is not None and entry.test(element)):
                continue
            if entry.unless is not None and entry.unless(element):
                continue
            if entry.max_words and len(element.text_content().split()) > entry.max_words:
                continue
            return entry.rule
        return None


def _in_document_order(chosen: dict[HtmlElement, Rule]) -> list[tuple[HtmlElement, Rule]]:
    return sorted(chosen.items(), key=lambda item: _position(item[0]))


def _position(element: HtmlElement) -> tuple[int, ...]:
    """The element's path as child indexes: sorts elements in document order."""
    path = []
    while (parent := element.getparent()) is not None:
        path.append(parent.index(element))
        element = parent
    return tuple(reversed(path))


def _inside_any(element: HtmlElement, chosen: dict[HtmlElement, Rule]) -> bool:
    return any(ancestor in chosen for ancestor in element.iterancestors())
