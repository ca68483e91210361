"""`newsgraph ingest --engine spark`: the same pipeline on Apache Spark, written as Parquet.

The output is a Parquet dataset with one folder per table of the embedded store
(``DIR/articles/``, ``DIR/events/``, ... ``DIR/rejects/``, ``DIR/schema_version/``), each
with the columns and types of :data:`newsgraph.store.TABLES`, so that
:meth:`Store.open_parquet` (and every query command's ``--parquet DIR``) reads it as it
reads a store file.

How a run goes:

1. Inputs are named as for the embedded engine. Local files, directories and globs are
   expanded on the driver by :func:`readers.expand_input` (same files, same order, same
   rejects); a URI (``hdfs://``, ``s3a://``, ``file:/``...) is handed to Spark as it is,
   and its files with a readable extension are read.
2. Spark's ``binaryFiles`` fetches each file; :func:`readers.read_content` turns its
   bytes into articles and rejects, exactly as the embedded reader does.
3. Articles are keyed by id: of several with one id, the last in input order wins (as the
   embedded store's replace does). The same shuffle spreads them over ``partitions``.
4. Each partition runs the pipeline with ``nlp.pipe`` batching
   (:func:`cli.analyses_or_rejects`); the spaCy model is built once per Python worker
   process (``pipeline.build_pipeline`` is cached there, and Spark reuses its workers),
   and :func:`store.flatten_analysis` makes the rows of every table.
5. One job per table writes its folder from the persisted result.
6. When ``out`` is a local folder, the event clusters and near-duplicates are computed with
   the embedded store's own code (:meth:`Store.update_clusters`, on the driver, over a
   temporary DuckDB loaded from the dataset) and written as their tables too. Over an
   ``hdfs://``/``s3a://`` output they are left out (run ``--parquet`` queries that need
   them on a local copy).

Differences from the embedded store: ``ingested_at`` and a reject's ``at`` are the run's
start time, and a run writes a whole dataset (a folder left from an earlier run is
replaced); a reject whose id is among the stored articles is dropped, whatever the order.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from .model import Analysis, Article, Reject
from .readers import (DEFAULT_MAX_BYTES, STDIN, STDIN_ORIGIN, SUFFIXES, expand_input, normalize_date,
                      printable, read_content)
from .store import ARTICLE_TABLES, STORE_VERSION, TABLES, Store, flatten_analysis

OUTPUT_TABLES = ("articles", *ARTICLE_TABLES, "rejects")  # the columns of one analysed record
CLUSTER_TABLES = ("clusters", "cluster_events", "article_minhash", "duplicates")  # by update_clusters
DEFAULT_MASTER = "local[*]"


def is_uri(name: str) -> bool:
    """Whether an input names a location for Spark's file systems (``scheme://...``)."""
    return "://" in name or name.startswith("file:")


def local_key(location: str) -> str:
    """A file's absolute local path, from a plain path or a ``file:`` URI (how Spark names
    the files it reads), to match the two."""
    if location.startswith("file:"):
        location = unquote(urlparse(location).path)
    return str(Path(location).absolute())


@dataclass
class InputPlan:
    """What Spark reads: ``locations`` (files and URIs), each file's rank in input order
    and name for messages (``origins``, by :func:`local_key`), and the driver's rejects."""

    locations: list[str] = field(default_factory=list)
    ranks: dict[str, int] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)


def plan_inputs(inputs: Iterable[str]) -> InputPlan:
    """Expand local inputs as the embedded engine does; pass URIs through."""
    plan = InputPlan()
    for name in inputs:
        if name == STDIN:
            plan.rejects.append(Reject(origin=STDIN_ORIGIN, reason="the spark engine reads files, not standard input"))
            continue
        if is_uri(name):
            plan.ranks[name] = len(plan.ranks)
            plan.locations.append(name)
            continue
        for path_or_reject in expand_input(name):
            if isinstance(path_or_reject, Reject):
                plan.rejects.append(path_or_reject)
                continue
            key = local_key(str(path_or_reject))
            plan.ranks[key] = len(plan.ranks)
            plan.origins[key] = printable(str(path_or_reject))
            plan.locations.append(key)
    return plan


def read_located(location: str, data: bytes, plan: InputPlan, published: str | None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[tuple, Article | Reject]]:
    """The articles and rejects of one fetched file, each with its place in input order."""
    key = local_key(location) if location.startswith("file:") or not is_uri(location) else location
    origin = plan.origins.get(key)
    if origin is None:  # a file found under a URI input: read it when its extension is ours
        if Path(urlparse(location).path).suffix.lower() not in SUFFIXES:
            return
        origin = location
    rank = plan.ranks.get(key, next((r for uri, r in plan.ranks.items() if location.startswith(uri)), 0))
    for number, item in enumerate(read_content(data, origin, published, max_bytes)):
        yield (rank, location, number), item


# --- rows and their Spark types ---------------------------------------------------------

def _spark_type(kind: str):
    from pyspark.sql import types

    return {"VARCHAR": types.StringType(), "INTEGER": types.IntegerType(), "BIGINT": types.LongType(),
            "DOUBLE": types.DoubleType(), "BOOLEAN": types.BooleanType(), "DATE": types.DateType(),
            "TIMESTAMP": types.TimestampNTZType()}[kind]


def table_schema(table: str):
    """The Spark schema of one store table (columns and types of ``TABLES``)."""
    from pyspark.sql import types

    return types.StructType([types.StructField(col, _spark_type(kind)) for col, kind in TABLES[table]])


def record_schema():
    """One analysed record: a list of rows per output table."""
    from pyspark.sql import types

    return types.StructType([types.StructField(t, types.ArrayType(table_schema(t))) for t in OUTPUT_TABLES])


_CASTS = {"DOUBLE": float, "INTEGER": int, "BIGINT": int, "BOOLEAN": bool}


def _row_tuple(table: str, row: dict[str, Any]) -> tuple:
    """A row as a tuple in the table's column order, numbers of the column's Python type
    (Spark checks them strictly: an int is not a double)."""
    values = []
    for col, kind in TABLES[table]:
        value = row.get(col)
        cast = _CASTS.get(kind)
        values.append(cast(value) if cast is not None and value is not None else value)
    return tuple(values)


def record_of(outcome: Analysis | Reject, at: dt.datetime) -> tuple:
    """The rows of every output table for one analysis or reject."""
    if isinstance(outcome, Reject):
        tables = {"rejects": [{"origin": outcome.origin, "id": outcome.id, "reason": outcome.reason, "at": at}]}
    else:
        tables = flatten_analysis(outcome.to_dict(), origin=outcome.article.origin, ingested_at=at)
    return tuple([_row_tuple(t, row) for row in tables.get(t, [])] for t in OUTPUT_TABLES)


def analyse_partition(items: Iterator[Article | Reject], at: dt.datetime,
                      batch_size: int | None) -> Iterator[tuple]:
    """One partition through the pipeline (batched; a failing article becomes a reject)."""
    from .cli import analyses_or_rejects

    for outcome in analyses_or_rejects(items, batch_size):
        yield record_of(outcome, at)


# --- the run ----------------------------------------------------------------------------

def spark_session(master: str | None = DEFAULT_MASTER, app_name: str = "newsgraph"):
    """A SparkSession (the running one under ``spark-submit``). Python workers run this
    interpreter unless PYSPARK_PYTHON says otherwise."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (SparkSession.builder.appName(app_name)
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.showConsoleProgress", "false"))
    if master:
        builder = builder.master(master)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


@dataclass
class SparkIngest:
    """What a run wrote: rows per table, and a few of its rejects."""

    out: str
    counts: dict[str, int]
    rejects: list[Reject]


def ingest(spark, inputs: Iterable[str], out: str, published: str | None = None,
           partitions: int | None = None, batch_size: int | None = None,
           max_bytes: int = DEFAULT_MAX_BYTES, show_rejects: int = 10) -> SparkIngest:
    """Analyse ``inputs`` on ``spark`` and write the Parquet dataset ``out``."""
    from pyspark import StorageLevel
    from pyspark.sql import functions

    default = normalize_date(published) if published else None
    if published and default is None:
        raise ValueError(f"not a date: {published!r} (expected YYYY-MM-DD)")
    at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).replace(microsecond=0)
    sc = spark.sparkContext
    plan = plan_inputs(inputs)
    partitions = partitions or sc.defaultParallelism
    if plan.locations:
        shared = sc.broadcast(plan)
        files = sc.binaryFiles(",".join(plan.locations))
        read = files.flatMap(lambda pair: read_located(pair[0], pair[1], shared.value, default, max_bytes))
    else:
        read = sc.emptyRDD()
    articles = (read.filter(lambda kv: isinstance(kv[1], Article))
                .map(lambda kv: (kv[1].id, kv))
                .reduceByKey(lambda a, b: max(a, b, key=lambda kv: kv[0]), numPartitions=partitions)
                .map(lambda kv: kv[1][1]))
    rejects = read.filter(lambda kv: isinstance(kv[1], Reject)).map(lambda kv: kv[1])
    items = articles.union(rejects).union(sc.parallelize(plan.rejects, 1))
    records = items.mapPartitions(lambda part: analyse_partition(part, at, batch_size))
    frame = spark.createDataFrame(records, record_schema()).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        tables = {t: frame.select(functions.explode(t).alias("row")).select("row.*") for t in OUTPUT_TABLES}
        stored_ids = tables["articles"].select("id")
        tables["rejects"] = (tables["rejects"].dropDuplicates(["origin", "id", "reason"])
                             .join(stored_ids, on="id", how="left_anti")
                             .select([col for col, _ in TABLES["rejects"]]))
        tables["schema_version"] = spark.createDataFrame([(STORE_VERSION, at)], table_schema("schema_version"))
        for name, table in tables.items():
            table.write.mode("overwrite").parquet(f"{out.rstrip('/')}/{name}")
        counts = {name: spark.read.parquet(f"{out.rstrip('/')}/{name}").count() for name in ("articles", "events")}
        sample = [Reject(origin=r["origin"], reason=r["reason"], id=r["id"])
                  for r in spark.read.parquet(f"{out.rstrip('/')}/rejects").limit(show_rejects).collect()]
        counts["rejects"] = spark.read.parquet(f"{out.rstrip('/')}/rejects").count() if sample else 0
    finally:
        frame.unpersist()
    if not is_uri(out):
        counts["clustered"] = cluster_dataset(Path(out))["events"]
    return SparkIngest(out=out, counts=counts, rejects=sample)


def cluster_dataset(out: Path) -> dict[str, int]:
    """Write the cluster tables of the local dataset ``out``: its articles are loaded into a
    temporary store, clustered there by :meth:`Store.update_clusters` (as the embedded
    ingest does at its end) and the tables it fills are copied out as Parquet."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="newsgraph-clusters-") as tmp, \
            Store.open(Path(tmp) / "clusters.duckdb", create=True) as store:
        for table in ("articles", *ARTICLE_TABLES):
            columns = ", ".join(f'"{col}"' for col, _ in TABLES[table])
            store.con.execute(f'INSERT INTO "{table}" ({columns}) SELECT {columns} '
                              f"FROM read_parquet(?)", [str(out / table / "*.parquet")])
        done = store.update_clusters()
        for table in CLUSTER_TABLES:
            shutil.rmtree(out / table, ignore_errors=True)
            (out / table).mkdir(parents=True)
            store.con.execute(f'COPY "{table}" TO \'{out / table / "part-00000.parquet"}\' (FORMAT parquet)')
    return done
