"""What commands that clean share: a `Cleaner` from the rule options and settings, and input text.

`declutter clean` builds its cleaner the same way; keeping the steps here lets `explain` show
exactly what `clean` would do with the same options and settings file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from declutter.cleaner import Cleaner
from declutter.config import find_settings
from declutter.decoding import decode_text
from declutter.errors import InputError

STDIN = "-"


def cleaner_from_options(
    rule_paths: tuple[Path, ...],
    no_builtin: bool | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    enable: tuple[str, ...],
    max_removed: float | None,
) -> Cleaner:
    """The cleaner the options and the settings file ask for."""
    settings = find_settings(Path.cwd())
    return Cleaner(
        rule_paths or settings.rules,
        builtin=not no_builtin if no_builtin is not None else settings.builtin,
        select=select or settings.select or None,
        ignore=ignore or settings.ignore,
        enable=enable or settings.enable,
        max_removed=max_removed if max_removed is not None else settings.max_removed,
    )


def read_bytes(source: str) -> bytes:
    """A file's bytes, or stdin's for ``-``."""
    try:
        return sys.stdin.buffer.read() if source == STDIN else Path(source).read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: {exc.strerror or exc}") from None


def as_text(source: str, data: bytes) -> str:
    """`data` read from `source` as text: UTF-8, or UTF-16/32 with a byte order mark."""
    try:
        return decode_text(data)
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None


def read_text(source: str) -> str:
    """A file's text (or stdin for ``-``)."""
    return as_text(source, read_bytes(source))
