"""What a cleaned record says about how it was cleaned, for corpora that must be reproducible.

The rule-set hash covers everything that decides the output: each rule's id, kind, scope,
languages and its kind's parameters, and the damage guard's limit; not summaries, tags or
file paths, which change no output. Two runs with the same hash and version clean alike.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from collections import Counter
from typing import Any

from declutter import __version__
from declutter.cleaner import Cleaner
from declutter.result import Result


def rules_hash(cleaner: Cleaner) -> str:
    """A short stable hash of the rules in force and the guard limit (``sha256:`` + 16 hex)."""
    rules = sorted(
        (
            {
                "id": rule.id,
                "kind": rule.kind,
                "scope": rule.scope.to_list(),
                "languages": list(rule.languages),
                "spec": _plain(rule.spec),
            }
            for rule in cleaner.rules
        ),
        key=lambda entry: entry["id"],
    )
    payload = {"rules": rules, "max_removed": cleaner.max_removed}  # it decides output too
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _plain(value: Any) -> Any:
    """A JSON-able form of a spec: its parameters, without compiled helpers (``init=False`` or private)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.init and not f.name.startswith("_")}
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


@dataclasses.dataclass(frozen=True)
class Stamp:
    """The parts of a provenance record that are the same for every document of a run."""

    version: str
    rules_hash: str

    @classmethod
    def of(cls, cleaner: Cleaner) -> Stamp:
        return cls(__version__, rules_hash(cleaner))


def provenance(result: Result, stamp: Stamp) -> dict[str, Any]:
    """The ``declutter`` object of a cleaned record: removals per rule, guard, version, hash."""
    return {
        "removed": dict(Counter(removal.rule for removal in result.removed)),
        "guarded": result.guarded,
        "held_back": dict(Counter(removal.rule for removal in result.held_back)),
        "version": stamp.version,
        "rules_hash": stamp.rules_hash,
    }
