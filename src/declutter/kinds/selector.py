"""*selector*: HTML elements chosen by CSS selectors or by words in their class and id.

HTML mode only (text mode ignores the kind). Fields, at least one of the first four:

- ``css``: CSS selectors (cssselect syntax), e.g. ``aside[data-component="newsletter"]``;
- ``class_words`` / ``id_words``: words that must stand as a whole part of a class or id
  token (see `declutter.html.tokens`): ``ad`` takes ``ad-slot``, ``top_ad``, ``AdSlot_x7Yz``,
  never ``adult``, ``header`` or ``shadow``;
- ``class_prefixes``: starts of class tokens as written, for hashed CSS-module names
  (``NewsletterSignUp_`` takes ``NewsletterSignUp_box__x7Yz``);
- ``unless``: CSS selectors for elements to keep even when matched (``.ad-free``);
- ``keep_story``: also keep the story's own container, whatever its other classes say
  (`STORY_CONTAINER`: ``<article>``, ``<main>``, WordPress's post markers that stand beside tag
  slugs such as ``tag-comments``, the usual article-body class names). Every built-in rule sets
  it; a rule written to take ``<article>`` teaser cards leaves it off;
- ``max_words``: keep a matched element with more words than this; an ad slot or a share
  bar never holds an article, so this bounds the damage of a class name used for both.

The matched element is removed whole, its tail text kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from declutter.html.css import CssError, element_test, selector_tests
from declutter.html.keys import Key
from declutter.html.tokens import PREFIX, WORD
from declutter.kinds.base import Stage, Trigger, View
from declutter.params import Params

#: What `keep_story` keeps: the story itself, by element or by the class names CMSs give it.
STORY_CONTAINER = (
    "article", "main", ".hentry", ".type-post", ".status-publish", ".entry-content", ".post-content",
    ".article-body", ".article-content", ".article__body", ".story-body", ".post-body",
)


@dataclass(frozen=True)
class SelectorSpec:
    css: tuple[str, ...]
    class_words: tuple[str, ...]
    id_words: tuple[str, ...]
    class_prefixes: tuple[str, ...]
    unless: tuple[str, ...]
    max_words: int = 0  # 0: no limit. Also what the text engine reads: this kind takes no lines.
    keep_story: bool = False
    stage: Stage = Stage.ELEMENT

    @property
    def keyed_tests(self) -> tuple[tuple[str, Key | None], ...]:
        """An XPath test on one element for each selector of `css`, with its index key."""
        return tuple(test for css in self.css for test in selector_tests(css))

    @property
    def unless_tests(self) -> tuple[str, ...]:
        kept = (*STORY_CONTAINER, *self.unless) if self.keep_story else self.unless
        return tuple(element_test(css) for css in kept)

    def triggers(self) -> Iterable[Trigger]:
        return ()

    def select(self, view: View, hits: Sequence[int]) -> Iterable[int]:
        return ()


def parse(params: Params) -> SelectorSpec:
    css = _selectors(params, "css")
    class_words = _matching(params, "class_words", WORD, "lower-case letters and digits, inner - or _")
    id_words = _matching(params, "id_words", WORD, "lower-case letters and digits, inner - or _")
    prefixes = _matching(params, "class_prefixes", PREFIX, "the start of a class name, no spaces")
    if not (css or class_words or id_words or prefixes):
        raise params.error("css", "a selector rule needs css, class_words, id_words or class_prefixes")
    unless = _selectors(params, "unless")
    max_words = params.integer("max_words", 0, minimum=1) or 0
    keep_story = params.boolean("keep_story", False)
    return SelectorSpec(css, class_words, id_words, prefixes, unless, max_words, keep_story)


def _selectors(params: Params, name: str) -> tuple[str, ...]:
    selectors = params.strings(name)
    for css in selectors:
        try:
            element_test(css)
        except CssError as exc:
            raise params.error(name, f"invalid CSS selector {css!r}: {exc}") from None
    return selectors


def _matching(params: Params, name: str, shape: object, what: str) -> tuple[str, ...]:
    values = params.strings(name)
    for value in values:
        if not shape.fullmatch(value):  # type: ignore[attr-defined]
            raise params.error(name, f"{value!r} is not a valid entry ({what})")
    return values
