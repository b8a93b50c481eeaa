"""Every fixture case, each against its own rule only; `pytest -k RULE-ID` runs one rule's."""

from __future__ import annotations

import pytest
from conftest import ALL_CASES

from declutter.fixtures import WHOLE, Case, clean_case, rule_cleaner, run_case
from declutter.rule import Rule

RULE_CASES = [c for c in ALL_CASES if c.rule not in WHOLE]


@pytest.mark.parametrize("case", RULE_CASES, ids=[f"{c.rule}/{c.name}" for c in RULE_CASES])
def test_rule_fixture(case: Case, builtin_rules: dict[str, Rule]) -> None:
    assert case.rule in builtin_rules, f"fixtures/{case.rule}/ has no rule"
    cleaner = rule_cleaner(builtin_rules[case.rule])
    outcome = run_case(case, cleaner)
    assert outcome.actual == case.expected


@pytest.mark.parametrize("case", RULE_CASES, ids=[f"{c.rule}/{c.name}" for c in RULE_CASES])
def test_rule_fixture_is_idempotent(case: Case, builtin_rules: dict[str, Rule]) -> None:
    cleaner = rule_cleaner(builtin_rules[case.rule])
    if case.is_html:
        once = cleaner.clean_html(case.source, url=case.url, extract=False)
        again = cleaner.clean_html(once.html, url=case.url, extract=False)
        assert (again.text, again.removed) == (once.text, ())
        return
    once_text = clean_case(case, cleaner)
    assert cleaner.clean_text(once_text, url=case.url).text == once_text
