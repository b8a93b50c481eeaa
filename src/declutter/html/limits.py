"""Hard limits for one HTML page, so that no page can take unbounded time or memory.

What each limit does when a page is over it, and why:

- ``max_bytes`` (64 MiB of UTF-8): refused with `LimitError` before parsing. A page's tree
  takes about fifteen times its size in memory; a 50 MB page still cleans.
- ``max_elements`` (500,000 after parsing): refused with `LimitError`. trafilatura spends
  Python time on every element (200,000 take about 15 s), so this bounds extraction, which
  cannot be stopped halfway.
- ``max_attribute`` (1 MiB): longer attribute values (inline ``data:`` images) are dropped
  from the tree before rules and extraction. They hold no text, and every selector and
  trafilatura's attribute checks would otherwise scan them.
- ``time_budget`` (30 s): checked at the end of each stage of `declutter.html.pipeline`
  (decoding, parsing, element rules, extraction, text rules; rendering is quick and last);
  over it, `TimeBudgetError`. It is cooperative: a stage in progress is not interrupted (the
  element cap bounds the longest), which is why batch runs with a timeout also kill a worker
  that overruns (`declutter.workers`).

``None`` turns a limit off. Nesting is capped at `MAX_DEPTH`, which is not a setting: libxml2
stops reading below 2,048 levels (the rest of the page would be silently lost), and
trafilatura recurses in Python once or twice per level, so deeper trees would end in a
`RecursionError`. A deeper page is refused with `LimitError`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from declutter.errors import DeclutterError, LimitError, TimeBudgetError

#: The deepest nesting of elements below ``<html>`` that HTML mode reads; see the module docstring.
MAX_DEPTH = 512


@dataclass(frozen=True)
class Limits:
    """Per-page limits for HTML mode; give a `Cleaner` or one `clean_html` call other ones."""

    max_bytes: int | None = 64 << 20
    max_elements: int | None = 500_000
    max_attribute: int | None = 1 << 20
    time_budget: float | None = 30.0

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_elements", "max_attribute", "time_budget"):
            value = getattr(self, name)
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            if value is not None and not (is_number and value > 0):
                raise DeclutterError(f"{name} must be a positive number or None (no limit), not {value!r}")


DEFAULT_LIMITS = Limits()


def over(what: str, value: int, limit: int | None, setting: str) -> None:
    """Raise `LimitError` if `value` is over `limit`."""
    if limit is not None and value > limit:
        raise LimitError(f"the page has {value:,} {what}, over the limit of {limit:,} (Limits.{setting})")


class Budget:
    """The time left for one page, checked between pipeline stages."""

    def __init__(self, seconds: float | None) -> None:
        self._seconds = seconds
        self._start = time.monotonic()

    def check(self, stage: str) -> None:
        """Raise `TimeBudgetError` if the page has used up its time by the end of `stage`."""
        if self._seconds is None:
            return
        elapsed = time.monotonic() - self._start
        if elapsed > self._seconds:
            raise TimeBudgetError(
                f"cleaning the page took {elapsed:.1f} s up to the end of {stage}, over its time budget "
                f"of {self._seconds:g} s (Limits.time_budget)"
            )
