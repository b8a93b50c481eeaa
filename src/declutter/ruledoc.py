"""A rule's documentation page, made from its rule file and its fixtures.

The examples come from the fixtures, so no documented example is untested.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

from declutter.fixtures import Case, discover
from declutter.kinds import KINDS
from declutter.rule import Rule

_EXAMPLE_LINES = 12


def render_rule(rule: Rule, fixtures: Path) -> str:
    cases = [c for c in discover(fixtures) if c.rule == rule.id] if fixtures.is_dir() else []
    removing = next((c for c in cases if c.removes), None)
    keeping = next((c for c in cases if not c.removes), None)
    scope = ", ".join(rule.scope.to_list()) or "all sites"
    parts = [
        f"# {rule.id}",
        "",
        rule.summary,
        "",
        f"- kind: {rule.kind}",
        f"- tags: {', '.join(rule.tags) or '-'}",
        f"- applies to: {scope}" + (f"; languages: {', '.join(rule.languages)}" if rule.languages else ""),
        f"- on by default: {'yes' if rule.default else 'no (turn on with --enable ' + rule.id + ')'}",
        f"- seen on: {', '.join(rule.seen) or '-'}",
        f"- defined in: {rule.source}",
        "",
        "## Why is this noise",
        "",
        rule.why,
        "",
        "## What it matches",
        "",
        *_parameters(rule),
    ]
    if removing:
        parts += ["", f"## Example ({removing.name})", "", *_diff(removing)]
    if keeping:
        parts += ["", f"## Kept ({keeping.name})", "", *_block(keeping.source)]
    return "\n".join(parts) + "\n"


def render_index(rules: Sequence[Rule]) -> str:
    """The index of the rule pages: every rule under its kind, then under each of its tags."""
    parts = ["# Rules", "", f"{len(rules)} rules. Each page comes from the rule file and its fixtures.", ""]
    by_kind: dict[str, list[Rule]] = defaultdict(list)
    by_tag: dict[str, list[Rule]] = defaultdict(list)
    for rule in sorted(rules, key=lambda r: r.id):
        by_kind[rule.kind].append(rule)
        for tag in rule.tags or ("untagged",):
            by_tag[tag].append(rule)
    parts += ["## By kind", ""]
    for kind in [k for k in KINDS if k in by_kind]:
        parts += [f"### {kind}", "", *map(_entry, by_kind[kind]), ""]
    parts += ["## By tag", ""]
    for tag in sorted(by_tag):
        parts += [f"### {tag}", "", *map(_entry, by_tag[tag]), ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def _entry(rule: Rule) -> str:
    off = "" if rule.default else " (off by default)"
    return f"- [{rule.id}]({rule.id}.md): {rule.summary}{off}"


def _parameters(rule: Rule) -> list[str]:
    lines = []
    for field in fields(rule.spec):  # type: ignore[arg-type]
        if field.name.startswith("_") or field.name == "stage":
            continue
        value = getattr(rule.spec, field.name)
        if isinstance(value, tuple):
            if not value:
                continue
            value = ", ".join(repr(v) for v in value)
        lines.append(f"- {field.name}: {value}")
    return lines


def _diff(case: Case) -> list[str]:
    """The input with removed lines marked ``-`` and kept lines marked with a space."""
    kept = case.expected.splitlines()
    out, position = [], 0
    for line in case.source.splitlines():
        if position < len(kept) and kept[position] == line:
            out.append(f"  {line}")
            position += 1
        elif line.strip():
            out.append(f"- {line}")
    return _fence(out)


def _block(text: str) -> list[str]:
    return _fence([f"  {line}" for line in text.splitlines()])


def _fence(lines: list[str]) -> list[str]:
    shown = lines[:_EXAMPLE_LINES] + (["  ..."] if len(lines) > _EXAMPLE_LINES else [])
    return ["```", *shown, "```"]
