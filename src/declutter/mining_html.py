"""Finding a site's template noise in HTML pages: elements that recur with the same text.

A site's pages come from one template, so its boxes (a newsletter sign-up, a share row, a
"more from us" strip) recur on a large share of its pages, in the same place in the markup and
with the same text, while the article differs from page to page. An element is described by
its *signature*: its parent's and its own tag and classes (``div.article-footer >
aside.newsletter-signup``), with class names that end in a build hash (``Promo_box__x7Yz``)
cut to their stable start (``Promo_box__*``) and per-page numbers (``post-1234``) likewise.

A signature qualifies when the same text (its *stable text*) comes with it on at least the
threshold of the site's mined pages, and nearly every time it occurs (``div.body > p``
occurs often, with different text: the article). Skipped, and reported: elements whose text
reads as article prose, elements that hold a paragraph of the extracted article, elements
inside another qualifying element, and what the built-in element rules already remove.

The draft is one site-scoped *selector* rule: a CSS selector per signature, or the stable
class prefix alone where no other element of the site's pages carries it. It is tested on
held-out pages by cleaning each with the built-in pack, with and without the draft, and
comparing the extracted articles: what the draft takes out of them must be its own template
text, never the article's.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import lxml.html
from lxml import etree

from declutter.cleaner import Cleaner
from declutter.fixtures import rule_cleaner
from declutter.html.blocks import HTML_SKIPPED
from declutter.html.selectors import ElementRules
from declutter.html.source import drop_code, parse
from declutter.loading import parse_rule
from declutter.mining import (
    Fixture,
    Source,
    quote,
    rule_id_for,
    site_rule_head,
    split_holdout,
    threshold_for,
)
from declutter.normalize import normalize
from declutter.rule import Rule, host_of
from declutter.shape import ends_sentence, word_count

#: An element with more words than this holds more than a template box: the article, a page.
MAX_ELEMENT_WORDS = 150
#: A sentence this long, anywhere in an element's text, reads as article prose.
PROSE_SENTENCE_WORDS = 30
#: Share of a signature's occurrences that must carry its stable text.
STABLE_SHARE = 0.8
#: Tags that name a page region even without a class.
LANDMARKS = frozenset({"nav", "header", "footer", "aside", "form"})
#: Tags never proposed: the page, its main content, and what only holds text inline.
_NEVER = frozenset({"html", "body", "main", "article", "p", "span", "a", "em", "strong", "b", "i"})
#: A fixture's excerpt of an element: at most this many words.
EXCERPT_WORDS = 30
#: Elements and attributes a fixture excerpt leaves out: no media, links, tracking or styles.
_EXCERPT_DROPS = frozenset({"img", "picture", "source", "svg", "iframe", "video", "audio", "script", "style"})
_KEPT_ATTRIBUTES = ("class", "id")
_SAMPLES = 3

#: A class token's tail that is a build hash or a per-page number, and the start it keeps.
_TAIL = re.compile(r"^(?P<stem>.*?[A-Za-z0-9](?:__|_|-))(?P<tail>[A-Za-z0-9]+)$")
_NAME = re.compile(r"-?[_a-zA-Z][_a-zA-Z0-9-]*")
_CAMEL = re.compile(r"(?:[A-Z][a-z]+)+|[a-z]+(?:[A-Z][a-z]+)*")
#: Class-name starts that CSS-in-JS libraries put before every hash: they name nothing.
_GENERIC_STEMS = frozenset({"css-", "sc-", "jsx-", "svelte-", "emotion-", "styled-", "tw-"})


# -- signatures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One element of a signature: tag, stable id, and classes (hashed ones as ``stem*``)."""

    tag: str
    id: str | None
    classes: tuple[str, ...]

    def __str__(self) -> str:
        ident = f"#{self.id}" if self.id else ""
        return self.tag + ident + "".join(f".{c}" for c in self.classes)

    @property
    def named(self) -> bool:
        return bool(self.id or self.classes)

    @property
    def prefixes(self) -> tuple[str, ...]:
        return tuple(c[:-1] for c in self.classes if c.endswith("*"))

    def css(self) -> str:
        ident = f"#{self.id}" if self.id else ""
        parts = [f"[class*='{c[:-1]}']" if c.endswith("*") else f".{c}" for c in self.classes]
        return self.tag + ident + "".join(parts)


def step_of(element: etree._Element) -> Step:
    ident = element.get("id")
    if ident is not None and (not _NAME.fullmatch(ident) or any(c.isdigit() for c in ident)):
        ident = None  # ids with numbers are per page (post-1234); odd ones cannot be written in CSS
    classes = sorted({c for token in (element.get("class") or "").split() if (c := stable_class(token))})
    return Step(str(element.tag), ident, tuple(classes))


def stable_class(token: str) -> str | None:
    """`token` as it recurs across pages: ``Promo_box__x7Yz`` is ``Promo_box__*``,
    ``post-1234`` is ``post-*``; None for tokens that name nothing stable or cannot be
    written in a selector (``css-1x2y3z``, ``md:flex``)."""
    if not _NAME.fullmatch(token):
        return None
    if any(token.startswith(stem) for stem in _GENERIC_STEMS):
        return None
    match = _TAIL.match(token)
    if match is None or not _varies(match["tail"]):
        return token
    stem = match["stem"]
    return stem + "*" if len(stem.strip("_-")) >= 3 else None


def _varies(tail: str) -> bool:
    """A build hash (``x7Yz``, ``a1b2``, ``bdVaJa``) or a number of three digits or more."""
    if tail.isdigit():
        return len(tail) >= 3
    has_digit = any(c.isdigit() for c in tail)
    if has_digit:
        return len(tail) >= 4
    return len(tail) >= 5 and not _CAMEL.fullmatch(tail) and any(c.isupper() for c in tail[1:])


def signature_of(element: etree._Element) -> tuple[Step, Step] | None:
    """The element's (parent, own) steps, or None if it cannot be a template box."""
    if element.tag in _NEVER or element.tag in HTML_SKIPPED:
        return None
    own = step_of(element)
    if not own.named and own.tag not in LANDMARKS:
        return None
    parent = element.getparent()
    if parent is None:
        return None
    return step_of(parent), own


def signature_text(signature: tuple[Step, Step]) -> str:
    return f"{signature[0]} > {signature[1]}"


def _text(element: etree._Element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _page(source: Source) -> etree._Element:
    root = parse(source.text)
    drop_code(root)
    return root.find("body")


def _url(source: Source) -> str:
    return source.url or f"https://{source.site}/"


# -- outcome ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementEvidence:
    """A recurring element: its signature, stable text, and on how many mined pages."""

    signature: str
    text: str
    documents: int
    occurrences: int
    example: str
    words: int
    #: The rule's entry for it: a CSS selector, or a class prefix.
    selector: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class PageHoldout:
    """What the draft does to pages it was not mined from.

    `removed_words`: the words of the elements it matches (the draft alone, page text).
    `article_words`: the words of the articles the built-in pack extracts; of those the draft
    takes `noise_words` that are its own template text and `lost_words` that are not.
    """

    documents: int
    words: int
    elements: int
    removed_words: int
    article_words: int
    noise_words: int
    lost_words: int
    guarded: int
    touched: tuple[str, ...]


@dataclass(frozen=True)
class PageDraft:
    """The outcome of mining one site's HTML pages; `rule` is None when nothing qualified."""

    site: str
    documents: int
    mined: int
    threshold: int
    evidence: tuple[ElementEvidence, ...]
    skipped_prose: tuple[ElementEvidence, ...] = ()
    skipped_article: tuple[ElementEvidence, ...] = ()
    skipped_builtin: tuple[ElementEvidence, ...] = ()
    toml: str = ""
    rule: Rule | None = None
    holdout: PageHoldout | None = None
    fixtures: tuple[Fixture, ...] = ()


# -- mining ----------------------------------------------------------------------------------


@dataclass
class _Tally:
    """Per signature: texts by pages, occurrences, and an example page per text."""

    pages: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    occurrences: int = 0
    texts: Counter[str] = field(default_factory=Counter)


def mine_pages(
    site: str, docs: list[Source], min_share: float, min_docs: int, holdout: float, builtin: Cleaner
) -> PageDraft:
    held, mined = split_holdout(docs, holdout)
    threshold = threshold_for(len(mined), min_share, min_docs)
    draft = PageDraft(site, len(docs), len(mined), threshold, ())
    if threshold > len(mined):
        return draft
    tallies: dict[tuple[Step, Step], _Tally] = defaultdict(_Tally)
    for number, source in enumerate(mined):
        for element in _page(source).iterdescendants():
            if not isinstance(element.tag, str) or (signature := signature_of(element)) is None:
                continue
            text = _text(element)
            if not any(c.isalpha() for c in text) or len(text.split()) > MAX_ELEMENT_WORDS:
                continue
            tally = tallies[signature]
            tally.pages[text].add(number)
            tally.occurrences += 1
            tally.texts[text] += 1
    candidates = {}
    for signature, tally in tallies.items():
        text, pages = max(tally.pages.items(), key=lambda item: (len(item[1]), item[0]))
        if len(pages) >= threshold and tally.texts[text] >= STABLE_SHARE * tally.occurrences:
            candidates[signature] = (text, min(pages))
    if not candidates:
        return draft
    checks = _check(mined, candidates, builtin, threshold)
    evidence, prose, article, known = [], [], [], []
    for signature, (text, first) in sorted(candidates.items(), key=lambda kv: (-len(tallies[kv[0]].pages[kv[1][0]]), signature_text(kv[0]))):
        tally = tallies[signature]
        found = ElementEvidence(
            signature_text(signature), text, len(tally.pages[text]), tally.occurrences,
            mined[first].name, len(text.split()),
        )
        check = checks[signature]
        if check.nested:
            continue  # an enclosing element is proposed and takes it along
        if _reads_as_prose(signature[1].tag, text):
            prose.append(found)
        elif check.article:
            article.append(found)
        elif check.builtin:
            known.append(found)
        else:
            own = signature[1]
            prefix = next((p for p in own.prefixes if check.prefix_alone.get(p)), "")
            evidence.append(replace(found, prefix=prefix, selector="" if prefix else _css(signature)))
    draft = replace(draft, evidence=tuple(evidence), skipped_prose=tuple(prose),
                    skipped_article=tuple(article), skipped_builtin=tuple(known))
    if not evidence:
        return draft
    toml = _rule_toml(draft)
    rule = parse_rule(tomllib.loads(toml)["rule"][0], source=f"<draft for {site}>")
    examples = {e.signature: next(s for s in mined if s.name == e.example) for e in evidence}
    return replace(
        draft, toml=toml, rule=rule, holdout=evaluate_pages(rule, held, builtin, evidence),
        fixtures=_fixtures(rule, evidence, examples),
    )


def _reads_as_prose(tag: str, text: str) -> bool:
    """Article prose: a paragraph-like sentence, or a long sentence anywhere."""
    normalized = normalize(text)
    return ends_sentence(normalized) and (tag in ("p", "blockquote", "li") or word_count(normalized) > PROSE_SENTENCE_WORDS)


def _css(signature: tuple[Step, Step]) -> str:
    parent, own = signature
    return f"{parent.css()} > {own.css()}"


@dataclass
class _Checks:
    nested: bool = False
    article: bool = False
    builtin: bool = False
    #: Per hashed class prefix of the element: whether no other element of the pages has it.
    prefix_alone: dict[str, bool] = field(default_factory=dict)


def _check(
    mined: Sequence[Source], candidates: dict[tuple[Step, Step], tuple[str, int]], builtin: Cleaner, threshold: int
) -> dict[tuple[Step, Step], _Checks]:
    """A second pass over the mined pages, now that the candidates are known: is each one
    inside another, does it hold the article, do the built-in rules take it already, and
    does its hashed class prefix name it alone?"""
    articles = [_article_lines(builtin.clean_html(s.text, url=_url(s), format="text").text) for s in mined]
    shared = Counter(line for lines in articles for line in set(lines))
    own_prose = [[line for line in lines if shared[line] < threshold and len(line) > 40] for lines in articles]
    element_rules = ElementRules(builtin.rules)
    checks = {signature: _Checks() for signature in candidates}
    inside: Counter[tuple[Step, Step]] = Counter()
    known: Counter[tuple[Step, Step]] = Counter()
    seen: Counter[tuple[Step, Step]] = Counter()
    prefix_owners: dict[str, set[tuple[Step, Step] | None]] = defaultdict(set)
    prefixes = {p for signature in candidates for p in signature[1].prefixes}
    for number, source in enumerate(mined):
        body = _page(source)
        taken = {e for element, _rule in element_rules.find(body, host_of(_url(source)), None) for e in element.iter()}
        for element in body.iterdescendants():
            if not isinstance(element.tag, str):
                continue
            signature = signature_of(element)
            if prefixes:
                for token in (element.get("class") or "").split():
                    for prefix in prefixes:
                        if token.startswith(prefix):
                            prefix_owners[prefix].add(signature if signature in candidates else None)
            if signature not in candidates:
                continue
            seen[signature] += 1
            if any(signature_of(a) in candidates for a in element.iterancestors() if isinstance(a.tag, str)):
                inside[signature] += 1
            if element in taken or not any(c.isalpha() for c in _text_left(element, taken)):
                known[signature] += 1
            squashed = "".join(_text(element).split())
            if any(line in squashed for line in own_prose[number]):
                checks[signature].article = True
    guardless = Cleaner.from_rules(builtin.rules, max_removed=1)
    for signature, check in checks.items():
        check.nested = inside[signature] * 2 > seen[signature]
        check.builtin = known[signature] * 2 > seen[signature] or _text_rules_take(guardless, candidates[signature][0])
        check.prefix_alone = {p: prefix_owners[p] == {signature} for p in signature[1].prefixes}
    return checks


def _text_left(element: etree._Element, taken: set[etree._Element]) -> str:
    """The element's text outside the elements in `taken`: what the built-in rules leave of it."""
    parts = []
    for node in element.iter():
        if node in taken:
            continue
        parts.append(node.text or "")
        parts += [child.tail or "" for child in node]  # a tail is outside its element
    return " ".join(parts)


def _article_lines(text: str) -> list[str]:
    return ["".join(line.split()) for line in text.splitlines() if line.strip()]


def _text_rules_take(guardless: Cleaner, text: str) -> bool:
    """Whether the built-in text rules remove `text` as a line of its own."""
    return bool(guardless.clean_text(text + "\n").removed)


def _rule_toml(draft: PageDraft) -> str:
    share = max(e.documents for e in draft.evidence) / draft.mined
    max_words = max(e.words for e in draft.evidence)
    lines = [
        f"# Mined from {draft.mined} pages of {draft.site} ({draft.documents - draft.mined} held out); each",
        f"# element below recurs with the same text on at least {draft.threshold} of them. Review each one.",
    ]
    for label, skipped in (("prose", draft.skipped_prose), ("holding the article", draft.skipped_article),
                           ("removed by the built-in rules", draft.skipped_builtin)):
        if skipped:
            lines.append(f"# Skipped as {label}: {', '.join(e.signature for e in skipped[:3])}")
    lines += site_rule_head(
        rule_id_for(draft.site, html=True),
        "selector",
        draft.site,
        summary=f"Template boxes that recur on up to {share:.0%} of {draft.site} pages.",
        why=f"Found by declutter mine: each element recurs, same tag and classes, same text, on at least "
        f"{draft.threshold} of {draft.mined} pages from {draft.site}; none reads as article prose or "
        "holds the article.",
    )
    for name, entries in (("css", [e for e in draft.evidence if e.selector]),
                          ("class_prefixes", [e for e in draft.evidence if e.prefix])):
        if not entries:
            continue
        lines.append(f"{name} = [")
        for e in entries:
            lines.append(f"  # {e.signature}: on {e.documents}/{draft.mined} pages, e.g. {e.example}")
            lines.append(f"  # text: {quote(e.text, 80)}")
            lines.append(f"  {json.dumps(e.selector or e.prefix)},")
        lines.append("]")
    lines += [
        "# Never the article or what holds it, whatever the classes say.",
        'unless = ["main", "article", ":has(main)", ":has(article)"]',
        f"# The largest box found has {max_words} words; a larger match is not this template's.",
        f"max_words = {max_words + max(10, max_words // 2)}",
    ]
    return "\n".join(lines) + "\n"


# -- held-out pages --------------------------------------------------------------------------


def evaluate_pages(
    rule: Rule, held: Sequence[Source], builtin: Cleaner, evidence: Sequence[ElementEvidence] = ()
) -> PageHoldout:
    """Clean each held-out page with the built-in pack, with and without the draft, and
    compare: what the draft alone matches, and what it takes out of the extracted article,
    told apart as its template text (an element with a mined stable text) or the article's."""
    alone = ElementRules([rule])
    with_draft = Cleaner.from_rules([*builtin.rules, rule])
    stable = {"".join(e.text.split()) for e in evidence}
    words = elements = removed = article = noise = lost = guarded = 0
    touched: list[str] = []
    for source in held:
        body = _page(source)
        words += len(_text(body).split())
        matched = [_text(element) for element, _rule in alone.find(body, host_of(_url(source)), None)]
        elements += len(matched)
        removed += sum(len(text.split()) for text in matched)
        template = ["".join(text.split()) for text in matched if "".join(text.split()) in stable]
        before = builtin.clean_html(source.text, url=_url(source), format="text")
        after = with_draft.clean_html(source.text, url=_url(source), format="text")
        guarded += after.guarded and not before.guarded
        article += len(before.text.split())
        gone = Counter(before.text.splitlines()) - Counter(after.text.splitlines())
        for line, count in gone.items():
            size = len(line.split()) * count
            squashed = "".join(line.split())
            if squashed and any(squashed in box for box in template):
                noise += size
            else:
                lost += size
                touched.append(f"{source.name}: {quote(line, 80)}")
    return PageHoldout(len(held), words, elements, removed, article, noise, lost, guarded, tuple(touched))


# -- fixtures --------------------------------------------------------------------------------

_PARAGRAPH = (
    "This paragraph stands in for the article: it was written for this fixture, and it must "
    "stay when the template boxes around it go."
)


def _fixtures(rule: Rule, evidence: Sequence[ElementEvidence], examples: dict[str, Source]) -> tuple[Fixture, ...]:
    """A removing case: the first few mined elements, cut to short excerpts, each in its
    parent (tag and classes only) around a paragraph written here; and a keeping case: a
    paragraph that quotes a box's text, without its markup."""
    cleaner = rule_cleaner(rule)
    parts = []
    for item in evidence[:_SAMPLES]:
        excerpt = _excerpt(examples[item.signature], item)
        if excerpt is not None:
            parts.append(excerpt)
    fixtures = []
    url = _url(next(iter(examples.values())))
    if parts:
        page = _wrap([*parts, f"<article><h1>A headline written for this fixture</h1><p>{_PARAGRAPH}</p></article>"])
        expected = cleaner.clean_html(page, url=url, extract=False).text
        if expected != _baseline(page, url):
            fixtures.append(Fixture("removes-template-boxes-around-article", page, expected, url, html=True))
    words = evidence[0].text.split()[:8]
    quoted = " ".join(words) + (" …" if len(evidence[0].text.split()) > 8 else "")
    sentence = (
        f"A paragraph written for this fixture quotes the site's box, &#8220;{_escape(quoted)}&#8221;, "
        "inside a sentence: it is prose and stays."
    )
    keeps = _wrap([f"<article><h1>A headline written for this fixture</h1>\n<p>{sentence}</p></article>"])
    if cleaner.clean_html(keeps, url=url, extract=False).text == _baseline(keeps, url):
        fixtures.append(Fixture("keeps-paragraph-quoting-template-text", keeps, None, url, html=True))
    return tuple(fixtures)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _baseline(page: str, url: str) -> str:
    return Cleaner.from_rules([], max_removed=1).clean_html(page, url=url, extract=False).text


def _wrap(parts: Iterable[str]) -> str:
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Fixture</title></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _excerpt(source: Source, item: ElementEvidence) -> str | None:
    """The element of `item` from its example page, in a copy of its parent (tag, id and
    classes), attributes other than class and id removed, cut to `EXCERPT_WORDS` words."""
    body = _page(source)
    for element in body.iterdescendants():
        if not isinstance(element.tag, str) or _text(element) != item.text:
            continue
        signature = signature_of(element)
        if signature is None or signature_text(signature) != item.signature:
            continue
        box = copy.deepcopy(element)
        box.tail = None
        for node in list(box.iter()):
            if isinstance(node.tag, str) and node.tag in _EXCERPT_DROPS and node is not box:
                node.drop_tree()
        for node in box.iter():
            for name in list(node.attrib):
                if name not in _KEPT_ATTRIBUTES:
                    del node.attrib[name]
        _trim(box, EXCERPT_WORDS)
        inner = lxml.html.tostring(box, encoding="unicode")
        parent = element.getparent()
        if parent is None or parent.tag == "body":
            return inner
        attributes = "".join(f' {name}="{_escape(parent.get(name))}"' for name in _KEPT_ATTRIBUTES if parent.get(name))
        return f"<{parent.tag}{attributes}>{inner}</{parent.tag}>"
    return None


def _trim(element: etree._Element, budget: int) -> int:
    """Cut the text below `element` to `budget` words (an ellipsis marks the cut); the words used."""
    used = 0

    def cut(text: str | None) -> str | None:
        nonlocal used
        if not text or not text.split():
            return text
        words = text.split()
        if used >= budget:
            return None
        if used + len(words) > budget:
            keep = budget - used
            used = budget
            return " ".join(words[:keep]) + " …"
        used += len(words)
        return text

    element.text = cut(element.text)
    for child in list(element):
        if used >= budget:
            element.remove(child)
            continue
        used += _trim(child, budget - used)
        child.tail = cut(child.tail)
    return used
