"""What a line looks like: the definitions of "prose" and "headline" that neighbour rules use.

A line is *prose* when it reads as a sentence of the article: it ends in sentence-final
punctuation (``.``, ``!``, an ellipsis; closing quotes and brackets are looked through) or
has more words than a headline has. A *headline* is any other line with a bounded number of
words: the linked titles that follow "Read more:" or a video player, which never end in a full
stop. A question mark does not make prose, because headlines ask questions. A line of a
hard-wrapped paragraph *continues* the line above it (`continues`).
"""

from __future__ import annotations

import re

CLOSERS = "\"')]}*”’»"
#: Brackets, operators and markup of code and tables: a line with one of them is not a label.
CODE_CHARACTERS = "{}()[]<>=;:|│`$#*\\_\""
#: Full stops and exclamation marks; the danda ends a sentence in Hindi and Bengali, and "۔" in Urdu.
SENTENCE_ENDS = (".", "!", "...", "。", "！", "।", "۔")
#: A list item's number at the start of a line: "5. Beware the hairdryer", "2) Prices".
LIST_NUMBER = r"\d{1,3}[.)]\s"


def word_count(normalized_line: str) -> int:
    return normalized_line.count(" ") + 1 if normalized_line else 0


def ends_sentence(normalized_line: str) -> bool:
    return normalized_line.rstrip(CLOSERS).endswith(SENTENCE_ENDS)


#: A sentence of the article has at least this many words; menus, teasers and labels fewer.
PROSE_WORDS = 8


#: A sentence in a script written without spaces (Chinese, Japanese) has at least this many
#: characters; it ends in "。" or "！".
PROSE_CHARACTERS = 16


def is_prose(line: str) -> bool:
    """Whether a line reads as a sentence of the article: eight words or more (sixteen
    characters, in a script written without spaces), ending as a sentence does. Closing
    quotes, curly ones too, are looked through, so a raw line (one too long to be normalised)
    is judged alike. So is a short bracketed tag after the last sentence: magazines sign each
    part of a list article "... with caution. [A.A. Dowd]", agencies end "... he said. (AP)"."""
    if not ends_sentence(line):
        line = _without_end_tag(line)
        if not ends_sentence(line):
            return False
    if word_count(line) >= PROSE_WORDS:
        return True
    return len(line) >= PROSE_CHARACTERS and line.rstrip(CLOSERS).endswith(("。", "！"))


#: A bracketed tag after a paragraph's last sentence has at most this many words.
END_TAG_WORDS = 4


def _without_end_tag(line: str) -> str:
    """`line` without a short "[Name]" or "(Agency)" after its last sentence, if it has one."""
    line = line.rstrip()
    if not line.endswith(("]", ")")):
        return line
    start = line.rfind("[" if line[-1] == "]" else "(")
    if start < 1 or line[start - 1] != " " or line.count(" ", start) >= END_TAG_WORDS:
        return line
    return line[:start].rstrip()


#: A line of at least this many words that ends no sentence may run on into the line under it.
WRAPPED_WORDS = 6
#: Opening quotes and brackets, looked through to find a line's first letter.
OPENERS = "\"'“‘«„¿¡(["


def continues(previous_normalized: str, raw_line: str) -> bool:
    """Whether `raw_line` carries on the sentence of the line right above it, as the lines of a
    hard-wrapped paragraph do (html2text, terminal browsers and mail wrap text at 72 to 80
    columns): that line has `WRAPPED_WORDS` words or more and ends no sentence, and this one
    starts in lower case. The last line of such a paragraph ("the cache is cleared", "yet?")
    is short and ends no sentence, so on its own it reads as a label."""
    return (
        raw_line.lstrip(OPENERS)[:1].islower()
        and word_count(previous_normalized) >= WRAPPED_WORDS
        and not ends_sentence(previous_normalized)
    )


def ends_wrapped_sentence(previous_normalized: str, raw_line: str) -> bool:
    """Whether a line ends a sentence that began on the line above it, as the last line of a
    hard-wrapped paragraph does ("the cache." under a line of seventy columns): prose,
    however few its own words."""
    return continues(previous_normalized, raw_line) and ends_sentence(raw_line.rstrip())


def is_headline(normalized_line: str, *, min_words: int = 1, max_words: int = 20) -> bool:
    """Whether a normalised line has the shape of a headline or link title, not of prose.

    Chinese, Japanese and Thai write a headline without spaces between its words, so for the
    lower bound a line counts at least a word for every `SPACELESS_CHARACTERS_PER_WORD` letters
    of those scripts ("城市更新的下一步在哪里" is five words, not one); the upper bound counts
    spaces only, so no line that was a headline stops being one."""
    words = word_count(normalized_line)
    if words < min_words:
        words = max(words, len(_SPACELESS_LETTERS.findall(normalized_line)) // SPACELESS_CHARACTERS_PER_WORD)
    if not min_words <= words <= max_words:
        return False
    return not ends_sentence(normalized_line) and not normalized_line.endswith(":")


#: A word of Chinese, Japanese or Thai is about two characters long.
SPACELESS_CHARACTERS_PER_WORD = 2
_SPACELESS_LETTERS = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def looks_like_code(raw_line: str) -> bool:
    """Whether a raw (unnormalised) line is indented or holds code characters.

    Extractors keep code blocks and tables, whose short lines repeat ("});") and run together
    like menus; rules about repeats and runs of labels must leave them alone.
    """
    return raw_line[:1].isspace() or not _CODE_SET.isdisjoint(raw_line)


_CODE_SET = frozenset(CODE_CHARACTERS)
