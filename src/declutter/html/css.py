"""CSS selectors as XPath *tests on one element*, so that every rule shares one tree walk.

cssselect translates ``article .share`` into a path (``descendant-or-self::article/descendant::*
[...]``): one walk of the page per selector. Written as a test instead (``self::*[... and
ancestor::article]``), all selectors of all rules become one predicate, ``descendant::*[t1 or
t2 ...]``, evaluated in a single walk; and the same test tells, for each element found, which
rule it belongs to without another walk.
"""

from __future__ import annotations

from cssselect import ExpressionError, SelectorError, parse
from cssselect.xpath import HTMLTranslator, XPathExpr


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
    node-set for every element of the page, a name comparison does not, and the one walk
    that tests every element against every rule runs three times faster for it.
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
    try:
        selectors = parse(css)
        tests = []
        for selector in selectors:
            if selector.pseudo_element:
                raise ExpressionError(f"pseudo-element ::{selector.pseudo_element} selects no element")
            tests.append(_test(_TRANSLATOR.xpath(selector.parsed_tree)))
    except SelectorError as exc:
        raise CssError(str(exc)) from None
    if not tests:
        raise CssError("empty selector")
    return " or ".join(f"({test})" for test in tests)
