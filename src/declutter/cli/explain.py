"""``declutter explain``: the whole document with every removal marked, in a terminal or as HTML.

Text and HTML are told apart as ``declutter clean`` does (`looks_like_html`). An HTML page is
cleaned in HTML mode and reported as its page text, with the elements that element rules
removed and the blocks that text rules removed (see `declutter.report.build_page_report`).
"""

from __future__ import annotations

from pathlib import Path

import click

from declutter.cli.app import errors, main, rule_options
from declutter.cli.cleaning import STDIN, as_text, cleaner_from_options, read_bytes
from declutter.html.source import looks_like_html
from declutter.output import OutputError, write_atomic
from declutter.report import build_page_report, build_report, render_html, render_text

#: Terminal colours for rules, in report order (the HTML page has its own palette).
_COLOURS = ("cyan", "magenta", "yellow", "blue", "green", "bright_cyan", "bright_magenta",
            "bright_yellow", "bright_blue", "bright_green")


@main.command()
@click.argument("source", metavar="FILE|-")
@click.option("--url", help="The document's URL, for site-scoped rules.")
@click.option("--lang", help="The document's language (e.g. en, de), for language-scoped rules.")
@click.option("--html", "html_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write a self-contained HTML report to this file.")
@click.option("--no-extract", is_flag=True,
              help="HTML: keep the whole page (minus what rules remove) instead of extracting the article.")
@rule_options
@click.pass_context
def explain(
    ctx: click.Context,
    source: str,
    url: str | None,
    lang: str | None,
    html_path: Path | None,
    no_extract: bool,
    **options: object,
) -> None:
    """Show a document with each removal marked by its rule, a count per rule and the damage
    guard's verdict (colour on a terminal, plain markers in a pipe).

    An HTML page is shown as its text, one line per block: elements that element rules removed
    are named (<tag#id.class>), blocks that text rules removed from the article are marked, and
    text that extraction left out with no rule involved is marked ~.
    """
    with errors(ctx):
        cleaner = cleaner_from_options(**options)  # type: ignore[arg-type]
        limit = cleaner.max_removed
        data = read_bytes(source)
        if looks_like_html(data):
            extract = not no_extract
            result = cleaner.clean_html(data, url=url, language=lang, extract=extract, format="text")
            report = build_page_report(data, result, cleaner.rules, extracted=extract, limit=limit)
        else:
            text = as_text(source, data)
            result = cleaner.clean_text(text, url=url, language=lang)
            report = build_report(text, result, cleaner.rules, limit=limit)
        click.echo(render_text(report, paint=_paint), nl=False)
        if html_path is not None:
            title = "<stdin>" if source == STDIN else source
            try:
                write_atomic(html_path, render_html(report, title=title).encode("utf-8"))
            except OSError as exc:
                raise OutputError(f"cannot write {html_path}: {exc.strerror or exc}") from None


def _paint(text: str, role: str, index: int) -> str:
    """click strips these styles itself when stdout is not a terminal."""
    colour = _COLOURS[index % len(_COLOURS)]
    if role == "removed":
        return click.style(text, fg=colour, strikethrough=True)
    if role == "held":
        return click.style(text, fg=colour, underline=True)
    if role == "label":
        return click.style(text, fg=colour, bold=True)
    if role in ("number", "dropped"):
        return click.style(text, dim=True)
    return click.style(text, fg="red" if index else "green", bold=True)
