"""``declutter clean --jsonl``: records in = records out, in order, whatever the records hold."""

from __future__ import annotations

import gzip
import json
import multiprocessing
from pathlib import Path

import pytest
import zstandard
from click.testing import CliRunner

from declutter import Cleaner
from declutter.cli import main
from declutter.provenance import rules_hash

NOTICE = "Please use Chrome browser for a more accessible video player"
START = "The story starts here, with a sentence long enough to be most of the document."
END = "And it ends here, after a second sentence about what happened on the night."
NOISY = f"{START}\n\n{NOTICE}\n\n{END}\n"
CLEAN = f"{START}\n\n{END}\n"

BROKEN = [
    b'{"id": 1, "text": "unterminated',  # invalid JSON
    b"\xff\xfe{}",  # invalid UTF-8
    b'{"id": 3}',  # no text field
    b'{"id": 4, "text": 42}',  # not a string
    b'{"id": 5, "text": null}',
    b"[1, 2, 3]",  # JSON, not an object
    b"",  # a blank line: no record, written back
]


def records(n: int) -> list[bytes]:
    return [
        json.dumps({"id": i, "text": NOISY.replace("story", f"story {i}"), "url": "https://example.com/a",
                    "meta": {"lang": "en", "tags": ["x", i]}}).encode("utf-8")
        for i in range(n)
    ]


def mixed() -> list[bytes]:
    good = records(40)
    lines = []
    for i, line in enumerate(good):
        lines.append(line)
        if i % 6 == 0 and i // 6 < len(BROKEN):
            lines.append(BROKEN[i // 6])
    return lines


def run(args: list[str], stdin: bytes | None = None) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, ["clean", *args], input=stdin)
    return result.exit_code, result.stdout_bytes, result.stderr


def test_every_record_comes_out_in_order_with_errors_noted(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = mixed()
    source.write_bytes(b"\n".join(lines) + b"\n")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    code, _, stderr = run(["--jsonl", str(source), "-o", str(out), "--errors", str(errors), "-j", "2"])
    assert code == 1
    written = out.read_bytes().split(b"\n")
    assert written[-1] == b"" and len(written) - 1 == len(lines)
    for line, back in zip(lines, written):
        if line in (BROKEN[0], BROKEN[1], BROKEN[5], BROKEN[6]):
            assert back == line  # not an object: written back byte for byte
            continue
        record, cleaned = json.loads(line), json.loads(back)
        note = cleaned.pop("declutter", None)
        if isinstance(record.get("text"), str):
            assert note is None
            assert cleaned == {**record, "text": record["text"].replace(f"{NOTICE}\n\n", "")}
            assert list(cleaned) == list(record)  # field order kept
        else:
            assert cleaned == record and "not a string" in note["error"]
    listed = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert len(listed) == 6
    assert [entry["record"] for entry in listed] == [i + 1 for i, l in enumerate(lines) if l in BROKEN[:6]]
    assert "6 errors" in stderr and "40 removals (video-player-chrome-notice 40)" in stderr


def test_one_and_two_workers_write_the_same_bytes(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(mixed() * 10))  # no final line break: still a record
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.jsonl"
        run(["--jsonl", str(source), "-o", str(out), "-j", jobs, "--provenance"])
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") == len(mixed()) * 10


@pytest.mark.parametrize("compress", ["gzip", "zstd"])
def test_compressed_input_and_output(tmp_path: Path, compress: str) -> None:
    data = b"\n".join(records(30)) + b"\n"
    suffix = {"gzip": ".gz", "zstd": ".zst"}[compress]
    source = tmp_path / f"in.jsonl{suffix}"
    packed = gzip.compress(data) if compress == "gzip" else zstandard.ZstdCompressor().compress(data)
    source.write_bytes(packed)
    out = tmp_path / f"out.jsonl{suffix}"
    code, _, _ = run(["--jsonl", str(source), "-o", str(out), "-j", "2"])
    assert code == 0
    raw = out.read_bytes()
    text = gzip.decompress(raw) if compress == "gzip" else zstandard.ZstdDecompressor().decompressobj().decompress(raw)
    assert [json.loads(line)["text"] for line in text.splitlines()] == [
        CLEAN.replace("story", f"story {i}") for i in range(30)
    ]


def test_stdin_to_stdout_with_provenance() -> None:
    code, stdout, stderr = run(["--jsonl", "-", "--provenance", "-q", "-j", "1"],
                               stdin=b"\n".join(records(3)) + b"\n")
    assert code == 0 and stderr == ""
    out = [json.loads(line) for line in stdout.splitlines()]
    assert [r["id"] for r in out] == [0, 1, 2]
    assert out[0]["declutter"] == {
        "removed": {"video-player-chrome-notice": 1},
        "guarded": False,
        "held_back": {},
        "version": "0.1.0",
        "rules_hash": rules_hash(Cleaner()),
    }


def test_text_and_url_fields_are_chosen_by_name() -> None:
    line = json.dumps({"body": NOISY, "link": "https://example.com", "text": "untouched"}).encode()
    code, stdout, _ = run(["--jsonl", "-", "--text-field", "body", "--url-field", "link", "-j", "1"], stdin=line)
    assert code == 0
    assert json.loads(stdout) == {"body": CLEAN, "link": "https://example.com", "text": "untouched"}


def test_a_huge_record_passes(tmp_path: Path) -> None:
    text = (START + "\n\n") * 60_000 + NOTICE + "\n"  # about 5 MB
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join([records(1)[0], json.dumps({"text": text}).encode(), records(2)[1]]))
    out = tmp_path / "out.jsonl"
    assert run(["--jsonl", str(source), "-o", str(out), "-j", "2"])[0] == 0
    lines = out.read_bytes().splitlines()
    assert len(lines) == 3
    assert json.loads(lines[1])["text"] == (START + "\n\n") * 59_999 + START + "\n"


def test_a_cut_gzip_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    packed = gzip.compress(b"\n".join(records(2000)) + b"\n")
    source = tmp_path / "in.jsonl.gz"
    source.write_bytes(packed[: len(packed) // 2])
    out = tmp_path / "out.jsonl"
    code, _, stderr = run(["--jsonl", str(source), "-o", str(out), "-j", "2"])
    assert code == 1 and "ends early" in stderr
    lines = out.read_bytes().splitlines()
    assert 0 < len(lines) < 2000
    assert all(json.loads(line)["text"] == CLEAN.replace("story", f"story {i}") for i, line in enumerate(lines[:-1]))


def test_an_unreadable_input_leaves_no_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    code, _, stderr = run(["--jsonl", str(tmp_path / "missing.jsonl"), "-o", str(out)])
    assert code == 2 and "missing.jsonl" in stderr
    assert list(tmp_path.iterdir()) == []


def test_output_must_not_overwrite_the_input(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(records(1)[0])
    code, _, stderr = run(["--jsonl", str(source), "-o", str(source)])
    assert code == 2 and "overwrite its input" in stderr
    assert source.read_bytes() == records(1)[0]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="patch reaches forked workers only")
def test_a_stuck_record_is_passed_through_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    original = Cleaner.clean_text

    def sleepy(self: Cleaner, text: str, **kwargs: object) -> object:
        if "STUCK" in text:
            time.sleep(120)
        return original(self, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Cleaner, "clean_text", sleepy)
    lines = records(20)
    lines[5] = json.dumps({"id": 5, "text": "STUCK " + NOISY}).encode()
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines))
    out = tmp_path / "out.jsonl"
    # 3 s, not 1: on a loaded machine a fresh worker's first records (its automata are built
    # on first use) overran a 1 s budget, and a second record failed
    code, _, stderr = run(["--jsonl", str(source), "-o", str(out), "-j", "2", "--timeout", "3"])
    assert code == 1 and "1 error" in stderr
    written = [json.loads(line) for line in out.read_bytes().splitlines()]
    assert [r["id"] for r in written] == list(range(20))
    assert written[5]["text"] == "STUCK " + NOISY and "budget" in written[5]["declutter"]["error"]
