"""What cleaning returns: the text, and every removal with the rule that made it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from bs4 import BeautifulSoup
    from lxml.html import HtmlElement

#: What `Result.text` holds: plain text, Markdown, HTML, or a JSON document.
Format = Literal["text", "markdown", "html", "json"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "html", "json")


@dataclass(frozen=True, slots=True)
class Element:
    """The HTML element a removal took: enough to find it in the page's source."""

    tag: str
    id: str | None = None
    classes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Removal:
    """One removal: the rule id, where it was, and its text.

    In text mode `line` is the 1-based line number in the input and `element` is None. In
    HTML mode there are no input lines: `line` is 0, `element` names the removed element and
    `text` is its text, whitespace collapsed and cut to `MAX_REMOVAL_TEXT` characters.
    """

    rule: str
    line: int
    text: str
    element: Element | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.element is None:
            del data["element"]
        return data


#: Removed elements can hold whole menus; a report needs only enough text to recognise them.
MAX_REMOVAL_TEXT = 200


@dataclass(frozen=True)
class Metadata:
    """What trafilatura finds about a page (None where it finds nothing)."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    sitename: str | None = None


@dataclass(frozen=True)
class Result:
    """The cleaned text and the removals that produced it, in document order.

    When the damage guard trips, `text` is the input unchanged, `removed` is empty and
    `held_back` lists what the rules would have removed, so a person can see which rule
    went wrong.

    HTML mode fills the rest: `text` is in the requested `format`, `html` is the cleaned
    HTML (the extracted article, or the whole pruned page without extraction), `metadata`
    is what trafilatura found (when asked for).
    """

    text: str
    removed: tuple[Removal, ...] = ()
    url: str | None = None
    held_back: tuple[Removal, ...] = ()
    html: str | None = None
    metadata: Metadata | None = None
    format: Format = "text"

    @property
    def changed(self) -> bool:
        return bool(self.removed)

    @property
    def guarded(self) -> bool:
        """Whether the damage guard kept the document unchanged."""
        return bool(self.held_back)

    def tree(self) -> HtmlElement:
        """The cleaned HTML as a new lxml tree (yours to change). HTML mode only."""
        import lxml.html

        return lxml.html.document_fromstring(self._require_html())

    def soup(self) -> BeautifulSoup:
        """The cleaned HTML as a new BeautifulSoup object, for bs4 pipelines. HTML mode only."""
        from bs4 import BeautifulSoup

        return BeautifulSoup(self._require_html(), "lxml")

    def _require_html(self) -> str:
        if self.html is None:
            from declutter.errors import DeclutterError

            raise DeclutterError("this result came from text mode and has no HTML")
        return self.html

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "url": self.url,
            "removed": [removal.to_dict() for removal in self.removed],
            "guarded": self.guarded,
            "held_back": [removal.to_dict() for removal in self.held_back],
        }
        if self.metadata is not None:
            data["metadata"] = asdict(self.metadata)
        return data
