"""datatrove and Spark: the engines split the data their way, and the output is exactly the
single-process output. Spark tests are marked ``spark`` (a JVM start): run them with
``pytest -m spark``; each needs its extra installed, and is skipped otherwise."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from declutter import Cleaner
from declutter.provenance import rules_hash

NOTICE = "Please use Chrome browser for a more accessible video player"
START = "The story starts here, with a sentence long enough to be most of the document."
END = "And it ends here, after a second sentence about what happened on the night."
PAGE = (
    "<html><body><nav><a href='/'>Home</a></nav><article><h1>Title {i}</h1><p>{start}</p><p>{notice}</p>"
    "<p>{end}</p></article></body></html>"
)


def corpus() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for i in range(60):
        if i % 3 == 2:
            text = PAGE.format(i=i, start=START, notice=NOTICE, end=END)
        else:
            text = f"{START} ({i})\n\n{NOTICE}\n\n{END}\n"
        docs.append({"id": f"doc-{i:03}", "text": text, "url": "https://example.com/a"})
    return docs


def expected_texts() -> dict[str, str]:
    docs = corpus()
    results = Cleaner().clean_many([(d["text"], d["url"]) for d in docs])
    return {d["id"]: r.text for d, r in zip(docs, results)}


# --- datatrove


@pytest.fixture
def jsonl_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "input"
    folder.mkdir()
    docs = corpus()
    for part in range(2):  # two files, so that each of two tasks gets one
        lines = [json.dumps(d) for d in docs[part * 30 : (part + 1) * 30]]
        (folder / f"part-{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_datatrove_two_tasks_give_the_single_process_output(jsonl_folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from declutter.integrations.datatrove import DeclutterStep

    output = tmp_path / "output"
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(jsonl_folder), default_metadata={}),
            DeclutterStep(provenance=True),
            JsonlWriter(str(output), compression=None),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    written = [json.loads(line) for path in sorted(output.glob("*.jsonl")) for line in path.read_text().splitlines()]
    assert len(list(output.glob("*.jsonl"))) == 2
    assert {doc["id"]: doc["text"] for doc in written} == expected_texts()
    metadata = {doc["id"]: doc["metadata"] for doc in written}
    assert metadata["doc-000"]["url"] == "https://example.com/a"
    assert metadata["doc-000"]["declutter"]["removed"] == {"video-player-chrome-notice": 1}
    assert metadata["doc-000"]["declutter"]["rules_hash"] == rules_hash(Cleaner())
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "declutter" in s["name"])
    totals = {k: v["total"] if isinstance(v, dict) else v for k, v in step["stats"].items()}
    assert totals["documents"] == 60 and totals["removed/video-player-chrome-notice"] == 60


def test_datatrove_step_passes_a_failing_document_on(tmp_path: Path) -> None:
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from declutter.integrations.datatrove import DeclutterStep

    step = DeclutterStep(input_format="text")
    docs = [Document(text=f"{START}\n\n{NOTICE}\n", id="a"), Document(text=b"\xff".decode("latin-1"), id="b")]
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == ["a", "b"]
    assert out[0].text == f"{START}\n"


# --- Spark


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    patch = pytest.MonkeyPatch()
    patch.setenv("PYSPARK_PYTHON", sys.executable)  # workers need this interpreter's declutter
    session = (
        SparkSession.builder.master("local[2]")
        .appName("declutter-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "16")
        .getOrCreate()
    )
    yield session
    session.stop()
    patch.undo()


@pytest.mark.spark
def test_spark_gives_the_single_process_output(spark: Any) -> None:
    from declutter.integrations.spark import clean_dataframe

    df = spark.createDataFrame(corpus()).repartition(4)
    cleaned = clean_dataframe(df, text_col="text", url_col="url", out_col="clean", error_col="error")
    rows = {row["id"]: row for row in cleaned.collect()}
    assert {key: row["clean"] for key, row in rows.items()} == expected_texts()
    assert all(row["error"] is None for row in rows.values())
    assert rows["doc-000"]["text"] == corpus()[0]["text"]  # the source column is kept
    assert cleaned.columns == [*df.columns, "clean", "error"]


@pytest.mark.spark
def test_spark_replaces_the_column_and_keeps_nulls(spark: Any) -> None:
    from declutter.integrations.spark import clean_dataframe

    df = spark.createDataFrame([("a", f"{START}\n\n{NOTICE}\n"), ("b", None)], "id string, text string")
    rows = clean_dataframe(df, input_format="text").orderBy("id").collect()
    assert [(row["id"], row["text"]) for row in rows] == [("a", f"{START}\n"), ("b", None)]
