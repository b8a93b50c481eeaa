"""Index keys: what an element must carry for a rule's test to be true on it.

A page is not tested against every rule. Each CSS selector or XPath test is filed under one
thing that every element it selects has: a tag, an attribute, or a piece of the class or id
value. One pass over the page finds the elements that carry any key, and only those are
tested, each against only the rules filed under its keys (see `declutter.html.selectors`).
A key is a necessary condition, never a sufficient one: the test still decides.

Keys are read conservatively; a test whose key cannot be told for sure gets none and is
evaluated on every element, in one shared walk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from cssselect.parser import (
    Attrib,
    Class,
    CombinedSelector,
    Element,
    Hash,
    Selector,
    Tree,
)

Where = Literal["tag", "attr", "value", "class", "id"]


@dataclass(frozen=True)
class Key:
    """An element tag, an attribute name, an attribute's whole value (``data-component`` is
    ``newsletter``), or a substring of the class or id value; as written."""

    where: Where
    value: str
    #: For a whole value: the attribute's name.
    attribute: str = ""


#: Operators whose match needs the value to contain the selector's value.
_CONTAINING = frozenset({"=", "~=", "^=", "$=", "*=", "|="})
#: Key preference, most selective first.
_RANK: dict[Where, int] = {"id": 0, "value": 1, "class": 2, "attr": 3, "tag": 4}


def css_key(selector: Selector) -> Key | None:
    """The key of a parsed selector: taken from its subject (the rightmost compound selector).

    Only the subject's own parts count: its tag, ``#id``, ``.class`` and ``[attribute]``
    conditions, and the positive part of ``:not()`` and other pseudo-classes (whose
    ``selector`` is the element they apply to). Lower case as cssselect's HTML translator
    compares them.
    """
    found: list[Key] = []
    node: Tree | None = selector.parsed_tree
    if isinstance(node, CombinedSelector):
        node = node.subselector
    while node is not None:
        if isinstance(node, Element):
            if node.element and node.namespace is None:
                found.append(Key("tag", node.element.lower()))
            break
        if isinstance(node, Hash):
            found.append(Key("id", node.id))
        elif isinstance(node, Class):
            found.append(Key("class", node.class_name))
        elif isinstance(node, Attrib) and node.namespace is None:
            found.extend(_attribute_key(node))
        node = getattr(node, "selector", None)
    return min(found, key=lambda key: _RANK[key.where], default=None)


def _attribute_key(node: Attrib) -> list[Key]:
    name = node.attrib.lower()
    if node.operator == "exists":
        return [Key("attr", name)]
    if node.operator not in _CONTAINING:
        return []  # != also selects elements without the attribute
    value = (node.value.value if node.value is not None else None) or ""
    if name in ("class", "id") and value and "\n" not in value:
        return [Key(name, value)]  # type: ignore[arg-type]
    if node.operator == "=":
        return [Key("value", value, name)]
    return [Key("attr", name)]


# XPath tests: a conjunction at the top level, one of whose parts needs an attribute or tag.
_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
_NAME = r"[A-Za-z_][A-Za-z0-9_.-]*"
_NEEDS_ATTRIBUTE = re.compile(rf"@({_NAME})\s*(?:(!=|<=|>=|=|<|>)\s*('[^']*'|\"[^\"]*\"|-?[0-9.]+))?")
_NEEDS_TAG = re.compile(rf"self::({_NAME})\s*(?:\[.*\])?", re.DOTALL)
_NAMED = re.compile(r"name\(\)\s*=\s*(?:'([^']*)'|\"([^\"]*)\")")
_TOP_LEVEL_OR = re.compile(r"(?<![A-Za-z0-9_.:@$-])(?:or)(?![A-Za-z0-9_.:-])|\|")
_TOP_LEVEL_AND = re.compile(r"(?<![A-Za-z0-9_.:@$-])and(?![A-Za-z0-9_.:-])")


def xpath_key(test: str) -> Key | None:
    """The key of an XPath test such as ``@hidden``, ``@aria-hidden = 'true'`` or
    ``self::aside[ancestor::footer] and @class``: a part joined with ``and`` at the top level
    that is an attribute (alone or compared with a literal), ``self::tag`` or
    ``name() = 'tag'``, or a parenthesised test with such a part. None otherwise.
    """
    masked = _LITERAL.sub(lambda m: m.group()[0] + "x" * (len(m.group()) - 2) + m.group()[0], test)
    parts: list[tuple[int, int]] = []
    depth, begin = 0, 0
    for index, char in enumerate(masked):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and _TOP_LEVEL_OR.match(masked, index):
            return None
        elif depth == 0 and (hit := _TOP_LEVEL_AND.match(masked, index)):
            parts.append((begin, index))
            begin = hit.end()
    if depth != 0:
        return None
    parts.append((begin, len(masked)))
    found: list[Key] = []
    for begin, end in parts:
        part, original = masked[begin:end].strip(), test[begin:end].strip()
        if (attribute := _NEEDS_ATTRIBUTE.fullmatch(part)) is not None:
            literal = _NEEDS_ATTRIBUTE.fullmatch(original)
            if attribute.group(2) == "=" and literal is not None and literal.group(3)[0] in "'\"":
                found.append(Key("value", literal.group(3)[1:-1], attribute.group(1)))
            else:
                found.append(Key("attr", attribute.group(1)))
        elif (tag := _NEEDS_TAG.fullmatch(part)) is not None and _balanced(part[tag.end(1):]):
            found.append(Key("tag", tag.group(1)))
        elif (named := _NAMED.fullmatch(original)) is not None:
            found.append(Key("tag", named.group(1) if named.group(1) is not None else named.group(2)))
        elif part.startswith("(") and part.endswith(")") and _balanced_parentheses(part[1:-1]):
            inner = xpath_key(original[1:-1])
            if inner is not None:
                found.append(inner)
    return min(found, key=lambda key: _RANK[key.where], default=None)


def _balanced_parentheses(text: str) -> bool:
    """Whether `text` never closes more parentheses than it opened: ``(a) and (b)`` is two
    parenthesised tests, not one."""
    depth = 0
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if depth < 0:
            return False
    return depth == 0


def _balanced(predicates: str) -> bool:
    """Whether the text after ``self::tag`` is nothing or whole ``[...]`` predicates only."""
    depth = 0
    for char in predicates.strip():
        if depth == 0 and char != "[":
            return False
        depth += char == "["
        depth -= char == "]"
    return depth == 0
