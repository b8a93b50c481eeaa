"""`declutter mine`: draft site rules from lines that recur across a site's documents."""

from __future__ import annotations

import json
import random
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
)

#: Made-up template lines, chosen so that no built-in rule removes them.
TEMPLATE_TOP = ["Example Times", "The Exampleton weekend edition", "Tides and weather for Exampleton"]
TEMPLATE_END = ["Example Times Media Group", "Printed in Exampleton", "Reader services desk"]
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
    assert "Printed in Exampleton" in plain.stdout.splitlines()


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
