"""No built-in rule may remove a line of article prose, however much it looks like noise.

`fixtures/_prose/clean-prose.txt` is written prose (one paragraph, heading or quote per line)
full of look-alikes: sentences about cookies, advertising, newsletters, Chrome, photos,
copyright, "read more" in ordinary use.
"""

from __future__ import annotations

from declutter import Cleaner
from declutter.fixtures import fixtures_dir
from declutter.rule import Rule

PROSE = fixtures_dir() / "_prose" / "clean-prose.txt"


def test_prose_corpus_is_substantial() -> None:
    assert len(PROSE.read_text(encoding="utf-8").splitlines()) >= 300


def test_no_rule_removes_article_prose(builtin_rules: dict[str, Rule]) -> None:
    cleaner = Cleaner.from_rules(list(builtin_rules.values()))
    result = cleaner.clean_text(PROSE.read_text(encoding="utf-8"))
    assert [(r.rule, r.text) for r in result.removed] == []
