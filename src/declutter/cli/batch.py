"""``declutter clean`` on corpora: a folder tree, a JSONL stream or a WARC archive, on every core.

The command's options and the click glue live here; the work is the library's
(`declutter.tree`, `declutter.jsonl`, `declutter.warc`, all run by `declutter.workers`), so
the command line can do nothing the library cannot. Exit status: 0 when every document was
cleaned, 1 when any failed (each failure is still written, or reported, and the rest go on).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, BinaryIO, Self

import click

from declutter.batch import INPUT_FORMATS, InputFormat, Written, resolve_jobs
from declutter.cleaner import Cleaner
from declutter.cli.tally import Tally
from declutter.errors import DeclutterError
from declutter.jsonl import JsonlTask, read_lines, write_lines
from declutter.output import OutputError
from declutter.provenance import Stamp
from declutter.streams import STDIO, open_input, open_output
from declutter.tree import DEFAULT_INCLUDE, FileTask, walk
from declutter.warc import Skipped, WarcTask, read_pages
from declutter.workers import Task, ordered_map

#: The time budget per document when worker processes run (they can be stopped; -j 1 cannot).
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class BatchOptions:
    """The options of ``declutter clean`` that only batch runs use."""

    jsonl: str | None
    warc: str | None
    jobs: int | None
    timeout: float | None
    quiet: bool
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    skip_existing: bool
    text_field: str
    url_field: str
    provenance: bool
    errors_file: Path | None
    batch_input_format: InputFormat | None

    @classmethod
    def pop(cls, params: dict[str, Any]) -> BatchOptions:
        """Take this class's options out of the command's keyword arguments."""
        return cls(**{f.name: params.pop(f.name) for f in fields(cls)})

    def wanted(self, inputs: tuple[str, ...]) -> bool:
        return bool(self.jsonl or self.warc) or any(Path(i).is_dir() for i in inputs if i != STDIO)


def batch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the batch options to ``declutter clean``."""
    for option in reversed(
        [
            click.option("--jsonl", metavar="IN.jsonl", help="Clean a JSONL stream (.gz/.zst too; - for stdin) "
                         "into -o OUT.jsonl (- or none for stdout)."),
            click.option("--warc", metavar="IN.warc.gz", help="Clean the HTML pages of a WARC archive "
                         "into JSONL records (url, date, text, metadata)."),
            click.option("--text-field", default="text", show_default=True, help="JSONL: the field to clean."),
            click.option("--url-field", default="url", show_default=True,
                         help="JSONL: the field holding the document's URL (for site-scoped rules)."),
            click.option("--input-format", "batch_input_format", type=click.Choice(INPUT_FORMATS),
                         help="Read documents as html, text, or sniff each (auto, the default)."),
            click.option("--provenance", is_flag=True, help="JSONL/WARC: add a 'declutter' object to each "
                         "record (removals per rule, guard, version, rule-set hash)."),
            click.option("--errors", "errors_file", type=click.Path(path_type=Path),
                         help="Also list failed records in this JSONL file."),
            click.option("--include", multiple=True, metavar="GLOB",
                         help=f"Folders: files to clean (default: {' '.join(DEFAULT_INCLUDE)})."),
            click.option("--exclude", multiple=True, metavar="GLOB", help="Folders: files to leave out."),
            click.option("--skip-existing", is_flag=True, help="Folders: skip files whose output is newer."),
            click.option("-j", "--jobs", type=click.IntRange(0), help="Worker processes (default: every core)."),
            click.option("--timeout", type=click.FloatRange(0, min_open=True), metavar="SECONDS",
                         help=f"Time budget per document with workers (default {DEFAULT_TIMEOUT:g}); "
                              "a document over it is passed through with an error."),
            click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line."),
        ]
    ):
        command = option(command)
    return command


def run_batch(
    cleaner: Cleaner,
    inputs: tuple[str, ...],
    output: Path | None,
    options: BatchOptions,
    html_options: dict[str, Any],
) -> int:
    """Run the batch that `options` ask for; return the exit status."""
    if sum(bool(x) for x in (options.jsonl, options.warc, inputs)) != 1:
        raise click.UsageError("give one of: a folder, --jsonl IN or --warc IN")
    jobs = resolve_jobs(options.jobs)
    timeout = options.timeout if options.timeout is not None else (DEFAULT_TIMEOUT if jobs > 1 else None)
    stamp = Stamp.of(cleaner) if options.provenance else None
    input_format: InputFormat = options.batch_input_format or "auto"
    run = _Run(cleaner, jobs, timeout, options)
    if options.jsonl:
        task: Task[Any, Written] = JsonlTask(
            options.text_field, options.url_field or None, input_format, stamp, tuple(sorted(html_options.items()))
        )
        return run.stream(options.jsonl, output, task, lambda stream: read_lines(stream))
    if options.warc:
        skipped = Skipped()
        warc_options = {"with_metadata": True, **html_options}
        task = WarcTask(stamp, tuple(sorted(warc_options.items())))
        return run.stream(options.warc, output, task, lambda stream: read_pages(stream, skipped), skipped)
    if len(inputs) != 1 or not Path(inputs[0]).is_dir():
        raise click.UsageError("a folder is cleaned on its own: one folder, no other inputs")
    if output is None:
        raise click.UsageError("a folder needs -o OUTDIR")
    return run.tree(Path(inputs[0]), output, FileTask(input_format, tuple(sorted(html_options.items()))),
                    html_options.get("format", "text"))


class _Run:
    def __init__(self, cleaner: Cleaner, jobs: int, timeout: float | None, options: BatchOptions) -> None:
        self._cleaner = cleaner
        self._jobs = jobs
        self._timeout = timeout
        self._options = options

    def stream(
        self,
        source: str,
        output: Path | None,
        task: Task[Any, Written],
        read: Callable[[BinaryIO], Iterable[Any]],
        skipped: Skipped | None = None,
    ) -> int:
        target = str(output) if output is not None else STDIO
        if source != STDIO and target != STDIO and Path(target).resolve() == Path(source).resolve():
            raise OutputError(f"{target}: the output would overwrite its input")
        with ExitStack() as stack:
            stream, counter, size = stack.enter_context(open_input(source))
            tally = Tally(total_bytes=size, quiet=self._options.quiet)
            sink = stack.enter_context(open_output(target))
            report = stack.enter_context(_ErrorReport(self._options.errors_file))
            records = _Source(read(stream))
            outcomes = ordered_map(task, self._cleaner, records, jobs=self._jobs, timeout=self._timeout)
            try:
                for number, outcome in enumerate(tally.count(write_lines(sink, outcomes), lambda: counter.count), 1):
                    if outcome.error is not None:
                        report.add(number, outcome)
            except OSError as exc:
                raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
            finally:
                if skipped is not None and skipped.records:
                    tally.skipped.append(f"{skipped.records:,} WARC records that are not HTML pages skipped")
                tally.close(None if self._options.quiet else sys.stderr)
        if records.error is not None:
            click.echo(f"declutter: {source}: {records.error}", err=True)
        return 1 if tally.errors or records.error else 0

    def tree(self, root: Path, output: Path, task: FileTask, output_format: str) -> int:
        up_to_date: list[str] = []
        jobs = walk(
            root, output, include=self._options.include or DEFAULT_INCLUDE, exclude=self._options.exclude,
            output_format=output_format, skip_existing=self._options.skip_existing, skipped=up_to_date,
        )
        tally = Tally(total_bytes=None, quiet=self._options.quiet, unit="files")
        with _ErrorReport(self._options.errors_file) as report:
            outcomes = ordered_map(task, self._cleaner, jobs, jobs=self._jobs, timeout=self._timeout)
            try:
                for number, outcome in enumerate(tally.count(outcomes), 1):
                    if outcome.error is not None:
                        report.add(number, outcome)
                        click.echo(f"declutter: {root / (outcome.name or '?')}: {outcome.error}", err=True)
            finally:
                if up_to_date:
                    tally.skipped.append(f"{len(up_to_date):,} files up to date skipped")
                tally.close(None if self._options.quiet else sys.stderr)
        return 1 if tally.errors else 0


class _ErrorReport:
    """The ``--errors`` file: one JSON line per failed record (number, name, error), atomically."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._stack = ExitStack()
        self._sink: BinaryIO | None = None

    def __enter__(self) -> Self:
        if self._path is not None:
            self._sink = self._stack.enter_context(open_output(str(self._path)))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.__exit__(*exc)  # type: ignore[arg-type]

    def add(self, number: int, outcome: Written) -> None:
        if self._sink is not None:
            entry = {"record": number, "name": outcome.name, "error": outcome.error}
            self._sink.write(json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n")


class _Source:
    """The records of an input, ending early (and saying why) if the input is cut or unreadable:
    a truncated ``.gz`` must not cost the records before the cut."""

    def __init__(self, records: Iterable[Any]) -> None:
        self._records = records
        self.error: str | None = None

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._records
        except (OSError, EOFError, DeclutterError) as exc:
            self.error = f"the input ends early: {exc or type(exc).__name__}"
