"""Choosing the active rules by id or tag, as ruff does with --select/--ignore/--extend."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from declutter.errors import SelectionError
from declutter.rule import Rule


def choose_rules(
    rules: Sequence[Rule],
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    enable: Iterable[str] | None = None,
) -> list[Rule]:
    """The rules in force.

    On by default, plus those `enable` names; narrowed to `select` when given (a rule id named
    in `select` is also enabled, a tag there only narrows); minus those `ignore` names. Every
    name must be a known rule id or tag, so a typo is an error rather than a silent no-op.
    """
    select, ignore, enable = (_checked(names, rules) for names in (select, ignore, enable))
    active = [r for r in rules if r.default or _named(r, enable) or r.id in select]
    if select:
        active = [r for r in active if _named(r, select)]
    return [r for r in active if not _named(r, ignore)]


def _named(rule: Rule, names: frozenset[str]) -> bool:
    return rule.id in names or not names.isdisjoint(rule.tags)


def _checked(names: Iterable[str] | None, rules: Sequence[Rule]) -> frozenset[str]:
    chosen = frozenset(names or ())
    known = {r.id for r in rules} | {t for r in rules for t in r.tags}
    unknown = sorted(chosen - known)
    if unknown:
        raise SelectionError(f"unknown rule id or tag: {', '.join(unknown)}")
    return chosen
