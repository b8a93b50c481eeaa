"""Properties of HTML mode on arbitrary tag soup, strings and bytes, checked with hypothesis.

HTML mode never raises anything but declutter's own errors, and its damage guard either
removes nothing at all or keeps within its share.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declutter import Cleaner, DeclutterError, Result
from declutter.loading import parse_rule
from declutter.result import FORMATS

PROPERTIES = settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])

TAGS = ["html", "head", "body", "div", "p", "span", "a", "b", "table", "tr", "td", "ul", "li", "article",
        "script", "style", "svg", "noscript", "template", "meta", "br", "img", "h1", "pre", "code", "math"]
#: Any character, lone surrogates and controls included.
CHARS = st.text(st.characters(codec=None), max_size=20)
ATTRIBUTE = st.tuples(st.sampled_from(["class", "id", "href", "src", "charset", "hidden", "style", "x\"y"]), CHARS)


@st.composite
def tag(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(TAGS))
    attributes = "".join(f' {key}="{value}"' for key, value in draw(st.lists(ATTRIBUTE, max_size=3)))
    return draw(st.sampled_from([f"<{name}{attributes}>", f"</{name}>", f"<{name}{attributes}/>"]))


TOKEN = st.one_of(
    tag(),
    CHARS,
    st.sampled_from([
        "<!DOCTYPE html>", "<!-- c -->", "<!--", "-->", "<![CDATA[x]]>", "<?xml version='1.0'?>",
        "&amp;", "&#0;", "&#xD800;", "&#1114112;", "&nbsp", "<", ">", "</", "\r\n", "\u2028",
        "<meta charset='utf-16'>", "<meta charset='nonsense'>", "<script type='application/ld+json'>{",
        "Advertisement", "The council met on Tuesday to discuss the budget for the schools.",
    ]),
)
SOUP = st.lists(TOKEN, max_size=40).map("".join)
CODECS = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "latin-1", "cp1252", "shift_jis", "utf-32"])
BYTES = st.one_of(
    st.binary(max_size=200),
    st.tuples(SOUP, CODECS).map(lambda pair: pair[0].encode(pair[1], errors="replace")),
    st.tuples(SOUP, st.binary(max_size=20), SOUP).map(lambda parts: parts[0].encode("utf-8", "surrogatepass") + parts[1] + parts[2].encode("utf-8", "replace")),
)

CLEANER = Cleaner()


def clean_or_refuse(source: str | bytes, extract: bool, format: str) -> Result | None:
    try:
        result = CLEANER.clean_html(source, extract=extract, format=format)  # type: ignore[arg-type]
    except DeclutterError:
        return None
    assert isinstance(result, Result) and isinstance(result.text, str)
    return result


@PROPERTIES
@given(source=SOUP, extract=st.booleans(), format=st.sampled_from(FORMATS))
def test_tag_soup_strings_give_a_result_or_a_declutter_error(source: str, extract: bool, format: str) -> None:
    clean_or_refuse(source, extract, format)


@PROPERTIES
@given(source=BYTES, extract=st.booleans(), format=st.sampled_from(FORMATS))
def test_arbitrary_bytes_give_a_result_or_a_declutter_error(source: bytes, extract: bool, format: str) -> None:
    clean_or_refuse(source, extract, format)


#: Rules gone wrong: they take every paragraph and every line saying "the".
GREEDY = [
    parse_rule({"id": "takes-paragraphs", "summary": "S.", "why": "W.", "kind": "selector", "css": ["p", "li"]}),
    parse_rule({"id": "takes-lines", "summary": "S.", "why": "W.", "kind": "pattern", "patterns": ["(?i)the"]}),
]
GUARDED = Cleaner.from_rules(GREEDY)
UNGUARDED = Cleaner.from_rules([])
PROSE = st.sampled_from([
    "The council met on Tuesday to discuss the budget for the schools.",
    "Engineers will start work on the bridge in the spring.",
    "Nobody expected so many visitors at the harbour festival.",
    "Advertisement",
])
BLOCK = st.tuples(st.sampled_from(["p", "div", "li", "h2", "span"]), PROSE).map(lambda pair: f"<{pair[0]}>{pair[1]}</{pair[0]}>")
PAGE = st.lists(BLOCK, min_size=1, max_size=12).map(lambda blocks: "<html><body><article>" + "".join(blocks) + "</article></body></html>")


@settings(deadline=None, max_examples=100)
@given(page=PAGE, extract=st.booleans())
def test_the_guard_removes_nothing_or_keeps_within_its_share(page: str, extract: bool) -> None:
    result = GUARDED.clean_html(page, extract=extract)
    if result.guarded:
        assert result.removed == () and result.held_back
        assert result.text == UNGUARDED.clean_html(page, extract=extract).text
    elif not extract:  # the page's own text is what the guard measures
        whole = UNGUARDED.clean_html(page, extract=False).text
        assert sum(len(r.text) for r in result.removed) <= 0.5 * len(" ".join(whole.split()))
