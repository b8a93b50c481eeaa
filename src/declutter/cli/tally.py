"""What a batch run tells its user: a progress bar while it runs, one summary line at the end.

The bar goes to stderr, and only when stderr is a terminal and ``--quiet`` is off, so logs
and pipes stay clean. It counts input bytes (compressed bytes for a compressed file), which
gives MB/s and, when the input's size is known, an ETA; documents per second ride along.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

import click

from declutter.batch import Written

#: Rules named in the summary line; the rest are counted together.
TOP_RULES = 5


class Tally:
    """Counts outcomes as they pass, drives the progress bar, and writes the summary."""

    def __init__(self, *, total_bytes: int | None, quiet: bool, unit: str = "documents") -> None:
        self.documents = 0
        self.errors = 0
        self.guarded = 0
        self.removed: Counter[str] = Counter()
        self.skipped: list[str] = []  # what was not cleaned on purpose, and why
        self._unit = unit
        self._start = time.monotonic()
        self._bar = None
        self._bytes = 0
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(
                total=total_bytes, unit="B", unit_scale=True, unit_divisor=1000,
                file=sys.stderr, dynamic_ncols=True, leave=False, mininterval=0.25,
            )

    def count(self, outcomes: Iterable[Written], position: Callable[[], int] | None = None) -> Iterator[Written]:
        """Pass `outcomes` on, counting each; `position` says how many input bytes are read."""
        for outcome in outcomes:
            self.documents += 1
            self.removed.update(dict(outcome.removed))
            self.guarded += outcome.guarded
            self.errors += outcome.error is not None
            if self._bar is not None:
                self._advance(position() if position else self._bytes + len(outcome.data))
            yield outcome

    def _advance(self, read: int) -> None:
        assert self._bar is not None
        if read > self._bytes:
            self._bar.update(read - self._bytes)
            self._bytes = read
        if self.documents % 64 == 0:
            rate = self.documents / max(time.monotonic() - self._start, 1e-9)
            self._bar.set_postfix_str(f"{self.documents:,} docs, {rate:,.0f} docs/s", refresh=False)

    def close(self, stream: TextIO | None = None) -> None:
        """Remove the bar and print the summary line (unless quiet: then `stream` is None)."""
        if self._bar is not None:
            self._bar.close()
        if stream is not None:
            click.echo(self.summary(), file=stream)

    def summary(self) -> str:
        seconds = time.monotonic() - self._start
        rate = self.documents / seconds if seconds > 0 else 0.0
        parts = [f"{self.documents:,} {self._unit} in {seconds:.1f} s ({rate:,.0f}/s)"]
        total = sum(self.removed.values())
        top = self.removed.most_common(TOP_RULES)
        named = ", ".join(f"{rule} {count:,}" for rule, count in top)
        rest = len(self.removed) - len(top)
        if rest > 0:
            named += f", {rest} more rule{'s' if rest > 1 else ''}"
        parts.append(f"{total:,} removals" + (f" ({named})" if named else ""))
        if self.guarded:
            parts.append(f"{self.guarded:,} kept whole by the damage guard")
        parts.append(f"{self.errors:,} error{'s' if self.errors != 1 else ''}")
        parts.extend(self.skipped)
        return "declutter: " + "; ".join(parts)

