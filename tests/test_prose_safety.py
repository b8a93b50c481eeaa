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
    assert len(PROSE.read_text(encoding="utf-8").splitlines()) >= 500


def test_no_rule_removes_article_prose(builtin_rules: dict[str, Rule]) -> None:
    # Guard off: with it on, a rule removing most of the corpus would hide behind `held_back`.
    cleaner = Cleaner.from_rules(list(builtin_rules.values()), max_removed=1)
    result = cleaner.clean_text(PROSE.read_text(encoding="utf-8"))
    assert [(r.rule, r.text) for r in result.removed] == []


def test_no_rule_removes_a_prose_line_on_its_own(builtin_rules: dict[str, Rule]) -> None:
    """Each line as a whole document: then it is at the edges, where spam rules look."""
    cleaner = Cleaner.from_rules(list(builtin_rules.values()), max_removed=1)
    removed = [
        (removal.rule, line)
        for line in PROSE.read_text(encoding="utf-8").splitlines()
        for removal in cleaner.clean_text(line + "\n").removed
    ]
    assert removed == []
