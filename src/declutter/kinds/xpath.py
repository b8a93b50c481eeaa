"""*xpath*: HTML elements for which an XPath 1.0 test is true.

HTML mode only. ``xpaths`` are tests evaluated on each element of the page body, not paths:
``@hidden``, ``@aria-hidden = 'true'``, ``self::aside[ancestor::footer]``. Written as tests,
all rules share one walk of the page (see `declutter.html.css`). ``max_words`` as in *selector*.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

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
    def tests(self) -> tuple[str, ...]:
        return self.xpaths

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
