"""The DuckDB store on hand-built analyses: round trip, idempotence, replacement, atomicity,
rejects, and the sourced event query."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb
import pytest
from sourced_events import OTHER_TEXT, WIRE_TEXT, other_analysis, wire_analysis

from newsgraph.model import Analysis, Article, Reject
from newsgraph.store import TABLES, ArticleNotFound, EventQuery, Store, StoreError


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "test.duckdb", create=True) as opened:
        yield opened


def snapshot(store: Store) -> dict[str, list[dict]]:
    return {table: store.rows(table) for table in TABLES}


def test_round_trip_rebuilds_the_output_object_exactly(store):
    wire, other = wire_analysis(), other_analysis()
    assert store.save(wire) == "new"
    assert store.save(other) == "new"
    assert store.load_analysis("wire-1") == wire.to_dict()
    assert store.load_analysis("other-2") == other.to_dict()
    assert list(store.iter_analyses()) == [other.to_dict(), wire.to_dict()]  # by id


def test_round_trip_of_an_article_with_nothing_found(store):
    bare = Analysis(Article(text="Nothing happened."))
    store.save(bare)
    assert store.load_analysis(bare.article.id) == bare.to_dict()
    assert store.load_analysis(bare.article.id)["article"]["published"] is None


def test_tables_are_flat_and_keep_list_order(store):
    store.save(wire_analysis())
    assert store.counts() == {"articles": 1, "entities": 2, "attributions": 3, "events": 3,
                              "event_actors": 7, "predicates": 2, "times": 2, "places": 2,
                              "rejects": 0, "schema_version": 1, "clusters": 0, "cluster_events": 0,
                              "article_minhash": 0, "duplicates": 0}
    recipients = [(r["position"], r["code"], r["name"]) for r in store.rows("event_actors")
                  if r["event_id"] == "ev1" and r["role"] == "recipient"]
    assert recipients == [(0, "RUS", "Russian officials"), (1, "CUB", "Cuba")]
    article = store.rows("articles")[0]
    assert article["published"] == dt.date(2024, 3, 15)
    assert article["origin"] == "wire.jsonl:1"
    event = store.rows("events")[0]
    met = WIRE_TEXT.index(" met ") + 1
    assert (event["trigger_start"], event["trigger_end"], event["trigger_text"]) == (met, met + 3, "met")
    assert (event["location_name"], event["date_value"], event["factuality_score"]) == ("Havana", "2024-03-13", 3.0)
    scalar = (str, int, float, bool, dt.date, dt.datetime, type(None))
    assert all(isinstance(v, scalar) for table in TABLES for row in store.rows(table) for v in row.values())


def test_saving_the_same_analysis_again_changes_nothing(store):
    store.save(wire_analysis())
    store.save(other_analysis())
    before = snapshot(store)
    assert store.save(wire_analysis()) == "unchanged"
    assert store.save(other_analysis()) == "unchanged"
    assert snapshot(store) == before  # ingested_at included: it keeps the first time


def test_same_id_with_another_text_replaces_the_article_and_all_its_rows(store):
    store.save(wire_analysis())
    store.save(other_analysis())
    newer = Analysis(Article(text=OTHER_TEXT + " Talks went on.", id="wire-1", published="2024-03-16"))
    assert store.save(newer) == "replaced"
    assert store.load_analysis("wire-1") == newer.to_dict()
    counts = store.counts()
    assert (counts["articles"], counts["events"], counts["attributions"], counts["event_actors"]) == (2, 1, 0, 2)


def test_an_article_is_stored_in_one_transaction(store):
    store.save(wire_analysis())
    broken = wire_analysis()
    broken.article.text += " More."
    broken.events.append(replace(broken.events[0]))  # a second event "ev1": its actors' keys clash
    with pytest.raises(duckdb.ConstraintException):
        store.save(broken)
    assert store.load_analysis("wire-1") == wire_analysis().to_dict()


def test_a_published_date_that_is_not_iso_is_refused_before_writing(store):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        store.save(Analysis(Article(text="x", id="a", published="15/03/2024")))
    assert store.counts()["articles"] == 0


def test_rejects_are_kept_once_and_cleared_when_the_article_is_stored(store):
    reject = Reject(origin="wire.jsonl:1", reason="pipeline error: boom", id="wire-1")
    store.add_reject(reject)
    store.add_reject(reject)
    store.add_reject(Reject(origin="wire.jsonl:2", reason="no text"))
    assert [(r["origin"], r["id"], r["reason"]) for r in store.rows("rejects")] == [
        ("wire.jsonl:1", "wire-1", "pipeline error: boom"), ("wire.jsonl:2", None, "no text")]
    store.save(wire_analysis())
    assert [r["origin"] for r in store.rows("rejects")] == ["wire.jsonl:2"]


def test_reading_never_creates_a_store(tmp_path):
    missing = tmp_path / "none.duckdb"
    with pytest.raises(StoreError, match=r"no store at .*none\.duckdb; run `newsgraph ingest` first"):
        Store.open(missing)
    assert not missing.exists()


def test_a_foreign_duckdb_file_is_not_a_store(tmp_path):
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).execute("CREATE TABLE t (x INTEGER)").close()
    with pytest.raises(StoreError, match="not a newsgraph store"):
        Store.open(path)
    with pytest.raises(StoreError, match="not a newsgraph store"):
        Store.open(path, create=True)  # nor is it turned into one
    assert duckdb.connect(str(path)).execute("SHOW TABLES").fetchall() == [("t",)]


def test_unknown_article_id(store):
    with pytest.raises(ArticleNotFound):
        store.load_analysis("nope")


@pytest.fixture
def filled(store):
    store.save(wire_analysis())
    store.save(other_analysis())
    return store


def ids(rows):
    return [(r["article_id"], r["event_id"]) for r in rows]


def test_event_rows_carry_the_attribution_chain_outermost_first(filled):
    rows = {(r["article_id"], r["event_id"]): r for r in filled.events()}
    assert rows["wire-1", "ev1"]["attribution_chain"] == "Haaretz > a source in Caracas"
    assert rows["wire-1", "ev1"]["attribution_stance"] == "reports > claims"
    assert rows["wire-1", "ev3"]["attribution_chain"] == "The ministry"
    assert rows["wire-1", "ev2"]["attribution_chain"] is None
    assert rows["wire-1", "ev1"]["recipients"] == "RUS Russian officials; CUB Cuba"
    assert (rows["wire-1", "ev1"]["actor2_code"], rows["wire-1", "ev1"]["actor2_name"]) == ("RUS", "Russian officials")


def test_event_dates_fall_back_to_the_publication_date(filled):
    rows = {(r["article_id"], r["event_id"]): r for r in filled.events()}
    assert (rows["wire-1", "ev3"]["date"], rows["wire-1", "ev3"]["date_last"]) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert rows["other-2", "ev1"]["date"] == dt.date(2024, 1, 5)  # no date: published


def test_user_values_are_parameters_not_sql(filled):
    assert filled.events(EventQuery(source="%")) == []
    assert filled.events(EventQuery(source="x' OR 1=1 --")) == []
    assert filled.events(EventQuery(actor="VEN' OR '1'='1")) == []
    assert filled.counts()["events"] == 4


def test_a_parent_cycle_in_attributions_does_not_hang_the_query(store):
    looped = wire_analysis()
    looped.attributions[0].parent = "at2"  # at1 -> at2 -> at1 ...
    store.save(looped)
    (row,) = [r for r in store.events() if r["event_id"] == "ev1"]
    assert row["attribution_chain"].startswith("a source in Caracas > Haaretz > a source in Caracas")


def test_parquet_export_is_the_event_rows(filled, tmp_path):
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    filled.export_events_parquet(path)
    table = pyarrow_parquet.read_table(path)
    assert table.num_rows == 4
    assert table.column_names == list(filled.events()[0])
    assert table.column("attribution_chain").to_pylist() == [None, "The ministry", "Haaretz > a source in Caracas", None]


def test_an_article_with_more_rows_than_a_chunk_round_trips(store):
    from newsgraph.model import Factuality, Predicate, Span
    from newsgraph.store import INSERT_CHUNK

    text = " ".join(["went"] * (INSERT_CHUNK + 10))
    predicates = [Predicate(Span.of(text, 5 * i, 5 * i + 4), Factuality(hypothetical=i % 2 == 0, score=i / 7),
                            None if i % 3 else Span.of(text, 5 * i, 5 * i + 4), "go" if i % 5 else None)
                  for i in range(INSERT_CHUNK + 10)]
    big = Analysis(Article(text=text, id="big", published="2024-03-15"), predicates=predicates)
    store.save(big)
    assert store.load_analysis("big") == big.to_dict()
