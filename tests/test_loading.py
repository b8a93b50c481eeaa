"""Rule files: packs, validation, and errors that name the file, the rule and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from declutter import Cleaner, RuleError, SelectionError, load_path

GOOD = """
[[rule]]
id = "house-promo"
kind = "phrase"
summary = "Our promo."
why = "Promo."
tags = ["promo"]
phrases = ["Buy our mug"]

[[rule]]
id = "house-banner"
kind = "pattern"
summary = "Our banner."
why = "Banner."
default = false
patterns = ["banner \\\\d+"]
"""


def write(tmp_path: Path, text: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_pack_file_holds_many_rules(tmp_path: Path) -> None:
    rules = load_path(write(tmp_path, GOOD))
    assert [r.id for r in rules] == ["house-promo", "house-banner"]
    assert rules[1].default is False


def test_user_rules_add_to_the_builtin_pack_or_replace_it(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    added = Cleaner([path])
    alone = Cleaner([path], builtin=False)
    assert "house-promo" in {r.id for r in added.rules} and len(added.rules) > 1
    assert [r.id for r in alone.rules] == ["house-promo"]


def test_select_ignore_enable_by_id_and_tag(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    assert {r.id for r in Cleaner([path], builtin=False, enable=["house-banner"]).rules} == {
        "house-promo",
        "house-banner",
    }
    assert [r.id for r in Cleaner([path], select=["promo"]).rules if r.id.startswith("house")] == [
        "house-promo"
    ]
    assert Cleaner([path], builtin=False, ignore=["promo"]).rules == ()
    assert [r.id for r in Cleaner([path], builtin=False, select=["house-banner"]).rules] == [
        "house-banner"
    ]
    with pytest.raises(SelectionError, match="no-such-rule"):
        Cleaner([path], select=["no-such-rule"])


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ('kind = "nope"', "kind", "unknown kind"),
        ('kind = "pattern"\npatterns = ["(unclosed"]', "patterns", "invalid regex"),
        ('kind = "pattern"\npatterns = ["(?=ahead)x"]', "patterns", "look-around"),
        ('kind = "pattern"\npatterns = ["x*"]', "patterns", "matches an empty line"),
        ('kind = "pattern"\npatterns = ["(\\\\pL{1,40} ){1,8}x"]', "patterns", "too big for fast matching"),
        ('kind = "phrase"', "phrases", "is required"),
        ('kind = "phrase"\nphrases = ["x"]\ncolour = "red"', "colour", "unknown field"),
        ('kind = "phrase"\nphrases = ["..."]', "phrases", "only punctuation"),
        ('kind = "phrase"\nphrases = ["x"]\nmatch = "fuzzy"', "match", "must be one of"),
    ],
)
def test_errors_name_file_rule_and_field(tmp_path: Path, body: str, field: str, message: str) -> None:
    path = write(tmp_path, f'id = "broken-rule"\nsummary = "S."\nwhy = "W."\n{body}\n')
    with pytest.raises(RuleError, match=message) as caught:
        load_path(path)
    assert caught.value.source == str(path)
    assert caught.value.rule_id == "broken-rule"
    assert caught.value.field == field


def test_missing_summary_and_bad_id(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="summary"):
        load_path(write(tmp_path, 'id = "x"\nkind = "phrase"\nwhy = "W."\nphrases = ["x"]\n'))
    with pytest.raises(RuleError, match="kebab-case"):
        load_path(write(tmp_path, 'id = "Bad_Id"\nkind = "phrase"\nsummary = "S."\nwhy = "W."\n'))


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, GOOD, "b.toml")
    with pytest.raises(RuleError, match="duplicate rule id"):
        load_path(tmp_path)


def test_invalid_toml_and_missing_path(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="invalid TOML"):
        load_path(write(tmp_path, "id = "))
    with pytest.raises(RuleError, match="no such rule file"):
        load_path(tmp_path / "missing.toml")


def test_a_user_rule_cannot_reuse_a_builtin_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'id = "read-more-list"\nkind = "phrase"\nsummary = "S."\nwhy = "W."\nphrases = ["x"]\n',
    )
    with pytest.raises(RuleError, match="duplicate rule id"):
        Cleaner([path])
