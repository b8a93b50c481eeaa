"""Rule files written to break declutter: slow, huge, mistyped, multi-line, binary, odd folders.

Users write rules, so a rule file is untrusted input. Every broken one must fail at load time
with a `RuleError` naming the file, the rule and the field (one line and exit status 2 from
the command line, no traceback); every accepted one must run in bounded time. Regexes run in
RE2, in linear time, so catastrophic backtracking cannot happen: that is proved here on long
lines rather than assumed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from click.testing import CliRunner
from invariants import assert_sound

from declutter import Cleaner, RuleError, load_path
from declutter.cli import main

TimeLimit = Callable[[float], AbstractContextManager[None]]
HEAD = 'id = "hostile-rule"\nsummary = "S."\nwhy = "W."\n'


def write(folder: Path, text: str, name: str = "rule.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def toml_string(value: str) -> str:
    """`value` as a TOML basic string (regexes are full of backslashes)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r") + '"'


def cleaner_for(tmp_path: Path, body: str) -> Cleaner:
    """A cleaner running only the hostile rule, with the damage guard off."""
    return Cleaner([write(tmp_path, HEAD + body)], builtin=False, max_removed=1)


def refused(tmp_path: Path, body: str, field: str | None, message: str) -> RuleError:
    path = write(tmp_path, HEAD + body)
    with pytest.raises(RuleError, match=message) as caught:
        load_path(path)
    error = caught.value
    assert (error.source, error.rule_id, error.field) == (
        str(path),
        "hostile-rule",
        field,
    )
    assert "\n" not in str(error)
    return error


# --- slow patterns -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "matching", "failing"),
    [
        ("(a+)+$", "a" * 100_000, "a" * 100_000 + "!"),
        ("(x|x)*y", "x" * 100_000 + "y", "x" * 100_000),
        ("(a|aa)+", "a" * 100_000, "a" * 99_999 + "b"),
        ("(.*a){12}", "a" * 100_000, "b" * 100_000),
        ("(\\w+\\s?)+$", "ab " * 13 + "a" * 99_000, "ab " * 13 + "a" * 99_000 + "!"),
    ],
)
def test_catastrophic_regexes_run_in_linear_time(
    tmp_path: Path, time_limit: TimeLimit, pattern: str, matching: str, failing: str
) -> None:
    cleaner = cleaner_for(
        tmp_path, f'kind = "pattern"\npatterns = [{toml_string(pattern)}]'
    )
    text = f"{failing}\n{matching}\n" * 3
    with time_limit(20):
        result = cleaner.clean_text(text)
    assert [r.line for r in result.removed] == [2, 4, 6]


def test_a_catastrophic_unless_regex_is_linear_too(
    tmp_path: Path, time_limit: TimeLimit
) -> None:
    body = 'kind = "pattern"\npatterns = ["a.*"]\nunless = ["(a+)+b"]'
    with time_limit(20):
        result = cleaner_for(tmp_path, body).clean_text(("a" * 100_000 + "\n") * 3)
    assert len(result.removed) == 3


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("a" * 30_000, "too big for fast matching"),
        ("(\\pL{1,40} ){1,8}x", "too big for fast matching"),
        ("a{1000}{1000}", "invalid regex"),
        ("((a{100}){100}){100}", "invalid regex"),
        ("x*", "matches an empty line"),
        ("a|", "matches an empty line"),
        ("(?:)", "matches an empty line"),
        ("(unclosed", "invalid regex"),
        ("a)(", "invalid regex"),
        ("[z-a]", "invalid regex"),
        ("trailing\\", "invalid regex"),
        ("(?=ahead)x", "look-around"),
        ("x(?!ahead)", "look-around"),
        ("(?<=behind)x", "look-around"),
        ("(?<!behind)x", "look-around"),
        ("(a)\\1", "backreferences"),
        ("foo\\nbar", "never contains"),
        ("foo[\\n]bar", "never contains"),
        ("foo\nbar", "line break"),
        ("foo\rbar", "line break"),
        ("(?s)foo.*bar", "match across lines"),
        ("(?is:foo.bar)", "match across lines"),
        ("foo\\Cbar", "any byte"),
        ("\\P{L}+", "not supported"),
    ],
)
@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("pattern", "patterns"),
        ("block", "heading_patterns"),
        ("context", "anchor_patterns"),
    ],
)
def test_bad_regexes_are_refused_naming_file_rule_and_field(
    tmp_path: Path, pattern: str, message: str, kind: str, field: str
) -> None:
    refused(
        tmp_path, f'kind = "{kind}"\n{field} = [{toml_string(pattern)}]', field, message
    )


def test_bad_unless_regexes_are_refused(tmp_path: Path) -> None:
    body = 'kind = "pattern"\npatterns = ["x+"]\nunless = ["(?=y)"]'
    refused(tmp_path, body, "unless", "look-around")


@pytest.mark.parametrize(
    "pattern",
    [
        "foo[\\x00-\\x7f]bar",
        "foo\\x0abar",
        "foo\\x{0A}bar",
        "foo[[:cntrl:]]bar",
        "foo[[:^alpha:]]bar",
        "foo[[:space:]]bar",
        "foo\\p{^L}bar",
        "foo\\Wbar",
        "foo\\sbar",
        "foo[^a]bar",
        "(?i)foo\\Dbar",
    ],
)
def test_no_accepted_regex_matches_across_lines(tmp_path: Path, pattern: str) -> None:
    cleaner = cleaner_for(
        tmp_path, f'kind = "pattern"\npatterns = [{toml_string(pattern)}]'
    )
    assert cleaner.clean_text("prose\nfoo\nbar\nprose\n").removed == ()


def test_start_and_end_of_text_anchors_mean_the_line(tmp_path: Path) -> None:
    cleaner = cleaner_for(
        tmp_path, 'kind = "pattern"\npatterns = ["\\\\Afoo \\\\d+\\\\z"]'
    )
    result = cleaner.clean_text("prose\nfoo 1\nprose\nfoo 2\n")
    assert [r.line for r in result.removed] == [2, 4]


# --- wrong types, sizes and values ---------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ('kind = ["phrase"]\nphrases = ["x"]', "kind", "unknown kind"),
        ('kind = {name = "phrase"}\nphrases = ["x"]', "kind", "unknown kind"),
        ('kind = 3\nphrases = ["x"]', "kind", "unknown kind"),
        ('kind = "magic"', "kind", "unknown kind 'magic'"),
        ("", "kind", "unknown kind None"),
        ('kind = "phrase"\nphrases = "x"', "phrases", "list of non-empty strings"),
        ('kind = "phrase"\nphrases = [["x"]]', "phrases", "list of non-empty strings"),
        (
            'kind = "phrase"\nphrases = [1979-05-27T07:32:00Z]',
            "phrases",
            "list of non-empty",
        ),
        ('kind = "phrase"\nphrases = [""]', "phrases", "list of non-empty strings"),
        ('kind = "phrase"\n[phrases]\nx = 1', "phrases", "list of non-empty strings"),
        (
            'kind = "phrase"\nphrases = ["x"]\nmatch = ["line"]',
            "match",
            "must be one of",
        ),
        (
            'kind = "phrase"\nphrases = ["x"]\nmatch = {a = 1}',
            "match",
            "must be one of",
        ),
        (
            'kind = "phrase"\nphrases = ["x"]\ndefault = "yes"',
            "default",
            "true or false",
        ),
        ('kind = "phrase"\nphrases = ["x"]\ntags = "ad"', "tags", "list of non-empty"),
        (
            'kind = "phrase"\nphrases = ["x"]\ntags = ["Not Kebab"]',
            "tags",
            "kebab-case",
        ),
        ('kind = "phrase"\nphrases = ["x"]\nseen = [[1]]', "seen", "list of non-empty"),
        (
            'kind = "phrase"\nphrases = ["x"]\nlanguages = [1]',
            "languages",
            "list of non-empty",
        ),
        (
            'kind = "phrase"\nphrases = ["x"]\ndomains = {a = 1}',
            "domains",
            "list of non-empty",
        ),
        (
            'kind = "phrase"\nphrases = ["x"]\ndomains = ["~"]',
            "domains",
            "not a host name",
        ),
        (
            'kind = "phrase"\nphrases = ["x"]\ndomains = ["a.com/path"]',
            "domains",
            "host name",
        ),
        (
            'kind = "phrase"\nphrases = ["x"]\ndomains = ["a com"]',
            "domains",
            "host name",
        ),
        (
            'kind = "phrase"\nphrases = ["x"]\n[extra]\nnested = {deep = [1]}',
            "extra",
            "unknown",
        ),
        ('kind = "spam"\nforeign_script = "yes"', "foreign_script", "true or false"),
        ('kind = "spam"\nforeign_script = false', "spam_terms", "needs spam_terms"),
        ('kind = "block"', "headings", "needs headings"),
        (
            'kind = "context"\nanchors = ["x"]\ntarget = "left"',
            "target",
            "must be one of",
        ),
        (
            'kind = "duplicate"\nremove = "later"\nlabels = ["Image:"]',
            "remove",
            "must be one of",
        ),
    ],
)
def test_wrong_types_and_values_are_refused(
    tmp_path: Path, body: str, field: str, message: str
) -> None:
    refused(tmp_path, body, field, message)


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ('id = ["x"]\nsummary = "S."\nwhy = "W."\nkind = "phrase"', "id", "kebab-case"),
        ('id = 7\nsummary = "S."\nwhy = "W."\nkind = "phrase"', "id", "kebab-case"),
        (
            'id = "x"\nsummary = ["S."]\nwhy = "W."\nkind = "phrase"',
            "summary",
            "non-empty string",
        ),
        (
            'id = "x"\nsummary = "S."\nwhy = {a = 1}\nkind = "phrase"',
            "why",
            "non-empty string",
        ),
        (
            'id = "x"\nsummary = "two\\nlines"\nwhy = "W."\nkind = "phrase"',
            "summary",
            "one line",
        ),
        ("rule = [1, 2]", None, "a rule must be a table"),
        ('rule = "x"', "rule", "only \\[\\[rule\\]\\] tables"),
        ('[rule]\nid = "x"', "rule", "only \\[\\[rule\\]\\] tables"),
        ("", "id", "kebab-case"),
    ],
)
def test_wrong_types_in_common_fields_and_packs(
    tmp_path: Path, text: str, field: str | None, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RuleError, match=message) as caught:
        load_path(path)
    assert caught.value.source == str(path) and caught.value.field == field


INTEGER_FIELDS = [
    ("phrase", 'phrases = ["x"]', "max_words"),
    ("pattern", 'patterns = ["x+"]', "max_words"),
    ("block", 'headings = ["Related"]', "max_items"),
    ("block", 'headings = ["Related"]', "min_items"),
    ("block", 'headings = ["Related"]', "item_min_words"),
    ("block", 'headings = ["Related"]', "item_max_words"),
    ("context", 'anchors = ["Watch"]', "target_min_words"),
    ("context", 'anchors = ["Watch"]', "target_max_words"),
    ("duplicate", "", "window"),
    ("duplicate", "", "max_words"),
    ("duplicate", 'labels = ["Image:"]', "window"),
    ("spam", "", "edge_lines"),
    ("spam", "", "max_chars"),
    ("run", "", "min_lines"),
    ("run", "", "max_words"),
    ("run", "", "max_chars"),
]


@pytest.mark.parametrize(
    "value",
    [
        "-5",
        "99999999999999999999",
        "9223372036854775807",
        "1_000_000",
        "2.5",
        "inf",
        "nan",
        "true",
        '"8"',
        "[8]",
        "{n = 8}",
    ],
)
@pytest.mark.parametrize(("kind", "required", "field"), INTEGER_FIELDS)
def test_numbers_out_of_range_or_of_the_wrong_type_are_refused(
    tmp_path: Path, kind: str, required: str, field: str, value: str
) -> None:
    refused(
        tmp_path,
        f'kind = "{kind}"\n{required}\n{field} = {value}',
        field,
        "whole number",
    )


@pytest.mark.parametrize(("kind", "required", "field"), INTEGER_FIELDS)
def test_the_largest_allowed_numbers_still_run_in_bounded_time(
    tmp_path: Path, time_limit: TimeLimit, kind: str, required: str, field: str
) -> None:
    with pytest.raises(RuleError, match="whole number") as caught:
        cleaner_for(tmp_path, f'kind = "{kind}"\n{required}\n{field} = {10**9}')
    maximum = int(str(caught.value).rsplit(" ", 1)[-1])
    cleaner = cleaner_for(tmp_path, f'kind = "{kind}"\n{required}\n{field} = {maximum}')
    lines = [
        "Related",
        "Watch",
        "Image: a cat",
        "a cat",
        "Home",
        "AG百家乐在线官网",
        "x x",
    ]
    text = "\n".join(lines[i % len(lines)] for i in range(20_000)) + "\n"
    with time_limit(60):
        assert_sound(text, cleaner.clean_text(text))


@pytest.mark.parametrize(
    ("kind", "field", "extra"),
    [
        ("phrase", "phrases", ""),
        ("phrase", "phrases", 'match = "contains"'),
        ("block", "headings", ""),
        ("context", "anchors", ""),
        ("duplicate", "labels", ""),
        ("spam", "spam_terms", ""),
        ("spam", "gambling_terms", 'lure_terms = ["bonus"]'),
    ],
)
def test_multi_line_phrases_are_refused(
    tmp_path: Path, kind: str, field: str, extra: str
) -> None:
    for value in ('"Read more\\nRelated"', '"Read more\\r"', '"""Read\nmore"""'):
        refused(
            tmp_path,
            f'kind = "{kind}"\n{field} = [{value}]\n{extra}',
            field,
            "line break",
        )


def test_a_spam_rule_of_foreign_script_alone_runs(tmp_path: Path) -> None:
    cleaner = cleaner_for(tmp_path, 'kind = "spam"')
    text = (
        "AG百家乐在线官网\n"
        + "An article in English, long enough to have a script of its own.\n" * 9
    )
    assert [r.line for r in cleaner.clean_text(text).removed] == [1]


def test_a_pack_of_ten_thousand_rules_loads_and_runs(
    tmp_path: Path, time_limit: TimeLimit
) -> None:
    rules = []
    for i in range(10_000):
        kind = (
            f'kind = "phrase"\nphrases = ["promo code {i}"]',
            f'kind = "phrase"\nmatch = "contains"\nphrases = ["zq{i}x"]',
            f'kind = "pattern"\npatterns = ["offer {i} ends \\\\d+ (may|june)"]',
        )[i % 3]
        rules.append(
            f'[[rule]]\nid = "user-rule-{i}"\nsummary = "S."\nwhy = "W."\n{kind}\n'
        )
    path = write(tmp_path, "\n".join(rules), "pack.toml")
    with time_limit(120):
        cleaner = Cleaner([path], max_removed=1)
        text = (
            "Prose that stays.\npromo code 42\nsee zq43x now\noffer 44 ends 12 may\n"
            * 500
        )
        result = cleaner.clean_text(text)
    assert {r.rule for r in result.removed} == {
        "user-rule-42",
        "user-rule-43",
        "user-rule-44",
    }
    assert result.text == "Prose that stays.\n" * 500


# --- duplicates, files and folders ---------------------------------------------------------


PHRASE = 'kind = "phrase"\nsummary = "S."\nwhy = "W."\nphrases = ["x"]\n'


def test_duplicate_ids_in_one_pack(tmp_path: Path) -> None:
    path = write(
        tmp_path, f'[[rule]]\nid = "twice"\n{PHRASE}\n[[rule]]\nid = "twice"\n{PHRASE}'
    )
    with pytest.raises(RuleError, match="duplicate rule id") as caught:
        load_path(path)
    assert (caught.value.rule_id, caught.value.field) == ("twice", "id")


def test_duplicate_of_a_builtin_id(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="duplicate rule id"):
        Cleaner([write(tmp_path, f'id = "advertisement-label"\n{PHRASE}')])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not UTF-8 text"),
        ('id = "x"\n'.encode("utf-16"), "not UTF-8 text"),
        ('id = "caf\xe9"\n'.encode("latin-1"), "not UTF-8 text"),
        (b'id = "x\x00"\n', "invalid TOML"),
        (b"this is = = not toml [[[", "invalid TOML"),
        (b'id = "\\ud800"\n', "invalid TOML"),
        (b"a = 1\na = 2\n", "invalid TOML"),
    ],
)
def test_files_that_are_not_toml(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "rule.toml"
    path.write_bytes(data)
    with pytest.raises(RuleError, match=message) as caught:
        load_path(path)
    assert caught.value.source == str(path) and "\n" not in str(caught.value)


def test_a_folder_skips_hidden_files_folders_and_other_extensions(
    tmp_path: Path,
) -> None:
    write(tmp_path, f'id = "kept-rule"\n{PHRASE}', "kept-rule.toml")
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / ".hidden").mkdir()
    write(tmp_path / ".hidden", "not toml at all", "broken.toml")
    write(tmp_path, "not toml at all", ".swap.toml")
    (tmp_path / ".#lock.toml").symlink_to("nowhere@host.1234")  # an editor's lock file
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    write(tmp_path, "# notes", "README.md")
    (tmp_path / "nested").mkdir()
    write(tmp_path / "nested", f'id = "nested-rule"\n{PHRASE}', "n.toml")
    (tmp_path / "nested" / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert sorted(r.id for r in load_path(tmp_path)) == ["kept-rule", "nested-rule"]


def test_a_dangling_link_in_a_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "gone.toml").symlink_to(tmp_path / "deleted.toml")
    with pytest.raises(RuleError, match="not a readable regular file") as caught:
        load_path(tmp_path)
    assert caught.value.source == str(tmp_path / "gone.toml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_named_like_a_rule_file_does_not_hang(
    tmp_path: Path, time_limit: TimeLimit
) -> None:
    os.mkfifo(tmp_path / "pipe.toml")
    with time_limit(10), pytest.raises(RuleError, match="not a readable regular file"):
        load_path(tmp_path)
    with time_limit(10), pytest.raises(RuleError, match="not a readable regular file"):
        load_path(tmp_path / "pipe.toml")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything"
)
def test_an_unreadable_rule_file(tmp_path: Path) -> None:
    path = write(tmp_path, f'id = "x"\n{PHRASE}')
    path.chmod(0)
    with pytest.raises(RuleError, match="cannot read: Permission denied"):
        load_path(tmp_path)


# --- the command line ----------------------------------------------------------------------


BAD_FILES = {
    "kind-list": 'id = "x"\nsummary = "S."\nwhy = "W."\nkind = ["phrase"]\nphrases = ["x"]\n',
    "huge-window": 'id = "x"\nsummary = "S."\nwhy = "W."\nkind = "duplicate"\nwindow = 9223372036854775807\n',
    "huge-run": 'id = "x"\nsummary = "S."\nwhy = "W."\nkind = "run"\nmax_words = 99999999999999999999\n',
    "look-ahead": 'id = "x"\nsummary = "S."\nwhy = "W."\nkind = "pattern"\npatterns = ["(?=a)"]\n',
    "multi-line": 'id = "x"\nsummary = "S."\nwhy = "W."\nkind = "phrase"\nphrases = ["a\\nb"]\n',
    "not-toml": "= = [[[",
    "duplicate": f'[[rule]]\nid = "d"\n{PHRASE}\n[[rule]]\nid = "d"\n{PHRASE}',
    "unknown-kind": 'id = "x"\nsummary = "S."\nwhy = "W."\nkind = "magic"\n',
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_cli_reports_a_bad_rule_file_in_one_line(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, BAD_FILES[name])
    result = CliRunner().invoke(
        main, ["clean", "--rules", str(path), "-"], input="text\n"
    )
    assert result.exit_code == 2, result.output
    assert (
        result.stderr.startswith(f"declutter: error: {path}")
        and result.stderr.count("\n") == 1
    )
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    )


def test_cli_reports_a_binary_rule_file_and_a_bad_folder_without_traceback(
    tmp_path: Path,
) -> None:
    binary = tmp_path / "image.toml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "gone.toml").symlink_to(tmp_path / "deleted.toml")
    for bad in (binary, folder, tmp_path / "missing.toml"):
        done = subprocess.run(
            [sys.executable, "-m", "declutter", "clean", "--rules", str(bad), "-"],
            input=b"text\n",
            capture_output=True,
            check=False,
            timeout=120,
            cwd=tmp_path,
        )
        assert done.returncode == 2, done.stderr
        assert b"Traceback" not in done.stderr and done.stderr.count(b"\n") == 1
        assert done.stderr.startswith(b"declutter: error: ")
