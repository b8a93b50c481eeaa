"""Finding a site's template noise: lines that recur across many of its documents.

A site's navigation, promos and footers come from one template, so the same lines recur on a
large share of its pages, while article text does not. Mining counts, per site, in how many
documents each normalised line occurs, keeps the lines above a share, and drops what reads as
article prose (a sentence, or a long line: shared wire copy and standard paragraphs must not
become rules) and what the built-in pack already removes. The result is a *draft*: one
site-scoped phrase rule per site with its evidence, fixtures cut from the evidence, and a
report on documents held out from mining. Nothing is applied until a person adds the draft to
a rule path.

HTML pages (``*.html`` files, or JSONL records with an ``html`` field) are mined for recurring
*elements* instead of lines: see `declutter.mining_html`. A site's text documents and its pages
are mined apart, each into its own draft rule.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from declutter.cleaner import Cleaner
from declutter.decoding import decode_text
from declutter.document import Document
from declutter.errors import DeclutterError, InputError
from declutter.fixtures import rule_cleaner
from declutter.html.decode import decode
from declutter.loading import parse_rule
from declutter.normalize import line_key
from declutter.rule import Rule, host_of
from declutter.shape import ends_sentence, word_count

if TYPE_CHECKING:
    from declutter.mining_html import PageDraft

#: Lines with more words than this read as prose, whatever their punctuation.
PROSE_WORDS = 12
#: Fixture excerpts: at most this many lines, each cut to at most this many words.
EXCERPT_LINES = 12
EXCERPT_WORDS = 30
#: How many held-out prose-looking lines the report quotes.
_SAMPLES = 3


class MiningError(DeclutterError):
    """An input cannot be read or is not in a form mining understands."""


@dataclass(frozen=True)
class Source:
    """One input document and the site it belongs to; `html`: `text` is an HTML page."""

    site: str
    name: str
    text: str
    url: str | None = None
    html: bool = False


@dataclass(frozen=True)
class Evidence:
    """A recurring line: as most often written, and in how many mined documents, e.g. where."""

    key: str
    line: str
    documents: int
    example: str


@dataclass(frozen=True)
class Holdout:
    """What the draft rule does to documents it was not mined from."""

    documents: int
    lines: int
    removed: int
    prose_touched: tuple[str, ...]


@dataclass(frozen=True)
class Fixture:
    """A fixture case; `expected` None: the input must come out unchanged (a near miss)."""

    name: str
    text: str
    expected: str | None
    url: str
    html: bool = False

    @property
    def input_name(self) -> str:
        return f"{self.name}.in.{'html' if self.html else 'txt'}"


@dataclass(frozen=True)
class SiteDraft:
    """The outcome for one site: its rule (None when nothing qualified) and all the evidence.

    No line can qualify when `threshold` exceeds `mined`: too few documents to mine.
    """

    site: str
    documents: int
    mined: int
    threshold: int
    evidence: tuple[Evidence, ...]
    skipped_prose: tuple[Evidence, ...]
    skipped_builtin: tuple[Evidence, ...]
    toml: str = ""
    rule: Rule | None = None
    holdout: Holdout | None = None
    fixtures: tuple[Fixture, ...] = ()


# -- inputs ----------------------------------------------------------------------------------


#: File suffixes read as HTML pages; any other file (but ``.jsonl``) is read as text.
HTML_SUFFIXES = (".html", ".htm")
_FOLDER_SUFFIXES = (".txt", ".jsonl", *HTML_SUFFIXES)


def read_sources(paths: Iterable[Path]) -> list[Source]:
    """Documents from text files and HTML files (site: the parent folder's name) and JSONL
    files (fields ``url`` and ``text`` or ``html``; site: the URL's host). Folders are searched
    for ``*.txt``, ``*.html``, ``*.htm`` and ``*.jsonl``."""
    sources: list[Source] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in _FOLDER_SUFFIXES and p.is_file())
        elif path.is_file():
            files = [path]
        else:
            raise MiningError(f"{path}: no such file or folder")
        for file in files:
            site = site_name(file.resolve().parent.name)
            if file.suffix == ".jsonl":
                sources += _jsonl(file)
            elif file.suffix in HTML_SUFFIXES:
                sources.append(Source(site, str(file), _read_page(file), html=True))
            else:
                sources.append(Source(site, str(file), _read(file)))
    return sources


def site_name(host: str) -> str:
    """A site as rules scope it: the lower-cased host without ``www.`` (subdomains are included)."""
    host = host.lower().strip(".")
    return host.removeprefix("www.")


def _jsonl(file: Path) -> list[Source]:
    sources = []
    for number, line in enumerate(_read(file).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{file}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MiningError(f"{where}: not JSON: {exc.msg}") from None
        if not isinstance(record, dict):
            raise MiningError(f"{where}: each line must be a JSON object with url and text")
        url, page = record.get("url"), record.get("html")
        text = page if isinstance(page, str) else record.get("text")
        if not isinstance(url, str) or not isinstance(text, str):
            raise MiningError(f"{where}: needs string fields 'url' and 'text'")
        host = host_of(url)
        if host is None:
            raise MiningError(f"{where}: url {url!r} has no host")
        sources.append(Source(site_name(host), where, text, url, html=isinstance(page, str)))
    return sources


def _read_page(file: Path) -> str:
    """An HTML file as the page means it (byte-order mark, declared charset, detection)."""
    try:
        return decode(file.read_bytes())
    except OSError as exc:
        raise MiningError(f"{file}: {exc.strerror or exc}") from None


def _read(file: Path) -> str:
    try:
        return decode_text(file.read_bytes())
    except OSError as exc:
        raise MiningError(f"{file}: {exc.strerror or exc}") from None
    except InputError as exc:
        raise MiningError(f"{file}: {exc}") from None


# -- mining ----------------------------------------------------------------------------------


def mine(
    sources: Sequence[Source],
    *,
    min_share: float = 0.3,
    min_docs: int = 5,
    holdout: float = 0.2,
    builtin: Cleaner | None = None,
) -> list[SiteDraft | PageDraft]:
    """A draft per site, in site order. A line qualifies when it occurs in at least `min_docs`
    and at least `min_share` of the site's mined documents; `holdout` of each site's documents
    (chosen by a hash of their names, so a rerun holds out the same ones) are kept back to
    test the draft on."""
    if not 0 < min_share <= 1 or not 0 <= holdout < 1 or min_docs < 1:
        raise MiningError("need 0 < min-share <= 1, 0 <= holdout < 1 and min-docs >= 1")
    from declutter.mining_html import mine_pages

    builtin = builtin or Cleaner()
    by_site: dict[tuple[str, bool], list[Source]] = defaultdict(list)
    for source in sources:
        by_site[source.site, source.html].append(source)
    return [
        (mine_pages if html else _mine_site)(site, docs, min_share, min_docs, holdout, builtin)
        for (site, html), docs in sorted(by_site.items())
    ]


def split_holdout(docs: Sequence[Source], holdout: float) -> tuple[list[Source], list[Source]]:
    """The documents held out and those mined: chosen by a hash of their names, so that a
    rerun holds out the same ones; at least one is held out when `holdout` asks for any."""
    ordered = sorted(docs, key=lambda s: hashlib.sha1(s.name.encode("utf-8")).hexdigest())
    held_count = round(len(ordered) * holdout) if len(ordered) > 1 else 0
    if holdout and len(ordered) > 1:
        held_count = max(held_count, 1)
    return ordered[:held_count], ordered[held_count:]


def threshold_for(mined: int, min_share: float, min_docs: int) -> int:
    return max(min_docs, math.ceil(min_share * mined))


@dataclass(frozen=True)
class _Parsed:
    source: Source
    doc: Document

    def keys(self) -> dict[str, int]:
        """Each distinct line key of the document, with its first line index."""
        found: dict[str, int] = {}
        for index in self.doc.nonblank:
            found.setdefault(line_key(self.doc.normalized[index]), index)
        found.pop("", None)
        return found


def _mine_site(
    site: str, docs: list[Source], min_share: float, min_docs: int, holdout: float, builtin: Cleaner
) -> SiteDraft:
    held, mined = split_holdout(docs, holdout)
    threshold = threshold_for(len(mined), min_share, min_docs)
    parsed = [_Parsed(s, Document.from_text(s.text, max_words=10_000)) for s in mined]
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, str] = {}
    removed_by_pack: set[str] = set()
    prose_keys: set[str] = set()
    for item in parsed:
        keys = item.keys()
        counts.update(keys.keys())
        for key, index in keys.items():
            spellings[key][item.doc.lines[index].strip()] += 1
            examples.setdefault(key, f"{item.source.name}:{index + 1}")
            if reads_as_prose(item.doc.normalized[index]):
                prose_keys.add(key)  # the key has lost the final full stop that says so
        result = builtin.clean_text(item.source.text, url=_url(item.source))
        for removal in result.removed or result.held_back:
            removed_by_pack.add(line_key(item.doc.normalized[removal.line - 1]))
    evidence, prose, known = [], [], []
    for key, number in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if number < threshold or not any(c.isalpha() for c in key):
            continue
        found = Evidence(key, spellings[key].most_common(1)[0][0], number, examples[key])
        if key in prose_keys:
            prose.append(found)
        elif key in removed_by_pack:
            known.append(found)
        else:
            evidence.append(found)
    draft = SiteDraft(site, len(docs), len(mined), threshold, tuple(evidence), tuple(prose), tuple(known))
    if not evidence:
        return draft
    toml = _rule_toml(draft)
    rule = parse_rule(tomllib.loads(toml)["rule"][0], source=f"<draft for {site}>")
    noise = {e.key for e in evidence}
    return replace(
        draft, toml=toml, rule=rule, holdout=evaluate(rule, held),
        fixtures=_fixtures(rule, parsed, noise, evidence[0].line),
    )


def reads_as_prose(normalized_line: str) -> bool:
    """A sentence or a long line: the article's text, never template noise to mine."""
    return ends_sentence(normalized_line) or word_count(normalized_line) > PROSE_WORDS


def _url(source: Source) -> str:
    return source.url or f"https://{source.site}/"


def rule_id_for(site: str, *, html: bool = False) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", site.lower()).strip("-") or "site"
    return f"{slug}-template-{'elements' if html else 'lines'}"


def _rule_toml(draft: SiteDraft) -> str:
    share = max(e.documents for e in draft.evidence) / draft.mined
    lines = [
        f"# Mined from {draft.mined} documents of {draft.site} ({draft.documents - draft.mined} held out);",
        f"# each line below occurs in at least {draft.threshold} of them. Review every line before use.",
    ]
    if draft.skipped_prose:
        lines.append(f"# Skipped as prose: {', '.join(quote(e.line) for e in draft.skipped_prose[:3])}")
    lines += site_rule_head(
        rule_id_for(draft.site),
        "phrase",
        draft.site,
        summary=f"Template lines that recur on up to {share:.0%} of {draft.site} pages.",
        why=f"Found by declutter mine: each line recurs verbatim on at least {draft.threshold} of "
        f"{draft.mined} documents from {draft.site} and does not read as article prose.",
    )
    lines += [
        'match = "line"',
        "phrases = [",
        *(
            f"  {json.dumps(e.line, ensure_ascii=False)},"
            f"  # in {e.documents}/{draft.mined} documents, e.g. {e.example}"
            for e in draft.evidence
        ),
        "]",
    ]
    return "\n".join(lines) + "\n"


def site_rule_head(rule_id: str, kind: str, site: str, *, summary: str, why: str) -> list[str]:
    """The TOML lines every drafted site rule starts with, text or HTML."""
    return [
        "[[rule]]",
        f"id = {json.dumps(rule_id)}",
        f"kind = {json.dumps(kind)}",
        f"summary = {json.dumps(summary)}",
        f"why = {json.dumps(why)}",
        f"seen = {json.dumps([site])}",
        'tags = ["site", "mined"]',
        f"domains = {json.dumps([site])}",
    ]


def quote(text: str, limit: int = 50) -> str:
    """`text` as a TOML/JSON string for a comment or report, cut to `limit` characters."""
    return json.dumps(text if len(text) <= limit else text[: limit - 3] + "...", ensure_ascii=False)


def evaluate(rule: Rule, held: Sequence[Source]) -> Holdout:
    """What `rule` removes from `held` documents, and which removed lines look like prose."""
    cleaner = rule_cleaner(rule)
    lines = removed = 0
    touched: list[str] = []
    for source in held:
        doc = Document.from_text(source.text, max_words=10_000)
        lines += len(doc.nonblank)
        result = cleaner.clean_text(source.text, url=_url(source))
        removed += len(result.removed)
        touched += [
            f"{source.name}:{r.line}: {r.text.strip()}"
            for r in result.removed
            if reads_as_prose(doc.normalized[r.line - 1])
        ]
    return Holdout(len(held), lines, removed, tuple(touched))


# -- fixtures --------------------------------------------------------------------------------


def _fixtures(rule: Rule, parsed: Sequence[_Parsed], keys: set[str], top: str) -> tuple[Fixture, ...]:
    """A removing case cut around the noise in the document with the most of it, and a keeping
    case of article lines plus a sentence that quotes a noise line. Excerpts only: at most
    `EXCERPT_LINES` lines and about half of the document, each line cut to `EXCERPT_WORDS` words."""
    cleaner = rule_cleaner(rule)
    best = max(parsed, key=lambda p: (len(keys & set(p.keys())), p.source.name))
    lines, normalized = best.doc.lines, best.doc.normalized
    noisy = [i for i in best.doc.nonblank if line_key(normalized[i]) in keys]
    size = max(3, min(EXCERPT_LINES, len(lines) // 2))
    start = max(0, min(noisy[0] - 2, len(lines) - size))
    removes = _join(_cut(line) for line in lines[start : start + size])
    url = _url(best.source)
    fixtures = [Fixture("removes-template-lines-around-article", removes,
                        cleaner.clean_text(removes, url=url).text, url)]
    prose = [
        _cut(lines[i]) for i in best.doc.nonblank
        if line_key(normalized[i]) not in keys and reads_as_prose(normalized[i])
    ][:3]
    quoting = f'A sentence that quotes the page\'s "{top}" inside it is prose and stays.'
    keeps = _join([*prose, quoting])
    if cleaner.clean_text(keeps, url=url).text == keeps:
        fixtures.append(Fixture("keeps-article-lines-and-quoted-template-line", keeps, None, url))
    return tuple(fixtures)


def _cut(line: str) -> str:
    words = line.split(" ")
    return line if len(words) <= EXCERPT_WORDS else " ".join(words[:EXCERPT_WORDS]) + " …"


def _join(lines: Iterable[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


def draft_text(drafts: Sequence[SiteDraft | PageDraft]) -> str:
    """The draft rule file: a ``[[rule]]`` pack, one rule per site (and mode) that had evidence."""
    header = "# Draft rules from `declutter mine`: nothing here is applied until you add this file\n" \
             "# to a rule path (--rules). Review each entry; delete what is content.\n"
    return header + "".join("\n" + d.toml for d in drafts if d.rule is not None)
