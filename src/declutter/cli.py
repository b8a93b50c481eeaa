"""The ``declutter`` command: a thin click layer over `declutter.Cleaner`.

Validation and presentation only; everything it does, the library does. Errors are one line
on stderr (``--debug`` shows the traceback); exit codes: 0 success, 1 some input failed,
2 usage or rule error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click

from declutter.cleaner import Cleaner, gather_rules
from declutter.config import find_settings
from declutter.errors import DeclutterError
from declutter.fixtures import DOCUMENTS, discover, fixtures_dir, run_cases
from declutter.output import OutputError, write_atomic
from declutter.rule import Rule
from declutter.ruledoc import render_rule

_STDIN = "-"


class _Failed(Exception):
    """One input could not be cleaned; the batch goes on."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="declutter")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Remove boilerplate and noise from scraped news, and say why."""
    ctx.obj = {"debug": debug}


def _rule_options(command):  # type: ignore[no-untyped-def]
    for option in reversed(
        [
            click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path),
                         help="Extra rule file or folder (repeatable)."),
            click.option("--no-builtin", is_flag=True, default=None,
                         help="Use only --rules, not the built-in pack."),
            click.option("--select", multiple=True, metavar="ID|TAG", help="Only these rules."),
            click.option("--ignore", multiple=True, metavar="ID|TAG", help="Not these rules."),
            click.option("--enable", multiple=True, metavar="ID|TAG",
                         help="Turn on rules that are off by default."),
            click.option("--max-removed", type=click.FloatRange(0, 1), metavar="SHARE",
                         help="Damage guard: keep a document unchanged if rules would remove more "
                              "than this share of its text (default 0.5; 1 turns it off)."),
        ]
    ):
        command = option(command)
    return command


@main.command()
@click.argument("inputs", nargs=-1, metavar="[FILE|-]...")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (one input) or folder (several inputs). Default: stdout.")
@click.option("--url", help="The document's URL, for site-scoped rules.")
@click.option("--lang", help="The document's language (e.g. en, de), for language-scoped rules.")
@click.option("--explain", is_flag=True, help="List every removal (file:line: rule: text) on stderr.")
@click.option("--in-place", is_flag=True, help="Overwrite each input with its cleaned text.")
@_rule_options
@click.pass_context
def clean(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: Path | None,
    url: str | None,
    lang: str | None,
    explain: bool,
    in_place: bool,
    **rule_options: object,
) -> None:
    """Clean text files (or stdin) and write the result."""
    with _errors(ctx):
        cleaner = _cleaner(**rule_options)  # type: ignore[arg-type]
        inputs = inputs or (_STDIN,)
        targets = _targets(inputs, output, in_place)
        failures = 0
        for source, target in zip(inputs, targets):
            try:
                _clean_one(cleaner, source, target, url=url, lang=lang, explain=explain)
            except _Failed as exc:
                click.echo(f"declutter: {source}: {exc}", err=True)
                failures += 1
        if failures:
            ctx.exit(1)


def _clean_one(
    cleaner: Cleaner, source: str, target: Path | None, *, url: str | None, lang: str | None, explain: bool
) -> None:
    result = cleaner.clean_text(_read_input(source), url=url, language=lang)
    if explain:
        name = "<stdin>" if source == _STDIN else source
        for removal in result.removed:
            click.echo(f"{name}:{removal.line}: {removal.rule}: {removal.text}", err=True)
        if result.guarded:
            click.echo(f"{name}: guard: kept unchanged, the rules would remove too much of it:", err=True)
        for removal in result.held_back:
            click.echo(f"{name}:{removal.line}: held back: {removal.rule}: {removal.text}", err=True)
    data = result.text.encode("utf-8")
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            write_atomic(target, data)
        except OSError as exc:
            raise _Failed(f"cannot write {target}: {exc.strerror}") from None


def _read_input(source: str) -> str:
    try:
        data = sys.stdin.buffer.read() if source == _STDIN else Path(source).read_bytes()
    except OSError as exc:
        raise _Failed(exc.strerror or str(exc)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Failed(f"not UTF-8 text (byte {exc.start}); convert it to UTF-8 first") from None


def _targets(inputs: Sequence[str], output: Path | None, in_place: bool) -> list[Path | None]:
    """Where each input's result goes; refuses to write over an input unless --in-place."""
    if in_place:
        if output is not None or _STDIN in inputs:
            raise OutputError("--in-place cleans files where they are: no -o and no stdin")
        return [Path(source) for source in inputs]
    if output is None:
        return [None] * len(inputs)
    if len(inputs) == 1 and not output.is_dir():
        targets = [output]
    else:
        if output.exists() and not output.is_dir():
            raise OutputError(f"{output}: with several inputs, -o must be a folder")
        targets = [output / (Path(s).name if s != _STDIN else "stdin.txt") for s in inputs]
    for source, target in zip(inputs, targets):
        if source != _STDIN and target.exists() and target.resolve() == Path(source).resolve():
            raise OutputError(f"{target}: output would overwrite its input (use --in-place)")
    return targets


def _cleaner(
    rule_paths: tuple[Path, ...],
    no_builtin: bool | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    enable: tuple[str, ...],
    max_removed: float | None,
) -> Cleaner:
    settings = find_settings(Path.cwd())
    return Cleaner(
        rule_paths or settings.rules,
        builtin=not no_builtin if no_builtin is not None else settings.builtin,
        select=select or settings.select or None,
        ignore=ignore or settings.ignore,
        enable=enable or settings.enable,
        max_removed=max_removed if max_removed is not None else settings.max_removed,
    )


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
    with _errors(ctx):
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
    with _errors(ctx):
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
    with _errors(ctx):
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


def _update_expected(case, actual: str) -> None:  # type: ignore[no-untyped-def]
    if actual == case.source:
        case.output_path.unlink(missing_ok=True)
    else:
        write_atomic(case.output_path, actual.encode("utf-8"))


def _find_rule(available: Sequence[Rule], rule_id: str) -> Rule:
    for rule in available:
        if rule.id == rule_id:
            return rule
    raise DeclutterError(f"no rule with id {rule_id!r} (see `declutter rules list`)")


@contextmanager
def _errors(ctx: click.Context) -> Iterator[None]:
    """Turn declutter's errors into one line on stderr and exit status 2."""
    try:
        yield
    except DeclutterError as exc:
        if ctx.find_root().obj.get("debug"):
            raise
        click.echo(f"declutter: error: {exc}", err=True)
        ctx.exit(2)


if __name__ == "__main__":
    main()
