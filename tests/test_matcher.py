"""The shared matcher: one pass finds every rule's triggers, on the lines where they are.

The RE2 set runs widened regexes (counts made open) over slices of the document, and only
the regexes it reports are run exactly; these tests pin down that neither the widening nor
the slicing changes which lines a rule matches.
"""

from __future__ import annotations

import random

import pytest
import re2

from declutter import Cleaner
from declutter.document import Document
from declutter.kinds.base import Trigger
from declutter.linere import confine_to_line, widen_counts
from declutter.matcher import MAX_SET_REGEXES, SLICE_BYTES, LineMatcher

PATTERNS = [
    r"photo: [a-z]+( [a-z]+){0,2}/(reuters|ap)",
    r"[^.!?]{1,20} \(\d{1,3}\)",
    r"updated \d{1,2}:\d{2} [ap]m",
    r"by [a-z]+ [a-z]+",
]


@pytest.mark.parametrize(
    ("pattern", "widened"),
    [
        (r"by [a-z]+( [a-z]+){0,3}", r"by [a-z]+( [a-z]+)*"),
        (r"[^.!?]{1,60}\.", r"[^.!?]+\."),
        (r"\d{4}", r"\d+"),
        (r"x{2,}", r"x+"),
        (r"a\{3\}", r"a\{3\}"),  # escaped braces are literals
        (r"[{}]{2}", r"[{}]+"),  # braces in a class are literals
        (r"[]{1,3}]", r"[]{1,3}]"),  # a class that opens with "]"
        (r"[^]{1,3}]", r"[^]{1,3}]"),
        (r"x{3}?", r"x+?"),
        (r"a\x{2019}b", r"a\x{2019}b"),  # an escape's braces are no count
        (r"\p{Greek}{2}", r"\p{Greek}+"),
        (r"\Q{2}\E{3}", r"\Q{2}\E+"),  # nor are quoted text's
    ],
)
def test_widen_counts_opens_counted_repetitions_only(pattern: str, widened: str) -> None:
    assert widen_counts(pattern) == widened


def test_every_built_in_regex_widens_to_a_valid_regex() -> None:
    regexes = [t.text for rule in Cleaner().rules for t in rule.spec.triggers() if t.mode == "regex"]
    assert len(regexes) > 100
    for pattern in regexes:
        widened = widen_counts(confine_to_line(pattern))
        assert re2.compile(widened, re2.Options()), pattern


def test_a_widened_regex_matches_every_line_the_regex_matches() -> None:
    lines = [
        "photo: jane doe/reuters", "photo: a b c d e/ap", "travel (12)", "a very long label here ok (7)",
        "updated 9:45 am", "updated 123:45 pm", "by jane doe", "by jane", "(3)", "x (1000)",
    ]
    for pattern in PATTERNS:
        exact, wide = re2.compile(pattern), re2.compile(widen_counts(pattern))
        for line in lines:
            if exact.fullmatch(line):
                assert wide.fullmatch(line), (pattern, line)


def test_regex_triggers_are_found_on_their_lines_in_every_slice() -> None:
    """A document many slices long, matching lines anywhere (a slice's first and last line
    too): the matcher reports exactly the lines each regex matches alone."""
    rng = random.Random(7)
    noise = ["Photo: Jane Doe/Reuters", "Travel (12)", "Updated 9:45 AM", "By Jane Doe", "Photo: a b c d e/AP"]
    prose = [
        "The council agreed the budget after a long debate on Tuesday evening.",
        "Residents can comment on the plans until the end of the month.",
        "",
    ]
    lines = [rng.choice(noise if rng.random() < 0.3 else prose) for _ in range(600)]
    text = "\n".join(lines) + "\n"
    assert len(text.encode()) > 10 * SLICE_BYTES
    doc = Document.from_text(text, max_words=40)
    matcher = LineMatcher([(slot, Trigger("regex", p)) for slot, p in enumerate(PATTERNS)])
    hits = matcher.match(doc)
    for slot, pattern in enumerate(PATTERNS):
        regex = re2.compile(pattern, re2.Options())
        expected = [i for i in doc.candidates if regex.fullmatch(doc.normalized[i])]
        assert hits.get(slot, []) == expected, pattern


def test_a_pack_larger_than_one_set_is_shared_out_and_every_set_reports() -> None:
    """More regexes than one set holds go to several sets of even size; a regex in the first,
    the middle and the last set still finds its line."""
    count = 2 * MAX_SET_REGEXES + 1
    matcher = LineMatcher([(slot, Trigger("regex", rf"code{slot} [a-z]+")) for slot in range(count)])
    doc = Document.from_text("Code0 alpha\nThe council met on Tuesday.\ncode500 beta\nCODE1000 gamma\n", max_words=40)
    sizes = sorted(len(positions) for _, positions in matcher.sets())
    assert len(sizes) == 3 and sum(sizes) == count and sizes[-1] - sizes[0] <= 1
    assert matcher.match(doc) == {0: [0], 500: [2], 1000: [3]}


def test_a_row_of_labels_is_a_hit_for_the_rules_of_its_first_label() -> None:
    matcher = LineMatcher(
        [
            (0, Trigger("line", "share", labels_row=True)),
            (0, Trigger("line", "email", labels_row=True)),
            (1, Trigger("line", "print", labels_row=True)),
            (2, Trigger("line", "related")),  # a block's heading takes no rows
        ]
    )
    text = "Print | Share · Email\nShare • Home\nBy Jane Doe |\nShare | Related\n| Print | Email |\nShare\n"
    hits = matcher.match(Document.from_text(text, max_words=40))
    # the row of labels, for the first label's rule; "Home" is no label, "|" at an end is
    # decoration, a heading is no label, and a Markdown table's row holds the article's cells
    assert hits == {1: [0], 0: [5]}
