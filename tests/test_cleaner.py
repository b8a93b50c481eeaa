"""The compiled cleaner: reusable, picklable, thread-safe, idempotent, no memory across documents."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

import declutter
from declutter import Cleaner
from declutter.fixtures import fixtures_dir

SOURCE = (fixtures_dir() / "_documents" / "sky-news-style-article.in.txt").read_text(encoding="utf-8")


def test_pickled_cleaner_gives_the_same_result() -> None:
    cleaner = Cleaner()
    copy = pickle.loads(pickle.dumps(cleaner))
    assert copy.clean_text(SOURCE) == cleaner.clean_text(SOURCE)
    assert [r.id for r in copy.rules] == [r.id for r in cleaner.rules]


def test_threads_share_one_cleaner() -> None:
    cleaner = Cleaner()
    expected = cleaner.clean_text(SOURCE)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(cleaner.clean_text, [SOURCE] * 40))
    assert all(r == expected for r in results)


def test_cleaning_is_idempotent() -> None:
    once = declutter.clean_text(SOURCE)
    assert declutter.clean_text(once.text).removed == ()


def test_no_memory_across_documents() -> None:
    cleaner = Cleaner()
    alone = cleaner.clean_text("Follow the World\nProse sentence here.")
    cleaner.clean_text(SOURCE)
    assert cleaner.clean_text("Follow the World\nProse sentence here.") == alone


def test_result_to_dict() -> None:
    result = declutter.clean_text("Read more:\nA headline of another story\nProse goes on here.", url="https://x.org/a")
    data = result.to_dict()
    assert data["text"] == "Prose goes on here."
    assert data["url"] == "https://x.org/a"
    assert data["removed"][0] == {"rule": "read-more-list", "line": 1, "text": "Read more:"}


def test_the_first_rule_in_the_documented_order_is_reported() -> None:
    # The notice line is claimed by the phrase rule (line stage) before the context rule.
    result = declutter.clean_text("Please use Chrome browser for a more accessible video player\nA video title")
    assert [(r.rule, r.line) for r in result.removed] == [
        ("video-player-chrome-notice", 1),
        ("video-title-after-player-notice", 2),
    ]
