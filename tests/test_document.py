"""Line splitting, byte-identical output, and blank lines around removals."""

from __future__ import annotations

import pytest

from declutter import Cleaner
from declutter.document import Document
from declutter.loading import parse_rule

NOISE = parse_rule(
    {"id": "noise-line", "kind": "phrase", "summary": "X.", "why": "Test.", "phrases": ["NOISE"]}
)
CLEANER = Cleaner.from_rules([NOISE], max_removed=1)  # line handling, guard off


def clean(text: str) -> str:
    return CLEANER.clean_text(text).text


@pytest.mark.parametrize(
    "text",
    ["", "\n", "a", "a\n", "a\r\nb\r\n", "a\rb", "a\n\n\n\nb\n", "\n\na\n\n", "a\u2028b\nc", "x\x0cy\n"],
)
def test_nothing_removed_means_byte_identical(text: str) -> None:
    assert clean(text) == text


def test_lines_end_only_at_newline_characters() -> None:
    doc = Document.from_text("a\u2028b\r\nc\rd\ne\x0bf", max_words=40)
    assert doc.lines == ("a\u2028b", "c", "d", "e\x0bf")
    assert doc.endings == ("\r\n", "\r", "\n", "")


def test_matching_holds_a_line_with_pointers_twice_and_a_table_row_once() -> None:
    doc = Document.from_text("👉 Sign up now\nPlain line\nBy Jane Doe |\n| 7 May 1856 |\n", max_words=40)
    lines, sources = doc.matched
    assert lines == ["👉 sign up now", "sign up now", "plain line", "by jane doe |", "by jane doe", "| 7 may 1856 |"]
    assert sources == (0, 0, 1, 2, 2, 3)
    assert doc.text == "\n".join(lines)
    assert [doc.text[offset : offset + 4] for offset in doc.offsets] == [line[:4] for line in lines]


def test_matching_holds_a_line_in_square_brackets_twice_and_other_brackets_once() -> None:
    text = "[Related: A headline]\n(Stand: 12.3.2024)\n[1] One [2] two\n👉 [Read: Another]\n"
    doc = Document.from_text(text, max_words=40)
    lines, sources = doc.matched
    assert lines == [
        "[related: a headline]",
        "related: a headline",
        "(stand: 12.3.2024)",
        "[1] one [2] two",
        "👉 [read: another]",
        "read: another",
    ]
    assert sources == (0, 0, 1, 2, 3, 3)


def test_matching_is_the_candidate_lines_when_no_line_has_pointers() -> None:
    doc = Document.from_text("One line\nAnother line\n", max_words=40)
    assert doc.matched == (["one line", "another line"], doc.candidates)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\n\nNOISE\n\nb\n", "a\n\nb\n"),  # two blank runs merge into one
        ("a\nNOISE\nb\n", "a\nb\n"),  # no blank line is invented
        ("a\n\n\nNOISE\n\nb\n", "a\n\n\nb\n"),  # the longer existing run is kept
        ("NOISE\n\na\n", "a\n"),  # no leading blank line left behind
        ("\nNOISE\n\na\n", "\na\n"),  # ...but one that was there stays
        ("a\n\nNOISE\n", "a\n"),  # no trailing blank line left behind
        ("a\n\nNOISE", "a"),  # a missing final newline stays missing
        ("a\r\n\r\nNOISE\r\n\r\nb\r\n", "a\r\n\r\nb\r\n"),  # endings kept per line
        ("NOISE\n", ""),
        ("NOISE", ""),
    ],
)
def test_removals_do_not_create_blank_runs(text: str, expected: str) -> None:
    assert clean(text) == expected


def test_line_numbers_are_one_based_and_count_blank_lines() -> None:
    result = CLEANER.clean_text("a\n\n\nNOISE\n")
    assert [(r.line, r.text, r.rule) for r in result.removed] == [(4, "NOISE", "noise-line")]
