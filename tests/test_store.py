"""The DuckDB store on hand-built analyses: round trip, idempotence, replacement, atomicity,
rejects, and the sourced event query."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb
import pytest
from sourced_events import OTHER_TEXT, WIRE_TEXT, other_analysis, wire_analysis

from newsgraph.model import Analysis, Article, Reject
from newsgraph.store import EVENT_ROW_COLUMNS, TABLES, ArticleNotFound, EventQuery, Store, StoreError


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


def test_events_hold_the_columns_their_rows_show_and_filters_test(store):
    store.save(wire_analysis())
    derived = {row["id"]: {column: row[column] for column, _ in EVENT_ROW_COLUMNS} for row in store.rows("events")}
    assert derived["ev1"] == {
        "first_day": dt.date(2024, 3, 13), "last_day": dt.date(2024, 3, 13),
        "actor1_code": "VEN", "actor1_name": "deputy foreign minister of Venezuela", "actor1_sector": "GOV",
        "actor2_code": "RUS", "actor2_name": "Russian officials", "actor2_sector": "GOV",
        "actors": "VEN deputy foreign minister of Venezuela", "recipients": "RUS Russian officials; CUB Cuba",
        "actor_codes": "\x1fVEN\x1f", "recipient_codes": "\x1fRUS\x1fCUB\x1f",
        "attribution_chain": "Haaretz > a source in Caracas", "attribution_stance": "reports > claims",
        "sources": "\x1fa source in caracas\x1fhaaretz\x1fhaaretz\x1f",  # at2's text; at1's text and actor name
    }
    assert (derived["ev3"]["first_day"], derived["ev3"]["last_day"]) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert (derived["ev3"]["actor_codes"], derived["ev3"]["actors"]) == (None, "troops")
    assert derived["ev3"]["sources"] == "\x1fthe ministry\x1fvenezuelan ministry\x1f"
    assert (derived["ev2"]["attribution_chain"], derived["ev2"]["sources"]) == (None, None)


def test_a_filter_value_never_matches_across_the_items_of_a_list(store):
    store.save(wire_analysis())
    assert ids(store.events(EventQuery(recipient="rus"))) == [("wire-1", "ev1")]
    assert store.events(EventQuery(recipient="RUS\x1fCUB")) == store.events(EventQuery(recipient="RU")) == []
    assert ids(store.events(EventQuery(source="caracas"))) == [("wire-1", "ev1")]
    assert store.events(EventQuery(source="caracas\x1fhaaretz")) == []


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


@pytest.mark.parametrize("query", [
    EventQuery(), EventQuery(source="caracas"), EventQuery(source="HAARETZ"), EventQuery(actor="rus"),
    EventQuery(recipient="CUB"), EventQuery(since=dt.date(2024, 2, 10), until=dt.date(2024, 2, 12)),
    EventQuery(factuality="factual"), EventQuery(factuality="hypothetical", source="ministry"),
])
def test_filtered_pages_and_counts_agree_with_the_full_rows(filled, query):
    rows = filled.events(query)
    assert filled.count_events(query) == len(rows)
    for limit in (1, 2, 10):
        assert filled.events(replace(query, limit=limit)) == rows[:limit]


def test_the_source_filter_finds_events_under_a_matching_outer_source(filled):
    assert ids(filled.events(EventQuery(source="haaretz"))) == [("wire-1", "ev1")]
    assert ids(filled.events(EventQuery(source="source in car"))) == [("wire-1", "ev1")]


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


def _downgrade_to_version_1(path):
    """Make the store at ``path`` what newsgraph wrote before the derived event columns."""
    con = duckdb.connect(str(path))
    for column, _ in EVENT_ROW_COLUMNS:
        con.execute(f'ALTER TABLE events DROP COLUMN "{column}"')
    con.execute("UPDATE schema_version SET version = 1")
    con.close()


@pytest.mark.parametrize("create", [False, True])
def test_a_version_1_store_is_upgraded_when_opened(tmp_path, create):
    path = tmp_path / "old.duckdb"
    with Store.open(path, create=True) as store:
        store.save(wire_analysis())
        store.save(other_analysis())
        tables, rows = snapshot(store), store.events()
    _downgrade_to_version_1(path)
    with Store.open(path, create=create) as upgraded:
        assert snapshot(upgraded) == tables
        assert upgraded.events() == rows
        assert upgraded.rows("schema_version")[0]["version"] == 2
        assert [c for c, *_ in upgraded.con.execute("DESCRIBE events").fetchall()] == [c for c, _ in TABLES["events"]]


def test_a_version_1_parquet_dataset_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store.open(path, create=True) as store:
        store.save(wire_analysis())
    _downgrade_to_version_1(path)
    con = duckdb.connect(str(path), read_only=True)
    for table in TABLES:
        (tmp_path / "dataset" / table).mkdir(parents=True)
        con.execute(f"COPY {table} TO '{tmp_path / 'dataset' / table / 'part-0.parquet'}' (FORMAT parquet)")
    con.close()
    with pytest.raises(StoreError, match=r"older newsgraph \(store version 1\); run `newsgraph ingest --engine spark`"):
        Store.open_parquet(tmp_path / "dataset")


def _days(event: dict, published: str) -> tuple[dt.date, dt.date]:
    date = event["date"] or {}
    first = date.get("start") or published
    return dt.date.fromisoformat(first), dt.date.fromisoformat(date.get("end") or first)


def _sources_up_the_chain(analysis: dict, attribution: str | None) -> list[str]:
    by_id = {a["id"]: a for a in analysis["attributions"]}
    names, seen = [], set()
    while attribution in by_id and attribution not in seen:
        seen.add(attribution)
        a = by_id[attribution]
        names += [n for n in ((a["source"] or {}).get("text"), (a["source_actor"] or {}).get("name")) if n]
        attribution = a["parent"]
    return names


def _matches(query: EventQuery, analysis: dict, event: dict) -> bool:
    """The filters of ``query`` read off an article-output/1 object (as EventQuery documents them)."""
    first, last = _days(event, analysis["article"]["published"])
    factuality = event["factuality"]
    return all([
        query.actor is None or query.actor.upper() in [a["code"] for a in event["actors"]],
        query.recipient is None or query.recipient.upper() in [a["code"] for a in event["recipients"]],
        query.type is None or event["type"] == query.type.upper(),
        query.since is None or last >= query.since,
        query.until is None or first <= query.until,
        query.factuality != "hypothetical" or factuality["hypothetical"],
        query.factuality != "factual" or (factuality["polarity"] == "positive" and not factuality["hypothetical"]),
        query.source is None or any(query.source.lower() in name.lower()
                                    for name in _sources_up_the_chain(analysis, event["attribution"])),
    ])


def test_every_filter_finds_the_events_the_analyses_describe(store):
    looped = wire_analysis()
    looped.article.id, looped.attributions[0].parent = "loop-3", "at2"
    for analysis in (wire_analysis(), other_analysis(), looped):
        store.save(analysis)
    analyses = [wire_analysis().to_dict(), other_analysis().to_dict(), looped.to_dict()]
    queries = [EventQuery(actor="ven"), EventQuery(recipient="CUB"), EventQuery(recipient="rus", actor="VEN"),
               EventQuery(type="consult"), EventQuery(since=dt.date(2024, 2, 29)), EventQuery(until=dt.date(2024, 2, 1)),
               EventQuery(since=dt.date(2024, 3, 14), until=dt.date(2024, 3, 20)), EventQuery(factuality="factual"),
               EventQuery(factuality="hypothetical"), EventQuery(source="HAARETZ"), EventQuery(source="venezuelan min"),
               EventQuery(source="caracas", actor="VEN", until=dt.date(2024, 3, 13)), EventQuery(source="nobody")]
    for query in queries:
        expected = sorted((a["article"]["id"], e["id"]) for a in analyses for e in a["events"] if _matches(query, a, e))
        assert sorted(ids(store.events(query))) == expected, query
        assert store.count_events(query) == len(expected), query
    assert sum(bool(ids(store.events(q))) for q in queries) == len(queries) - 1  # all but "nobody" find some
