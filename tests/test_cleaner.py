"""The compiled cleaner: reusable, picklable, thread-safe, idempotent, no memory across documents."""

from __future__ import annotations

import gc
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

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


#: A news site's menu printed twice above the story, one heading of the built-in pack ("Also in
#: the News") among its entries, as a naive scrape of the page hands it over.
_MENU = (
    "Home\nVideo\nWorld\nUS & Canada selected\nUK\nBusiness\nTech\nScience\nMagazine\n"
    "Entertainment & Arts\nHealth\nIn Pictures\nAlso in the News\nSpecial Reports\nExplainers\n"
    "The Reporters\nHave Your Say\n"
)
_STORY = (
    "Mayor admits the tram line is her biggest frustration\n"
    "The mayor has admitted that the late tram line is the biggest frustration of her first term.\n"
    "She told the council on Tuesday that a shortage of steel for the bridges had held up the work.\n"
)


def test_a_menu_heading_left_above_the_story_takes_nothing_on_the_next_pass() -> None:
    once = declutter.clean_text(_MENU + _MENU + _STORY)
    assert "Mayor admits the tram line is her biggest frustration" in once.text
    assert declutter.clean_text(once.text).removed == ()


def test_a_line_with_character_references_goes_as_it_was_written() -> None:
    # a scraper that stripped tags with a regex left the page's references in the words
    noise = ["Read more&nbsp;&raquo;", "Copyright &copy; 2025 Harbour Gazette. All rights reserved."]
    text = f"{_STORY}{noise[0]}\n{noise[1]}\n"
    result = declutter.clean_text(text)
    assert [removal.text for removal in result.removed] == noise
    assert result.text == _STORY


def test_no_memory_across_documents() -> None:
    cleaner = Cleaner()
    alone = cleaner.clean_text("Follow the World\nProse sentence here.")
    cleaner.clean_text(SOURCE)
    assert cleaner.clean_text("Follow the World\nProse sentence here.") == alone


PROSE = "The council met on Tuesday evening and agreed the budget after a long debate.\n"


def test_result_to_dict() -> None:
    text = PROSE + "Read more:\nA headline of another story\n" + PROSE
    data = declutter.clean_text(text, url="https://x.org/a").to_dict()
    assert data["text"] == PROSE + PROSE
    assert data["url"] == "https://x.org/a"
    assert data["removed"][0] == {"rule": "read-more-list", "line": 2, "text": "Read more:"}
    assert data["guarded"] is False and data["held_back"] == []


def test_the_first_rule_in_the_documented_order_is_reported() -> None:
    # The notice line is claimed by the phrase rule (line stage) before the context rule.
    notice = "Please use Chrome browser for a more accessible video player"
    result = declutter.clean_text(f"{notice}\nA video title\n{PROSE}")
    assert [(r.rule, r.line) for r in result.removed] == [
        ("video-player-chrome-notice", 1),
        ("video-title-after-player-notice", 2),
    ]


def test_a_menu_entry_that_names_a_list_does_not_start_one_after_the_menu() -> None:
    # "Latest news" is a menu entry here: once the menu run takes it, the block rule must not
    # start from it again and take the article's title and standfirst as the list's headlines.
    menu = "Home\nNews\nLatest news\nSport\nBusiness\nWeather\n"
    story = "Council approves new bus lanes on the river road\nWork begins in the spring\n" + PROSE
    result = declutter.clean_text(menu + story)
    assert result.text == story
    assert {r.rule for r in result.removed} == {"navigation-run"}


def test_a_block_that_reaches_a_menu_stops_there_when_it_looks_again() -> None:
    # The heading opens its block on the first look (the menu's one-word entries end it); once
    # the menu run is removed, looking again must not jump over the menu to the article's title.
    menu = "More From NBC\nCNBC\nPeacock\nNBC Sports\nTelemundo\n"
    story = "South Korean president's impeachment fails after lawmakers walk out\n" + PROSE
    result = declutter.clean_text(menu + story)
    assert result.text == story


class TestDamageGuard:
    noisy = "Share this article\nRead more:\nA headline of another story\nShort prose line."

    def test_keeps_a_document_that_would_lose_more_than_half_and_says_why(self) -> None:
        result = declutter.clean_text(self.noisy)
        assert result.text == self.noisy
        assert result.guarded and not result.changed
        assert [r.rule for r in result.held_back] == ["share-prompt", "read-more-list", "read-more-list"]
        assert result.to_dict()["guarded"] is True

    banner = "We use cookies to improve your experience on our website and to show you relevant ads."
    story = "The council approved the new library on Tuesday after two years of consultation."

    def test_the_share_is_configurable_and_one_turns_it_off(self) -> None:
        assert Cleaner(max_removed=1).clean_text(self.noisy).text == "Short prose line."
        assert not Cleaner(max_removed=0.9).clean_text(self.noisy).guarded
        assert Cleaner(max_removed=0.1).clean_text(f"{self.story}\n{self.banner}").guarded

    def test_a_page_may_lose_most_of_its_characters_if_its_sentences_stay(self) -> None:
        menu = "\n".join(["Home", "News", "Sport", "Business", "Weather", "Travel", "Culture"] * 3)
        result = declutter.clean_text(f"{menu}\n{self.story}")
        assert not result.guarded and result.text == f"{self.story}"
        assert len(menu) > len(self.story)  # more than half of the page's characters went

    def test_a_rule_that_takes_sentences_is_held_back(self) -> None:
        result = Cleaner(max_removed=0.5).clean_text(f"Menu\n{self.banner}\n{self.banner}\n{self.story}")
        assert result.guarded and [r.rule for r in result.held_back] == ["cookie-consent-banner"] * 2

    def test_rejects_a_share_outside_zero_to_one(self) -> None:
        with pytest.raises(declutter.DeclutterError, match="between 0 and 1"):
            Cleaner(max_removed=50)

    def test_survives_pickling(self) -> None:
        strict = pickle.loads(pickle.dumps(Cleaner(max_removed=0.1)))
        assert strict.clean_text(f"{self.story}\n{self.banner}").guarded


def test_cleaning_leaves_no_reference_cycles() -> None:
    """A document's objects must go when the call returns: a cycle waits for the garbage
    collector, and worker processes that cleaned millions of documents grew by 20 MB."""
    text = "Contents\nBackground\nThe repairs\nSources\nBackground\nThe dispute began in 2019, when cracks appeared.\n"
    text += "Home\nNews\nSport\nWeather\nRead more:\nCouncil approves the budget for schools\n" * 3
    cleaner = Cleaner()
    cleaner.clean_text(text)
    gc.collect()
    gc.disable()
    try:
        cleaner.clean_text(text)
        assert gc.collect() == 0
    finally:
        gc.enable()
