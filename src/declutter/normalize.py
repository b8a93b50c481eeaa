"""Text normalisation used for matching only; output lines are never normalised.

Scraped text spells the same noise line in many ways: curly or straight quotes, NBSP or
zero-width characters, full-width letters, upper or lower case, a trailing colon or arrow, a
link's screen-reader hint, an icon beside the label, HTML character references left undecoded.
Every rule phrase and every document line go through the same functions, so a rule author
writes a phrase once in plain ASCII.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from html.entities import html5

_REPLACEMENTS = (
    # curly and typographic quotes to straight ones, and the apostrophe Ukrainian writes with
    # (U+02BC: "обовʼязково" is "обов'язково")
    *((quote, "'") for quote in "\u2018\u2019\u201a\u201b\u2032\u00b4\u02bc"),
    *((quote, '"') for quote in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"),
    # dashes to a hyphen
    *((dash, "-") for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"),
    # invisible characters that scrapers leave inside words
    *((invisible, "") for invisible in "\u200b\u200c\u200d\u2060\ufeff\u00ad"),
    # whitespace: NFKC would map the no-break spaces too, but only after its slow path
    *((space, " ") for space in "\x85\u1680\u2028\u2029\u00a0\u202f\u2007"),
    ("\u2026", "..."),
)
_SPECIAL = re.compile("[" + "".join(char for char, _ in _REPLACEMENTS) + "]")
# Markdown that extractors and reader services write around the words (trafilatura's Markdown
# output, html2text, crawlers that feed language models): "[Share on Facebook](https://...)",
# "**Advertisement**", "_Photo: Jane Doe/Reuters_", "## Related articles". Matching sees the
# words. An image ("![alt](src)") stays whole; marks inside a word ("Abonnent*innen",
# "snake_case") or between spaces ("5 * 3") are no emphasis; a rule line ("***", "____") stays.
# Each regex starts with the character it looks for (a line's start: "\n"), so that the search
# skips ahead to it.
# A link's text and target are bounded and hold no bracket, so that a line of ten thousand "["
# costs one step at each, not a scan to the line's end (which made such a line quadratic).
_LINK = r"\[([^\[\]\n]{1,300})\]\([^\s()\[\]]{0,2000}\)"
_MARKDOWN_LINK = re.compile(_LINK)
#: A list item that is one link and nothing else, a menu entry: its words alone, marker and all
#: gone, so that a menu of such items reads as the run of labels it is.
_MARKDOWN_LINK_ITEM = re.compile(rf"\n(?:[-*+] )?{_LINK}(?=\n)")


def _emphasis(mark: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Bold (doubled `mark`) anywhere, and italics around a whole line (a list marker aside)."""
    m = re.escape(mark)
    bold = re.compile(rf"{m}{m}(?:(?<![^\W_]{m}{m})(?=[^\s*_])|(?<=[^\s*_]{m}{m})(?![^\W_]))")
    italic = re.compile(rf"\n((?:[-•*] )?){m}([^\s*_][^\n]*?[^\s*_]|[^\s*_]){m}(?=\n)")
    return bold, italic


_EMPHASIS = {mark: _emphasis(mark) for mark in "*_"}
_MARKDOWN_HEADING = re.compile(r"\n#{1,6} (?=\S)")
_ASCII_SPACES = tuple((char, " ") for char in "\t\x0b\x0c\x1c\x1d\x1e\x1f")
_SPACE_RUNS = re.compile(" {2,}")

#: Pointers, bullets and pictographs that sites print before or after a label: "👉 Follow us on
#: Telegram", "▶ Watch the video", "Share this article 👇", Korean "☞ 관련기사", Japanese "■ 関連記事",
#: with emoji's variation selector. A list that an article prints with such bullets keeps them:
#: only the line's key loses them, not the text that kinds read.
_POINTERS = (
    "▶▷►▸▹◀◁◄▼▽▾▲△▴➔➙➜➝➞➟➠➡➢➣➤➥➦⇒⇨⟶⟹⬅⬆⬇↗↘⤵⤴↪☞☛"
    "■□▪▫●○◆◇◈◉◎♦★☆✦✧✱✳❖▣※✓✔✅☑✗✘❌❗❓⭐⚠🚨"
    "👉👈👇👆☝📲📱📰📢📣📌📍🔴🟢🔵🔥⚡📸📷🎥📹🎬🎧🎙📺📻🔔📧📩📨✉🗞📝💬🗨🔗👍"
    "\ufe0f\u20e3"
)
#: Characters that decorate a label line without changing what it says: "Read more:",
#: "» Related", "Advertisement -", "• Share", the Arabic script's and CJK's own comma, semicolon,
#: question mark and full stop ("التعليق على الصورة،"), CJK's brackets and middle dot ("【相關新聞】",
#: "・関連記事"), the direction marks that right-to-left text carries beside them, and `_POINTERS`.
#: Stripped from both ends for `line` matching.
DECORATION = (
    " :;,.!?-|/\\*•·>»<«›‹→←↓↑#~_=+\"'()[]{}…،؛؟۔。、〈〉《》「」『』【】〔〕〖〗・\u200e\u200f\u061c" + _POINTERS
)


#: What sites print, for screen readers, in brackets after the label of a link that opens a new
#: tab or leads off the site: "Share on Facebook (opens in a new tab)", "Twitter (Opens in new
#: window)", Drupal's "(link is external)", in the wordings of WordPress's, Jetpack's and sites'
#: own translations (normalised). A naive scraper keeps the hidden text; matching sees the label
#: without it, so that a phrase, a pattern and a menu of such links read as they do without.
_LINK_HINTS = frozenset(
    {
        # English
        "opens in a new tab", "opens in new tab", "opens in a new window", "opens in new window",
        "opens a new window", "opens new window", "opens in a new browser tab", "opens in a new browser window",
        "link opens in a new tab", "link opens in a new window", "this link opens in a new tab",
        "this link opens in a new window", "new tab", "new window", "link is external", "external link",
        "opens new tab",
        # German
        "öffnet in neuem tab", "öffnet in einem neuen tab", "öffnet in neuem fenster",
        "öffnet in einem neuen fenster", "öffnet sich in einem neuen fenster", "öffnet sich in einem neuen tab",
        "wird in neuem fenster geöffnet", "wird in einem neuen fenster geöffnet", "neues fenster", "externer link",
        # French
        "s'ouvre dans un nouvel onglet", "s'ouvre dans une nouvelle fenêtre", "ouvre dans une nouvelle fenêtre",
        "nouvel onglet", "nouvelle fenêtre", "lien externe",
        # Spanish
        "se abre en una nueva pestaña", "se abre en una pestaña nueva", "se abre en una nueva ventana",
        "se abre en una ventana nueva", "abre en una nueva ventana", "nueva ventana", "enlace externo",
        # Italian
        "si apre in una nuova scheda", "si apre in una nuova finestra", "apre in una nuova finestra",
        "nuova finestra", "link esterno",
        # Portuguese
        "abre em uma nova aba", "abre em nova aba", "abre em uma nova janela", "abre em nova janela",
        "abre numa nova janela", "nova janela", "link externo",
        # Dutch
        "opent in een nieuw tabblad", "opent in een nieuw venster", "opent in nieuw venster",
        "wordt in een nieuw venster geopend", "nieuw venster", "externe link",
        # Polish
        "otwiera się w nowej karcie", "otwiera się w nowym oknie", "nowe okno", "link zewnętrzny",
        # Swedish, Danish, Norwegian, Finnish
        "öppnas i nytt fönster", "öppnas i ett nytt fönster", "öppnas i ny flik", "åbner i et nyt vindue", "åbner i nyt vindue",
        "åpnes i nytt vindu", "åpnes i ny fane", "avautuu uuteen ikkunaan", "avautuu uudessa ikkunassa",
        "linkki avautuu uuteen ikkunaan",
        # Czech, Hungarian, Greek, Turkish
        "otevře se v novém okně", "új ablakban nyílik meg", "új ablakban nyílik", "ανοίγει σε νέο παράθυρο",
        "ανοίγει σε νέα καρτέλα", "yeni pencerede açılır", "yeni sekmede açılır",
        # Russian, Ukrainian
        "откроется в новом окне", "ссылка откроется в новом окне", "открывается в новом окне",
        "відкривається в новому вікні",
        # Japanese, Chinese, Korean
        "新しいウィンドウで開きます", "新しいウィンドウで開く", "別ウィンドウで開きます", "別ウィンドウで開く",
        "外部リンク", "在新窗口中打开", "在新窗口打开", "新窗口打开", "새 창 열림", "새창 열림", "새창",
    }
)
#: Words in the longest hint: lines are chosen for matching by their words before normalising.
LINK_HINT_WORDS = max(len(hint.split()) for hint in _LINK_HINTS)
_HINTS = r"\((?:" + "|".join(sorted(map(re.escape, _LINK_HINTS), key=len, reverse=True)) + r")\)"
#: One search per document, which skips ahead to each "(": about 10 µs a 10 KB document, and
#: twice that ignoring case, which only text that keeps its case needs.
_LINK_HINT = re.compile(_HINTS)
_LINK_HINT_ANY_CASE = re.compile(_HINTS, re.IGNORECASE)


def _without_link_hints(text: str, hint: re.Pattern[str]) -> str:
    """`text` without the link hints (`_LINK_HINTS`) that follow a label; a line that is the
    hint alone keeps it, or it would read as a blank line."""
    if hint.search(text) is None:
        return text
    return hint.sub(_dropped_hint, text)


def _dropped_hint(hint: re.Match[str]) -> str:
    start = hint.start()
    return hint.group(0) if start == 0 or hint.string[start - 1] == "\n" else ""


#: An HTML character reference, named or numbered: "&nbsp;", "&raquo;", "&#8230;", "&#x2192;".
#: Scrapers that strip tags with a regex, or read a feed's escaped text, leave them in the words
#: ("Read more&nbsp;&raquo;", "Copyright &copy; 2025 ..."); matching sees the characters they
#: stand for. Only the full form with its semicolon: "AT&T" and "R&D" are no references.
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: A reference to a line break decodes to a space: a line of the text stays one line.
_LINE_BREAKS = str.maketrans("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " " * 10)


def _without_character_references(text: str) -> str:
    """`text` with its HTML character references (`_CHARACTER_REFERENCE`) decoded; one that
    names no character stays as it is."""
    return _CHARACTER_REFERENCE.sub(_decoded, text)


def _decoded(reference: re.Match[str]) -> str:
    text = reference.group(0)
    if text[1] != "#" and text[1:] not in html5:  # html.unescape would decode a prefix: "&not" of "&notes;"
        return text
    return html.unescape(text).translate(_LINE_BREAKS)


def normalize(text: str, *, keep_case: bool = False) -> str:
    """Return `text` NFKC-normalised, lower-cased, with quotes, dashes and spaces unified, the
    spellings `fold_letters` makes one folded, and Markdown's marks (`_without_markdown`) and
    links' screen-reader hints (`_without_link_hints`) gone.

    Newlines are preserved (see `normalize_lines`), so a whole document can be normalised in
    one call and split into the same lines as the original. `keep_case` leaves the letters'
    case alone, for the few tests that need it (a name is capitalised, a phrase is not).
    """
    if "&" in text:
        text = _without_character_references(text)
    text = _replace_each(text, _ASCII_SPACES)
    ascii_only = text.isascii()
    if not ascii_only:
        if _SPECIAL.search(text):
            text = _replace_each(text, _REPLACEMENTS)
        # The quick check is ten times faster than NFKC itself, and most text passes it; when
        # it fails, usually a line or two is to blame ("½", "™"), so only those are normalised.
        if not unicodedata.is_normalized("NFKC", text):
            text = "\n".join(
                line if unicodedata.is_normalized("NFKC", line) else unicodedata.normalize("NFKC", line)
                for line in text.split("\n")
            )
    if not keep_case:
        text = text.lower()
        if not ascii_only:
            text = fold_letters(text)
    text = _without_link_hints(_without_markdown(text), _LINK_HINT_ANY_CASE if keep_case else _LINK_HINT)
    if "  " in text:
        text = _SPACE_RUNS.sub(" ", text)
    return text.strip(" ")


#: Spellings of one word that case and NFKC leave apart. Turkish capitals lower-case to "i" and a
#: combining dot ("İ") or to a dotted "i" where the word has a dotless "ı" ("I"), and Greek words
#: in capitals carry no accents, which in lower case they have ("ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ" is "διαβάστε
#: επίσης"). Arabic-script sites write the same label with or without its vowel marks and
#: tatweel, with a hamza on the alef or none, a final "ى" or "ي", "ة" or "ه", and Persian sites
#: type Arabic "ي" and "ك" for "ی" and "ک" ("اقرأ أيضًا", "اقرا ايضا"); the usual search
#: normalisation of Arabic text makes them one. Russian writes "ё" or, on most sites, "е" ("ещё",
#: "еще"), which its search normalisation makes one too. Matching folds them in lines, phrases
#: and regexes alike, so a rule written one way meets the others.
_FOLDS = (
    ("\u0307", ""), ("ı", "i"), ("ё", "е"),
    ("ά", "α"), ("έ", "ε"), ("ή", "η"), ("ί", "ι"), ("ό", "ο"), ("ύ", "υ"), ("ώ", "ω"),
    ("ϊ", "ι"), ("ϋ", "υ"), ("ΐ", "ι"), ("ΰ", "υ"),
    *((mark, "") for mark in "\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"),
    ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ی", "ي"), ("ک", "ك"), ("ة", "ه"),
)


def fold_letters(text: str) -> str:
    """`text` (lower case) with `_FOLDS` applied."""
    return _replace_each(text, _FOLDS)


def _replace_each(text: str, pairs: Iterable[tuple[str, str]]) -> str:
    """`text` with each pair's character replaced: a scan per character, a copy only where one
    occurs, which beats `str.translate` on text where few of them do."""
    for char, replacement in pairs:
        if char in text:
            text = text.replace(char, replacement)
    return text


def _without_markdown(text: str) -> str:
    """`text` with Markdown links reduced to their words, and bold, italics around a whole
    line and heading marks gone.

    Most text has none of them, which a search for one character tells fastest: a search for
    two, such as "](", took about 4 µs on a 5 KB document that is not ASCII, every document.
    """
    if "]" in text and "](" in text:
        text = _MARKDOWN_LINK_ITEM.sub(r"\n\1", f"\n{text}\n")[1:-1]
        text = _MARKDOWN_LINK.sub(_link_words, text)
    for mark, (bold, italic) in _EMPHASIS.items():
        if mark in text:
            # the text's first and last lines between line breaks too
            text = italic.sub(r"\n\1\2", f"\n{bold.sub('', text)}\n")[1:-1]
    if "#" in text:
        text = _MARKDOWN_HEADING.sub("\n", "\n" + text)[1:]
    return text


def _link_words(link: re.Match[str]) -> str:
    """A link's words; an image ("![alt](src)") stays whole."""
    start = link.start()
    return link.group(0) if start and link.string[start - 1] == "!" else link.group(1)


def normalize_lines(text: str) -> list[str]:
    """`normalize` the lines of `text` (joined by ``\n``) in one pass, each line trimmed."""
    return [line.strip(" ") for line in normalize(text).split("\n")]


def joins_word(text: str, left: int, right: int) -> bool:
    """Whether positions `left` and `right` of `text` lie inside one word.

    A phrase found at a position must not be part of a longer word ("ad" in "adult"). Scripts
    written without spaces (Chinese, Japanese) have no word boundaries to require.
    """
    if left < 0 or right >= len(text):
        return False
    a, b = text[left], text[right]
    return a.isalnum() and b.isalnum() and a.isascii() == b.isascii() and ord(a) < 0x2E80


#: Pointers, arrows and separators that templates print beside a link's or a button's words
#: ("👉 Sign up for our newsletter", "Listen to The Daily every weekday →", "By Jane Doe |"),
#: and emoji's variation selector; pictographs (`PICTOGRAPHS`) count too. Rule regexes look
#: through them at a line's ends (`declutter.linere.as_whole_line`), as keys drop them.
POINTER_ENDS = frozenset("›→>|▶►➡☞\ufe0f")
#: The blocks of emoji and other pictographs, first and last code point.
PICTOGRAPHS = ("\U0001f000", "\U0001faff")


def without_pointers(normalized_line: str) -> str:
    """`normalized_line` without the run of pointers and pictographs (`POINTER_ENDS`) at each
    end and the space beside it, as `declutter.linere.as_whole_line` looks through them. A line
    that is nothing else stays, and so does a table's row, as Markdown writes it ("| 7 May |")."""
    line = normalized_line
    if line[:1] == "|" and line[-1:] == "|":
        return line
    start, end = 0, len(line)
    while start < end and _is_pointer(line[start]):
        start += 1
    if start and line[start : start + 1] == " ":
        start += 1
    while end > start and _is_pointer(line[end - 1]):
        end -= 1
    if end < len(line) and line[end - 1 : end] == " ":
        end -= 1
    return line[start:end] if start < end else line


def without_brackets(normalized_line: str) -> str:
    """`normalized_line` without the square brackets around all of it, which sites put around
    a link into another story inside the article (Popular Science's "[Related: How to ...]",
    the Washington Post's "[Read: ...]") and players around their labels ("[Video]"). Round
    brackets stay: around a whole line they hold the article's own notes ("(Stand: 12.3.2024)"
    under a table, "(Updated with the minister's reply)"). A line with more than one pair
    ("[1] ... [2]") keeps them too."""
    line = normalized_line
    if len(line) < 3 or line[0] != "[" or line[-1] != "]":
        return line
    inner = line[1:-1]
    if "[" in inner or "]" in inner:
        return line
    return inner.strip(" ")


def _is_pointer(char: str) -> bool:
    return char in POINTER_ENDS or PICTOGRAPHS[0] <= char <= PICTOGRAPHS[1]


def line_key(normalized_line: str) -> str:
    """The key under which a whole line is looked up: the normalised line without decoration,
    without icon names and glyphs at its ends, without the count in brackets that buttons and
    tabs print after their label, and once if it is one label printed twice."""
    return _label(_without_icons(normalized_line.strip(DECORATION)))


def line_keys(normalized_lines: Iterable[str], *, icons: bool = True) -> tuple[str, ...]:
    """`line_key` of many lines in one call, for a document's every candidate line.

    `icons` says whether the lines may hold an icon's name or glyph at all: a document tells it
    once (an underscore; a UTF-8 lead byte of the Private Use Area or of the pictographs), and
    most have neither, so most keys skip the look.
    """
    keys = [line.strip(DECORATION) for line in normalized_lines]
    if icons:
        keys = [_without_icons(key) for key in keys]
    return tuple([_label(key) for key in keys])


def _without_icons(key: str) -> str:
    """`key` without the icon-font glyphs (`_without_glyphs`) and icon names
    (`_without_icon_names`) at its ends. A comparison at each end rules out glyphs: only
    characters from U+E000 on can be one."""
    if key[:1] > _BEFORE_GLYPHS or key[-1:] > _BEFORE_GLYPHS:
        key = _without_glyphs(key)
    if "_" in key:
        key = _without_icon_names(key)
    return key


#: The names of Google's Material Icons that page templates put beside a label: the icon font
#: draws the name as a picture, and a scraper reads the name ("Read more arrow_forward",
#: "expand_more Sections", "Share ios_share"). Only names with an underscore, which no word of
#: prose has: "share", "close" and "menu" are icons too, and words. A line that is nothing but
#: such a name (a breadcrumb's "chevron_right") keeps it, for the `icon-font-name` rule.
_ICON_NAMES = frozenset(
    """
    arrow_forward arrow_forward_ios arrow_back arrow_back_ios arrow_back_ios_new arrow_right_alt
    arrow_upward arrow_downward arrow_drop_down arrow_drop_up arrow_outward arrow_circle_right
    arrow_circle_left chevron_right chevron_left keyboard_arrow_right keyboard_arrow_left
    keyboard_arrow_down keyboard_arrow_up keyboard_double_arrow_right keyboard_double_arrow_left
    expand_more expand_less expand_circle_down navigate_next navigate_before first_page last_page
    open_in_new open_in_full close_fullscreen fullscreen_exit more_vert more_horiz play_arrow
    play_circle play_circle_filled play_circle_outline pause_circle skip_next skip_previous volume_up
    volume_off volume_mute closed_caption access_time calendar_today calendar_month date_range
    event_note chat_bubble chat_bubble_outline mode_comment add_comment thumb_up thumb_down
    thumb_up_off_alt bookmark_border bookmark_add bookmark_added favorite_border content_copy
    file_download file_copy picture_as_pdf local_offer account_circle manage_accounts person_outline
    mail_outline alternate_email photo_camera photo_library remove_red_eye visibility_off north_east
    trending_up trending_flat format_quote text_fields zoom_in zoom_out ios_share add_link insert_link
    exit_to_app notifications_none notifications_active
    """.split()
)

#: Up to this many characters a key may be a label printed twice: a button's or a tab's words.
_DOUBLED_MAX = 60


def _label(key: str) -> str:
    """`key` without a count in brackets after it (`_uncounted`), and once if it is printed
    twice (`_once`)."""
    if key[-1:].isdigit():
        key = _uncounted(key)
    return _once(key) if len(key) <= _DOUBLED_MAX else key


def _once(key: str) -> str:
    """`key` once if it is one label printed twice, as an icon's visible label and its
    screen-reader text, or a button's two states, come out of a scraper: "share share",
    "read more read more", "likelike". Halves of four letters at least when run together: "tutu"
    and "dodo" are words. "new york, new york" stays; its halves differ by a comma."""
    half = len(key) // 2
    if len(key) % 2:
        return key[:half] if key[half] == " " and key[:half] == key[half + 1 :] else key
    return key[:half] if half >= 4 and key[:half] == key[half:] else key


def _without_icon_names(key: str) -> str:
    """`key` without the icon names (`_ICON_NAMES`) at its ends: "read more arrow_forward" is
    "read more". A key that is only icon names stays."""
    words = key.split(" ")
    start, end = 0, len(words)
    while start < end and words[start] in _ICON_NAMES:
        start += 1
    while end > start and words[end - 1] in _ICON_NAMES:
        end -= 1
    if start == end or (start, end) == (0, len(words)):
        return key
    return " ".join(words[start:end]).strip(DECORATION) or key


#: Icon fonts (Font Awesome, IcoMoon, sites' own) draw their glyphs at code points of Unicode's
#: Private Use Area, which some templates write into the page itself: scraped, a share bar is
#: "\ue093 Share", "\ue094 Tweet". The glyph is a picture with no meaning as text; so is an
#: emoji ("Follow us on Telegram 📲", "Share this story 🙏"), of which `_POINTERS` names only a
#: few: the pictographs' blocks from U+1F000 on are taken whole.
_GLYPHS = (("\ue000", "\uf8ff"), PICTOGRAPHS)
#: Every glyph sorts after this character, so one comparison rules out most line ends.
_BEFORE_GLYPHS = "\udfff"


def _is_glyph(char: str) -> bool:
    return any(low <= char <= high for low, high in _GLYPHS)


def _without_glyphs(key: str) -> str:
    """`key` without the icon-font glyphs (`_GLYPHS`) at its ends: U+E093 before "share" is
    dropped. A key that is only glyphs stays, for the `icon-font-name` rule."""
    start, end = 0, len(key)
    while start < end and (_is_glyph(key[start]) or key[start] in DECORATION):
        start += 1
    while end > start and (_is_glyph(key[end - 1]) or key[end - 1] in DECORATION):
        end -= 1
    if start == end:
        return key
    return key[start:end]


def _uncounted(key: str) -> str:
    """`key` (decoration stripped, so its closing bracket is gone) without a count in brackets
    at its end: "share (3" of "Share (3)" is "share", and "comments [12" is "comments"; "top 10"
    and "2024" stay. A count is no label's own word: buttons, tabs and headings of lists print
    how many shares, replies or stories they hold after the label ("Replies (5)", "Photos (12)")."""
    label = key.rstrip("0123456789")
    if label[-1:] not in ("(", "["):
        return key
    return label.strip(DECORATION) or key
