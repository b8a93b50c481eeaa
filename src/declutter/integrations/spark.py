"""Cleaning a Spark DataFrame column: `clean_dataframe(df, text_col="text")`.

Install with ``pip install 'declutter[spark]'`` (PySpark 4 needs Java 17). Rows are cleaned
with ``mapInPandas``, a partition's rows in Arrow batches; the `Cleaner` travels pickled
(its rules only) and is compiled once per Python worker process of each executor, then
reused by every task that worker runs (Spark reuses its Python workers). Every other column
is kept; a row whose text cannot be cleaned keeps it unchanged, and `error_col`, when given,
says why.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from declutter.batch import CleanTask, Doc, FailedResult, InputFormat
from declutter.cleaner import Cleaner
from declutter.workers import run_one

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame


def clean_dataframe(
    df: DataFrame,
    text_col: str = "text",
    url_col: str | None = None,
    input_format: InputFormat = "auto",
    out_col: str | None = None,
    *,
    cleaner: Cleaner | None = None,
    error_col: str | None = None,
    **options: Any,
) -> DataFrame:
    """`df` with `text_col` cleaned into `out_col` (default: `text_col` itself, replaced).

    `url_col` names a column of URLs for site-scoped rules; `options` go to
    `Cleaner.clean_html` for HTML rows. Null texts stay null.
    """
    from pyspark.sql.types import StringType, StructField, StructType

    out_col = out_col or text_col
    blob = pickle.dumps(cleaner if cleaner is not None else Cleaner())
    task = CleanTask(input_format, tuple(sorted(options.items())))
    schema = StructType(list(df.schema.fields))
    added = [name for name in (out_col, error_col) if name and name not in df.columns]
    for name in added:
        schema = schema.add(StructField(name, StringType(), True))

    def clean_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        compiled = _cleaner(blob)
        for batch in batches:
            texts = batch[text_col].tolist()
            urls = batch[url_col].tolist() if url_col else [None] * len(texts)
            cleaned: list[Any] = []
            errors: list[str | None] = []
            for text, url in zip(texts, urls):
                if not isinstance(text, str):
                    cleaned.append(text)
                    errors.append(None)
                    continue
                result = run_one(task, compiled, Doc(text, url=url if isinstance(url, str) else None))
                cleaned.append(result.text)
                errors.append(result.error if isinstance(result, FailedResult) else None)
            batch[out_col] = cleaned
            if error_col:
                batch[error_col] = errors
            yield batch

    return df.mapInPandas(clean_batches, schema)


@lru_cache(maxsize=4)
def _cleaner(blob: bytes) -> Cleaner:
    """The compiled cleaner for a pickled one: once per Python worker, whatever the tasks."""
    cleaner: Cleaner = pickle.loads(blob)
    return cleaner
