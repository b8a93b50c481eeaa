from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest

from declutter.cleaner import gather_rules
from declutter.fixtures import discover, fixtures_dir
from declutter.rule import Rule


@pytest.fixture(scope="session")
def builtin_rules() -> dict[str, Rule]:
    return {rule.id: rule for rule in gather_rules(None, builtin=True)}


ALL_CASES = list(discover(fixtures_dir()))


@pytest.fixture
def time_limit() -> Callable[[float], AbstractContextManager[None]]:
    """A context manager failing a block that runs past `seconds`: it catches hangs.

    Limits are generous (several times the expected time on a slow CI machine); they are not
    speed assertions. Where SIGALRM exists, a hung Python loop is interrupted, not waited out.
    """

    @contextmanager
    def limit(seconds: float) -> Iterator[None]:
        def expire(signum: int, frame: object) -> None:
            raise TimeoutError(f"still running after {seconds} s: a hang?")

        alarm = hasattr(signal, "setitimer")
        if alarm:
            previous = signal.signal(signal.SIGALRM, expire)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        start = time.monotonic()
        try:
            yield
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
        elapsed = time.monotonic() - start
        assert elapsed < seconds, f"took {elapsed:.1f} s, limit {seconds} s: a hang?"

    return limit
