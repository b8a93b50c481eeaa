"""Properties of text mode on arbitrary text, checked with hypothesis.

Whatever the text: cleaning never raises, keeps a subsequence of the input's lines byte for
byte (endings included, in order), reports removals by the input's own line numbers and text,
removes nothing more when run again, and gives the same result from a pickled `Cleaner` (as
in a worker process). Documents are drawn both from arbitrary Unicode and from real lines:
the noise lines of every fixture mixed with the prose of the clean-prose corpus, so that the
rules actually fire.
"""

from __future__ import annotations

import pickle

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invariants import assert_sound

from declutter import Cleaner
from declutter.fixtures import fixtures_dir

GUARDED = Cleaner()  # the built-in pack, damage guard on (the default)
UNGUARDED = Cleaner(max_removed=1)  # every removal goes through
CLEANERS = {"guarded": GUARDED, "unguarded": UNGUARDED}

PROPERTIES = settings(
    deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)


def _real_lines() -> list[str]:
    folder = fixtures_dir()
    found = {
        line
        for path in sorted(folder.glob("*/*.in.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    prose = (folder / "_prose" / "clean-prose.txt").read_text(encoding="utf-8")
    return sorted(found | set(prose.splitlines()))


REAL_LINES = _real_lines()

ENDINGS = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])
#: Characters that test line splitting and normalisation: separators that are not line ends
#: (U+2028, U+2029, NEL, form feed), no-break and zero-width spaces, a BOM, CJK, emoji.
ODD = st.sampled_from(
    ["\r", "\n", "\r\n", "\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x00", "\t", "\xa0",
     "\u200b", "\u00ad", "\ufeff", "\u3000", "中文", "記事", "😀", "👍🏽", "Ａ", "ﬁ", "İ", "ß",
     "\u201c", "\u2014", "…", " ", "  ", ":", "»", "•"]
)  # fmt: skip
ANY_TEXT = st.lists(
    st.one_of(st.characters(exclude_categories=["Cs"]), ODD), max_size=200
).map("".join)
UNICODE_LINE = st.lists(
    st.one_of(st.characters(exclude_categories=["Cs", "Zl", "Zp"]), ODD), max_size=30
).map(lambda parts: "".join(parts).replace("\r", "").replace("\n", ""))
REAL_LINE = st.one_of(
    st.sampled_from(REAL_LINES),
    st.sampled_from(REAL_LINES).map(str.upper),
    st.sampled_from(REAL_LINES).map(lambda line: f"  {line}\u00a0"),
    st.just(""),
    st.just("   "),
    UNICODE_LINE,
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Lines of real noise and prose, with mixed endings, blank runs, maybe no final ending."""
    lines = draw(st.lists(REAL_LINE, max_size=40))
    endings = [draw(ENDINGS) for _ in lines]
    if lines and draw(st.booleans()):
        endings[-1] = ""
    return "".join(line + ending for line, ending in zip(lines, endings))


TEXTS = st.one_of(ANY_TEXT, documents())
WHICH = st.sampled_from(sorted(CLEANERS))


@PROPERTIES
@given(text=TEXTS, which=WHICH)
def test_keeps_a_subsequence_of_lines_and_names_removals_truly(
    text: str, which: str
) -> None:
    assert_sound(text, CLEANERS[which].clean_text(text))


@PROPERTIES
@given(text=TEXTS, which=WHICH)
def test_cleaning_is_idempotent(text: str, which: str) -> None:
    cleaner = CLEANERS[which]
    once = cleaner.clean_text(text)
    twice = cleaner.clean_text(once.text)
    assert twice.text == once.text
    assert twice.removed == ()


@PROPERTIES
@given(
    text=documents(),
    url=st.sampled_from([None, "https://news.sky.com/story/x", "example.com"]),
)
def test_a_pickled_cleaner_gives_identical_results(text: str, url: str | None) -> None:
    for cleaner in CLEANERS.values():
        copy = pickle.loads(pickle.dumps(cleaner))
        assert copy.clean_text(text, url=url) == cleaner.clean_text(text, url=url)


@settings(deadline=None, max_examples=100)
@given(text=st.text(st.characters(categories=["Cs", "Ll", "Zs", "Cc"]), max_size=80))
def test_lone_surrogates_never_raise(text: str) -> None:
    assert_sound(text, UNGUARDED.clean_text(text))


def test_idempotent_when_a_scan_rule_clears_the_way_for_a_block() -> None:
    body = (
        "The minister said the plan would be published next week after a consultation.\n"
        * 6
    )
    text = (
        f"{body}Related\nAG百家乐在线官网:\nMinister defends plan for new rail line\n"
    )
    once = UNGUARDED.clean_text(text)
    assert [r.rule for r in once.removed] == [
        "trailing-label-lines",
        "gambling-spam-banner",
        "related-link-box",
    ]
    assert UNGUARDED.clean_text(once.text).removed == ()
