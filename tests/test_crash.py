"""Crash safety: a real `newsgraph ingest` process is killed (SIGKILL) at random moments; each
time the store must open and hold only whole articles, and a final run must complete the job
with the same store a clean run gives (README, "Reliability")."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time

import pytest

from newsgraph.pipeline import analyze_many
from newsgraph.readers import read_inputs
from newsgraph.store import TABLES, Store

ACTORS = ["Russian diplomats", "The Turkish army", "Police in Lagos", "Iranian officials",
          "The European Union", "Protesters in Caracas", "Chinese negotiators", "Rebel fighters"]
ACTS = ["met their counterparts", "attacked positions", "arrested two activists",
        "signed a trade agreement", "imposed new sanctions", "demanded the release of prisoners",
        "withdrew troops", "condemned the decision"]
PLACES = ["Ankara", "Damascus", "Kyiv", "Bogota", "Nairobi", "Manila", "Tbilisi", "Havana"]
DAYS = ["on Monday", "on Tuesday", "last week", "in March last year"]
INGEST_KILLS = 3  # each costs a process start with the spaCy model
WRITER_KILLS = 5
SEED = 8
# saves analyses (JSON Lines on stdin) into a store that checkpoints after every few kB of log
WRITER = """
import json, sys
from newsgraph.store import Store
with Store.open(sys.argv[1], create=True) as store:
    store.con.execute("SET wal_autocheckpoint = '4KB'")
    for line in sys.stdin:
        store.save(json.loads(line), origin="wire")
    store.update_clusters()
"""


def article(n: int) -> dict:
    actor, act = ACTORS[n % 8], ACTS[(n * 3) % 8]
    place, day = PLACES[(n * 5) % 8], DAYS[n % 4]
    text = (f"{actor} {act} in {place} {day}, officials said. "
            f"The ministry said it would respond if the talks failed, according to a statement. "
            f"Report number {n} was filed by our correspondent in {PLACES[(n + 1) % 8]}.")
    return {"id": f"a{n:02d}", "published": "2024-03-15", "outlet": "Wire", "text": text}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The input file and each article's analysis from one clean in-process run."""
    folder = tmp_path_factory.mktemp("crash")
    source = folder / "wire.jsonl"
    source.write_text("".join(json.dumps(article(n)) + "\n" for n in range(40)), encoding="utf-8")
    analyses = list(analyze_many(read_inputs([str(source)])))
    clean = folder / "clean.duckdb"
    with Store.open(clean, create=True) as store:
        for analysis in analyses:
            store.save(analysis)
        store.update_clusters()
    expected = {a.article.id: a.to_dict() for a in analyses}
    return source, expected, table_contents(clean)


def ingest_process(source, db) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "newsgraph", "ingest", str(source), "--db", str(db),
                             "--batch-size", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def file_state(db) -> tuple:
    """Sizes and modification times of the store file and its write-ahead log."""
    files = [db, db.with_name(db.name + ".wal")]
    return tuple((f.stat().st_size, f.stat().st_mtime_ns) if f.exists() else None for f in files)


def kill_while_writing(process: subprocess.Popen, db, delay: float) -> None:
    """SIGKILL ``process`` ``delay`` seconds after it starts writing to the store (the store
    was created beforehand, so opening it writes nothing)."""
    before = file_state(db)
    while process.poll() is None and file_state(db) == before:
        time.sleep(0.01)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()


def check_whole_articles(db, expected) -> int:
    """The store opens (the log of a killed run is replayed or dropped) and each article in
    it has all its rows, as analysed, once. Returns how many it holds."""
    with Store.open(db) as store:
        ids = [row["id"] for row in store.rows("articles")]
        assert len(ids) == len(set(ids))
        assert {a["article"]["id"]: a for a in store.iter_analyses()} == {i: expected[i] for i in ids}
        assert store.rows("rejects") == []
    return len(ids)


def table_contents(db) -> dict[str, list[dict]]:
    """Every table's rows, less the times of writing."""
    with Store.open(db) as store:
        return {table: [{k: v for k, v in row.items() if k not in ("ingested_at", "at", "created_at")}
                        for row in store.rows(table)] for table in TABLES}


def test_ingest_killed_at_random_moments_loses_nothing_stored_and_a_rerun_completes(corpus, tmp_path):
    source, expected, clean = corpus
    db = tmp_path / "ng.duckdb"
    Store.open(db, create=True).close()
    rng = random.Random(SEED)
    stored = []
    for _ in range(INGEST_KILLS):
        kill_while_writing(ingest_process(source, db), db, rng.uniform(0, 1.0))
        stored.append(check_whole_articles(db, expected))
    assert any(0 < n < len(expected) for n in stored), stored  # killed in mid-job

    final = ingest_process(source, db)
    stdout, stderr = final.communicate(timeout=300)
    assert final.returncode == 0, stderr.decode()
    assert b"stored 40 articles" in stdout
    assert table_contents(db) == clean


def test_a_store_writer_killed_in_saves_and_checkpoints_loses_nothing_stored(corpus, tmp_path):
    """The same promise at the store level, without the parser, so that it can be killed
    often: at random moments of saving articles and of checkpointing the log into the file."""
    source, expected, clean = corpus
    db = tmp_path / "ng.duckdb"
    lines = "".join(json.dumps(expected[key]) + "\n" for key in sorted(expected)).encode()
    Store.open(db, create=True).close()
    rng = random.Random(SEED)
    stored = []
    for _ in range(WRITER_KILLS):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdin=subprocess.PIPE)
        writer.stdin.write(lines)
        writer.stdin.close()
        kill_while_writing(writer, db, rng.uniform(0, 1.0))
        stored.append(check_whole_articles(db, expected))
    assert any(0 < n < len(expected) for n in stored), stored  # killed in mid-job
    writer = subprocess.run([sys.executable, "-c", WRITER, str(db)], input=lines, timeout=120)
    assert writer.returncode == 0
    assert {k: v for k, v in table_contents(db).items() if k != "articles"} == {
        k: v for k, v in clean.items() if k != "articles"}
    assert [a["id"] for a in table_contents(db)["articles"]] == sorted(expected)
