from __future__ import annotations

import pytest

from declutter.cleaner import gather_rules
from declutter.fixtures import discover, fixtures_dir
from declutter.rule import Rule


@pytest.fixture(scope="session")
def builtin_rules() -> dict[str, Rule]:
    return {rule.id: rule for rule in gather_rules(None, builtin=True)}


ALL_CASES = list(discover(fixtures_dir()))
