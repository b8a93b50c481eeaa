"""``declutter rules``: list, show and test rules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from declutter.cleaner import Cleaner, gather_rules
from declutter.cli.app import errors, main
from declutter.errors import DeclutterError
from declutter.fixtures import DOCUMENTS, Case, discover, fixtures_dir, run_cases
from declutter.output import write_atomic
from declutter.rule import Rule
from declutter.ruledoc import render_rule


@main.group()
def rules() -> None:
    """List, show and test rules."""


@rules.command("list")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path),
              help="Extra rule file or folder (repeatable).")
@click.option("--no-builtin", is_flag=True, help="Only --rules, not the built-in pack.")
@click.pass_context
def rules_list(ctx: click.Context, rule_paths: tuple[Path, ...], no_builtin: bool) -> None:
    """One line per rule: id, kind, on/off by default, tags, summary."""
    with errors(ctx):
        available = gather_rules(rule_paths, builtin=not no_builtin)
        width = max((len(r.id) for r in available), default=0)
        for rule in sorted(available, key=lambda r: r.id):
            state = "on " if rule.default else "off"
            tags = ",".join(rule.tags) or "-"
            click.echo(f"{rule.id:<{width}}  {rule.kind:<9} {state}  {tags:<24} {rule.summary}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path))
@click.pass_context
def rules_show(ctx: click.Context, rule_id: str, rule_paths: tuple[Path, ...]) -> None:
    """A rule's documentation, with examples from its fixtures."""
    with errors(ctx):
        rule = _find_rule(gather_rules(rule_paths, builtin=True), rule_id)
        click.echo(render_rule(rule, fixtures_dir()))


@rules.command("test")
@click.argument("rule_ids", nargs=-1, metavar="[ID]...")
@click.option("--update", is_flag=True, help="Rewrite expected outputs from current behaviour.")
@click.option("--fixtures", "fixtures_path", type=click.Path(path_type=Path, file_okay=False),
              help="Fixtures folder (default: the built-in fixtures).")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path))
@click.pass_context
def rules_test(
    ctx: click.Context,
    rule_ids: tuple[str, ...],
    update: bool,
    fixtures_path: Path | None,
    rule_paths: tuple[Path, ...],
) -> None:
    """Run each rule's fixtures against that rule alone; a pass/fail line per rule."""
    with errors(ctx):
        available = {r.id: r for r in gather_rules(rule_paths, builtin=True)}
        for rule_id in rule_ids:
            _find_rule(list(available.values()), rule_id)
        cases = [
            c for c in discover(fixtures_path or fixtures_dir())
            if (not rule_ids or c.rule in rule_ids) and (c.rule == DOCUMENTS or c.rule in available)
        ]
        outcomes = run_cases(cases, available, Cleaner())
        failed_rules = 0
        for rule_id in sorted({o.case.rule for o in outcomes}):
            mine = [o for o in outcomes if o.case.rule == rule_id]
            failures = [o for o in mine if not o.passed]
            if update:
                for outcome in failures:
                    _update_expected(outcome.case, outcome.actual)
            if failures and not update:
                failed_rules += 1
                click.echo(f"FAIL  {rule_id}: {', '.join(o.case.name for o in failures)}")
            else:
                verb = "UPDATED" if failures else "ok   "
                click.echo(f"{verb} {rule_id} ({len(mine)} cases)")
        if failed_rules:
            ctx.exit(1)


def _update_expected(case: Case, actual: str) -> None:
    if actual == case.source:
        case.output_path.unlink(missing_ok=True)
    else:
        write_atomic(case.output_path, actual.encode("utf-8"))


def _find_rule(available: Sequence[Rule], rule_id: str) -> Rule:
    for rule in available:
        if rule.id == rule_id:
            return rule
    raise DeclutterError(f"no rule with id {rule_id!r} (see `declutter rules list`)")
