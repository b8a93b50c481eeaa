"""JSONL corpora: clean one field of each record, keep every other field, lose no record.

Records in = records out, in order, always:

- a record that is a JSON object gets its text field replaced by the cleaned text; with
  provenance it also gains a ``declutter`` object (see `declutter.provenance`);
- an object that cannot be cleaned (no such field, not a string, a rule error, over the time
  budget) is written unchanged but for a ``declutter`` object holding ``error``;
- a line that is not a JSON object (broken JSON, invalid UTF-8, an array) is written back
  byte for byte, since there is no object to note the error in; the error goes to the
  ``--errors`` file and the summary;
- a blank line is written back as it is, without an error: it is no record.

Parsing and writing JSON happen in the workers, with the cleaning, so the main process only
moves bytes: that is what lets text mode scale past one core.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from declutter.batch import Doc, InputFormat, Written, clean_doc
from declutter.cleaner import Cleaner
from declutter.errors import DeclutterError
from declutter.provenance import Stamp, provenance


class RecordError(DeclutterError):
    """A JSONL record cannot be cleaned (not JSON, not an object, no text field)."""


@dataclass(frozen=True)
class Line:
    """One input line, numbered from 1, without its line break."""

    number: int
    data: bytes


def read_lines(stream: BinaryIO) -> Iterator[Line]:
    """The lines of a binary stream, numbered, without their ``\\n`` (a ``\\r`` stays)."""
    for number, data in enumerate(stream, start=1):
        yield Line(number, data[:-1] if data.endswith(b"\n") else data)


def write_lines(stream: BinaryIO, written: Iterable[Written]) -> Iterator[Written]:
    """Write each line to `stream` and pass it on (for the summary)."""
    for line in written:
        stream.write(line.data)
        stream.write(b"\n")
        yield line


@dataclass(frozen=True)
class JsonlTask:
    """Clean `text_field` of one JSONL line; see the module docstring for what is written."""

    text_field: str = "text"
    url_field: str | None = "url"
    input_format: InputFormat = "auto"
    stamp: Stamp | None = None  # provenance wanted
    options: tuple[tuple[str, Any], ...] = ()

    def run(self, cleaner: Cleaner, line: Line) -> Written:
        if not line.data.strip():
            return Written(line.data)
        record = _object(line.data)
        source = record.get(self.text_field)
        if not isinstance(source, str):
            what = "no" if self.text_field not in record else f"a {_json_type(source)} in the"
            raise RecordError(f"{what} field {self.text_field!r}, not a string to clean")
        url = record.get(self.url_field) if self.url_field else None
        url = url if isinstance(url, str) else None
        result = clean_doc(cleaner, Doc(source, url=url), self.input_format, dict(self.options))
        record[self.text_field] = result.text
        if self.stamp is not None:
            record["declutter"] = provenance(result, self.stamp)
        counts = Counter(removal.rule for removal in result.removed)
        return Written(dumps(record), tuple(sorted(counts.items())), result.guarded, name=url)

    def failed(self, line: Line, error: str) -> Written:
        try:
            record = _object(line.data)
        except RecordError:
            return Written(line.data, error=error)
        note: dict[str, Any] = {"error": error}
        if self.stamp is not None:
            note.update(version=self.stamp.version, rules_hash=self.stamp.rules_hash)
        url = record.get(self.url_field) if self.url_field else None
        return Written(dumps({**record, "declutter": note}), error=error, name=url if isinstance(url, str) else None)

    def size(self, line: Line) -> int:
        return len(line.data)


def _object(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except UnicodeDecodeError as exc:
        raise RecordError(f"not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise RecordError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(value, dict):
        raise RecordError(f"a JSON {_json_type(value)}, not an object")
    return value


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def dumps(record: dict[str, Any]) -> bytes:
    """One compact JSON line, UTF-8; lone surrogates (valid in JSON escapes) are kept escaped."""
    try:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii")
