"""``declutter clean``: clean text or HTML files or stdin, to stdout, a file or a folder.

Each input is sniffed (markup at the start, or several closing tags: HTML) unless
``--input-format`` says. HTML goes through `Cleaner.clean_html` (``--format``,
``--no-extract``), text through `Cleaner.clean_text`; text asked for as JSON gets the same
JSON object, text asked for as HTML is an error for that input.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from declutter.cleaner import Cleaner
from declutter.cli.app import errors, main, rule_options
from declutter.cli.batch import BatchOptions, batch_options, run_batch
from declutter.cli.cleaning import STDIN, cleaner_from_options, read_bytes
from declutter.decoding import decode_text
from declutter.errors import InputError, LimitError
from declutter.html.source import looks_like_html
from declutter.output import OutputError, write_atomic
from declutter.result import FORMATS, Removal, Result
from declutter.tree import target_name


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
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output: plain text, Markdown, HTML, or JSON (text, metadata and removals).")
@click.option("--no-extract", is_flag=True,
              help="HTML: keep the whole page (minus what rules remove) instead of extracting the article.")
@rule_options
@batch_options
@click.pass_context
def clean(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: Path | None,
    url: str | None,
    lang: str | None,
    explain: bool,
    in_place: bool,
    output_format: str,
    no_extract: bool,
    **rule_options: object,
) -> None:
    """Clean text or HTML files (or stdin) and write the result."""
    batch = BatchOptions.pop(rule_options)
    html_options = {"format": output_format, "extract": not no_extract}
    with errors(ctx):
        cleaner = cleaner_from_options(**rule_options)  # type: ignore[arg-type]
        if batch.wanted(inputs):
            ctx.exit(run_batch(cleaner, inputs, output, batch, html_options))
        inputs = inputs or (STDIN,)
        targets = _targets(inputs, output, in_place, output_format)
        failures = 0
        for source, target in zip(inputs, targets):
            try:
                result = _clean_one(
                    cleaner, _read_bytes(source), batch.batch_input_format or "auto", url, lang, html_options
                )
                if explain:
                    _explain("<stdin>" if source == STDIN else source, result)
                _write(result.text, target)
            except _Failed as exc:
                click.echo(f"declutter: {source}: {exc}", err=True)
                failures += 1
        if failures:
            ctx.exit(1)


def _clean_one(
    cleaner: Cleaner, data: bytes, input_format: str, url: str | None, lang: str | None, options: dict[str, object]
) -> Result:
    if input_format == "html" or (input_format == "auto" and looks_like_html(data)):
        try:
            return cleaner.clean_html(data, url=url, language=lang, **options)  # type: ignore[arg-type]
        except LimitError as exc:  # this page only: the others are still cleaned
            raise _Failed(str(exc)) from None
    if options["format"] == "html":
        raise _Failed("text input has no HTML to write; use --format text, markdown or json")
    result = cleaner.clean_text(_as_text(data), url=url, language=lang)
    if options["format"] != "json":
        return result
    # here, not at the top: the HTML stack (trafilatura) is a dozen megabytes per process, and
    # a run on text need not load it
    from declutter.html.render import as_json

    return Result(as_json(result), result.removed, url, result.held_back, format="json")


def _explain(name: str, result: Result) -> None:
    for removal in result.removed:
        click.echo(f"{name}:{_where(removal)}: {removal.rule}: {removal.text}", err=True)
    if result.guarded:
        click.echo(f"{name}: guard: kept unchanged, the rules would remove too much of it:", err=True)
    for removal in result.held_back:
        click.echo(f"{name}:{_where(removal)}: held back: {removal.rule}: {removal.text}", err=True)


def _where(removal: Removal) -> str:
    """The line number in text mode; in HTML mode the element, as a CSS-like ``<div#id.class>``."""
    if removal.element is None:
        return str(removal.line)
    element = removal.element
    return "<" + element.tag + (f"#{element.id}" if element.id else "") + "".join(f".{c}" for c in element.classes) + ">"


def _write(text: str, target: Path | None) -> None:
    data = text.encode("utf-8")
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise _Failed(f"cannot write {target}: {exc.strerror}") from None


def _read_bytes(source: str) -> bytes:
    try:
        return read_bytes(source)
    except InputError as exc:
        raise _Failed(str(exc).removeprefix(f"{source}: ")) from None


def _as_text(data: bytes) -> str:
    try:
        return decode_text(data)
    except InputError as exc:
        raise _Failed(str(exc)) from None


def _targets(inputs: Sequence[str], output: Path | None, in_place: bool, output_format: str) -> list[Path | None]:
    """Where each input's result goes; refuses to write over an input unless --in-place.

    In an output folder, files are named as in folder mode (`declutter.tree.target_name`): a
    text file keeps its name, an HTML file takes the suffix of the output format.
    """
    if in_place:
        if output is not None or STDIN in inputs:
            raise OutputError("--in-place cleans files where they are: no -o and no stdin")
        return [Path(source) for source in inputs]
    if output is None:
        return [None] * len(inputs)
    if len(inputs) == 1 and not output.is_dir():
        targets = [output]
    else:
        if output.exists() and not output.is_dir():
            raise OutputError(f"{output}: with several inputs, -o must be a folder")
        # stdin is named like an HTML file, so that it takes the output format's suffix.
        targets = [output / target_name(Path(Path(s).name if s != STDIN else "stdin.html"), output_format)
                   for s in inputs]
    for source, target in zip(inputs, targets):
        if source != STDIN and target.exists() and target.resolve() == Path(source).resolve():
            raise OutputError(f"{target}: output would overwrite its input (use --in-place)")
    return list(targets)
