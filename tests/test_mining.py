"""`declutter mine`: draft site rules from lines that recur across a site's documents."""

from __future__ import annotations

import json
import random
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from declutter import Cleaner
from declutter.cli import main
from declutter.mining import (
    EXCERPT_LINES,
    EXCERPT_WORDS,
    Source,
    evaluate,
    mine,
    read_sources,
    split_holdout,
)
from declutter.mining_html import PageDraft, evaluate_pages, stable_class

#: Made-up template lines, chosen so that no built-in rule removes them.
TEMPLATE_TOP = ["Example Times", "The Exampleton weekend edition", "Tides and weather for Exampleton"]
# Two lines of five words or more: after the last sentence, one-to-four-word lines and runs of
# three headline-shaped lines are already built-in noise.
TEMPLATE_END = [
    "Example Times Media Group of Exampleton",
    "Reader services desk open every weekday",
]
WIRE = "The Associated Press contributed to this report."
SUBJECTS = ["The council", "A spokesperson", "The minister", "Local residents", "The company", "Police"]
VERBS = ["said on Tuesday that", "confirmed that", "warned that", "argued that", "denied that"]
OBJECTS = ["the plan would go ahead", "costs had risen sharply", "the bridge would close for repairs",
           "talks had stalled", "a new report was due next month", "the results were better than expected"]


def _sentence(rng: random.Random) -> str:
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, according to "
            f"people who attended the meeting in {rng.randint(1990, 2024)}.")


def _page(n: int, rng: random.Random) -> str:
    """A page of the made-up site: template lines around an article of sentences written here."""
    lines = [*TEMPLATE_TOP, "", f"Headline number {n} about the town", ""]
    for _ in range(8):
        lines += [_sentence(rng), ""]
    if n % 2:
        lines += ["Advertisement", ""]  # the built-in pack removes it already
    lines += [WIRE, "", *TEMPLATE_END]
    return "\n".join(lines) + "\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    rng = random.Random(7)
    folder = tmp_path / "pages" / "www.example.com"
    folder.mkdir(parents=True)
    for n in range(20):
        (folder / f"story-{n:02}.txt").write_text(_page(n, rng), encoding="utf-8")
    return tmp_path / "pages"


def test_mine_finds_the_template_and_skips_prose_and_known_noise(site: Path) -> None:
    [draft] = mine(read_sources([site]))
    assert draft.site == "example.com" and (draft.documents, draft.mined) == (20, 16)
    assert sorted(e.line for e in draft.evidence) == sorted(TEMPLATE_TOP + TEMPLATE_END)
    assert [e.line for e in draft.skipped_prose] == [WIRE]
    assert [e.line for e in draft.skipped_builtin] == ["Advertisement"]
    assert draft.rule is not None and draft.rule.scope.include == ("example.com",)
    assert draft.holdout is not None
    assert draft.holdout.documents == 4
    assert draft.holdout.removed == 4 * len(TEMPLATE_TOP + TEMPLATE_END)
    assert draft.holdout.prose_touched == ()


def test_holdout_is_stable_and_mining_is_deterministic(site: Path) -> None:
    assert mine(read_sources([site])) == mine(read_sources([site]))


def test_min_share_and_min_docs(site: Path) -> None:
    [strict] = mine(read_sources([site]), min_docs=17)
    assert strict.evidence == () and strict.rule is None and strict.threshold > strict.mined


def test_draft_toml_loads_and_its_fixtures_pass(runner: CliRunner, site: Path, tmp_path: Path) -> None:
    draft, fixtures = tmp_path / "draft.toml", tmp_path / "fixtures"
    result = runner.invoke(main, ["mine", str(site), "-o", str(draft), "--fixtures", str(fixtures)])
    assert result.exit_code == 0, result.output
    assert "example.com: 20 documents, 16 mined, 4 held out" in result.output
    assert "0 prose-looking line(s) touched" in result.output
    text = draft.read_text(encoding="utf-8")
    [rule] = tomllib.loads(text)["rule"]
    assert rule["id"] == "example-com-template-lines" and rule["domains"] == ["example.com"]
    assert rule["match"] == "line" and rule["seen"] == ["example.com"]
    assert "# in 16/16 documents, e.g. " in text  # evidence beside each phrase
    test = runner.invoke(main, ["rules", "test", "--rules", str(draft), "--fixtures", str(fixtures)])
    assert test.exit_code == 0 and "ok    example-com-template-lines (2 cases)" in test.output
    lint = runner.invoke(main, ["rules", "lint", "--rules", str(draft), "--fixtures", str(fixtures)])
    assert lint.exit_code == 0, lint.output
    page = site / "www.example.com" / "story-03.txt"
    url = "https://www.example.com/x"
    cleaned = runner.invoke(main, ["clean", str(page), "--rules", str(draft), "--url", url])
    assert not set(TEMPLATE_TOP + TEMPLATE_END) & set(cleaned.stdout.splitlines())
    # Nothing is applied without the draft on the rule path.
    plain = runner.invoke(main, ["clean", str(page), "--url", url])
    assert "Reader services desk open every weekday" in plain.stdout.splitlines()


def test_fixtures_are_short_excerpts(runner: CliRunner, site: Path, tmp_path: Path) -> None:
    draft, fixtures = str(tmp_path / "d.toml"), str(tmp_path / "f")
    assert runner.invoke(main, ["mine", str(site), "-o", draft, "--fixtures", fixtures]).exit_code == 0
    pages = {p.read_text(encoding="utf-8") for p in site.rglob("*.txt")}
    for case in (tmp_path / "f").rglob("*.in.txt"):
        text = case.read_text(encoding="utf-8")
        assert text not in pages and len(text.splitlines()) <= EXCERPT_LINES
        assert all(len(line.split()) <= EXCERPT_WORDS + 1 for line in text.splitlines())  # + "…"


def test_refuses_to_overwrite_a_draft(runner: CliRunner, site: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.toml"
    draft.write_text("# my edits\n", encoding="utf-8")
    result = runner.invoke(main, ["mine", str(site), "-o", str(draft), "--fixtures", str(tmp_path / "f")])
    assert result.exit_code == 2 and "not overwriting" in result.stderr
    assert draft.read_text(encoding="utf-8") == "# my edits\n"
    args = ["mine", str(site), "-o", str(draft), "--fixtures", str(tmp_path / "f")]
    forced = runner.invoke(main, [*args, "--force"])
    assert forced.exit_code == 0 and "[[rule]]" in draft.read_text(encoding="utf-8")


def test_jsonl_groups_by_host(tmp_path: Path) -> None:
    rng = random.Random(3)
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for n in range(10):
            for host in ("www.a.com", "news.b.org"):
                text = f"{host} menu\n\n{_sentence(rng)}\n\n{_sentence(rng)}\n"
                out.write(json.dumps({"url": f"https://{host}/{n}", "text": text}) + "\n")
    drafts = mine(read_sources([feed]), holdout=0.2)
    assert [d.site for d in drafts] == ["a.com", "news.b.org"]
    assert [[e.line for e in d.evidence] for d in drafts] == [["www.a.com menu"], ["news.b.org menu"]]


def test_bad_jsonl_is_one_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"url": "https://a.com/1", "text": "x"}\n{"url": 3}\n', encoding="utf-8")
    result = runner.invoke(main, ["mine", str(feed), "-o", str(tmp_path / "d.toml")])
    assert result.exit_code == 2
    assert f"{feed}:2: needs string fields 'url' and 'text'" in result.stderr


def test_held_out_report_counts_prose_the_draft_touches() -> None:
    """A template line that is an article's sentence elsewhere shows up in the report."""
    rng = random.Random(5)
    docs = [Source("c.com", f"d{n}", f"Latest updates\n{_sentence(rng)}\n") for n in range(10)]
    [draft] = mine(docs, holdout=0, builtin=Cleaner(builtin=False))
    assert draft.rule is not None and [e.line for e in draft.evidence] == ["Latest updates"]
    held = Source("c.com", "held", f"{_sentence(rng)}\nLatest updates.\nLatest updates\n")
    report = evaluate(draft.rule, [held])
    assert (report.documents, report.lines, report.removed) == (1, 3, 2)
    assert report.prose_touched == ("held:2: Latest updates.",)


# -- HTML pages ------------------------------------------------------------------------------

SIGNUP = ("The Exampleton Briefing", "Five stories that matter, in your inbox every weekday", "Count me in")
TOPICS = "Exampleton weather, tides and roadworks"


def _html_page(n: int, rng: random.Random) -> str:
    """A page of the made-up site: a shared template (navigation, a sign-up box whose class ends
    in a build hash that changes between two builds, a topics strip, a footer) around an
    article of sentences written here, and a related link that differs on every page."""
    build = "x7Yz" if n < 6 else "a1b2"
    paragraphs = "\n".join(f"<p>{_sentence(rng)} {_sentence(rng)}</p>" for _ in range(6))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story {n}</title></head><body>
<header class="masthead"><nav class="main-menu"><a href="/">Home</a> <a href="/news">News</a></nav></header>
<div class="page-wrap"><article class="story">
<h1>Headline number {n} about the town</h1>
<div class="story-body">
{paragraphs}
</div>
<div class="article-footer">
<aside class="BriefingSignup_box__{build} card"><h3>{SIGNUP[0]}</h3><p>{SIGNUP[1]}</p><button>{SIGNUP[2]}</button></aside>
<div class="town-strip"><span>{TOPICS}</span></div>
<div class="related"><a href="/r/{n}">Other story {n * 7}</a></div>
</div>
</article></div>
<footer class="site-footer"><p>Example Times Media Group</p></footer>
</body></html>
"""


@pytest.fixture
def html_site(tmp_path: Path) -> Path:
    rng = random.Random(11)
    folder = tmp_path / "pages" / "www.example.com"
    folder.mkdir(parents=True)
    for n in range(10):
        (folder / f"story-{n:02}.html").write_text(_html_page(n, rng), encoding="utf-8")
    return tmp_path / "pages"


def _article_sentences(page: str) -> list[str]:
    return re.findall(r"(?<=<p>)[^<]+(?=</p>)", page.split('class="story-body"')[1].split("</div>")[0])


def test_stable_class_names() -> None:
    assert stable_class("BriefingSignup_box__x7Yz") == "BriefingSignup_box__*"
    assert stable_class("BriefingSignup_box__a1b2") == "BriefingSignup_box__*"
    assert stable_class("post-12345") == "post-*"
    assert stable_class("sc-bdVaJa") is None and stable_class("css-1x2y3z") is None
    for kept in ("article-footer", "col-12", "ListItem", "nav_main", "h2"):
        assert stable_class(kept) == kept
    assert stable_class("md:flex") is None


def test_mine_html_finds_template_boxes_and_skips_the_article(html_site: Path) -> None:
    [draft] = mine(read_sources([html_site]))
    assert isinstance(draft, PageDraft) and draft.site == "example.com"
    assert (draft.documents, draft.mined) == (10, 8)
    found = {e.signature: e for e in draft.evidence}
    signup = found["div.article-footer > aside.BriefingSignup_box__*.card"]
    assert signup.prefix == "BriefingSignup_box__" and signup.documents == 8  # both builds
    assert signup.text == " ".join(SIGNUP)
    assert found["div.article-footer > div.town-strip"].selector == "div.article-footer > div.town-strip"
    assert len(found) == 2  # not the related link (its text differs), not the article
    skipped = {e.signature for e in draft.skipped_builtin}
    assert {"body > footer.site-footer", "body > header.masthead"} <= skipped  # nav inside: built-in
    assert draft.rule is not None and draft.rule.kind == "selector"
    assert draft.rule.scope.include == ("example.com",)
    report = draft.holdout
    assert report is not None and report.documents == 2
    assert report.elements == 4 and report.lost_words == 0 and report.touched == ()


def test_html_draft_removes_template_and_keeps_articles_on_held_out_pages(html_site: Path) -> None:
    sources = read_sources([html_site])
    [draft] = mine(sources)
    assert draft.rule is not None
    held, _mined = split_holdout([s for s in sources if s.html], 0.2)
    assert len(held) == 2
    cleaner = Cleaner([draft.rule])
    for source in held:
        url = "https://www.example.com/" + Path(source.name).stem
        for extract in (False, True):
            text = cleaner.clean_html(source.text, url=url, extract=extract).text
            assert not any(line in text for line in (*SIGNUP, TOPICS))
            assert all(sentence in text for sentence in _article_sentences(source.text)), extract
        # Nothing is applied without the draft, and other sites are untouched by it.
        assert SIGNUP[1] in Cleaner().clean_html(source.text, url=url, extract=False).text
        assert SIGNUP[1] in cleaner.clean_html(source.text, url="https://other.org/x", extract=False).text


def test_mine_html_cli_writes_a_selector_draft_and_short_html_fixtures(
    runner: CliRunner, html_site: Path, tmp_path: Path
) -> None:
    draft, fixtures = tmp_path / "draft.toml", tmp_path / "fixtures"
    result = runner.invoke(main, ["mine", str(html_site), "-o", str(draft), "--fixtures", str(fixtures)])
    assert result.exit_code == 0, result.output
    assert "example.com: 10 HTML pages, 8 mined, 2 held out" in result.output
    assert "2 template element(s) on >= 5 pages" in result.output
    assert "0 article words lost" in result.output
    text = draft.read_text(encoding="utf-8")
    [rule] = tomllib.loads(text)["rule"]
    assert rule["id"] == "example-com-template-elements" and rule["kind"] == "selector"
    assert rule["domains"] == ["example.com"] and rule["class_prefixes"] == ["BriefingSignup_box__"]
    assert rule["css"] == ["div.article-footer > div.town-strip"]
    assert "on 8/8 pages, e.g. " in text and '# text: "The Exampleton Briefing' in text  # evidence
    folder = fixtures / "example-com-template-elements"
    cases = sorted(p.name for p in folder.iterdir())
    assert "removes-template-boxes-around-article.in.html" in cases
    assert "removes-template-boxes-around-article.out.txt" in cases
    assert "keeps-paragraph-quoting-template-text.in.html" in cases
    assert "keeps-paragraph-quoting-template-text.out.txt" not in cases
    pages = [p.read_text(encoding="utf-8") for p in html_site.rglob("*.html")]
    for case in folder.glob("*.in.html"):
        fixture = case.read_text(encoding="utf-8")
        assert len(fixture) < 1200 and "href=" not in fixture
        assert not any(sentence in fixture for page in pages for sentence in _article_sentences(page))
    test = runner.invoke(main, ["rules", "test", "--rules", str(draft), "--fixtures", str(fixtures)])
    assert test.exit_code == 0 and "ok    example-com-template-elements (2 cases)" in test.output
    lint = runner.invoke(main, ["rules", "lint", "--rules", str(draft), "--fixtures", str(fixtures)])
    assert lint.exit_code == 0, lint.output


def test_jsonl_html_records_are_pages_grouped_by_host(tmp_path: Path) -> None:
    rng = random.Random(4)
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for n in range(10):
            out.write(json.dumps({"url": f"https://www.example.com/{n}", "html": _html_page(n, rng)}) + "\n")
            out.write(json.dumps({"url": f"https://b.org/{n}", "text": f"b.org menu\n\n{_sentence(rng)}\n"}) + "\n")
    drafts = mine(read_sources([feed]))
    assert [(d.site, type(d).__name__) for d in drafts] == [("b.org", "SiteDraft"), ("example.com", "PageDraft")]
    assert drafts[1].rule is not None and drafts[1].rule.id == "example-com-template-elements"


def test_html_held_out_report_counts_article_words_lost() -> None:
    """A class that holds the template box on the mined pages and a short paragraph on another."""
    rng = random.Random(9)

    def story(n: int, box: str) -> str:
        return (f"<html><body><article><h1>Story {n}</h1><p>{_sentence(rng)} {_sentence(rng)}</p>"
                f"<p>{_sentence(rng)} {_sentence(rng)}</p><div class='note-box'>{box}</div></article></body></html>")

    docs = [Source("c.com", f"d{n}", story(n, "Our journalism is free to read"), html=True) for n in range(8)]
    [draft] = mine(docs, holdout=0, builtin=Cleaner(builtin=False))
    assert draft.rule is not None and [e.selector for e in draft.evidence] == ["article > div.note-box"]
    paragraph = "The mayor said the new library would open its doors in March."
    held = Source("c.com", "held", story(9, paragraph), html=True)
    report = evaluate_pages(draft.rule, [held], Cleaner(builtin=False), draft.evidence)
    assert report.elements == 1 and report.noise_words == 0
    assert report.lost_words == 12 and report.touched == (f'held: "{paragraph}"',)
    # A paragraph longer than the draft's max_words is kept whatever its classes.
    long = Source("c.com", "long", story(10, f"{_sentence(rng)} {_sentence(rng)}"), html=True)
    assert evaluate_pages(draft.rule, [long], Cleaner(builtin=False), draft.evidence).elements == 0
