"""What cleaning did to one document, for a person to read: in a terminal or as an HTML page.

`declutter clean --explain` lists removals tersely; a report shows the whole document with each
removed line marked by the rule that removed it, a count per rule, and the damage guard's
verdict, so that a rule author can see at a glance what a rule took and what it left. When the
guard trips, nothing is removed, and the lines the rules wanted are shown as *held back*.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from declutter.document import Document
from declutter.result import Removal, Result
from declutter.rule import Rule

#: Styles a piece of text for a terminal: ``paint(text, role, rule_index)``; roles are
#: "removed", "held", "label", "number" and "verdict". The default leaves text plain.
Painter = Callable[[str, str, int], str]


@dataclass(frozen=True)
class RuleCount:
    rule: str
    summary: str
    lines: int


@dataclass(frozen=True)
class ReportLine:
    """A line of the input; `rule` names the rule that removed it (or would have: `held`)."""

    number: int
    text: str
    rule: str | None = None
    held: bool = False


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

    @property
    def rule_index(self) -> dict[str, int]:
        """A stable position per rule in this report: the colour a rule is shown in."""
        return {count.rule: position for position, count in enumerate(self.counts)}

    @property
    def verdict(self) -> str:
        limit = f" (limit {self.limit:.0%})" if self.limit is not None else ""
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


def _plain(text: str, role: str, rule_index: int) -> str:
    return text


def render_text(report: Report, *, paint: Painter = _plain) -> str:
    """The document with line numbers; removed lines marked ``-`` (held back: ``?``) and labelled.

    The markers are plain characters, so the report reads the same through a pipe; `paint`
    adds colour on top for a terminal.
    """
    colours = report.rule_index
    width = len(str(len(report.lines)))
    out = []
    for line in report.lines:
        number = paint(f"{line.number:>{width}}", "number", 0)
        if line.rule is None:
            out.append(f"{number}   {line.text}".rstrip())
            continue
        index = colours[line.rule]
        mark, role = ("?", "held") if line.held else ("-", "removed")
        label = paint(f"[{line.rule}]", "label", index)
        out.append(f"{number} {mark} {label} {paint(line.text, role, index)}")
    out += ["", *summary_lines(report, paint=paint)]
    return "\n".join(out) + "\n"


def summary_lines(report: Report, *, paint: Painter = _plain) -> list[str]:
    """A line per rule (lines taken, id, summary), then the guard's verdict."""
    total = sum(count.lines for count in report.counts)
    held = " held back" if report.guarded else " removed"
    lines = [f"{total} line{'s' if total != 1 else ''}{held} by {len(report.counts)} rule(s)"]
    width = max((len(count.rule) for count in report.counts), default=0)
    for index, count in enumerate(report.counts):
        label = paint(f"{count.rule:<{width}}", "label", index)
        lines.append(f"  {count.lines:>4}  {label}  {count.summary}")
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
    rows = []
    for index, count in enumerate(report.counts):
        rows.append(
            f'<tr title="{esc(count.summary)}"><td><span class="swatch" '
            f'style="background:{rule_colour(index)}"></span>{esc(count.rule)}</td>'
            f'<td class="n">{count.lines}</td><td>{esc(count.summary)}</td></tr>'
        )
    body = []
    for line in report.lines:
        number = f'<span class="no">{line.number}</span>'
        if line.rule is None:
            body.append(f'<div class="line">{number}<span>{esc(line.text)}</span></div>')
            continue
        index = colours[line.rule]
        state = "held back by" if line.held else "removed by"
        hover = f"{state} {line.rule}: {summaries[line.rule]}"
        body.append(
            f'<div class="line {"held" if line.held else "removed"}" '
            f'style="background:{rule_colour(index)}" title="{esc(hover)}">{number}'
            f'<del>{esc(line.text)}</del><span class="tag">{esc(line.rule)}</span></div>'
        )
    table = (
        "<table><tr><th>rule</th><th>lines</th><th>summary</th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p>No rule removed anything.</p>"
    )
    url = f"<p>URL: {esc(report.url)}</p>" if report.url else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>declutter: {esc(title)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>declutter explain: {esc(title)}</h1>{url}\n"
        f'<p class="verdict{" guarded" if report.guarded else ""}">{esc(report.verdict)}</p>\n'
        f"{table}\n<div class=\"doc\">\n" + "\n".join(body) + "\n</div>\n</body></html>\n"
    )
