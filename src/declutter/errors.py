"""Exceptions raised by declutter: one base class, so callers can catch everything we raise."""

from __future__ import annotations

from pathlib import Path


class DeclutterError(Exception):
    """Base class of every error declutter raises on purpose."""


class RuleError(DeclutterError):
    """A rule file or rule definition is invalid.

    Carries the file, the rule id and the field so that the message points a rule author at
    the exact place to fix.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | Path | None = None,
        rule_id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.source = str(source) if source is not None else None
        self.rule_id = rule_id
        self.field = field
        self.message = message
        where = [
            part
            for part in (
                self.source,
                f"rule {rule_id!r}" if rule_id else None,
                f"field {field!r}" if field else None,
            )
            if part
        ]
        super().__init__(f"{': '.join(where)}: {message}" if where else message)


class SelectionError(DeclutterError):
    """A --select/--ignore/--enable entry names no known rule id or tag."""


class InputError(DeclutterError):
    """An input cannot be read as text: not UTF-8, and no UTF-16 or UTF-32 byte order mark."""


class LimitError(DeclutterError):
    """A page is over one of HTML mode's hard limits (`declutter.html.limits.Limits`).

    The limits bound the time and memory one page can take in a run over millions; the message
    names the limit, the page's value and the setting that raises it.
    """


class TimeBudgetError(LimitError):
    """Cleaning one page took longer than its time budget (checked between pipeline stages)."""
