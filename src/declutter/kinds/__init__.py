"""The closed set of rule kinds. Each kind is one module with a `parse(params) -> Spec`.

The order of `KINDS` is the documented precedence: when rules of two kinds remove the same
line, the earlier kind's rule is reported (within a kind, the rule ids in sorted order).
"""

from __future__ import annotations

from collections.abc import Callable

from declutter.kinds import (
    block,
    context,
    duplicate,
    pattern,
    phrase,
    run,
    selector,
    spam,
    thread,
    xpath,
)
from declutter.kinds.base import Spec
from declutter.params import Params

KINDS: dict[str, Callable[[Params], Spec]] = {
    "phrase": phrase.parse,
    "pattern": pattern.parse,
    "block": block.parse,
    "context": context.parse,
    "thread": thread.parse,
    # Scan kinds: `run` first, because menus are where most lines go and, once they are gone,
    # one more pass of the cheap run rule is all the re-checking the engine needs.
    "run": run.parse,
    "duplicate": duplicate.parse,
    "spam": spam.parse,
    # HTML kinds: elements, removed before extraction; text mode has nothing for them to match.
    "selector": selector.parse,
    "xpath": xpath.parse,
}
