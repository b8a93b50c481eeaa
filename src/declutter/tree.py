"""Folders: clean every matching file under a folder into a mirror of it.

Names: a text file keeps its name; an HTML file (``.html``, ``.htm``, ``.xhtml``) takes the
suffix of the output format (``.txt``, ``.md``, ``.json``, ``.html``). Names are decided from
the file name before cleaning, so ``skip_existing`` can skip a file without reading it.

Workers read, clean and write each file themselves (atomically); the main process only walks
the tree. A file that cannot be read, decoded, cleaned or written is reported and the rest go on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from declutter.batch import Doc, InputFormat, Written, clean_doc
from declutter.cleaner import Cleaner
from declutter.errors import DeclutterError
from declutter.output import OutputError, write_atomic

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DEFAULT_INCLUDE = ("*.txt", "*.text", "*.md", "*.html", "*.htm", "*.xhtml")
_FORMAT_SUFFIX = {"text": ".txt", "markdown": ".md", "json": ".json", "html": ".html"}


@dataclass(frozen=True)
class FileJob:
    """One file to clean: where it is, where its result goes, its name for reports, its size."""

    source: Path
    target: Path
    name: str
    size: int


def walk(
    root: Path,
    out: Path,
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    output_format: str = "text",
    skip_existing: bool = False,
    skipped: list[str] | None = None,
) -> Iterator[FileJob]:
    """The files under `root` to clean, in sorted order, with their targets under `out`.

    Globs match the path relative to `root` from the right (``*.html`` anywhere, ``news/*.txt``
    in any ``news`` folder). Hidden files and folders, and `out` itself when it lies inside
    `root`, are not walked. Files skipped as up to date are appended to `skipped`.
    """
    root, out = root.resolve(), out.resolve()
    if out == root:
        raise OutputError(f"{out}: the output folder is the input folder; choose another")
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and here / d != out)
        for name in sorted(files):
            if name.startswith("."):
                continue
            source = here / name
            relative = PurePosixPath(source.relative_to(root).as_posix())
            if not any(relative.match(g) for g in include) or any(relative.match(g) for g in exclude):
                continue
            target = out / target_name(Path(relative), output_format)
            if skip_existing and _up_to_date(source, target):
                if skipped is not None:
                    skipped.append(str(relative))
                continue
            yield FileJob(source, target, str(relative), _size(source))


def target_name(relative: Path, output_format: str) -> Path:
    """The output's path relative to the output folder (see the module docstring)."""
    if relative.suffix.lower() in HTML_SUFFIXES:
        return relative.with_suffix(_FORMAT_SUFFIX[output_format])
    return relative


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the worker reports why it cannot read it


def _up_to_date(source: Path, target: Path) -> bool:
    try:
        return target.stat().st_mtime >= source.stat().st_mtime
    except OSError:
        return False


@dataclass(frozen=True)
class FileTask:
    """Read, clean and write one file (in the worker); `options` go to `clean_html`."""

    input_format: InputFormat = "auto"
    options: tuple[tuple[str, Any], ...] = ()

    def run(self, cleaner: Cleaner, job: FileJob) -> Written:
        try:
            data = job.source.read_bytes()
        except OSError as exc:
            raise DeclutterError(f"cannot read: {exc.strerror or exc}") from None
        input_format = self.input_format
        if input_format == "auto" and job.source.suffix.lower() in HTML_SUFFIXES:
            input_format = "html"
        result = clean_doc(cleaner, Doc(data), input_format, dict(self.options))
        try:
            write_atomic(job.target, result.text.encode("utf-8"))
        except OSError as exc:
            raise OutputError(f"cannot write {job.target}: {exc.strerror or exc}") from None
        counts: dict[str, int] = {}
        for removal in result.removed:
            counts[removal.rule] = counts.get(removal.rule, 0) + 1
        return Written(b"", tuple(sorted(counts.items())), result.guarded, name=job.name)

    def failed(self, job: FileJob, error: str) -> Written:
        return Written(b"", error=error, name=job.name)

    def size(self, job: FileJob) -> int:
        return job.size  # not held here (the worker reads it), but it sizes chunks fairly
