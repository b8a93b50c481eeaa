"""What cleaning did to one document, for a person to read: in a terminal or as an HTML page.

`declutter clean --explain` lists removals tersely; a report shows the whole document with each
removed line marked by the rule that removed it, a count per rule, and the damage guard's
verdict, so that a rule author can see at a glance what a rule took and what it left. When the
guard trips, nothing is removed, and the lines the rules wanted are shown as *held back*.

An HTML page has no input lines, so its report shows the *page text*: one line per text block
of the page as parsed (see `declutter.html.blocks.page_blocks`). Removals are placed from the
`Result` alone, never by running the rules a second time: an element removal is found in the
page by its tag, id, classes and text, and labelled ``<tag#id.class>``; a text-rule removal (on
the extracted article's blocks) by its text. Blocks that extraction left out, with no rule
involved, are marked too, so that the report accounts for every line of the page.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from lxml import etree

from declutter.document import Document
from declutter.html.blocks import HTML_BLOCKS, HTML_SKIPPED, page_blocks
from declutter.html.source import HtmlSource, drop_code, parse
from declutter.result import Element, Removal, Result
from declutter.rule import Rule

#: Styles a piece of text for a terminal: ``paint(text, role, rule_index)``; roles are
#: "removed", "held", "label", "number", "verdict" and (HTML pages) "dropped" for text that
#: extraction left out. The default leaves text plain.
Painter = Callable[[str, str, int], str]


@dataclass(frozen=True)
class RuleCount:
    rule: str
    summary: str
    #: Lines (text mode) or removals: elements and blocks (HTML mode); held back ones included.
    lines: int


@dataclass(frozen=True)
class ReportLine:
    """A line of the input; `rule` names the rule that removed it (or would have: `held`).

    HTML mode: a block of the page text (`number` 0 for an element without text, or a removal
    not found in the page); `element` labels the first line of an element a rule removed
    (``<aside.newsletter>``); `dropped` marks text extraction left out with no rule involved.
    """

    number: int
    text: str
    rule: str | None = None
    held: bool = False
    element: str | None = None
    dropped: bool = False


@dataclass(frozen=True)
class GuardCheck:
    """One of HTML mode's two damage-guard checks: element rules on the page's text, then
    text rules on the extracted article's text (or the whole page's, without extraction)."""

    rules: str
    of: str
    share: float
    tripped: bool


@dataclass(frozen=True)
class Report:
    lines: tuple[ReportLine, ...]
    counts: tuple[RuleCount, ...]
    guarded: bool
    #: Share of the document's visible characters the rules took (or would have taken).
    share: float
    #: The damage guard's limit, when the caller knows it.
    limit: float | None = None
    url: str | None = None
    #: HTML mode only: the guard's checks, and whether the article was extracted.
    checks: tuple[GuardCheck, ...] = ()
    html: bool = False
    extracted: bool = False
    #: HTML mode: how many removals the guard held back (element and text rules apart).
    held_back: int = 0

    @property
    def rule_index(self) -> dict[str, int]:
        """A stable position per rule in this report: the colour a rule is shown in."""
        return {count.rule: position for position, count in enumerate(self.counts)}

    @property
    def verdict(self) -> str:
        limit = f" (limit {self.limit:.0%})" if self.limit is not None else ""
        if self.html:
            return "; ".join(_check_verdict(check, limit) for check in self.checks)
        if self.guarded:
            return (
                f"guard tripped: the rules would remove {self.share:.0%} of the text{limit}, so the "
                "document is kept unchanged; the lines marked held back are what they wanted"
            )
        if not self.counts:
            return "nothing removed"
        return f"guard passed: {self.share:.0%} of the text removed{limit}"


def build_report(text: str, result: Result, rules: Iterable[Rule], *, limit: float | None = None) -> Report:
    """The report of `result`, the outcome of cleaning `text` with `rules`."""
    doc = Document.from_text(text, max_words=1)
    removals: tuple[Removal, ...] = result.held_back if result.guarded else result.removed
    by_line = {removal.line: removal.rule for removal in removals}
    lines = tuple(
        ReportLine(number, line, by_line.get(number), result.guarded and number in by_line)
        for number, line in enumerate(doc.lines, start=1)
    )
    summaries = {rule.id: rule.summary for rule in rules}
    tally = Counter(removal.rule for removal in removals)
    counts = tuple(
        RuleCount(rule_id, summaries.get(rule_id, ""), number)
        for rule_id, number in sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    )
    total = sum(len(line.strip()) for line in doc.lines)
    taken = sum(len(doc.lines[removal.line - 1].strip()) for removal in removals)
    return Report(lines, counts, result.guarded, taken / total if total else 0.0, limit, result.url)


# -- HTML pages ------------------------------------------------------------------------------

#: The kinds whose rules remove elements before extraction; every other kind reads text blocks.
ELEMENT_KINDS = frozenset({"selector", "xpath"})
#: Stands in for the text of a removed element that has none, so that it gets a line of its own.
_EMPTY = "\u2063"


def build_page_report(
    page: HtmlSource, result: Result, rules: Iterable[Rule], *, extracted: bool, limit: float | None = None
) -> Report:
    """The report of `result`, the outcome of ``clean_html(page, extract=extracted, format="text")``."""
    root = parse(page)
    drop_code(root)
    body = root.find("body")
    rules = list(rules)
    kinds = {rule.id: rule.kind for rule in rules}
    pairs = [(r, False) for r in result.removed] + [(r, True) for r in result.held_back]
    by_element = [p for p in pairs if kinds.get(p[0].rule) in ELEMENT_KINDS and p[0].element is not None]
    by_text = [p for p in pairs if not (kinds.get(p[0].rule) in ELEMENT_KINDS and p[0].element is not None)]

    owners, lost = _place_elements(body, by_element)
    lines: list[ReportLine] = []
    labelled: set[etree._Element] = set()
    free: list[int] = []  # indexes into `lines` of blocks no element rule took
    element_chars = 0
    for number, block in enumerate(page_blocks(body), start=1):
        owner = _owner(block.element, owners)
        text = "" if block.text == _EMPTY else block.text
        if owner is None:
            free.append(len(lines))
            lines.append(ReportLine(number, text))
            continue
        removal, held, label = owners[owner]
        element_chars += len(text)
        lines.append(ReportLine(number if text else 0, text, removal.rule, held, None if owner in labelled else label))
        labelled.add(owner)
    page_chars = sum(len(line.text) for line in lines)

    unplaced = _place_text_removals(lines, free, [*lost, *by_text])
    text_chars = sum(len(lines[i].text) for i in free if lines[i].rule is not None)
    text_chars += sum(len(line.text) for line in unplaced)
    if extracted:
        _mark_dropped(lines, free, result.text)
    lines += unplaced

    summaries = {rule.id: rule.summary for rule in rules}
    tally = Counter(removal.rule for removal, _held in pairs)
    counts = tuple(
        RuleCount(rule_id, summaries.get(rule_id, ""), number)
        for rule_id, number in sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    )
    elements_held = any(held for _removal, held in by_element)
    text_held = any(held for _removal, held in by_text)
    if extracted:
        kept = sum(len(line.strip()) for line in result.text.splitlines())
        article_chars = kept if text_held else kept + text_chars
    else:
        article_chars = page_chars if elements_held else page_chars - element_chars
    checks = (
        GuardCheck("element rules", "the page's text", _share(element_chars, page_chars), elements_held),
        GuardCheck("text rules", "the article's text" if extracted else "the rest of the page's text",
                   _share(text_chars, article_chars), text_held),
    )
    return Report(
        tuple(lines), counts, result.guarded, _share(element_chars + text_chars, page_chars), limit,
        result.url, checks, html=True, extracted=extracted, held_back=len(result.held_back),
    )


def element_label(element: Element) -> str:
    """An element as CSS-like shorthand: ``<div#id.class1.class2>``."""
    ident = f"#{element.id}" if element.id else ""
    return f"<{element.tag}{ident}{''.join('.' + c for c in element.classes)}>"


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


_Owner = tuple[Removal, bool, str]


def _place_elements(
    body: etree._Element, removals: Sequence[tuple[Removal, bool]]
) -> tuple[dict[etree._Element, _Owner], list[tuple[Removal, bool]]]:
    """The page's elements that `removals` name, found in document order by tag, id, classes
    and text, and the removals not found. Each element found becomes a block of its own (an
    inline ``<span class="ad">`` too), and one without text gets a stand-in, so that every
    removed element has a line in the report."""
    elements = [e for e in body.iterdescendants() if isinstance(e.tag, str)]
    found: dict[etree._Element, _Owner] = {}
    lost = []
    start = 0
    for removal, held in removals:
        assert removal.element is not None
        index = _find(elements, removal, start, found)
        if index is None:
            index = _find(elements, removal, 0, found)
        if index is None:
            lost.append((removal, held))
            continue
        start = index + 1
        found[elements[index]] = (removal, held, element_label(removal.element))
    for element in found:
        if element.tag not in HTML_BLOCKS or element.tag in HTML_SKIPPED:
            element.tag = "div"
        if not _squash("".join(element.itertext())):
            for child in list(element):
                child.drop_tree()
            element.text = _EMPTY
    return found, lost


def _find(elements: list[etree._Element], removal: Removal, start: int, taken: dict[etree._Element, _Owner]) -> int | None:
    described = removal.element
    assert described is not None
    for index in range(start, len(elements)):
        element = elements[index]
        if (
            element.tag == described.tag
            and element.get("id") == described.id
            and tuple((element.get("class") or "").split()) == described.classes
            and element not in taken
            and _same_text(" ".join(element.itertext()), removal.text)
        ):
            return index
    return None


def _owner(element: etree._Element, owners: dict[etree._Element, _Owner]) -> etree._Element | None:
    while element is not None:
        if element in owners:
            return element
        element = element.getparent()
    return None


def _place_text_removals(
    lines: list[ReportLine], free: list[int], removals: Sequence[tuple[Removal, bool]]
) -> list[ReportLine]:
    """Mark the page-text lines that text rules removed (matched by text, in order); return
    the removals not found in the page text, as lines without a number."""
    unplaced = []
    cursor = 0
    claimed: set[int] = set()
    for removal, held in removals:
        position = _find_line(lines, free, removal.text, cursor, claimed)
        if position is None:
            position = _find_line(lines, free, removal.text, 0, claimed)
        if position is None:
            label = element_label(removal.element) if removal.element is not None else None
            unplaced.append(ReportLine(0, removal.text, removal.rule, held, label))
            continue
        cursor = position + 1
        index = free[position]
        claimed.add(position)
        lines[index] = ReportLine(lines[index].number, lines[index].text, removal.rule, held)
    return unplaced


def _find_line(lines: list[ReportLine], free: list[int], text: str, start: int, claimed: set[int]) -> int | None:
    for position in range(start, len(free)):
        if position not in claimed and _same_text(lines[free[position]].text, text):
            return position
    return None


def _mark_dropped(lines: list[ReportLine], free: list[int], article: str) -> None:
    """Mark the unclaimed page-text lines that are not in the extracted article's text.

    The article's lines are aligned with the page's in order; a page line that is not equal
    to an article line still counts as extracted when it is part of one (trafilatura joins
    inline runs and table cells) and is not a fragment too short to tell.
    """
    kept = [i for i in free if lines[i].rule is None]
    page = [_squash(lines[i].text) for i in kept]
    out = [_squash(line.removeprefix("- ")) for line in article.splitlines() if line.strip()]
    inside = [False] * len(kept)
    matcher = SequenceMatcher(None, page, out, autojunk=False)
    for tag, p1, p2, o1, o2 in matcher.get_opcodes():
        for p in range(p1, p2):
            if tag == "equal":
                inside[p] = True
            elif tag == "replace":
                inside[p] = len(page[p]) >= 12 and any(page[p] in line for line in out[o1:o2])
    for p, index in enumerate(kept):
        if not inside[p] and lines[index].text:
            line = lines[index]
            lines[index] = ReportLine(line.number, line.text, dropped=True)


def _squash(text: str) -> str:
    return "".join(text.split())


def _same_text(page_text: str, removal_text: str) -> bool:
    """Whether a removal's text (maybe cut short, ending in "…") is `page_text`."""
    cut = removal_text.endswith("…")
    wanted = _squash(removal_text.removesuffix("…"))
    have = _squash(page_text)
    return have == wanted or (cut and have.startswith(wanted))


def _check_verdict(check: GuardCheck, limit: str) -> str:
    if check.tripped:
        return (
            f"{check.rules}: guard tripped, they would remove {check.share:.0%} of {check.of}{limit}, "
            "so none were applied (marked held back)"
        )
    if not check.share:
        return f"{check.rules}: nothing removed"
    return f"{check.rules}: guard passed, {check.share:.0%} of {check.of} removed{limit}"


def _plain(text: str, role: str, rule_index: int) -> str:
    return text


def render_text(report: Report, *, paint: Painter = _plain) -> str:
    """The document with line numbers; removed lines marked ``-`` (held back: ``?``) and labelled.

    The markers are plain characters, so the report reads the same through a pipe; `paint`
    adds colour on top for a terminal. An HTML page's text also marks with ``~`` what
    extraction left out with no rule involved, and names each removed element once.
    """
    colours = report.rule_index
    width = len(str(max((line.number for line in report.lines), default=0)))
    out = []
    for line in report.lines:
        number = paint(f"{line.number:>{width}}" if line.number else " " * width, "number", 0)
        if line.rule is None:
            if line.dropped:
                out.append(f"{number} ~ {paint(line.text, 'dropped', 0)}")
            else:
                out.append(f"{number}   {line.text}".rstrip())
            continue
        index = colours[line.rule]
        mark, role = ("?", "held") if line.held else ("-", "removed")
        label = paint(f"[{line.rule}]", "label", index)
        element = f" {paint(line.element, 'label', index)}" if line.element else ""
        text = f" {paint(line.text, role, index)}" if line.text or not report.html else ""
        out.append(f"{number} {mark} {label}{element}{text}")
    out += ["", *summary_lines(report, paint=paint)]
    return "\n".join(out) + "\n"


def summary_lines(report: Report, *, paint: Painter = _plain) -> list[str]:
    """A line per rule (lines taken, id, summary), then the guard's verdict."""
    total = sum(count.lines for count in report.counts)
    if report.html:
        held = f", {report.held_back} of them held back by the guard" if report.held_back else ""
        lines = [f"{total} removal{'s' if total != 1 else ''} by {len(report.counts)} rule(s){held}"]
    else:
        held = " held back" if report.guarded else " removed"
        lines = [f"{total} line{'s' if total != 1 else ''}{held} by {len(report.counts)} rule(s)"]
    width = max((len(count.rule) for count in report.counts), default=0)
    for index, count in enumerate(report.counts):
        label = paint(f"{count.rule:<{width}}", "label", index)
        lines.append(f"  {count.lines:>4}  {label}  {count.summary}")
    if report.html and report.extracted:
        lines.append("~ marks page text that extraction left out, with no rule involved")
    lines.append(paint(report.verdict, "verdict", 1 if report.guarded else 0))
    return lines


# -- HTML ------------------------------------------------------------------------------------

_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.3em; word-break: break-all; }
.verdict { padding: .6em 1em; border-radius: 4px; background: #e8f4e8; }
.verdict.guarded { background: #fbe3e3; font-weight: bold; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { padding: .2em .8em; text-align: left; border-bottom: 1px solid #ddd; }
td.n { text-align: right; }
.swatch { display: inline-block; width: 1em; height: 1em; vertical-align: middle;
  border-radius: 2px; margin-right: .4em; }
.doc { font: 14px/1.45 ui-monospace, monospace; border: 1px solid #ccc; padding: .5em 0; }
.line { display: flex; white-space: pre-wrap; word-break: break-word; padding: 0 .5em; }
.no { color: #999; min-width: 3.5em; text-align: right; padding-right: 1em; user-select: none;
  flex: none; }
.line del { text-decoration: line-through; color: #555; }
.line.held del { text-decoration: line-through wavy; }
.line.dropped { color: #999; }
.el { font-weight: bold; margin-right: .5em; }
.tag { margin-left: auto; padding-left: 1em; font-size: .85em; color: #333; flex: none; }
"""


def rule_colour(index: int) -> str:
    """A light background colour per rule, hues spread by the golden angle to stay apart."""
    return f"hsl({index * 137.508 % 360:.0f}, 75%, 82%)"


def render_html(report: Report, *, title: str) -> str:
    """A self-contained page (inline CSS, no scripts, no external assets); all text escaped."""
    colours = report.rule_index
    summaries = {count.rule: count.summary for count in report.counts}
    esc = html.escape
    unit = "removals" if report.html else "lines"
    rows = []
    for index, count in enumerate(report.counts):
        rows.append(
            f'<tr title="{esc(count.summary)}"><td><span class="swatch" '
            f'style="background:{rule_colour(index)}"></span>{esc(count.rule)}</td>'
            f'<td class="n">{count.lines}</td><td>{esc(count.summary)}</td></tr>'
        )
    body = []
    for line in report.lines:
        number = f'<span class="no">{line.number or ""}</span>'
        if line.rule is None:
            if line.dropped:
                body.append(
                    f'<div class="line dropped" title="left out by extraction (no rule)">{number}'
                    f"<span>{esc(line.text)}</span></div>"
                )
            else:
                body.append(f'<div class="line">{number}<span>{esc(line.text)}</span></div>')
            continue
        index = colours[line.rule]
        state = "held back by" if line.held else "removed by"
        where = f" ({line.element})" if line.element else ""
        hover = f"{state} {line.rule}: {summaries[line.rule]}{where}"
        element = f'<span class="el">{esc(line.element)}</span>' if line.element else ""
        body.append(
            f'<div class="line {"held" if line.held else "removed"}" '
            f'style="background:{rule_colour(index)}" title="{esc(hover)}">{number}'
            f'<del>{element}{esc(line.text)}</del><span class="tag">{esc(line.rule)}</span></div>'
        )
    table = (
        f"<table><tr><th>rule</th><th>{unit}</th><th>summary</th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p>No rule removed anything.</p>"
    )
    url = f"<p>URL: {esc(report.url)}</p>" if report.url else ""
    mode = ""
    if report.html:
        what = (
            "the page's text, one line per block; grey lines are what extraction left out with no rule involved"
            if report.extracted
            else "the page's text, one line per block (no extraction)"
        )
        mode = f"<p>HTML page: {what}.</p>"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>declutter: {esc(title)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>declutter explain: {esc(title)}</h1>{url}{mode}\n"
        f'<p class="verdict{" guarded" if report.guarded else ""}">{esc(report.verdict)}</p>\n'
        f"{table}\n<div class=\"doc\">\n" + "\n".join(body) + "\n</div>\n</body></html>\n"
    )
