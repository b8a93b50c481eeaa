"""Import the element-hiding filters of an ad-block list (EasyList, Fanboy, uBlock Origin).

A cosmetic filter is ``domains##selector``: hide what `selector` matches on those domains (all
domains when none are given; ``~domain`` excludes one, subdomains included), and
``domains#@#selector`` is an exception that undoes a filter there. declutter's *selector* rules
say the same thing with `css` and ad-block style `domains`, so a list becomes a rule pack:
filters that share a domain scope share one rule. ``selector:has-text(words)`` hides only
elements whose text contains the words; it becomes an *xpath* rule.

What the engine cannot run (procedural operators such as ``:upward()``, scriptlets, HTML
filters, network filters) is counted and reported with line numbers, never dropped silently.
The importer converts a list that the user has: no third-party list ships with declutter.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from declutter.html.css import CssError, element_test
from declutter.rule import valid_domain

#: Keep a hidden element only up to this many words by default: list selectors are written for
#: ad containers, and a page that reuses a class for its article must not lose the article.
DEFAULT_MAX_WORDS = 150

#: Operators of uBlock Origin, AdGuard and Adblock Plus that no CSS engine runs.
_PROCEDURAL = re.compile(
    r":(-abp-[a-z-]+|has-text|upward|remove|remove-attr|remove-class|style|xpath|matches-css"
    r"(-before|-after)?|matches-attr|matches-media|matches-path|matches-prop|min-text-length"
    r"|watch-attr|others|if|if-not|nth-ancestor|contains|properties)\("
)
_HAS_TEXT = re.compile(r"^(?P<css>.*):has-text\((?P<text>[^()]*)\)$")
_MARKERS = ("#@#", "##", "#?#", "#@?#", "#$#", "#@$#", "#%#", "#@%#", "$$", "$@$")
_SCRIPTLET = ("##+js(", "#@#+js(", "##^", "#@#^")


@dataclass(frozen=True)
class Filter:
    """One element-hiding filter (or exception) of the list."""

    line: int
    domains: tuple[str, ...]
    css: str
    text: str | None = None  # :has-text() words
    exception: bool = False


@dataclass
class Report:
    """What the import made of each line of the list."""

    hiding: int = 0
    exceptions: int = 0
    has_text: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def skip(self, reason: str, number: int, line: str) -> None:
        self.skipped[reason] += 1
        if len(self.examples[reason]) < 3:
            self.examples[reason].append(f"line {number}: {line}")

    def lines(self) -> list[str]:
        """The report, one line each: what was imported, then every kind of line skipped."""
        out = [
            (
                f"imported {self.hiding} element-hiding filters ({self.has_text} with :has-text), "
                f"applied {self.exceptions} exceptions"
            )
        ]
        for reason, count in self.skipped.most_common():
            out.append(f"skipped {count}: {reason}")
            out.extend(f"    {example}" for example in self.examples[reason])
        return out


@dataclass(frozen=True)
class Imported:
    toml: str
    report: Report
    rule_count: int


def import_list(lines: Iterable[str], *, name: str, max_words: int = DEFAULT_MAX_WORDS) -> Imported:
    """Convert the lines of an ad-block list named `name` into a TOML rule pack and a report."""
    report = Report()
    filters = list(_parse(lines, report))
    rules = _group(filters, report)
    prefix = _slug(name) or "adblock"
    toml = _pack_toml(rules, prefix=prefix, name=name, max_words=max_words)
    return Imported(toml, report, len(rules))


def _parse(lines: Iterable[str], report: Report) -> Iterable[Filter]:
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("!") or (line.startswith("[") and line.endswith("]")):
            continue
        if any(marker in line for marker in _SCRIPTLET):
            report.skip("scriptlet or HTML filter (the engine runs no scripts)", number, line)
            continue
        marker = next((m for m in _MARKERS if m in line), None)
        if marker is None:
            report.skip("network filter (not element hiding)", number, line)
            continue
        if marker not in ("##", "#@#"):
            report.skip(f"{marker} filter (extended CSS, scriptlet or HTML filter)", number, line)
            continue
        domain_part, css = line.split(marker, 1)
        parsed = _filter(number, line, domain_part, css.strip(), marker == "#@#", report)
        if parsed is not None:
            yield parsed


def _filter(
    number: int, line: str, domain_part: str, css: str, exception: bool, report: Report
) -> Filter | None:
    domains = tuple(d.strip().lower() for d in domain_part.split(",") if d.strip())
    if any(not valid_domain(d.removeprefix("~")) for d in domains):
        report.skip("malformed domain list", number, line)
        return None
    text = None
    has_text = _HAS_TEXT.match(css)
    if has_text:
        css, text = has_text["css"].strip(), has_text["text"]
        if not text or (text.startswith("/") and text.endswith("/")):
            report.skip(":has-text() with a regular expression or no text", number, line)
            return None
    if not css:
        report.skip("empty selector", number, line)
        return None
    operator = _PROCEDURAL.search(css)
    if operator:
        report.skip(f"procedural operator :{operator.group(1)}()", number, line)
        return None
    try:
        element_test(css)
    except CssError as exc:
        report.skip(f"selector the CSS engine cannot read ({exc})", number, line)
        return None
    if exception:
        report.exceptions += 1
    else:
        report.hiding += 1
        report.has_text += text is not None
    return Filter(number, domains, css, text, exception)


@dataclass(frozen=True)
class _Rule:
    domains: tuple[str, ...]
    css: tuple[str, ...]
    has_text: tuple[tuple[str, str], ...]


def _group(filters: Sequence[Filter], report: Report) -> list[_Rule]:
    """One rule per domain scope, after exceptions have taken their filters out.

    A generic exception (``#@#sel``) removes the filter everywhere. A scoped exception
    (``site#@#sel``) removes it from that site: the filter moves to a rule that excludes the
    site (``~site``), as an ad-block engine would have skipped it there.
    """
    everywhere = {f.css for f in filters if f.exception and not f.domains}
    excluded: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for f in filters:
        if f.exception and f.domains:
            excluded[f.css, f.text].update(d for d in f.domains if not d.startswith("~"))
    scopes: dict[tuple[str, ...], tuple[list[str], list[tuple[str, str]]]] = {}
    for f in filters:
        if f.exception:
            continue
        if f.css in everywhere and f.text is None:
            report.skip("filter undone by a generic exception (#@#)", f.line, f.css)
            continue
        scope = _scope(f.domains, excluded.get((f.css, f.text), set()))
        if scope is None:
            report.skip("filter undone by exceptions on all its domains", f.line, f.css)
            continue
        css, has_text = scopes.setdefault(scope, ([], []))
        if f.text is None:
            css.append(f.css)
        else:
            has_text.append((f.css, f.text))
    return [
        _Rule(scope, tuple(dict.fromkeys(css)), tuple(dict.fromkeys(has_text)))
        for scope, (css, has_text) in sorted(scopes.items())
    ]


def _scope(domains: tuple[str, ...], excepted: set[str]) -> tuple[str, ...] | None:
    included = [d for d in domains if not d.startswith("~") and d not in excepted]
    if any(not d.startswith("~") for d in domains) and not included:
        return None
    excluded = sorted({d for d in domains if d.startswith("~")} | {f"~{d}" for d in excepted})
    return tuple(sorted(included)) + tuple(excluded)


def _pack_toml(rules: Sequence[_Rule], *, prefix: str, name: str, max_words: int) -> str:
    out = [
        f"# Element-hiding filters imported from {name} by `declutter rules import-adblock`.",
        "# The list's own licence applies to this file; check it before you share the file.",
    ]
    used: Counter[str] = Counter()
    for rule in rules:
        included = [d for d in rule.domains if not d.startswith("~")]
        base = f"{prefix}-{_slug(included[0]) if included else 'generic'}"
        if rule.css:
            out.append(_rule_toml(_unique(base, used), "selector", rule, name, max_words))
        if rule.has_text:
            out.append(_rule_toml(_unique(f"{base}-text", used), "xpath", rule, name, max_words))
    return "\n".join(out) + "\n"


def _rule_toml(rule_id: str, kind: str, rule: _Rule, name: str, max_words: int) -> str:
    where = ", ".join(rule.domains) if rule.domains else "every site"
    lines = [
        "",
        "[[rule]]",
        f"id = {_string(rule_id)}",
        f"kind = {_string(kind)}",
        f"summary = {_string(f'Elements that {name} hides on {where}.')}",
        f"why = {_string(f'Element-hiding filters of the ad-block list {name}: ads and annoyances.')}",
        'tags = ["adblock"]',
    ]
    if rule.domains:
        lines.append(f"domains = {_strings(rule.domains)}")
    if kind == "selector":
        lines.append(f"css = {_strings(rule.css)}")
    else:
        tests = [f"({element_test(css)}) and contains(string(.), {_xpath_literal(text)})"
                 for css, text in rule.has_text]
        lines.append(f"xpaths = {_strings(tests)}")
    lines.append(f"max_words = {max_words}")
    return "\n".join(lines)


def _unique(base: str, used: Counter[str]) -> str:
    used[base] += 1
    return base if used[base] == 1 else f"{base}-{used[base]}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _string(text: str) -> str:
    """A TOML basic string: JSON's string escapes are TOML's."""
    return json.dumps(text, ensure_ascii=False)


def _strings(items: Iterable[str]) -> str:
    return "[" + ", ".join(_string(item) for item in items) + "]"


def _xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"
