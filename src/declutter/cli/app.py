"""The ``declutter`` command group and what its commands share.

The command line is a thin click layer over `declutter.Cleaner`: validation and presentation
only; everything it does, the library does. Errors are one line on stderr (``--debug`` shows
the traceback); exit codes: 0 success, 1 some input failed, 2 usage or rule error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from declutter.errors import DeclutterError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="declutter")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Remove boilerplate and noise from scraped news, and say why."""
    ctx.obj = {"debug": debug}


def rule_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that choose rules, shared by every command that cleans."""
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


@contextmanager
def errors(ctx: click.Context) -> Iterator[None]:
    """Turn declutter's errors into one line on stderr and exit status 2."""
    try:
        yield
    except DeclutterError as exc:
        if ctx.find_root().obj.get("debug"):
            raise
        click.echo(f"declutter: error: {exc}", err=True)
        ctx.exit(2)
