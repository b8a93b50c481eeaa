"""``declutter clean``: clean text files or stdin, to stdout, a file or a folder."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from declutter.cleaner import Cleaner
from declutter.cli.app import errors, main, rule_options
from declutter.config import find_settings
from declutter.output import OutputError, write_atomic

_STDIN = "-"


class _Failed(Exception):
    """One input could not be cleaned; the batch goes on."""


@main.command()
@click.argument("inputs", nargs=-1, metavar="[FILE|-]...")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (one input) or folder (several inputs). Default: stdout.")
@click.option("--url", help="The document's URL, for site-scoped rules.")
@click.option("--lang", help="The document's language (e.g. en, de), for language-scoped rules.")
@click.option("--explain", is_flag=True, help="List every removal (file:line: rule: text) on stderr.")
@click.option("--in-place", is_flag=True, help="Overwrite each input with its cleaned text.")
@rule_options
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
    with errors(ctx):
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
