"""*xpath*: HTML elements for which an XPath 1.0 test is true.

HTML mode only. ``xpaths`` are tests evaluated on each element of the page body, not paths:
``@hidden``, ``@aria-hidden = 'true'``, ``self::aside[ancestor::footer]``. Written as tests,
each is filed under an attribute or tag it needs where it names one (``@hidden``,
``self::aside``), so that only elements carrying it are tested (see `declutter.html.keys`). ``max_words`` as in *selector*.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from declutter.html.keys import Key, xpath_key
from declutter.kinds.base import Stage, Trigger, View
from declutter.params import Params

#: A page to evaluate each test on once when loading, so that a test calling an unknown
#: function fails with the rule, not on the first document.
_PROBE = etree.fromstring("<html><body><p class='x'>x</p></body></html>")


@dataclass(frozen=True)
class XPathSpec:
    xpaths: tuple[str, ...]
    max_words: int = 0  # 0: no limit
    stage: Stage = Stage.ELEMENT

    @property
    def keyed_tests(self) -> tuple[tuple[str, Key | None], ...]:
        """Each test with its index key (see `declutter.html.keys`)."""
        return tuple((test, xpath_key(test)) for test in self.xpaths)

    @property
    def unless_tests(self) -> tuple[str, ...]:
        return ()

    def triggers(self) -> Iterable[Trigger]:
        return ()

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        return ()


def parse(params: Params) -> XPathSpec:
    xpaths = params.strings("xpaths", required=True)
    for test in xpaths:
        try:
            etree.XPath(f"descendant::*[{test}]")(_PROBE)
        except etree.XPathError as exc:
            raise params.error("xpaths", f"invalid XPath test {test!r}: {exc}") from None
    return XPathSpec(xpaths, params.integer("max_words", 0, minimum=1) or 0)
