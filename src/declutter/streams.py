"""Byte streams for batch inputs and outputs: files or ``-``, plain, gzip or zstd.

Inputs are recognised by their first bytes, not their names, so ``zcat``-less pipes work
(``curl ... | declutter clean --jsonl -``). The reader counts the bytes it has read from the
file itself (compressed, when it is), which is what a progress bar needs for its ETA.

Outputs go to a temporary file beside the target and are renamed into place when the run
completes, so a crash or Ctrl-C never leaves half a corpus under the final name. A name ending
in ``.gz`` or ``.zst`` is compressed.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from declutter.errors import DeclutterError
from declutter.output import OutputError

STDIO = "-"
_GZIP = b"\x1f\x8b"
_ZSTD = b"\x28\xb5\x2f\xfd"


class InputError(DeclutterError):
    """A batch input cannot be opened or decompressed."""


class CountingReader(io.RawIOBase):
    """A raw stream that counts the bytes read through it."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


@contextmanager
def open_input(name: str) -> Iterator[tuple[BinaryIO, CountingReader, int | None]]:
    """The decompressed stream of `name` (``-`` for stdin), its byte counter, and its size
    on disk when known."""
    try:
        raw: BinaryIO = sys.stdin.buffer if name == STDIO else open(name, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror or exc}") from None
    size = None if name == STDIO else _size(raw)
    counter = CountingReader(raw)
    buffered = io.BufferedReader(counter, buffer_size=1 << 16)
    try:
        yield _decompressed(buffered), counter, size
    finally:
        if name != STDIO:
            raw.close()


def _size(raw: BinaryIO) -> int | None:
    try:
        stat = os.fstat(raw.fileno())
    except OSError:
        return None
    return stat.st_size if stat.st_size and os.path.isfile(raw.name) else None


def _decompressed(stream: io.BufferedReader[Any]) -> BinaryIO:
    head = stream.peek(4)[:4]
    if head.startswith(_GZIP):
        return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
    if head.startswith(_ZSTD):
        reader = _zstd().ZstdDecompressor().stream_reader(stream, read_across_frames=True)
        return io.BufferedReader(reader, buffer_size=1 << 16)  # type: ignore[arg-type,return-value]  # lines
    return stream  # type: ignore[return-value]


def _zstd():  # type: ignore[no-untyped-def]
    try:
        import zstandard
    except ImportError:
        raise InputError("zstd streams need the zstandard package: pip install zstandard") from None
    return zstandard


@contextmanager
def open_output(name: str) -> Iterator[BinaryIO]:
    """A binary stream to `name` (``-`` for stdout) that replaces `name` only on success."""
    if name == STDIO:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{name}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as file, _compressed(file, target.name) as stream:
            yield stream
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)  # only still there if the rename did not happen


@contextmanager
def _compressed(file: BinaryIO, name: str) -> Iterator[BinaryIO]:
    if name.endswith(".gz"):
        with gzip.GzipFile(fileobj=file, mode="wb", compresslevel=6) as stream:
            yield stream  # type: ignore[misc]
    elif name.endswith(".zst"):
        with _zstd().ZstdCompressor().stream_writer(file, closefd=False) as stream:
            yield stream
    else:
        yield file
