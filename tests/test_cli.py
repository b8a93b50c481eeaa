"""The command line: inputs and outputs, explanations, settings files, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from declutter.cli import main

START = "The story starts here, with a sentence long enough to be most of the document."
END = "And it ends here, after a second sentence about what happened on the night."
NOISY = f"{START}\n\nPlease use Chrome browser for a more accessible video player\n\n{END}\n"
CLEAN = f"{START}\n\n{END}\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_stdin_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(main, ["clean"], input=NOISY)
    assert result.exit_code == 0
    assert result.stdout == CLEAN


def test_explain_lists_removals_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(NOISY, encoding="utf-8")
    result = runner.invoke(main, ["clean", "--explain", str(path)])
    assert result.stdout == CLEAN
    assert result.stderr == (
        f"{path}:3: video-player-chrome-notice: "
        "Please use Chrome browser for a more accessible video player\n"
    )


def test_one_output_file_and_a_folder_for_several(runner: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(NOISY, encoding="utf-8")
    b.write_text("Nothing to remove.\n", encoding="utf-8")
    assert runner.invoke(main, ["clean", str(a), "-o", str(tmp_path / "out.txt")]).exit_code == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == CLEAN
    assert runner.invoke(main, ["clean", str(a), str(b), "-o", str(tmp_path / "out")]).exit_code == 0
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "out" / "b.txt").read_text(encoding="utf-8") == "Nothing to remove.\n"


def test_never_overwrites_an_input_without_in_place(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(NOISY, encoding="utf-8")
    result = runner.invoke(main, ["clean", str(path), "-o", str(path)])
    assert result.exit_code == 2
    assert "overwrite its input" in result.stderr
    assert path.read_text(encoding="utf-8") == NOISY
    assert runner.invoke(main, ["clean", "--in-place", str(path)]).exit_code == 0
    assert path.read_text(encoding="utf-8") == CLEAN
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def test_a_bad_input_fails_alone_with_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    good, binary = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(NOISY, encoding="utf-8")
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xffbad")  # an image: invalid UTF-8, no BOM
    result = runner.invoke(main, ["clean", str(tmp_path / "missing.txt"), str(binary), str(good)])
    assert result.exit_code == 1
    assert result.stdout == CLEAN
    assert "missing.txt: No such file" in result.stderr and "not valid UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_and_rule_errors_exit_2_without_traceback(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nkind = "nope"\nsummary = "S."\nwhy = "W."\n', encoding="utf-8")
    result = runner.invoke(main, ["clean", "--rules", str(bad)], input="x")
    assert result.exit_code == 2
    assert result.stderr.startswith("declutter: error: ") and "unknown kind" in result.stderr
    assert runner.invoke(main, ["clean", "--no-such-flag"]).exit_code == 2


def test_crlf_input_keeps_its_line_endings(runner: CliRunner) -> None:
    result = runner.invoke(main, ["clean"], input=NOISY.replace("\n", "\r\n").encode())
    assert result.stdout_bytes == CLEAN.replace("\n", "\r\n").encode()


def test_settings_from_pyproject_and_flags_win(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("pyproject.toml").write_text('[tool.declutter]\nignore = ["video"]\n', encoding="utf-8")
    assert runner.invoke(main, ["clean"], input=NOISY).stdout == NOISY
    assert runner.invoke(main, ["clean", "--ignore", "promo"], input=NOISY).stdout == CLEAN
    Path("declutter.toml").write_text('colour = "red"\n', encoding="utf-8")
    result = runner.invoke(main, ["clean"], input=NOISY)
    assert result.exit_code == 2 and "unknown setting 'colour'" in result.stderr


def test_rules_list_show_and_test(runner: CliRunner) -> None:
    listing = runner.invoke(main, ["rules", "list"])
    assert listing.exit_code == 0
    assert any(line.startswith("video-player-chrome-notice ") for line in listing.stdout.splitlines())
    shown = runner.invoke(main, ["rules", "show", "video-player-chrome-notice"])
    assert shown.exit_code == 0 and "## Why is this noise" in shown.stdout and "## Example" in shown.stdout
    tested = runner.invoke(main, ["rules", "test", "video-player-chrome-notice"])
    assert tested.exit_code == 0 and tested.stdout.startswith("ok    video-player-chrome-notice")
    assert runner.invoke(main, ["rules", "show", "no-such-rule"]).exit_code == 2


def test_rules_test_reports_a_failing_fixture(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "fixtures" / "video-player-chrome-notice"
    folder.mkdir(parents=True)
    (folder / "removes-notice.in.txt").write_text(NOISY, encoding="utf-8")
    (folder / "removes-notice.out.txt").write_text("wrong\n", encoding="utf-8")
    args = ["rules", "test", "--fixtures", str(tmp_path / "fixtures")]
    failed = runner.invoke(main, args)
    assert failed.exit_code == 1 and failed.stdout.startswith("FAIL  video-player-chrome-notice")
    assert runner.invoke(main, [*args, "--update"]).exit_code == 0
    assert (folder / "removes-notice.out.txt").read_text(encoding="utf-8") == CLEAN


def test_the_damage_guard_keeps_a_document_and_explain_says_so(runner: CliRunner) -> None:
    text = "Share this article\nRead more:\nA headline of another story\nShort prose line.\n"
    result = runner.invoke(main, ["clean", "--explain", "-"], input=text)
    assert result.exit_code == 0
    assert result.stdout == text
    assert "guard: kept unchanged" in result.stderr
    assert "<stdin>:1: held back: share-prompt: Share this article" in result.stderr
    loose = runner.invoke(main, ["clean", "--max-removed", "1", "-"], input=text)
    assert loose.stdout == "Short prose line.\n"
    bad = runner.invoke(main, ["clean", "--max-removed", "2", "-"], input=text)
    assert bad.exit_code == 2


def test_the_command_line_loads_the_html_stack_only_for_html() -> None:
    # trafilatura and the renderer weigh a dozen megabytes and a tenth of a second per process;
    # a run over text, in every worker, should not pay for them
    probe = "import sys, declutter.cli; print('trafilatura' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "False"
