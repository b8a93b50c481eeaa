"""The element rules of a cleaner, compiled once: which elements of a page go, and by which rule.

The rules are indexed, so that a page costs about the same whatever their number. Each CSS
selector and XPath test is filed under a key that every element it selects carries: a tag,
an attribute, an attribute's value, or a piece of the class or id value (see
`declutter.html.keys`). One pass over the page reads each element's tag and attributes; the
class and id values, joined, go through one Aho-Corasick automaton holding every rule's class
and id words, prefixes and key pieces (see `declutter.html.tokens`). Each rule's test is then evaluated, in one XPath call, on only
the elements that carry one of its keys. Tests without a key share one walk of the page.

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

from declutter.html.keys import Key
from declutter.html.tokens import TokenMatcher
from declutter.kinds.selector import SelectorSpec
from declutter.kinds.xpath import XPathSpec
from declutter.rule import Rule

#: What a class or id entry stands for: a rule's slot, for a word or prefix, which alone
#: matches (True); or a key's number, which makes the element a candidate for the tests
#: filed under it (False).
_Payload = tuple[int, bool]


@dataclass(frozen=True)
class _Slot:
    rule: Rule
    #: The candidates in ``$c`` that the rule's tests select and its ``unless`` keeps.
    confirm: etree.XPath | None
    #: The elements in ``$c`` (matched by a word or prefix) that its ``unless`` keeps.
    keep: etree.XPath | None
    max_words: int
    #: The keys of its tests (see `ElementRules._keys`), and whether some test has none.
    keys: tuple[int, ...]
    unkeyed: bool


#: The elements of ``$c``, each once, in document order.
_IN_ORDER = etree.XPath("$c")


class ElementRules:
    """The element rules among `rules`; slot numbers are positions in the cleaner's order."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._slots: dict[int, _Slot] = {}
        #: Every key of every test, numbered: the elements found for each are one list per page.
        self._keys: dict[Key, int] = {}
        words: dict[str, dict[str, list[_Payload]]] = {"class": defaultdict(list), "id": defaultdict(list)}
        prefixes: dict[str, list[_Payload]] = defaultdict(list)
        unkeyed: list[str] = []
        for slot, rule in enumerate(rules):
            spec = rule.spec
            if not isinstance(spec, (SelectorSpec, XPathSpec)):
                continue
            keyed = spec.keyed_tests
            own = " or ".join(f"({test})" for test, _key in keyed)
            unless = " or ".join(f"({test})" for test in spec.unless_tests)
            veto = f" and not({unless})" if unless else ""
            unkeyed += [f"({test})" for test, key in keyed if key is None]
            self._slots[slot] = _Slot(
                rule,
                etree.XPath(f"$c[({own}){veto}]") if own else None,
                etree.XPath(f"$c[not({unless})]") if unless else None,
                spec.max_words,
                tuple(dict.fromkeys(self._keys.setdefault(key, len(self._keys)) for _test, key in keyed if key)),
                any(key is None for _test, key in keyed),
            )
            if isinstance(spec, SelectorSpec):
                for word in spec.class_words:
                    words["class"][word].append((slot, True))
                for word in spec.id_words:
                    words["id"][word].append((slot, True))
                for prefix in spec.class_prefixes:
                    prefixes[prefix].append((slot, True))
        pieces: dict[str, dict[str, list[_Payload]]] = {"class": {}, "id": {}}
        for key, number in self._keys.items():
            if key.where in pieces:
                pieces[key.where][key.value] = [(number, False)]
        self._tags = {key.value: number for key, number in self._keys.items() if key.where == "tag"}
        self._attributes = {key.value: number for key, number in self._keys.items() if key.where == "attr"}
        self._values: dict[str, dict[str, int]] = defaultdict(dict)
        for key, number in self._keys.items():
            if key.where == "value":
                self._values[key.attribute][key.value] = number
        self._classes: TokenMatcher[_Payload] = TokenMatcher(words["class"], prefixes, pieces["class"])
        self._ids: TokenMatcher[_Payload] = TokenMatcher(words["id"], {}, pieces["id"])
        self._unkeyed = etree.XPath(f"descendant::*[{' or '.join(unkeyed)}]") if unkeyed else None
        self._unkeyed_slots = [slot for slot, entry in self._slots.items() if entry.unkeyed]
        self._key_slots: list[list[int]] = [[] for _ in self._keys]
        for slot, entry in self._slots.items():
            for number in entry.keys:
                self._key_slots[number].append(slot)

    def __bool__(self) -> bool:
        return bool(self._slots)

    def find(self, body: HtmlElement, host: str | None, language: str | None) -> list[tuple[HtmlElement, Rule]]:
        """The outermost elements of `body` to remove, in document order, each with its rule."""
        found: dict[int, list[HtmlElement]] = defaultdict(list)  # by key number
        matched: dict[int, list[HtmlElement]] = defaultdict(list)  # by slot: a word or prefix
        self._scan(body, found, matched)
        # Only the rules with a candidate cost anything: a page's cost does not grow with the pack.
        called = set(matched).union(*(self._key_slots[key] for key in found))
        unkeyed = [slot for slot in self._unkeyed_slots if self._slots[slot].rule.applies(host, language)]
        everywhere = self._unkeyed(body) if self._unkeyed is not None and unkeyed else []
        if everywhere:
            called.update(unkeyed)
        chosen: dict[HtmlElement, Rule] = {}
        words: dict[HtmlElement, int] = {}
        for slot in sorted(called):  # in the cleaner's order: the first rule to take an element keeps it
            entry = self._slots[slot]
            if not entry.rule.applies(host, language):
                continue
            hits = matched.get(slot, [])
            kept = entry.keep(body, c=hits) if hits and entry.keep is not None else hits
            tested = [element for key in entry.keys for element in found.get(key, ())]
            if entry.unkeyed:
                tested += everywhere
            if tested and entry.confirm is not None:
                kept = [*kept, *entry.confirm(body, c=tested)]
            for element in kept:
                if element in chosen or (entry.max_words and _words(element, words) > entry.max_words):
                    continue
                chosen[element] = entry.rule
        outermost = [element for element in chosen if not any(a in chosen for a in element.iterancestors())]
        return [(element, chosen[element]) for element in _IN_ORDER(body, c=outermost)]

    def _scan(self, body: HtmlElement, found: dict[int, list[HtmlElement]], matched: dict[int, list[HtmlElement]]) -> None:
        """One pass over the elements of `body`: the keys their tag and attributes carry, and
        the words, prefixes and keys in their class and id values."""
        tags, attributes, whole = self._tags, self._attributes, self._values
        texts: dict[str, list[str]] = {"class": [], "id": []}
        owners: dict[str, list[HtmlElement]] = {"class": [], "id": []}
        for element in body.iterdescendants(etree.Element):
            if (key := tags.get(element.tag)) is not None:
                found[key].append(element)
            for name, value in element.items():
                if name in texts:
                    texts[name].append(value)
                    owners[name].append(element)
                if (key := attributes.get(name)) is not None:
                    found[key].append(element)
                if (by_value := whole.get(name)) is not None and (key := by_value.get(value)) is not None:
                    found[key].append(element)
        for name, matcher in (("class", self._classes), ("id", self._ids)):
            for index, payloads in matcher.match(texts[name]).items():
                for number, alone in payloads:
                    (matched[number] if alone else found[number]).append(owners[name][index])


def _words(element: HtmlElement, counted: dict[HtmlElement, int]) -> int:
    if element not in counted:
        counted[element] = len(element.text_content().split())
    return counted[element]
