"""Bad input, through the library and the command line: a result or a clear declutter error.

declutter runs unattended over millions of scraped documents, so no input may hang it, crash
it with a Python exception from deep inside, or lose text. Big inputs are generated here, not
committed; time limits only catch hangs (see the `time_limit` fixture).
"""

from __future__ import annotations

import codecs
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from click.testing import CliRunner
from invariants import assert_sound

import declutter
from declutter import Cleaner, DeclutterError
from declutter.cli import main
from declutter.decoding import decode_text
from declutter.errors import InputError

TimeLimit = Callable[[float], AbstractContextManager[None]]

PROSE = (
    "The council met on Tuesday to discuss the budget, which funds schools and roads."
)
NOISE = "Advertisement"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256)) * 4


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def both(text: str, cleaner: Cleaner) -> declutter.Result:
    """Clean through the module function and a `Cleaner`; they must agree."""
    result = declutter.clean_text(text)
    assert cleaner.clean_text(text) == result
    assert_sound(text, result)
    return result


# --- the library ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n", "\n\n\n", " \t \n\t\n  ", "\r\n\r\n", "\r", "\u00a0\n\u200b\n"],
)
def test_empty_and_whitespace_only_come_back_unchanged(
    text: str, cleaner: Cleaner
) -> None:
    result = both(text, cleaner)
    assert result.text == text and not result.removed and not result.guarded


def test_nul_and_control_characters_are_kept_byte_for_byte(cleaner: Cleaner) -> None:
    controls = "".join(map(chr, [*range(9), *range(11, 13), *range(14, 32), 127]))
    text = f"{PROSE}\x00\n\n{NOISE}\n\n\x1b[31mred\x1b[0m {controls} {PROSE}\n\x00\n{PROSE}\x0c\x0b\n"
    result = both(text, cleaner)
    assert [r.text for r in result.removed] == [NOISE]
    assert result.text == text.replace(f"{NOISE}\n\n", "")


def test_noise_padded_with_control_characters_still_matches(cleaner: Cleaner) -> None:
    text = f"{PROSE}\n\x0b{NOISE}\x0c\n{PROSE}\n"
    assert [r.line for r in both(text, cleaner).removed] == [2]


def test_lone_surrogates_in_a_str_are_kept(cleaner: Cleaner) -> None:
    text = f"{PROSE} \ud800\n\n{NOISE}\n\nStray \udfff half \udc80 of pairs.\n{NOISE}\ud83d\n\ud800\n"
    result = both(text, cleaner)
    assert [r.line for r in result.removed] == [3]
    assert "\ud800" in result.text and "\udfff half \udc80" in result.text


def test_binary_data_decoded_as_latin1_is_cleaned_as_text(cleaner: Cleaner) -> None:
    both(PNG.decode("latin-1"), cleaner)


@pytest.mark.parametrize("value", [PNG, bytearray(b"text\n"), None, 42, ["a line"]])
def test_a_non_str_is_refused_with_a_declutter_error(value: object) -> None:
    with pytest.raises(InputError, match="text mode cleans a str"):
        declutter.clean_text(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (f"{PROSE}\r\n{NOISE}\r\n{PROSE}\r\n", [PROSE, PROSE]),
        (f"{PROSE}\r{NOISE}\r{PROSE}", [PROSE, PROSE]),
        (f"{PROSE}\n{NOISE}\r\n{PROSE}\r{PROSE}", [PROSE, PROSE, PROSE]),
    ],
)
def test_crlf_and_cr_endings_split_lines_and_are_kept(
    text: str, lines: list[str], cleaner: Cleaner
) -> None:
    result = both(text, cleaner)
    assert [r.line for r in result.removed] == [2]
    assert result.text.splitlines() == lines
    assert result.text == text.replace(NOISE + "\r\n", "").replace(NOISE + "\r", "")


def test_a_cr_line_and_a_blank_lf_line_do_not_merge_into_one_crlf(
    cleaner: Cleaner,
) -> None:
    # Removing the line between "...\r" and "\n" would join them into one "\r\n" ending.
    text = f"{PROSE}\r{NOISE}\n\n\n{PROSE}\n"
    result = both(text, cleaner)
    assert result.text == f"{PROSE}\r{PROSE}\n"


@pytest.mark.parametrize(
    "url",
    [
        "http://[bad",
        "http://[::1]:99999/x",
        "//",
        "ht!tp://x",
        "\x00",
        "http://a\udc80.com",
    ],
)
def test_a_broken_url_cleans_as_a_document_without_one(
    url: str, cleaner: Cleaner
) -> None:
    result = cleaner.clean_text(f"{PROSE}\n{NOISE}\n", url=url)
    assert result.url == url and result.text == f"{PROSE}\n"


def test_unicode_line_separators_stay_inside_their_line(cleaner: Cleaner) -> None:
    glued = f"{PROSE}\u2028{NOISE}\u2029{NOISE}\x85{NOISE}"
    text = f"{glued}\n{NOISE}\u2028\n{PROSE}\n"
    result = both(text, cleaner)
    assert [(r.line, r.text) for r in result.removed] == [(2, f"{NOISE}\u2028")]
    assert result.text == f"{glued}\n{PROSE}\n"


def test_a_one_megabyte_line(cleaner: Cleaner, time_limit: TimeLimit) -> None:
    for line in (
        "x" * 1_000_000,
        "word " * 200_000,
        "Advertisement " * 70_000,
        "\u4e2d" * 1_000_000,
    ):
        text = f"{PROSE}\n{line}\n{NOISE}\n"
        with time_limit(20):
            result = both(text, cleaner)
        assert line in result.text and [r.line for r in result.removed] == [3]


def test_a_fifty_megabyte_document(cleaner: Cleaner, time_limit: TimeLimit) -> None:
    block = f"{PROSE} {PROSE} {PROSE}\n\n{NOISE}\n\nRead more:\nCouncil approves the budget for schools\n\n"
    text = block * (50_000_000 // len(block))
    with time_limit(120):
        result = cleaner.clean_text(text)
    assert not result.guarded and len(result.removed) == 3 * text.count(block)
    assert result.text == f"{PROSE} {PROSE} {PROSE}\n\n" * text.count(block)


def test_two_hundred_thousand_lines(cleaner: Cleaner, time_limit: TimeLimit) -> None:
    lines = [PROSE if i % 4 else NOISE for i in range(200_000)]
    text = "\n".join(lines) + "\n"
    with time_limit(60):
        result = cleaner.clean_text(text)
    assert len(result.removed) == 50_000 and result.text == f"{PROSE}\n" * 150_000


@pytest.mark.parametrize(
    "body",
    [
        # a heading on every line: each one looks ahead over the next lines
        "Related\n",
        "Read more:\nCouncil approves the budget for the schools\n",
        "Please use Chrome browser for a more accessible video player\nA video about the budget vote\n",
        # short lines that each are one word: a navigation run as long as the document
        "Home\n",
    ],
)
def test_two_hundred_thousand_lines_of_noise(body: str, time_limit: TimeLimit) -> None:
    text = body * (200_000 // body.count("\n"))
    with time_limit(60):
        result = Cleaner(max_removed=1).clean_text(text)
    assert result.text == "" and len(result.removed) == 200_000


def test_a_menu_of_a_hundred_thousand_entries_that_come_back_later(time_limit: TimeLimit) -> None:
    # The run kind asks of each entry whether it heads a section later: one look-up each, not a
    # scan of the rest of the document (which took 34 s for half as many entries).
    menu = [f"Label {i}" for i in range(100_000)]
    text = "\n".join([*menu, PROSE, *(f"Label {i}\n{PROSE}" for i in range(100_000))]) + "\n"
    with time_limit(30):
        result = Cleaner(max_removed=1).clean_text(text)
    assert result.text == text  # its entries head sections: a table of contents, kept


@pytest.mark.parametrize(
    "line",
    ["[" * 200_000 + "](", "[a](" * 100_000, "[a](b" * 100_000, "**" + "a" * 200_000, "*" + "a " * 100_000],
    ids=["open-brackets", "link-openings", "unclosed-targets", "bold-never-closed", "italic-never-closed"],
)
def test_markdown_look_alikes_in_one_long_line(time_limit: TimeLimit, line: str) -> None:
    # A link's text and target are bounded: a scan to the line's end from every "[" made a
    # line of 20,000 of them take over a second, and of 200,000 hours.
    text = f"{PROSE}\n{line}\n{PROSE}\n"
    with time_limit(10):
        assert Cleaner(max_removed=1).clean_text(text).text == text


def test_repeated_lines_nested_two_hundred_thousand_deep(time_limit: TimeLimit) -> None:
    # Each removed pair brings the next pair together ("A B B A"): once a pass per pair.
    half = [f"Story number {i} from today" for i in range(100_000)]
    text = "\n".join(half + half[::-1]) + "\n"
    with time_limit(60):
        result = Cleaner(max_removed=1).clean_text(text)
    assert result.text == "" and {r.rule for r in result.removed} == {
        "promo-line-repeated"
    }


# --- decoding bytes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"", ""),
        (b"plain\n", "plain\n"),
        (codecs.BOM_UTF8 + b"marked\n", "marked\n"),
        ("Grüße\r\n".encode("utf-16"), "Grüße\r\n"),
        (codecs.BOM_UTF16_BE + "big end\n".encode("utf-16-be"), "big end\n"),
        (codecs.BOM_UTF16_LE + "little end\n".encode("utf-16-le"), "little end\n"),
        ("wide 😀\n".encode("utf-32"), "wide 😀\n"),
        (codecs.BOM_UTF32_BE + "big\n".encode("utf-32-be"), "big\n"),
        (b"nul\x00inside\n", "nul\x00inside\n"),
    ],
)
def test_decoding_reads_utf8_and_byte_order_marks(data: bytes, text: str) -> None:
    assert decode_text(data) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PNG, "not valid UTF-8 text (bad byte at offset 0)"),
        (b"caf\xe9 au lait\n", "not valid UTF-8 text (bad byte at offset 3)"),
        (
            b"ok\n\xed\xa0\x80\n",
            "not valid UTF-8 text (bad byte at offset 3)",
        ),  # an encoded surrogate
        (codecs.BOM_UTF16_LE + b"odd", "not valid UTF-16 text"),
        (
            codecs.BOM_UTF16_LE + b"\x00\xd8a\x00",
            "not valid UTF-16 text",
        ),  # a lone surrogate
        (
            codecs.BOM_UTF32_BE + b"\x00\x11\x00\x00",
            "not valid UTF-32 text",
        ),  # beyond U+10FFFF
    ],
)
def test_decoding_refuses_other_bytes_clearly(data: bytes, message: str) -> None:
    with pytest.raises(
        InputError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        decode_text(data)


def test_input_error_is_a_declutter_error() -> None:
    assert issubclass(InputError, DeclutterError)


# --- the command line ----------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\n", b" \t\r\n \r\n"])
def test_cli_passes_empty_and_blank_files_through(
    runner: CliRunner, tmp_path: Path, data: bytes
) -> None:
    result = runner.invoke(main, ["clean", str(write(tmp_path, "in.txt", data))])
    assert result.exit_code == 0 and result.stdout_bytes == data and result.stderr == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [(PNG, "UTF-8"), (b"caf\xe9\n", "UTF-8")],
    ids=["png", "latin1"],
)
def test_cli_refuses_bytes_that_are_not_text_in_one_line(
    runner: CliRunner, tmp_path: Path, data: bytes, message: str
) -> None:
    path = write(tmp_path, "in.txt", data)
    result = runner.invoke(main, ["clean", str(path)])
    assert result.exit_code == 1
    assert (
        result.stderr.count("\n") == 1
        and message in result.stderr
        and str(path) in result.stderr
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_goes_on_past_a_binary_file(runner: CliRunner, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", f"{PROSE}\n{NOISE}\n".encode())
    bad = write(tmp_path, "image.png", PNG)
    out = tmp_path / "out"
    result = runner.invoke(main, ["clean", "-o", str(out), str(bad), str(good)])
    assert result.exit_code == 1 and "image.png" in result.stderr
    assert (out / "good.txt").read_text(encoding="utf-8") == f"{PROSE}\n"
    assert not (out / "image.png").exists()


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_cli_reads_utf16_and_utf32_with_a_byte_order_mark(
    runner: CliRunner, tmp_path: Path, codec: str
) -> None:
    path = write(tmp_path, "in.txt", f"{PROSE}\r\n{NOISE}\r\n{PROSE}\r\n".encode(codec))
    result = runner.invoke(main, ["clean", str(path)])
    assert result.exit_code == 0
    assert (
        result.stdout_bytes == f"{PROSE}\r\n{PROSE}\r\n".encode()
    )  # output is always UTF-8


def test_cli_keeps_nul_control_and_line_separator_bytes(
    runner: CliRunner, tmp_path: Path
) -> None:
    kept = f"{PROSE}\x00\x01\x7f\r\nA\u2028B\u0085C\rlast line without an ending"
    path = write(tmp_path, "in.txt", f"{NOISE}\r\n{kept}".encode())
    result = runner.invoke(main, ["clean", str(path)])
    assert result.exit_code == 0 and result.stdout_bytes == kept.encode()


def test_cli_cleans_a_one_megabyte_line_from_stdin(
    runner: CliRunner, time_limit: TimeLimit
) -> None:
    text = f"{NOISE}\n{'x' * 1_000_000}\n"
    with time_limit(30):
        result = runner.invoke(main, ["clean", "-"], input=text.encode())
    assert result.exit_code == 0 and result.stdout == f"{'x' * 1_000_000}\n"


def test_cli_refuses_invalid_utf8_on_stdin(runner: CliRunner) -> None:
    result = runner.invoke(main, ["clean", "-"], input=b"ok\n\xff\xfe\xfd\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("declutter: -: not ") and "UTF-8" in result.stderr


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (PNG, 1),
        (b"caf\xe9\n", 1),
        (b"", 0),
        (b"a\x00b\r\n\x1b[0m\n", 0),
        ("\u2028\n".encode(), 0),
    ],
    ids=["png", "latin1", "empty", "controls", "u2028"],
)
def test_the_installed_command_shows_no_traceback(
    tmp_path: Path, data: bytes, status: int
) -> None:
    path = write(tmp_path, "in.bin", data)
    done = subprocess.run(
        [sys.executable, "-m", "declutter", "clean", str(path)],
        capture_output=True,
        check=False,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == status, done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stderr.count(b"\n") == status  # one line per failed input
    if status == 0:
        assert done.stdout == data
