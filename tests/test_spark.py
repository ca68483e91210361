"""The Spark engine (local mode) against the embedded store, and the query commands over its
Parquet output. One Spark run for the whole module: the JVM is slow to start."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph import bench
from newsgraph.cli import EXIT_REJECTS, main
from newsgraph.readers import read_content, read_file
from newsgraph.spark import local_key, plan_inputs
from newsgraph.store import TABLES, Store, StoreError

EXAMPLES = Path(__file__).parent.parent / "examples"
TIMES = ("ingested_at", "at", "created_at")  # when a row was written: differs between runs


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    """The demo corpus, plus a later record that replaces one of its ids, a malformed line,
    a record without text and a missing file."""
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copytree(EXAMPLES, folder / "examples")
    (folder / "later.jsonl").write_text(
        json.dumps({"id": "dup-1", "text": "The first text of an article that is replaced later."}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "no-text", "title": "Empty"}) + "\n"
        + json.dumps({"id": "dup-1", "text": "Kenya and Egypt signed a trade agreement in Cairo on Monday.",
                      "published": "2024-02-05"}) + "\n", encoding="utf-8")
    return [str(folder / "examples"), str(folder / "later.jsonl"), str(folder / "missing.txt")]


@pytest.fixture(scope="module")
def embedded(inputs, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("embedded") / "store.duckdb"
    result = invoke("ingest", *inputs, "--db", db, "--published", "2024-03-15")
    assert result.exit_code == EXIT_REJECTS, result.output
    return db


@pytest.fixture(scope="module")
def dataset(inputs, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("spark") / "dataset"
    result = invoke("ingest", "--engine", "spark", "--master", "local[2]", "--partitions", "3",
                    *inputs, "--out", out, "--published", "2024-03-15")
    return out, result


def _rows(store: Store, table: str) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in TIMES} for row in store.rows(table)]


def test_spark_run_reports_what_it_wrote_and_exits_3_on_rejects(dataset, embedded):
    out, result = dataset
    with Store.open(embedded) as store:
        counts = store.counts()
    assert counts["articles"] > len(list(EXAMPLES.glob("*.txt")))  # and the jsonl, csv, html ones
    assert result.exit_code == EXIT_REJECTS, result.output
    assert (f"wrote {counts['articles']} articles, {counts['events']} events to the Parquet dataset {out}"
            in result.output)
    assert "rejected: 3" in result.output and f"clustered: {counts['events']} events" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(TABLES)


def test_parquet_tables_equal_the_embedded_store_row_for_row(dataset, embedded):
    with Store.open(embedded) as store, Store.open_parquet(dataset[0]) as parquet:
        for table in TABLES:
            assert _rows(parquet, table) == _rows(store, table), table
        replaced = parquet.load_analysis("dup-1")["article"]
        assert replaced["text"].startswith("Kenya and Egypt") and replaced["published"] == "2024-02-05"
        reasons = {(Path(r["origin"]).name, r["reason"]) for r in parquet.rows("rejects")}
        assert ("missing.txt", "no such file or directory") in reasons
        assert ("later.jsonl:3", "no text") in reasons


def test_parquet_column_types_are_the_store_types(dataset):
    with Store.open_parquet(dataset[0]) as parquet:
        for table, columns in TABLES.items():
            described = parquet.con.execute(f'DESCRIBE "{table}"').fetchall()
            assert [(name, kind) for name, kind, *_ in described] == columns


@pytest.mark.parametrize("args", [
    ("events", "--format", "json"),
    ("events", "--actor", "RUS", "--format", "csv"),
    ("events", "--source", "ministry", "--since", "2024-03-01", "--format", "json"),
    ("show", "dup-1"),
    ("export", "--format", "jsonl"),
    ("export", "--format", "csv"),
    ("clusters", "--format", "json"),
    ("actor", "RUS", "--format", "json"),
])
def test_query_commands_read_the_parquet_dataset_as_they_read_the_store(dataset, embedded, args):
    from_store = invoke(*args, "--db", embedded)
    from_parquet = invoke(*args, "--parquet", dataset[0])
    assert from_store.exit_code == from_parquet.exit_code == 0, from_parquet.output
    assert from_parquet.output == from_store.output
    assert len(from_parquet.output) > 200


def test_a_parquet_dataset_is_read_only(dataset, embedded):
    with Store.open(embedded) as store:
        analysis = store.load_analysis("dup-1")
    with Store.open_parquet(dataset[0]) as parquet, pytest.raises(Exception):
        parquet.save(analysis)


def test_a_folder_without_a_dataset_is_refused(tmp_path):
    with pytest.raises(StoreError, match="no Parquet dataset"):
        Store.open_parquet(tmp_path)
    result = invoke("events", "--parquet", tmp_path)
    assert result.exit_code == 1 and "no Parquet dataset" in result.output


def test_spark_options_belong_to_the_spark_engine(tmp_path):
    result = invoke("ingest", "--engine", "spark", str(EXAMPLES))
    assert result.exit_code == 2 and "--out DIR" in result.output
    result = invoke("ingest", str(EXAMPLES), "--db", tmp_path / "s.duckdb", "--out", tmp_path / "d")
    assert result.exit_code == 2 and "options of --engine spark" in result.output


def test_read_content_reads_bytes_as_read_file_reads_the_file():
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix == ".md":
            continue
        assert list(read_content(path.read_bytes(), str(path))) == list(read_file(path)), path


def test_inputs_are_planned_as_the_embedded_reader_expands_them(tmp_path):
    plan = plan_inputs([str(EXAMPLES), str(tmp_path / "nothing.txt"), "hdfs://cluster/news/"])
    files = sorted(p for p in EXAMPLES.iterdir() if p.suffix != ".md")
    assert plan.locations == [local_key(str(p)) for p in files] + ["hdfs://cluster/news/"]
    assert [plan.origins[local_key(str(p))] for p in files] == [str(p) for p in files]
    assert list(plan.ranks.values()) == list(range(len(files) + 1))
    assert [r.reason for r in plan.rejects] == ["no such file or directory"]
    assert local_key("file:/a%20b/c.txt") == "/a b/c.txt"


def test_bench_times_the_spark_engine_per_master(dataset, tmp_path):
    result = bench.bench_spark(3, tmp_path, masters=("local[1]",))
    run = result["runs"]["local[1]"]
    assert result["articles"] == 3 and run["cores"] == 1 and run["speedup"] == 1.0
    assert run["articles_per_s"] == 3 / run["seconds"]
    with Store.open_parquet(tmp_path / "spark-1") as parquet:
        assert parquet.counts()["articles"] == 3


def test_the_web_api_serves_the_parquet_dataset_as_it_serves_the_store(dataset, embedded):
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app

    def get(opener, url):
        response = TestClient(create_app(opener)).get(url)
        assert response.status_code == 200, response.text
        return response.json()

    parquet = lambda: Store.open_parquet(dataset[0])  # noqa: E731 - the opener serve uses
    for url in ("/api/events?actor=RUS", "/api/articles/dup-1", "/api/clusters"):
        assert get(parquet, url) == get(embedded, url)
