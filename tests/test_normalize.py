"""Matching's normalisation of Markdown: the words of links and emphasised lines, nothing else."""

from __future__ import annotations

import pytest

from declutter.loading import load_builtin
from declutter.normalize import _ICON_NAMES, line_key, line_keys, normalize


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("**Advertisement**", "advertisement"),
        ("__Advertisement__", "advertisement"),
        ("*Photo: Jane Doe/Reuters*", "photo: jane doe/reuters"),
        ("_Sign up for our daily newsletter._", "sign up for our daily newsletter."),
        ("- *Share this story*", "- share this story"),
        ("**Read more:** [Council approves budget](https://example.com/a)", "read more: council approves budget"),
        ("## Related articles", "related articles"),
        ("Story.\n### Most read\nMore story.", "story.\nmost read\nmore story."),
    ],
)
def test_markdown_gives_its_words(text: str, words: str) -> None:
    assert normalize(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "Abonnent*innen",  # a mark inside a word
        "snake_case",
        "5 * 3 = 15",  # between spaces
        "x**2 + y**2",
        "***",  # a rule line, which emptied would read as a blank line
        "____",
        "Your name *",
        "*Photo* of the week",  # emphasis inside a line stays: only whole lines are unwrapped
        "![Map of the route](https://example.com/map.png)",  # an image
        "#MeToo",  # a hashtag
    ],
)
def test_what_is_not_markdown_stays(text: str) -> None:
    assert normalize(text) == text.lower()


def test_a_list_item_that_is_one_link_is_a_label() -> None:
    menu = "- [Home](/)\n- [News](/news)\n* [Sport](/sport)\n[Contact us](/contact)"
    assert normalize(menu) == "home\nnews\nsport\ncontact us"
    # a link inside an item or a sentence keeps the item's marker and the sentence's words
    assert normalize("- See [the report](https://example.com/r) for details") == "- see the report for details"


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("Read more:", "read more"),
        ("» Related", "related"),
        # the Arabic script's and CJK's own punctuation decorates a label as a Latin comma or colon does
        ("التعليق على الصورة،", "التعليق على الصورة"),
        ("اقرأ أيضا؛", "اقرأ أيضا"),
        ("هل تعلم؟", "هل تعلم"),
        ("相关阅读。", "相关阅读"),
        ("推荐阅读、", "推荐阅读"),
        # the direction marks of right-to-left text
        ("اقرأ أيضا:\u200f", "اقرأ أيضا"),
        ("\u200fاقرأ أيضا", "اقرأ أيضا"),
        # pointers, bullets and pictographs, emoji's variation selector included
        ("👉 Read also", "read also"),
        ("▶\ufe0f Watch the video", "watch the video"),
        ("Share this article 👇", "share this article"),
        ("■ 関連記事", "関連記事"),
        ("☞ 관련기사", "관련기사"),
        ("【相關新聞】", "相關新聞"),
        ("・関連記事", "関連記事"),
        ("《相关阅读》", "相关阅读"),
        # inside the line, a pointer is part of what the line says
        ("Read ▶ more", "read ▶ more"),
    ],
)
def test_a_line_key_drops_the_decoration_at_both_ends(line: str, key: str) -> None:
    assert line_key(normalize(line)) == normalize(key)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        # a button's or tab's count in brackets after its label
        ("Share (3)", "share"),
        ("Replies (5)", "replies"),
        ("Comments [12]", "comments"),
        ("» Photos (120)", "photos"),
        # a number that is part of what the line says stays
        ("Top 10", "top 10"),
        ("Chapter 3", "chapter 3"),
        ("(2024)", "2024"),
        ("Section 2 (b)", "section 2 (b"),
    ],
)
def test_a_line_key_drops_a_count_in_brackets_after_the_label(line: str, key: str) -> None:
    assert line_key(normalize(line)) == key
    assert line_keys([normalize(line)]) == (key,)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        # an icon font's glyph name beside a label, at either end
        ("Read more arrow_forward", "read more"),
        ("arrow_back Back to top", "back to top"),
        ("Load more expand_more expand_more", "load more"),
        # a line that is only the name keeps it; names inside a line and words that are also
        # glyph names ("share") stay
        ("chevron_right", "chevron_right"),
        ("Home chevron_right News", "home chevron_right news"),
        ("Share close", "share close"),
        ("the snake_case name", "the snake_case name"),
        # an icon font's glyph at a code point of the Private Use Area, beside a label or alone
        ("\ue093 Share", "share"),
        ("Follow us \ue095 \ue093 \ue094", "follow us"),
        ("\ue0c3", "\ue0c3"),
        ("Price \ue0c3 12", "price \ue0c3 12"),
        # and an emoji, of every pictograph block
        ("Share this story \U0001f64f", "share this story"),
        ("\U0001f1fa\U0001f1f8 Follow us", "follow us"),
        ("\U0001f600", "\U0001f600"),
    ],
)
def test_a_line_key_drops_icon_names_and_glyphs_at_its_ends(line: str, key: str) -> None:
    assert line_key(normalize(line)) == key


def test_the_icon_font_name_rule_takes_a_line_of_every_name_a_key_drops() -> None:
    # the names are written twice, in the engine and in the rule's data: they must not drift apart
    rule = next(rule for rule in load_builtin() if rule.id == "icon-font-name")
    assert {normalize(phrase) for phrase in rule.spec.phrases} == _ICON_NAMES


@pytest.mark.parametrize(
    ("line", "seen"),
    [
        # a link's screen-reader hint after its label, in the wordings of several languages
        ("Share on Facebook (opens in a new tab)", "share on facebook"),
        ("Twitter (Opens in new window)", "twitter"),
        ("Reuters (opens new tab)", "reuters"),
        ("Teilen (öffnet in neuem Tab)", "teilen"),
        ("Partager (s’ouvre dans un nouvel onglet)", "partager"),
        ("Udostępnij (otwiera się w nowej karcie)", "udostępnij"),
        ("Klicka för att dela på Twitter (Öppnas i ett nytt fönster)", "klicka för att dela på twitter"),
        ("Telegram канал (відкривається в новому вікні)", "telegram канал"),
        # full-width brackets are brackets once NFKC has run
        ("点击以在 Twitter 上共享（在新窗口中打开）", "点击以在 twitter 上共享"),
        ("Facebook で共有 (新しいウィンドウで開きます)", "facebook で共有"),
        # inside a line too, run into the word before it
        ("the fishery's management(link is external) is certified", "the fishery's management is certified"),
        # a line that is the hint alone keeps it; brackets that are no hint stay
        ("(opens in new tab)", "(opens in new tab)"),
        ("Call (555) 123 4567", "call (555) 123 4567"),
        ("A new tab (or window) opens", "a new tab (or window) opens"),
    ],
)
def test_matching_sees_a_link_label_without_its_screen_reader_hint(line: str, seen: str) -> None:
    assert normalize(line) == seen
    assert normalize(line, keep_case=True).lower() == seen


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        # character references a scraper left undecoded are the characters they stand for
        ("Read more&nbsp;&raquo;", 'read more "'),
        ("Copyright &copy; 2025 Example Media", "copyright © 2025 example media"),
        ("Terms &amp; Conditions", "terms & conditions"),
        ("Sign up &#8594; &#x2192;", "sign up → →"),
        # a reference to a line break is a space: the text keeps its lines
        ("one&#10;two\nthree&#x0D;four", "one two\nthree four"),
        # what is no reference stays: no semicolon, no such name
        ("AT&T and R&D", "at&t and r&d"),
        ("Copyright &copy 2025", "copyright &copy 2025"),
        ("&notaname; here", "&notaname; here"),
    ],
)
def test_matching_sees_the_characters_of_character_references(text: str, seen: str) -> None:
    assert normalize(text) == seen
    assert normalize(text, keep_case=True).lower() == seen


@pytest.mark.parametrize(
    ("line", "key"),
    [
        # an icon's label and its screen-reader text, or a button's two states, one after the other
        ("Share Share", "share"),
        ("Read more Read more", "read more"),
        ("LikeLike", "like"),
        ("» Print Print", "print"),
        # so is a name made of one word twice, which no rule names
        ("Bora Bora", "bora"),
        # halves that differ, or words that repeat a syllable, stay
        ("New York, New York", "new york, new york"),
        ("Subscribe Subscribed", "subscribe subscribed"),
        ("Tutu", "tutu"),
    ],
)
def test_a_line_key_holds_a_label_printed_twice_once(line: str, key: str) -> None:
    assert line_key(normalize(line)) == key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # Greek capitals carry no accents; lower case has them
        ("ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ", "Διαβάστε επίσης"),
        ("ΤΟ ΑΡΘΡΟ ΣΥΝΕΧΙΖΕΙ ΜΕΤΑ ΤΗ ΔΙΑΦΗΜΙΣΗ", "Το άρθρο συνεχίζει μετά τη διαφήμιση"),
        ("ΠΡΟΪΟΝΤΑ", "Προϊόντα"),
        # Turkish 'İ' lower-cases to 'i' and a combining dot, 'I' to the 'i' where the word has 'ı'
        ("YAZARIN DİĞER YAZILARI", "Yazarın diğer yazıları"),
        ("BUNLAR DA İLGİNİZİ ÇEKEBİLİR", "Bunlar da ilginizi çekebilir"),
        # Arabic-script labels with and without vowel marks, hamza, tatweel; Persian typed with Arabic letters
        ("اقرا ايضا", "اقرأ أيضًا"),
        ("اخر الاخبار", "آخر الأخبار"),
        ("شاهــد أيضاً", "شاهد ايضا"),
        ("خبر فوري", "خبر فوری"),
        ("كد خبر", "کد خبر"),
        # Russian 'ё', which most sites write 'е'
        ("Показать ещё", "Показать еще"),
        ("НОВОСТИ ПАРТНЁРОВ", "Новости партнеров"),
        # Ukrainian's apostrophe, typed as the letter U+02BC, a curly quote or a straight one
        ("Обов\u02bcязково", "Обов'язково"),
        ("Обов’язково", "Обов'язково"),
    ],
)
def test_spellings_of_one_word_meet(one: str, other: str) -> None:
    assert normalize(one) == normalize(other)


def test_folding_leaves_other_letters_and_kept_case_alone() -> None:
    assert normalize("Ça déborde à Zürich") == "ça déborde à zürich"
    assert normalize("Διαβάστε", keep_case=True) == "Διαβάστε"
