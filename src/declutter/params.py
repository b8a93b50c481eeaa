"""Typed reading of a rule's kind-specific fields, with errors that name the field."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import re2

from declutter.errors import RuleError
from declutter.linere import LineRegexError, confine_to_line
from declutter.normalize import fold_letters

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.case_sensitive = False
_RE2_OPTIONS.log_errors = False
_RE2_OPTIONS.max_mem = 64 << 20
# The matcher runs every regex over the whole document at once; this keeps any regex, however
# written ("[\x00-\x7f]", "[[:^alpha:]]"), from matching across a line break.
_RE2_OPTIONS.never_nl = True
#: RE2 runs in linear time, but a big program (``\pL{1,40}`` compiles to tens of thousands of
#: instructions) makes its DFA thrash and every document pay for it; such regexes are refused.
MAX_PROGRAM_SIZE = 20_000
#: No count in a rule needs to be larger, and a huge one (a window of 10**18 lines, a regex
#: repetition of that many words) would make a rule slow or fail deep in the engine.
MAX_INTEGER = 10_000


def _options_like(base: re2.Options, **changes: object) -> re2.Options:
    """A copy of `base` (the options declutter sets) with `changes`."""
    options = re2.Options()
    for name in ("case_sensitive", "log_errors", "max_mem", "never_nl"):
        setattr(options, name, getattr(base, name))
    for name, value in changes.items():
        setattr(options, name, value)
    return options


#: Finding where a regex matched needs no groups, and asking for none spares RE2 its slower
#: submatch engine: locating a match costs a third less.
_LOCATING_OPTIONS = _options_like(_RE2_OPTIONS, never_capture=True)
_CASED_OPTIONS = _options_like(_RE2_OPTIONS, case_sensitive=True)


#: The shared set runs every rule's regex in one DFA, whose state cache must hold the states a
#: mixed corpus (many sites, scripts and languages) visits. At 64 MiB it thrashed: 933 mixed
#: documents took 600 µs each in the set instead of 22 µs, which 128 MiB gives. RE2 takes only
#: what it uses (about 30 MB of cache for the built-in pack), so the budget is a ceiling; a
#: larger one would let a worker grow past the memory target of `benchmarks/scale.py`. Each set
#: has its own budget (`declutter.matcher.MAX_SET_REGEXES`).
_SET_OPTIONS = _options_like(_RE2_OPTIONS, max_mem=128 << 20)


def re2_set_options() -> re2.Options:
    """Options for the matcher's `re2.Set`: as `re2_options`, with the larger DFA budget."""
    return _SET_OPTIONS


def re2_options(*, capture: bool = True, case_sensitive: bool = False) -> re2.Options:
    """Options for every regex declutter compiles: case-insensitive, quiet, 64 MiB budget;
    without `capture`, parentheses only group (for regexes whose matches are only located);
    `case_sensitive` for the few tests where a letter's case is the evidence."""
    if case_sensitive:
        return _CASED_OPTIONS
    return _RE2_OPTIONS if capture else _LOCATING_OPTIONS


class Params:
    """The fields of one rule that its kind interprets; unknown fields are an error."""

    def __init__(self, data: Mapping[str, Any], *, rule_id: str, source: str | Path) -> None:
        self._data = dict(data)
        self._used: set[str] = set()
        self.rule_id = rule_id
        self.source = source

    def error(self, field: str, message: str) -> RuleError:
        return RuleError(message, source=self.source, rule_id=self.rule_id, field=field)

    def _get(self, name: str) -> Any:
        self._used.add(name)
        return self._data.get(name)

    def strings(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        value = self._get(name)
        if value is None:
            if required:
                raise self.error(name, "is required")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(name, "must be a list of non-empty strings")
        if broken := next((v for v in value if "\n" in v or "\r" in v), None):
            raise self.error(name, f"{_shown(broken)}: rules match one line; remove the line break")
        if required and not value:
            raise self.error(name, "must not be empty")
        return tuple(value)

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self._get(name)
        if value is None:
            return default
        if value not in choices:
            raise self.error(name, f"must be one of {', '.join(choices)} (got {value!r})")
        return str(value)

    def integer(
        self, name: str, default: int | None, *, minimum: int = 0, maximum: int = MAX_INTEGER
    ) -> int | None:
        value = self._get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise self.error(name, f"must be a whole number from {minimum} to {maximum}")
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self._get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(name, "must be true or false")
        return value

    def regexes(self, name: str, *, required: bool = False, cased: bool = False) -> tuple[str, ...]:
        """Regexes for RE2 (linear time): look-around and backreferences are rejected here.

        They are matched against normalised lines, so their letters are folded as the lines'
        are (`fold_letters`: Turkish dotless i, Greek accents, Arabic spellings, Russian ё);
        `cased` ones meet lines that keep their case and letters, and stay as written."""
        patterns = self.strings(name, required=required)
        if not cased:
            patterns = tuple(fold_letters(pattern) for pattern in patterns)
        for pattern in patterns:
            try:
                compiled = re2.compile(confine_to_line(pattern), _RE2_OPTIONS)
            except re2.error as exc:
                raise self.error(name, f"invalid regex {_shown(pattern)}: {_re2_message(exc)}") from None
            except LineRegexError as exc:
                raise self.error(name, f"regex {_shown(pattern)}: {exc}") from None
            if compiled.fullmatch("") is not None:
                raise self.error(name, f"regex {_shown(pattern)} matches an empty line")
            if compiled.programsize > MAX_PROGRAM_SIZE:
                raise self.error(
                    name,
                    f"regex {_shown(pattern)} is too big for fast matching ({compiled.programsize} RE2 "
                    f"instructions, limit {MAX_PROGRAM_SIZE}): use + or * instead of counted "
                    "repetitions of broad classes such as \\pL{1,40}, or split it into several regexes",
                )
        return patterns

    def finish(self) -> None:
        unknown = sorted(set(self._data) - self._used)
        if unknown:
            raise self.error(unknown[0], "unknown field for this kind of rule")


def _shown(pattern: str, limit: int = 80) -> str:
    """A regex quoted for an error message, shortened: some rule regexes run to pages."""
    return repr(pattern if len(pattern) <= limit else pattern[: limit - 3] + "...")


def _re2_message(exc: re2.error) -> str:
    detail = exc.args[0] if exc.args else exc
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    return f"{detail} (declutter uses RE2: no look-around or backreferences)"
