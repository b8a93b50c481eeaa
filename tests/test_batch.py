"""`Cleaner.clean_many` and its worker pool: order, item shapes, failures, stuck and dying
workers, bounded read-ahead; and `declutter clean DIR -o OUTDIR`."""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from declutter import Cleaner
from declutter.batch import Doc, FailedResult, ItemError
from declutter.cli import main
from declutter.fixtures import fixtures_dir
from declutter.matcher import LineMatcher
from declutter.workers import CHUNK_ITEMS, WINDOW_CHUNKS_PER_WORKER

NOTICE = "Please use Chrome browser for a more accessible video player"
START = "The story starts here, with a sentence long enough to be most of the document."
END = "And it ends here, after a second sentence about what happened on the night."


def noisy(i: int) -> str:
    return f"{START} ({i})\n\n{NOTICE}\n\n{END}\n"


def clean(i: int) -> str:
    return f"{START} ({i})\n\n{END}\n"


needs_fork = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork",
    reason="the patched cleaner reaches workers only when they are forked",
)


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def whole_documents() -> list[str]:
    folder = fixtures_dir() / "_documents"
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.in.txt"))]


def test_results_in_input_order_and_the_same_with_two_workers(cleaner: Cleaner) -> None:
    docs = [noisy(i) for i in range(700)] + whole_documents() * 20
    serial = list(cleaner.clean_many(docs))
    parallel = list(cleaner.clean_many(docs, jobs=2))
    assert [r.text for r in serial[:700]] == [clean(i) for i in range(700)]
    assert parallel == serial
    assert serial == [cleaner.clean_text(d) for d in docs]


def test_the_parents_objects_are_frozen_for_the_workers_and_thawed_after(cleaner: Cleaner) -> None:
    # frozen while the workers run (their pages stay shared), and not a moment longer
    results = cleaner.clean_many([noisy(i) for i in range(50)], jobs=2)
    first = next(results)
    assert gc.get_freeze_count() > 0
    assert [first.text, *(r.text for r in results)] == [clean(i) for i in range(50)]
    assert gc.get_freeze_count() == 0


def test_item_shapes(cleaner: Cleaner) -> None:
    items = [
        noisy(0),
        noisy(1).encode("utf-8"),
        (noisy(2), "https://news.sky.com/story/x"),
        {"text": noisy(3), "url": "https://example.com/a", "language": "en"},
        Doc(noisy(4), url="https://example.com/b"),
    ]
    results = list(cleaner.clean_many(items, input_format="text"))
    assert [r.text for r in results] == [clean(i) for i in range(5)]
    assert [r.url for r in results] == [None, None, "https://news.sky.com/story/x", "https://example.com/a",
                                        "https://example.com/b"]


def test_an_item_of_the_wrong_shape_is_a_clear_error(cleaner: Cleaner) -> None:
    with pytest.raises(ItemError, match="cannot clean a int"):
        list(cleaner.clean_many([noisy(0), 5]))


def test_a_document_that_fails_comes_back_unchanged_with_its_error(cleaner: Cleaner) -> None:
    results = list(cleaner.clean_many([noisy(0), b"caf\xe9 not utf-8", noisy(2)], jobs=2, input_format="text"))
    assert [type(r) for r in results] == [type(results[0]), FailedResult, type(results[0])]
    failed = results[1]
    assert isinstance(failed, FailedResult)
    assert "not valid UTF-8" in failed.error and failed.text == "caf\ufffd not utf-8"
    assert failed.to_dict()["error"] == failed.error


def test_read_ahead_is_bounded(cleaner: Cleaner) -> None:
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        while True:
            pulled += 1
            yield noisy(pulled)

    results = cleaner.clean_many(endless(), jobs=2)
    for _ in zip(range(5000), results):
        pass
    results.close()  # type: ignore[attr-defined]
    assert pulled <= 5000 + 2 * WINDOW_CHUNKS_PER_WORKER * CHUNK_ITEMS + CHUNK_ITEMS


def _sleepy(self: Cleaner, text: str, **kwargs: object) -> object:
    if "STUCK" in text:
        time.sleep(120)
    if "CRASH" in text:
        os._exit(3)
    return _original_clean_text(self, text, **kwargs)  # type: ignore[arg-type]


_original_clean_text = Cleaner.clean_text


@needs_fork
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_stuck_worker_is_killed_and_replaced(
    cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(Cleaner, "clean_text", _sleepy)
    docs = [noisy(i) for i in range(300)]
    docs[7] = "STUCK\n" + docs[7]
    docs[250] = "STUCK\n" + docs[250]
    start = time.monotonic()
    results = list(cleaner.clean_many(docs, jobs=jobs, timeout=1.0))
    assert time.monotonic() - start < 30
    assert len(results) == 300
    for i in (7, 250):
        assert isinstance(results[i], FailedResult)
        assert "budget" in results[i].error and results[i].text == docs[i]
    assert [r.text for i, r in enumerate(results) if i not in (7, 250)] == [
        clean(i) for i in range(300) if i not in (7, 250)
    ]


@needs_fork
def test_a_workers_time_budget_starts_after_it_has_built_its_automata(
    cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A machine under load can take longer than a budget to compile the regex sets; the
    # worker's first document must not pay for it.
    build = LineMatcher.sets

    def slow_build(self: LineMatcher) -> object:
        if self._sets is None:
            time.sleep(1.5)
        return build(self)

    monkeypatch.setattr(LineMatcher, "sets", slow_build)
    results = list(cleaner.clean_many([noisy(i) for i in range(4)], jobs=2, timeout=1.0))
    assert [r.text for r in results] == [clean(i) for i in range(4)]


@needs_fork
def test_a_worker_that_dies_costs_one_document(cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Cleaner, "clean_text", _sleepy)
    docs = [noisy(i) for i in range(50)]
    docs[20] = "CRASH\n" + docs[20]
    results = list(cleaner.clean_many(docs, jobs=2))
    assert isinstance(results[20], FailedResult) and "died" in results[20].error
    assert [r.text for i, r in enumerate(results) if i != 20] == [clean(i) for i in range(50) if i != 20]


# --- declutter clean DIR -o OUTDIR


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "news" / "2024").mkdir(parents=True)
    (root / ".cache").mkdir()
    (root / "a.txt").write_text(noisy(1), encoding="utf-8")
    (root / "news" / "2024" / "b.txt").write_text(noisy(2), encoding="utf-8")
    (root / "news" / "skip.log").write_text(noisy(3), encoding="utf-8")
    (root / ".cache" / "c.txt").write_text(noisy(4), encoding="utf-8")
    (root / "news" / "bad.txt").write_bytes(b"\xff\xfe\x00")
    return root


def test_folder_is_mirrored_and_bad_files_are_reported(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(tree), "-o", str(out), "-j", "2"])
    assert result.exit_code == 1
    assert "news/bad.txt: not valid UTF-16 text" in result.stderr
    assert "3 files" in result.stderr and "1 error" in result.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["a.txt", "news/2024/b.txt"]
    assert (out / "news" / "2024" / "b.txt").read_text(encoding="utf-8") == clean(2)


def test_folder_globs_and_skip_existing(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    args = ["clean", str(tree), "-o", str(out), "--include", "*.txt", "--include", "*.log",
            "--exclude", "bad.txt", "-j", "1"]
    assert runner.invoke(main, args).exit_code == 0
    assert (out / "news" / "skip.log").read_text(encoding="utf-8") == clean(3)
    (tree / "a.txt").write_text(noisy(9), encoding="utf-8")
    os.utime(tree / "a.txt", (time.time() + 5, time.time() + 5))  # newer than its output
    result = runner.invoke(main, [*args, "--skip-existing"])
    assert result.exit_code == 0
    assert "1 files" in result.stderr and "2 files up to date skipped" in result.stderr
    assert (out / "a.txt").read_text(encoding="utf-8") == clean(9)


def test_folder_output_must_not_be_the_input(tree: Path) -> None:
    result = CliRunner().invoke(main, ["clean", str(tree), "-o", str(tree)])
    assert result.exit_code == 2
    assert "output folder is the input folder" in result.stderr
