"""Each rule kind's semantics, one rule at a time."""

from __future__ import annotations

from typing import Any

import pytest

from declutter import Cleaner
from declutter.errors import RuleError
from declutter.loading import parse_rule


def cleaner(kind: str, **fields: Any) -> Cleaner:
    rule = {"id": f"test-{kind}", "kind": kind, "summary": "Test.", "why": "Test.", **fields}
    return Cleaner.from_rules([parse_rule(rule)], max_removed=1)  # kind semantics, guard off


def removed(c: Cleaner, text: str, url: str | None = None) -> list[str]:
    return [r.text for r in c.clean_text(text, url=url).removed]


class TestPhrase:
    notice = cleaner("phrase", phrases=["Please use Chrome browser for a more accessible video player"])

    @pytest.mark.parametrize(
        "line",
        [
            "Please use Chrome browser for a more accessible video player",
            "PLEASE USE CHROME BROWSER FOR A MORE ACCESSIBLE VIDEO PLAYER",
            "Please\u00a0use Chrome  browser for a more accessible video player.",
            "Please use Chrome\u200b browser for a more accessible video player",
            "  » Please use Chrome browser for a more accessible video player «",
            "Ｐlease use Chrome browser for a more accessible video player",  # full-width P (NFKC)
            "▶\ufe0f Please use Chrome browser for a more accessible video player 👇",  # pointers
        ],
    )
    def test_matches_the_line_however_it_is_spelled(self, line: str) -> None:
        assert removed(self.notice, f"Story.\n{line}\nMore story.") == [line]

    def test_keeps_a_sentence_quoting_the_notice(self) -> None:
        line = 'Viewers saw "Please use Chrome browser for a more accessible video player" instead.'
        assert removed(self.notice, line) == []

    def test_markdown_emphasis_and_links_are_looked_through(self) -> None:
        share = cleaner("phrase", phrases=["Share on Facebook", "Read more"], match="prefix")
        lines = [
            "**Share on Facebook**",
            "[Share on Facebook](https://www.facebook.com/sharer/sharer.php?u=https://example.com/a)",
            "**Read more:** [Council approves the budget](https://example.com/budget)",
        ]
        assert removed(share, "\n".join(lines)) == lines

    def test_a_prefix_phrase_looks_through_a_pointer_in_front(self) -> None:
        read_also = cleaner("phrase", phrases=["Read also:"], match="prefix")
        line = "👉 Read also: Council approves the budget"
        assert removed(read_also, f"Story.\n{line}\nMore story.") == [line]

    def test_curly_and_straight_quotes_are_the_same(self) -> None:
        c = cleaner("phrase", phrases=["Don't miss"])
        assert removed(c, "Don\u2019t miss") == ["Don\u2019t miss"]

    def test_phrases_are_literals_not_regexes(self) -> None:
        c = cleaner("phrase", phrases=["U.S. news (live)+"], match="prefix")
        assert removed(c, "U.S. news (live)+ today") == ["U.S. news (live)+ today"]
        assert removed(c, "UxSx news live today") == []

    def test_prefix_needs_a_word_boundary(self) -> None:
        c = cleaner("phrase", phrases=["Advert"], match="prefix")
        assert removed(c, "Advert: buy now") == ["Advert: buy now"]
        assert removed(c, "Advertising spend rose") == []

    def test_contains_needs_word_boundaries_and_respects_max_words(self) -> None:
        c = cleaner("phrase", phrases=["ad"], match="contains", max_words=5)
        assert removed(c, "Close this ad now") == ["Close this ad now"]
        assert removed(c, "An adult reads") == []
        assert removed(c, "This line has an ad but is far too long to remove") == []

    @pytest.mark.parametrize("match", ["line", "prefix", "contains"])
    def test_a_phrase_longer_than_max_words_is_an_error(self, match: str) -> None:
        # it could never match: the length bound drops its line first
        with pytest.raises(RuleError, match="phrases.*more than max_words"):
            cleaner("phrase", phrases=["Read more", "one two three four"], match=match, max_words=3)


class TestPattern:
    credit = cleaner("pattern", patterns=[r"photo: [\w .]+/(reuters|getty images)"])

    def test_whole_line_must_match(self) -> None:
        assert removed(self.credit, "Photo: Jane Doe/Reuters") == ["Photo: Jane Doe/Reuters"]
        assert removed(self.credit, "The Photo: Jane Doe/Reuters line was cut.") == []

    def test_negated_classes_do_not_run_into_the_next_line(self) -> None:
        c = cleaner("pattern", patterns=["[a-z]+ live: [^.!]{8,160}"])
        text = "Iran live: strikes hailed as a success\nnext line here\nfoo live: bar baz qux quux"
        assert removed(c, text) == ["Iran live: strikes hailed as a success", "foo live: bar baz qux quux"]

    def test_unless_vetoes_a_matching_line(self) -> None:
        c = cleaner("pattern", patterns=["by [a-z]+ [a-z]+"], unless=["by (the|end) .*"])
        assert removed(c, "Prose.\nBy Jane Doe\nBy the numbers\nBy end time") == ["By Jane Doe"]

    def test_looks_through_a_list_item_marker(self) -> None:
        lines = ["- Photo: Jane Doe/Reuters", "• Photo: Jane Doe/Reuters", "-- Photo: Jane Doe/Reuters"]
        assert removed(self.credit, "\n".join(lines)) == lines[:2]

    def test_looks_through_a_label_colon(self) -> None:
        follow = cleaner("pattern", patterns=["(follow|suivez)(-nous| us) (on|sur)"])
        lines = ["Follow us on:", "Suivez-nous sur :", "Follow us on", "Follow us on: Facebook", "Follow us on::"]
        assert removed(follow, "\n".join(lines)) == lines[:3]

    def test_looks_through_pointers_and_pictographs(self) -> None:
        lines = [
            "👉 Photo: Jane Doe/Reuters",
            "📷Photo: Jane Doe/Reuters",
            "➡️ Photo: Jane Doe/Reuters",
            "Photo: Jane Doe/Reuters →",
            "Photo: Jane Doe/Reuters ›",
            "Photo: Jane Doe/Reuters >>",
            "Photo: Jane Doe/Reuters |",
            "- Photo: Jane Doe/Reuters ▶",
        ]
        kept = [
            "Photo: Jane Doe/Reuters → a picture of the harbour",
            "→ Photo: Jane Doe/Reuters was the credit under it.",
            "Photo: Jane Doe/Reuters | Photo: John Roe/Reuters",
            "Photo: Jane Doe/Reuters...",
        ]
        assert removed(self.credit, "\n".join(["Prose.", *lines, *kept])) == lines

    @pytest.mark.parametrize(
        "line",
        [
            "*Photo: Jane Doe/Reuters*",
            "_Photo: Jane Doe/Reuters_",
            "**Photo: Jane Doe/Reuters**",
            "- *Photo: Jane Doe/Reuters*",
            "[Photo: Jane Doe/Reuters](https://example.com/credits)",
            "### Photo: Jane Doe/Reuters",
        ],
    )
    def test_looks_through_markdown(self, line: str) -> None:
        assert removed(self.credit, f"Prose.\n{line}\nMore prose.") == [line]

    def test_markdown_look_alikes_stay(self) -> None:
        kept = [
            "![Photo: Jane Doe/Reuters](https://example.com/a.jpg)",  # an image is no link
            "*Photo: Jane Doe/Reuters* was the credit under the picture.",
            "#Photo: Jane Doe/Reuters",  # a hashtag, not a heading
        ]
        assert removed(self.credit, "\n".join(kept)) == []

    def test_unless_vetoes_a_list_item_too(self) -> None:
        c = cleaner("pattern", patterns=["by [a-z]+ [a-z]+"], unless=["by (the|end) .*"])
        assert removed(c, "Prose.\n- By Jane Doe\n- By the numbers") == ["- By Jane Doe"]

    def test_requires_must_match_as_well(self) -> None:
        c = cleaner("pattern", patterns=["news .*"], requires=["(?:(?:[^ ]+ )*(?:sport|film|books)(?: |$)){2}.*"])
        text = "News Sport Film Weather\nNews Weather Traffic\n- News Books Sport"
        assert removed(c, text) == ["News Sport Film Weather", "- News Books Sport"]

    def test_requires_cased_sees_the_letters_case(self) -> None:
        c = cleaner("pattern", patterns=["von .+"], requires_cased=[r"(?i:von) \p{Lu}\pL*( \p{Lu}\pL*)*"])
        text = "Von Max Mustermann\nVon Hand gemacht\n- Von Erika\u00a0Musterfrau\nvon jemandem"
        assert removed(c, text) == ["Von Max Mustermann", "- Von Erika\u00a0Musterfrau"]

    def test_unless_wins_over_requires(self) -> None:
        c = cleaner("pattern", patterns=["news .*"], requires=[".*sport.*"], unless=[".* the .*"])
        assert removed(c, "News Sport Film\nNews from the sport desk") == ["News Sport Film"]

    def test_backtracking_bombs_run_in_linear_time(self) -> None:
        c = cleaner("pattern", patterns=["(a+)+$"], max_words=100)
        assert removed(c, "a" * 50_000 + "!") == []

    def test_phrases_take_their_whole_line_beside_the_patterns(self) -> None:
        c = cleaner("pattern", patterns=["follow [a-z]+ on x"], phrases=["Join our WhatsApp channel"])
        text = "Prose.\n- Join our WhatsApp channel!\nJoin our WhatsApp channel today, he said.\nFollow Jane on X"
        assert removed(c, text) == ["- Join our WhatsApp channel!", "Follow Jane on X"]

    def test_unless_and_requires_judge_only_what_the_patterns_matched(self) -> None:
        c = cleaner("pattern", patterns=["news .*"], phrases=["News alerts"], unless=["news a.*"], requires=[".*sport.*"])
        assert removed(c, "News alerts\nNews about sport\nNews Sport Film") == ["News alerts", "News Sport Film"]

    def test_phrases_alone_make_a_rule(self) -> None:
        assert removed(cleaner("pattern", phrases=["See fewer ads"]), "Prose.\nSee fewer ads.") == ["See fewer ads."]

    def test_a_rule_needs_patterns_or_phrases(self) -> None:
        with pytest.raises(RuleError, match="patterns.*is required"):
            cleaner("pattern", max_words=5)

    def test_a_phrase_longer_than_max_words_is_an_error(self) -> None:
        with pytest.raises(RuleError, match="phrases.*more than max_words"):
            cleaner("pattern", patterns=["ad"], phrases=["one two three four"], max_words=3)

    def test_a_regex_in_lower_case_meets_greek_and_turkish_capitals(self) -> None:
        c = cleaner("pattern", patterns=["\\d+ σχόλια", "yazarın \\pL+ yazıları"])
        text = "Prose.\n139 ΣΧΟΛΙΑ\nYAZARIN DİĞER YAZILARI\n12 σχόλια\nyazarın son yazıları"
        assert removed(c, text) == ["139 ΣΧΟΛΙΑ", "YAZARIN DİĞER YAZILARI", "12 σχόλια", "yazarın son yazıları"]

    def test_requires_cased_keeps_its_letters(self) -> None:
        c = cleaner("pattern", patterns=["σχόλιο .*"], requires_cased=["Σχόλιο [Α-Ω].*"])
        assert removed(c, "Prose.\nΣχόλιο Νίκου\nσχόλιο νίκου") == ["Σχόλιο Νίκου"]


class TestBlock:
    read_more = cleaner("block", headings=["Read more"])

    def test_takes_the_heading_and_the_headlines_after_it(self) -> None:
        text = "Prose one.\nRead more:\nFirst linked headline here\nSecond linked headline\n\nProse two follows."
        assert removed(self.read_more, text) == [
            "Read more:",
            "First linked headline here",
            "Second linked headline",
        ]

    def test_stops_where_the_lists_numbering_changes(self) -> None:
        # the article's numbered subheading after an unnumbered box, on every look: the
        # engine's second look sees the box's links gone and "5." right under the heading
        text = (
            "4. Rooms are priced by what they cost to build\nRead more\nMan rents out a room\n"
            "Holiday firm goes bust\n5. Beware the wall-mounted hairdryer\nIt holds the most germs."
        )
        assert removed(self.read_more, text) == ["Read more", "Man rents out a room", "Holiday firm goes bust"]
        numbered = "Prose here.\nRead more\n1. First story\n2. Second story\n3. Third story\nProse again."
        assert removed(self.read_more, numbered) == ["Read more", "1. First story", "2. Second story", "3. Third story"]

    def test_counts_the_words_of_headlines_written_without_spaces(self) -> None:
        # a Chinese or Thai headline is one "word" between spaces; its letters count for the minimum
        c = cleaner("block", headings=["相关新闻", "ข่าวที่เกี่ยวข้อง"], item_min_words=3)
        zh = "市政府周二宣布，将在明年春季前完成老旧小区的管网改造工程。\n相关新闻\n城市更新的下一步在哪里\n老旧小区改造的三个难题\n负责人表示，改造期间居民用水不会受到明显影响。"
        assert removed(c, zh) == ["相关新闻", "城市更新的下一步在哪里", "老旧小区改造的三个难题"]
        th = "รัฐบาลประกาศว่าจะซ่อมแซมโรงเรียนทั่วประเทศ\nข่าวที่เกี่ยวข้อง\nฝนตกหนักทั่วกรุงเทพฯ\nราคาน้ำมันปรับขึ้น\n"
        assert removed(c, th) == ["ข่าวที่เกี่ยวข้อง", "ฝนตกหนักทั่วกรุงเทพฯ", "ราคาน้ำมันปรับขึ้น"]

    def test_short_lines_without_spaces_are_still_too_short(self) -> None:
        c = cleaner("block", headings=["相关新闻"], item_min_words=3)
        text = "市政府周二宣布，将在明年春季前完成老旧小区的管网改造工程。\n相关新闻\n北京\n上海\n负责人表示，改造期间居民用水不会受到明显影响。"
        assert removed(c, text) == []  # two-letter lines are no headlines: the heading heads something else

    def test_stops_at_the_first_line_of_prose(self) -> None:
        text = "Read more:\nA linked headline here\nThe article goes on with a sentence.\nAnother short line"
        assert removed(self.read_more, text) == ["Read more:", "A linked headline here"]

    def test_a_heading_followed_by_prose_stays_unless_min_items_is_zero(self) -> None:
        text = "Read more\nThe story continues here."
        assert removed(self.read_more, text) == []
        alone = cleaner("block", headings=["Read more"], min_items=0)
        assert removed(alone, text) == ["Read more"]

    def test_a_heading_with_nothing_after_it_goes(self) -> None:
        # an extractor that drops a box's links leaves its heading at the end of the text
        text = "The story ends with a sentence.\nRead more:\n"
        assert removed(self.read_more, text) == ["Read more:"]
        assert removed(self.read_more, "Read more:\nThe story ends with a sentence.") == []

    def test_a_heading_whose_followers_all_go_goes_with_them(self) -> None:
        # the second copy has nothing after it; once it goes, neither has the first: one pass
        # takes both, so a second pass finds nothing more
        c = cleaner("block", headings=["Latest headlines"], min_items=2)
        text = "The story ends with a sentence.\nLatest headlines\n\nLatest headlines\n"
        assert removed(c, text) == ["Latest headlines", "Latest headlines"]

    def test_a_heading_another_rule_took_does_not_count_as_a_follower_gone(self) -> None:
        # the second heading goes through another rule first; the prose under the first stays,
        # so the first heading stays too
        label = {"id": "a-label", "kind": "phrase", "summary": "T.", "why": "T.", "phrases": ["More headlines"]}
        block = {"id": "b-block", "kind": "block", "summary": "T.", "why": "T.", "min_items": 2}
        block["headings"] = ["Latest headlines", "More headlines"]
        c = Cleaner.from_rules([parse_rule(label), parse_rule(block)], max_removed=1)
        text = "Latest headlines\nThe minister said the plan would be published next week.\nMore headlines\n"
        assert [(r.rule, r.line) for r in c.clean_text(text).removed] == [("a-label", 3)]

    def test_a_list_that_runs_into_the_articles_start_takes_nothing(self) -> None:
        c = cleaner("block", headings=["Also in the News"])
        header = ["Also in the News", "Markets slide as oil jumps", "Obama admits gun laws are his biggest frustration"]
        prose = [
            "President Barack Obama has admitted that his failure to pass gun safety laws is his biggest frustration.",
            "He said he would keep trying in the eighteen months he has left in office.",
        ]
        assert removed(c, "\n".join([*header, *prose])) == []
        later = ["Also in the News", "Markets slide as oil jumps", "Storm closes schools in the north"]
        assert removed(c, "\n".join([*prose, *later, *prose])) == later

    def test_stops_at_max_items(self) -> None:
        c = cleaner("block", headings=["Related"], max_items=1)
        assert removed(c, "Related\nHeadline number one\nHeadline number two") == [
            "Related",
            "Headline number one",
        ]


class TestContext:
    video = cleaner("context", anchors=["Please use Chrome browser for a more accessible video player"])

    def test_removes_the_anchor_and_the_title_after_it(self) -> None:
        text = "Prose.\n\nPlease use Chrome browser for a more accessible video player\n\nIran's FM to meet Putin\n\nMore prose."
        assert removed(self.video, text) == [
            "Please use Chrome browser for a more accessible video player",
            "Iran's FM to meet Putin",
        ]

    def test_keeps_a_prose_line_after_the_anchor(self) -> None:
        text = "Please use Chrome browser for a more accessible video player\nThe minister spoke on Monday."
        assert removed(self.video, text) == ["Please use Chrome browser for a more accessible video player"]


class TestThread:
    replies = cleaner("thread", markers=["Reply"], min_markers=3, max_gap=4)
    article = "The council voted to close the pool.\nSwimmers say they will fight the decision.\n"

    def test_takes_everything_from_the_first_reply_to_the_last(self) -> None:
        thread = "Anna\nA shame, it was the only pool.\nReply\nBen\nThey never fixed the roof.\nReply\nCara\nAgreed.\nReply"
        assert removed(self.replies, self.article + thread) == thread.split("\n")[2:]

    def test_too_few_or_too_far_apart_markers_take_nothing(self) -> None:
        two = "Reply\nOne comment.\nReply"
        assert removed(self.replies, self.article + two) == []
        far = "Reply\n" + "A long comment paragraph.\n" * 5 + "Reply\nShort.\nReply"
        assert removed(self.replies, self.article + far) == []  # a gap of 5 breaks the chain into 1 + 2

    def test_markers_above_the_first_sentence_start_no_thread(self) -> None:
        text = "Reply\nThe council voted to close the pool on Tuesday night.\nReply\nA comment.\nReply"
        assert removed(self.replies, text) == []

    def test_one_marker_must_come_back_min_markers_times(self) -> None:
        mixed = cleaner("thread", markers=["Reply", "Report"], min_markers=3, max_gap=4)
        assert removed(mixed, self.article + "Reply\nA sentence.\nReport\nAnother sentence.\nReply") == []
        assert len(removed(mixed, self.article + "Reply\nOne.\nReport\nReply\nTwo.\nReply")) == 6

    def test_markers_another_rule_took_still_bound_the_thread(self) -> None:
        both = Cleaner.from_rules(
            [
                parse_rule({"id": "button", "kind": "phrase", "summary": "T.", "why": "T.", "phrases": ["Reply"]}),
                parse_rule({"id": "thread", "kind": "thread", "summary": "T.", "why": "T.", "markers": ["Reply"]}),
            ],
            max_removed=1,
        )
        result = both.clean_text(self.article + "Reply\nFirst.\nReply\nSecond.\nReply")
        assert [(r.rule, r.text) for r in result.removed] == [
            ("button", "Reply"), ("thread", "First."), ("button", "Reply"), ("thread", "Second."), ("button", "Reply")
        ]


class TestDuplicate:
    label = cleaner("duplicate", labels=["Image:"], remove="labelled")
    both = cleaner("duplicate", labels=["Image:"], remove="all")
    repeat = cleaner("duplicate", remove="all", window=1, max_words=6)

    def test_repeated_code_lines_stay(self) -> None:
        c = cleaner("duplicate", remove="all", window=1, max_words=6)
        code = "Prose line of the article here.\n  });\n  });\nlist: [\nlist: [\nMore prose here."
        assert removed(c, code) == []
        assert removed(c, "Prose.\nFollow the World\nFollow the World\nEnd.") == ["Follow the World"] * 2

    def test_removes_the_labelled_copy_of_a_caption(self) -> None:
        text = "Prose.\nA caption. Pic: AP\nImage: A caption. Pic: AP\nMore."
        assert removed(self.label, text) == ["Image: A caption. Pic: AP"]
        assert removed(self.both, text) == ["A caption. Pic: AP", "Image: A caption. Pic: AP"]

    def test_a_near_duplicate_paragraph_stays(self) -> None:
        text = "The two nations signed a deal in January.\nImage: The nations signed a deal in January."
        assert removed(self.label, text) == []

    def test_short_line_printed_twice_goes(self) -> None:
        assert removed(self.repeat, "Prose.\nFollow the World\nFollow the World\nMore.") == [
            "Follow the World",
            "Follow the World",
        ]

    def test_a_headline_printed_twice_above_the_article_keeps_its_later_copy(self) -> None:
        sentence = "A sealed jar and a handful of moss are enough to start a garden that waters itself."
        text = f"Home\nHow to Build a Terrarium\nHow to Build a Terrarium\n{sentence}\nDownload our app\nDownload our app"
        result = self.repeat.clean_text(text)
        assert [(r.line, r.text) for r in result.removed] == [
            (2, "How to Build a Terrarium"),
            (5, "Download our app"),
            (6, "Download our app"),
        ]

    def test_repeated_prose_and_distant_repeats_stay(self) -> None:
        assert removed(self.repeat, "He left.\nHe left.") == []
        assert removed(self.repeat, "Follow the World\nProse.\nFollow the World") == []


class TestSpam:
    spam = cleaner(
        "spam", spam_terms=["百家乐"], gambling_terms=["casino"], lure_terms=["bonus"], edge_lines=2
    )
    body = "The committee met on Monday to discuss the budget for next year and the year after. " * 3

    def test_removes_spam_at_the_edges(self) -> None:
        assert removed(self.spam, f"AG百家乐在线官网\n{self.body}") == ["AG百家乐在线官网"]
        assert removed(self.spam, f"{self.body}\nBest casino bonus 2025") == ["Best casino bonus 2025"]

    def test_removes_a_foreign_script_line_at_the_edges(self) -> None:
        assert removed(self.spam, f"最新娱乐平台\n{self.body}") == ["最新娱乐平台"]

    def test_keeps_quotes_inside_the_body_and_casino_headlines(self) -> None:
        text = f"Casino group reports record profits\n{self.body}\n百家乐\n{self.body}\n{self.body}\nEnd of story."
        assert removed(self.spam, text) == []


class TestScope:
    sky = cleaner("phrase", phrases=["Sky noise"], domains=["sky.com", "~kids.sky.com"])

    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            (None, []),
            ("https://news.sky.com/story/1", ["Sky noise"]),
            ("https://sky.com/", ["Sky noise"]),
            ("https://kids.sky.com/x", []),
            ("https://notsky.com/x", []),
            ("news.sky.com/story", ["Sky noise"]),
        ],
    )
    def test_domains_cover_subdomains_and_exclusions(self, url: str | None, expected: list[str]) -> None:
        assert removed(self.sky, "Sky noise\nProse.", url=url) == expected

    def test_languages_narrow_only_when_the_language_is_known(self) -> None:
        c = cleaner("phrase", phrases=["Anzeige"], languages=["de"])
        assert c.clean_text("Anzeige", language="en").removed == ()
        assert len(c.clean_text("Anzeige", language="de-AT").removed) == 1
        assert len(c.clean_text("Anzeige").removed) == 1


class TestRun:
    menu = cleaner("run", min_lines=4, max_words=3, max_chars=30)

    def test_removes_a_run_of_menu_labels_across_blank_lines(self) -> None:
        text = "Home\nNews\n\nSport\nBusiness\nWeather\nThe article starts with a sentence."
        assert removed(self.menu, text) == ["Home", "News", "Sport", "Business", "Weather"]

    def test_keeps_runs_shorter_than_min_lines_and_lone_headings(self) -> None:
        text = "Home\nNews\nSport\nA sentence of prose.\nReaction\nMore prose follows here."
        assert removed(self.menu, text) == []

    @pytest.mark.parametrize(
        "lines",
        [
            ["- eggs", "- flour", "- milk", "- butter"],  # a list an extractor kept
            ["1. France", "2. Spain", "3. Italy", "4. Greece"],
            ["  if x:", "    y = 1", "  else:", "    y = 2"],  # indented code
            ["SELECT", "  id,", "FROM t", "WHERE (x)"],
            ["Yes.", "No.", "Maybe.", "Never."],  # sentences
            ["各自努力地找尋自認為最好的拍攝角度"] * 4,  # wide characters count double
        ],
    )
    def test_keeps_lists_code_and_sentences(self, lines: list[str]) -> None:
        assert removed(self.menu, "\n".join(lines)) == []

    def test_an_abbreviation_ends_no_sentence(self) -> None:
        text = "World\nU.S.\nPolitics\nN.Y.\nWashington, D.C.\nThe article starts with a sentence."
        assert removed(self.menu, text) == ["World", "U.S.", "Politics", "N.Y.", "Washington, D.C."]

    @pytest.mark.parametrize("lead_in", ["The prizes come in four categories:", "The nominees are:"])
    def test_keeps_a_list_that_a_sentence_introduces(self, lead_in: str) -> None:
        text = f"{lead_in}\nFiction\nPoetry\nDrama\nEssays\nMore prose follows here."
        assert removed(self.menu, text) == []

    @pytest.mark.parametrize("label", ["Sections:", "Our sections:"])
    def test_a_label_with_a_colon_introduces_no_list(self, label: str) -> None:
        text = f"{label}\nFiction\nPoetry\nDrama\nEssays\nMore prose follows here."
        assert removed(self.menu, text) == ["Fiction", "Poetry", "Drama", "Essays"]

    _SECTIONS = (
        "Background\nThe dispute over the harbour wall began in 2019, when the first cracks appeared.\n"
        "The repairs\nEngineers spent two winters rebuilding the wall from the seabed up.\n"
        "What comes next\nThe council will decide in May whether to extend the wall to the old pier.\n"
    )

    @pytest.mark.parametrize(
        "entries", ["Background\nThe repairs\nWhat comes next\nSources", "1 Background\n2 The repairs\n3. What comes next\n4 Sources"]
    )
    def test_keeps_a_table_of_contents_whose_entries_head_the_sections(self, entries: str) -> None:
        assert removed(self.menu, f"{entries}\n{self._SECTIONS}") == []

    def test_a_table_of_contents_of_hard_wrapped_sections_stays_too(self) -> None:
        # Under each heading, the first line of a paragraph wrapped at 72 columns ends mid-sentence.
        wrapped = (
            "Background\nThe dispute over the harbour wall began in 2019, when the first\ncracks appeared.\n"
            "The repairs\nEngineers spent two winters rebuilding the wall from the seabed\nup.\n"
            "What comes next\nThe council will decide in May whether to extend the wall to\nthe old pier.\n"
        )
        assert removed(self.menu, f"Background\nThe repairs\nWhat comes next\nSources\n{wrapped}") == []

    def test_a_menu_repeated_in_the_footer_is_no_table_of_contents(self) -> None:
        menu = "Home\nNews\nSport\nWeather"
        text = f"{menu}\nThe article starts with a sentence of prose here.\n{menu}"
        assert removed(self.menu, text) == menu.split("\n") * 2

    def test_one_entry_heading_a_section_is_not_enough(self) -> None:
        text = f"Home\nNews\nBackground\nWeather\nSport\nThe article starts with a sentence of prose.\n{self._SECTIONS}"
        assert removed(self.menu, text) == ["Home", "News", "Background", "Weather", "Sport"]

    def test_menu_labels_in_a_script_without_spaces(self) -> None:
        text = "动漫\n读书\n儿童\n星座\n正文从这里开始，这是一个完整的句子。"
        assert removed(self.menu, text) == ["动漫", "读书", "儿童", "星座"]


class TestRunOfMarkdownLinks:
    menu = cleaner("run", min_lines=4, max_words=3, max_chars=30)

    def test_a_menu_of_link_items_is_a_run_and_a_bulleted_list_is_not(self) -> None:
        prose = "The council approved the new library on Tuesday after a long consultation."
        links = "- [Home](/)\n- [News](/news)\n- [Sport](/sport)\n- [Weather](/weather)"
        assert removed(self.menu, f"{links}\n{prose}") == links.split("\n")
        items = "- Apples\n- Pears\n- Plums\n- Cherries"
        assert removed(self.menu, f"{prose}\n{items}\n{prose}") == []


class TestRunOfCapitalizedLines:
    headlines = cleaner("run", min_lines=3, min_words=3, max_words=12, max_chars=80, capitalized=True)

    def test_takes_headlines_and_looks_through_opening_quotes(self) -> None:
        lines = ["Town hall clock to be restored", "‘Mayor promises more night buses’", "2026 budget set at last"]
        assert removed(self.headlines, "\n".join(lines)) == lines

    def test_a_wrapped_paragraph_is_no_run(self) -> None:
        lines = ["Building work will start in the spring", "and take about eighteen months to", "finish, the council said on Tuesday"]
        assert removed(self.headlines, "\n".join(lines)) == []


class TestCountedRun:
    slides = cleaner("run", counted=True, patterns=[r"(?P<n>\d{1,3}) ?/ ?(?P<of>\d{1,3}) .+"], min_lines=3, max_words=60)
    ranking = cleaner("run", counted=True, patterns=[r"(?P<n>\d{1,2}) \D.+"], min_lines=3, max_words=20)

    def test_takes_slides_whose_count_goes_on_by_one(self) -> None:
        lines = ["1/20 The harbour at dawn", "2/20 Crowds on the pier", "3/20 The last ferry leaves"]
        assert removed(self.slides, "\n".join(lines)) == lines

    def test_the_run_breaks_where_the_count_does_not_go_on(self) -> None:
        dates = ["3/12 The first case is confirmed", "3/13 Schools close", "3/15 Gatherings are banned"]
        assert removed(self.slides, "\n".join(dates)) == []
        skipping = ["1/20 The harbour at dawn", "2/20 Crowds on the pier", "4/20 The last ferry leaves"]
        assert removed(self.slides, "\n".join(skipping)) == []
        other_total = ["1/20 The harbour at dawn", "2/20 Crowds on the pier", "3/30 The last ferry leaves"]
        assert removed(self.slides, "\n".join(other_total)) == []

    def test_a_caption_too_long_to_match_still_counts_on(self) -> None:
        caption = " ".join(["word"] * 70)
        lines = [f"1/4 {caption}", "2/4 Crowds on the pier", f"3/4 {caption}", "4/4 The last ferry leaves"]
        prose = "The harbour reopened on Monday after a month of repairs to the sea wall."
        assert removed(self.slides, "\n".join([prose, *lines, prose])) == lines

    def test_a_line_another_rule_took_does_not_break_the_count(self) -> None:
        pack = [
            parse_rule({"id": "slides", "kind": "run", "summary": "T.", "why": "T.", "counted": True, "min_lines": 3,
                        "patterns": [r"(?P<n>\d{1,3}) ?/ ?(?P<of>\d{1,3}) .+"]}),
            parse_rule({"id": "credit", "kind": "phrase", "summary": "T.", "why": "T.", "phrases": ["Photo: Reuters"]}),
        ]
        lines = ["1/3 The harbour at dawn", "Photo: Reuters", "2/3 Crowds on the pier", "3/3 The last ferry leaves"]
        result = Cleaner.from_rules(pack, max_removed=1).clean_text("\n".join(lines))
        assert [(r.rule, r.text) for r in result.removed] == [
            ("slides", lines[0]), ("credit", lines[1]), ("slides", lines[2]), ("slides", lines[3])
        ]

    def test_a_count_without_a_total_goes_on_by_one_too(self) -> None:
        lines = ["1 Storm closes the harbour", "2 Ferry fares rise again", "3 Pier reopens after repairs"]
        assert removed(self.ranking, "\n".join(lines)) == lines
        scattered = ["1 Storm closes the harbour", "3 Ferry fares rise again", "4 Pier reopens after repairs"]
        assert removed(self.ranking, "\n".join(scattered)) == []

    def test_indented_or_tabbed_lines_are_a_listing_and_break_the_count(self) -> None:
        code = ["    1 import csv and os", "    2 read the timetable", "    3 print each departure"]
        table = ["1\tBlue Heron\t42 minutes", "2\tSea Lark\t44 minutes", "3\tKittiwake\t47 minutes"]
        assert removed(self.ranking, "\n".join(code)) == []
        assert removed(self.ranking, "\n".join(table)) == []

    def test_counted_needs_patterns_with_the_counters_group(self) -> None:
        with pytest.raises(RuleError, match="group `n`"):
            cleaner("run", counted=True, patterns=[r"\d+/\d+ .+"])
        with pytest.raises(RuleError, match="counted"):
            cleaner("run", counted=True)


class TestNewestFirstRun:
    ticker = cleaner("run", newest_first=True, patterns=[r"(?P<time>\d{1,2}(:\d{2}|h\d{2})( ?[ap]m)?) .{10,}"], min_lines=3, max_words=20)

    def test_takes_headlines_whose_times_go_back(self) -> None:
        lines = ["13:08 Calorie counts to go on wine bottles", "12:57 Trains cancelled across the north", "12:57 Ferry strike called off at last"]
        assert removed(self.ticker, "\n".join(lines)) == lines

    def test_reads_twelve_hour_times_and_french_hours(self) -> None:
        lines = ["1:05pm Harbour reopens after repairs", "11:40am Ferry fares rise again", "9h15 Pier closes for the winter"]
        assert removed(self.ticker, "\n".join(lines)) == lines

    def test_a_timeline_that_runs_forward_is_no_run(self) -> None:
        lines = ["9:02 First shots reported near the station", "9:05 Armed officers are sent in", "9:11 The station is evacuated"]
        assert removed(self.ticker, "\n".join(lines)) == []
        turning = ["13:08 Calorie counts to go on wine bottles", "12:57 Trains cancelled across the north", "14:10 Ferry strike called off"]
        assert removed(self.ticker, "\n".join(turning)) == []

    def test_a_live_blogs_text_between_the_times_breaks_the_run(self) -> None:
        prose = "The minister did not answer questions from reporters as he walked in."
        lines = ["14:32 Minister arrives at Downing Street", prose, "14:10 Cabinet meeting under way", prose,
                 "13:55 Opposition calls for a vote"]
        assert removed(self.ticker, "\n".join(lines)) == []

    def test_a_time_group_that_holds_no_clock_time_breaks_the_run(self) -> None:
        words = cleaner("run", newest_first=True, patterns=[r"(?P<time>[a-z]+) .{10,}"], min_lines=3, max_words=20)
        lines = ["noon Harbour reopens after repairs", "morning Ferry fares rise again", "dawn Pier closes for winter"]
        assert removed(words, "\n".join(lines)) == []

    def test_newest_first_needs_patterns_with_the_time_group_and_no_counter(self) -> None:
        with pytest.raises(RuleError, match="group `time`"):
            cleaner("run", newest_first=True, patterns=[r"\d+:\d+ .+"])
        with pytest.raises(RuleError, match="newest_first"):
            cleaner("run", newest_first=True)
        with pytest.raises(RuleError, match="not both"):
            cleaner("run", newest_first=True, counted=True, patterns=[r"(?P<n>\d+) (?P<time>\d+:\d+) .+"])


_MENU_AND_BUTTON = (
    {"id": "menu", "kind": "run", "min_lines": 4, "max_words": 3, "max_chars": 30},
    {"id": "button", "kind": "phrase", "phrases": ["Subscribe", "Sign in"]},
)


_TAIL_RUN: dict[str, Any] = {"after_prose": True, "min_lines": 3, "min_words": 3, "max_words": 12, "max_chars": 80}


class TestRunAfterAHeading:
    prose = "The band announced a farewell tour on Monday, its first in nine years."
    dates = "Manchester Arena on 12 March\nGlasgow Hydro on 14 March\nLondon O2 on 17 March"

    def test_a_heading_keeps_the_list_it_names(self) -> None:
        keeping = cleaner("run", keep_after_heading=True, **_TAIL_RUN)
        assert removed(keeping, f"{self.prose}\nTour dates\n{self.dates}") == []
        assert len(removed(keeping, f"{self.prose}\n{self.dates}")) == 3

    def test_without_the_option_only_a_sentence_with_a_colon_does(self) -> None:
        taking = cleaner("run", **_TAIL_RUN)
        assert len(removed(taking, f"{self.prose}\nTour dates\n{self.dates}")) == 3
        assert removed(taking, f"{self.prose}\nThe band will play these dates:\n{self.dates}") == []


class TestRunBetweenProse:
    before = "The recipe came from the baker's grandmother, who made it every Sunday."
    after = "Mix everything in a large bowl and let the dough rest for an hour."
    recipe = ("Ingredients", "Flour", "Sugar", "Butter", "Eggs")
    keeping = cleaner("run", min_lines=4, max_words=3, max_chars=30, keep_between_prose=5)

    def test_a_short_list_between_two_paragraphs_stays(self) -> None:
        assert removed(self.keeping, "\n".join([self.before, *self.recipe, self.after])) == []

    def test_without_the_option_it_goes(self) -> None:
        taking = cleaner("run", min_lines=4, max_words=3, max_chars=30)
        assert removed(taking, "\n".join([self.before, *self.recipe, self.after])) == list(self.recipe)

    def test_a_longer_run_goes(self) -> None:
        longer = [*self.recipe, "Milk"]
        assert removed(self.keeping, "\n".join([self.before, *longer, self.after])) == longer

    @pytest.mark.parametrize("edge", ["above", "below"])
    def test_a_run_with_prose_on_one_side_only_goes(self, edge: str) -> None:
        lines = [*self.recipe, self.after] if edge == "above" else [self.before, *self.recipe]
        assert removed(self.keeping, "\n".join(lines)) == list(self.recipe)

    def test_the_neighbours_are_the_lines_other_rules_left(self) -> None:
        # The promo reads as a sentence of prose; once its rule took it, nothing stands above the list.
        promo = "Sign up for our newsletter to get the news every morning."
        rules = [
            {"id": "menu", "kind": "run", "min_lines": 4, "max_words": 3, "max_chars": 30, "keep_between_prose": 5},
            {"id": "promo", "kind": "phrase", "phrases": [promo]},
        ]
        both = Cleaner.from_rules([parse_rule({"summary": "Test.", "why": "Test.", **rule}) for rule in rules], max_removed=1)
        result = both.clean_text("\n".join([promo, *self.recipe, self.after]))
        assert [r.rule for r in result.removed] == ["promo", "menu", "menu", "menu", "menu", "menu"]


class TestRunWithLinesOtherRulesTook:
    both = Cleaner.from_rules(
        [parse_rule({"summary": "Test.", "why": "Test.", **rule}) for rule in _MENU_AND_BUTTON], max_removed=1
    )

    def test_a_taken_label_counts_toward_the_run(self) -> None:
        text = "Home\nNews\nSubscribe\nSport\nThe article starts with a sentence."
        result = self.both.clean_text(text)
        assert [(r.rule, r.text) for r in result.removed] == [
            ("menu", "Home"), ("menu", "News"), ("button", "Subscribe"), ("menu", "Sport")
        ]

    def test_several_taken_labels_count_when_as_many_lines_are_the_runs_own(self) -> None:
        text = "Home\nSubscribe\nSign in\nSport\nThe article starts with a sentence."
        result = self.both.clean_text(text)
        assert [r.rule for r in result.removed] == ["menu", "button", "button", "menu"]

    @pytest.mark.parametrize(
        "lines",
        [
            # a list other rules emptied is no menu because a heading follows it
            ["Subscribe", "Sign in", "Subscribe", "Sport"],
            # nor because a short title and a heading stand around a bar other rules emptied
            ["Harbour ferries", "Subscribe", "Sign in", "Subscribe", "Sport"],
        ],
    )
    def test_but_fewer_lines_of_its_own_than_taken_is_no_run(self, lines: list[str]) -> None:
        text = "\n".join([*lines, "The article starts with a sentence."])
        assert {r.rule for r in self.both.clean_text(text).removed} == {"button"}


class TestRunAfterProse:
    tail = cleaner("run", after_prose=True, min_lines=1, max_words=4, max_chars=40)
    prose = "The council approved the new library on Tuesday after a long consultation."

    def test_takes_label_lines_after_the_last_sentence_only(self) -> None:
        text = f"Home\nNews\n{self.prose}\nWhat next\n{self.prose}\nTags\nLibraries"
        assert removed(self.tail, text) == ["Tags", "Libraries"]

    def test_a_document_without_prose_keeps_everything(self) -> None:
        assert removed(self.tail, "Results\nNorth ward\nSouth ward") == []

    def test_a_sentence_in_a_script_without_spaces_is_prose_too(self) -> None:
        text = "首页\n市议会周二批准了新图书馆的建设计划，工程将于明年春天开始。\n热门评论\n用户反馈"
        assert removed(self.tail, text) == ["热门评论", "用户反馈"]
        assert removed(self.tail, "首页\n短句。\n热门评论") == []  # too short to be a sentence

    def test_sentences_ending_in_a_danda_or_the_urdu_full_stop_are_prose(self) -> None:
        hindi = "नगर परिषद ने मंगलवार को लंबी बहस के बाद नए पुस्तकालय के निर्माण को मंजूरी दी।"
        urdu = "شہر کی کونسل نے منگل کو طویل بحث کے بعد نئی لائبریری کی منظوری دے دی۔"
        assert removed(self.tail, f"{hindi}\nटैग\nपुस्तकालय") == ["टैग", "पुस्तकालय"]
        assert removed(self.tail, f"{urdu}\nٹیگ\nلائبریری") == ["ٹیگ", "لائبریری"]

    def test_a_paragraph_signed_in_brackets_is_prose(self) -> None:
        # list articles sign each part "... [A.A. Dowd]": the part's heading under it is the
        # article's, not a trailing label
        signed = "The council approved the new library on Tuesday after a long consultation. [Jo Smith]"
        assert removed(self.tail, f"{self.prose}\nThe ending\n{signed}\nTags") == ["Tags"]
        untagged = "The council approved the new library on Tuesday after a long consultation [see map]"
        assert removed(self.tail, f"{self.prose}\nThe ending\n{untagged}") == ["The ending"]

    def test_a_hard_wrapped_last_paragraph_is_prose_to_its_end(self) -> None:
        # html2text and terminal browsers wrap at 72 to 80 columns: the paragraph's last line
        # ends its sentence with few words of its own, and lines ending mid-sentence continue.
        wrapped = (
            "The council approved the new library on Tuesday after a long\n"
            "consultation, and the first books will be on the shelves by the\n"
            "end of the year.\nTags\nLibraries"
        )
        assert removed(self.tail, wrapped) == ["Tags", "Libraries"]
        cut = "The council approved the new library on Tuesday after a long and\ncareful consultation"
        assert removed(self.tail, f"{self.prose}\n{cut}") == []

    def test_a_line_after_a_sentence_is_no_continuation(self) -> None:
        # A capitalised line, or one under a line that ended its sentence, stays a label.
        text = f"{self.prose}\nSix of the best new library buildings around\nRelated topics\ntags"
        assert removed(self.tail, text) == ["Related topics", "tags"]

    def test_a_continuation_is_judged_by_the_lines_that_stay(self) -> None:
        # The line above "libraries" goes to another rule; judged by the document's own line
        # above, "libraries" would stay now and go when the output is cleaned again.
        promo = "Read our coverage of the council budget and the new library plans"
        rules = [
            {"id": "tail", "kind": "run", "after_prose": True, "min_lines": 1, "max_words": 4, "max_chars": 40},
            {"id": "promo", "kind": "phrase", "phrases": [promo]},
        ]
        both = Cleaner.from_rules([parse_rule({"summary": "Test.", "why": "Test.", **r}) for r in rules], max_removed=1)
        once = both.clean_text(f"{self.prose}\n{promo}\nlibraries")
        assert [(r.rule, r.text) for r in once.removed] == [("promo", promo), ("tail", "libraries")]
        assert both.clean_text(once.text).removed == ()

    def test_min_lines_of_one_needs_after_prose(self) -> None:
        with pytest.raises(RuleError, match="min_lines"):
            cleaner("run", min_lines=1)


class TestRunOfPatternLines:
    counts = cleaner("run", patterns=[r".+ \(\d+\)"], min_lines=3, max_words=5)

    def test_removes_a_run_of_lines_the_pattern_matches(self) -> None:
        text = "A sentence of prose.\nTravel (12)\nFood (3)\n\nMarch 2016 (4)\nMore prose here."
        assert removed(self.counts, text) == ["Travel (12)", "Food (3)", "March 2016 (4)"]

    def test_a_line_the_pattern_misses_breaks_the_run(self) -> None:
        text = "Travel (12)\nFood (3)\nA sentence of prose.\nMarch 2016 (4)"
        assert removed(self.counts, text) == []

    def test_max_words_bounds_the_lines(self) -> None:
        text = "Travel (12)\nFood (3)\nthe six ministers who voted for it (4)"
        assert removed(self.counts, text) == []

    def test_a_bad_pattern_names_the_field(self) -> None:
        with pytest.raises(RuleError, match="patterns"):
            cleaner("run", patterns=["(unclosed"])
