"""CSS selectors as XPath *tests on one element*, each with the key an element needs to pass it.

cssselect translates ``article .share`` into a path (``descendant-or-self::article/descendant::*
[...]``): one walk of the page per selector. Written as a test instead (``self::*[... and
ancestor::article]``), a selector can be evaluated on just the elements that carry its key
(here the class ``share``, see `declutter.html.keys`), all of a rule's candidates in one XPath
call; and the tests without a key still share one walk, ``descendant::*[t1 or t2 ...]``.
"""

from __future__ import annotations

from cssselect import ExpressionError, SelectorError, parse
from cssselect.xpath import HTMLTranslator, XPathExpr

from declutter.html.keys import Key, css_key


class CssError(ValueError):
    """A selector that cssselect cannot parse, or that has no element-test form."""


class _TestTranslator(HTMLTranslator):
    """cssselect with combinators turned into conditions on the right-hand element."""

    def xpath_descendant_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(f"ancestor::{_step(left)}")

    def xpath_child_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(f"parent::{_step(left)}")

    def xpath_direct_adjacent_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(f"preceding-sibling::*[1][self::{_step(left)}]")

    def xpath_indirect_adjacent_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(f"preceding-sibling::{_step(left)}")


def _step(expr: XPathExpr) -> str:
    if expr.path:
        raise ExpressionError("this selector has no single-element form")
    return str(expr)


_TRANSLATOR = _TestTranslator()


def _test(expr: XPathExpr) -> str:
    """The expression as a condition on the context element.

    ``name() = 'ins' and ...`` rather than ``self::ins[...]``: a location step builds a
    node-set for every element tested, a name comparison does not, and a walk testing every
    element runs three times faster for it.
    """
    _step(expr)
    parts = [] if expr.element == "*" else [f"name() = {_TRANSLATOR.xpath_literal(expr.element)}"]
    if expr.condition:
        parts.append(f"({expr.condition})")
    return " and ".join(parts) or "true()"


def element_test(css: str) -> str:
    """An XPath expression true on exactly the elements that `css` selects.

    A selector group (``a, b``) becomes a disjunction. Raises `CssError` for invalid or
    unsupported selectors (pseudo-elements, and pseudo-classes cssselect cannot translate).
    """
    return " or ".join(f"({test})" for test, _key in selector_tests(css))


def selector_tests(css: str) -> tuple[tuple[str, Key | None], ...]:
    """Each selector of the group `css` as an element test, with its index key (see `keys`)."""
    try:
        selectors = parse(css)
        tests = []
        for selector in selectors:
            if selector.pseudo_element:
                raise ExpressionError(f"pseudo-element ::{selector.pseudo_element} selects no element")
            tests.append((_test(_TRANSLATOR.xpath(selector.parsed_tree)), css_key(selector)))
    except SelectorError as exc:
        raise CssError(str(exc)) from None
    if not tests:
        raise CssError("empty selector")
    return tuple(tests)
