"""Checks every built-in rule: identity, documentation, and fixtures that remove and keep."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ALL_CASES

from declutter.fixtures import WHOLE, fixtures_dir
from declutter.kinds.base import Stage
from declutter.loading import builtin_rules_dir
from declutter.rule import Rule

RULE_FILES = sorted(builtin_rules_dir().glob("*.toml"))


def test_there_are_builtin_rules(builtin_rules: dict[str, Rule]) -> None:
    assert len(builtin_rules) >= 12


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])
def test_rule_is_documented(path: Path, builtin_rules: dict[str, Rule]) -> None:
    rule = builtin_rules[path.stem]
    assert rule.summary and rule.why and rule.seen, "summary, why and seen are required"
    assert rule.summary[0].isupper() and rule.summary.endswith("."), "summary is one sentence"


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])
def test_rule_has_removing_and_keeping_fixtures(path: Path) -> None:
    cases = [c for c in ALL_CASES if c.rule == path.stem]
    assert any(c.removes for c in cases), f"fixtures/{path.stem}/ needs a case the rule removes"
    assert any(not c.removes for c in cases), f"fixtures/{path.stem}/ needs a look-alike it keeps"


#: The engine normalises and matches every line up to the longest that any rule may remove
#: (`Document.candidates`); a built-in rule that raised it would make every paragraph pay.
LONGEST_NOISE_LINE = 60


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])
def test_rule_removes_no_line_longer_than_a_paragraph(path: Path, builtin_rules: dict[str, Rule]) -> None:
    spec = builtin_rules[path.stem].spec
    if spec.stage is not Stage.ELEMENT:
        assert spec.max_words <= LONGEST_NOISE_LINE


def test_every_fixture_folder_has_a_rule(builtin_rules: dict[str, Rule]) -> None:
    folders = {p.name for p in fixtures_dir().iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert sorted(folders - set(builtin_rules)) == []


@pytest.mark.parametrize("case", ALL_CASES, ids=[f"{c.rule}/{c.name}" for c in ALL_CASES])
def test_case_name_says_what_happens(case) -> None:  # type: ignore[no-untyped-def]
    if case.rule in WHOLE:
        return
    if case.name.startswith("keeps-"):
        assert not case.removes, "a keeps- case has no .out.txt that differs from its input"
    else:
        assert case.name.startswith("removes-") and case.removes, "removes- cases change the input"
