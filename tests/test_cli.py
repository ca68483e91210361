"""The command line: ingest (real pipeline, small texts), events filters and formats on a
hand-built store, show, export, and the exit codes 0 / 3 / 1 (and click's 2 for bad options)."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner
from sourced_events import WIRE_TEXT, other_analysis, wire_analysis

from newsgraph import pipeline
from newsgraph.cli import EXIT_REJECTS, _highlighted_text, main
from newsgraph.export import CSV_COLUMNS
from newsgraph.store import TABLES, Store


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(resources.files("newsgraph").joinpath("schema/article-output.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    """A store holding the hand-built analyses only (no pipeline involved)."""
    path = tmp_path_factory.mktemp("hand") / "hand.duckdb"
    with Store.open(path, create=True) as store:
        store.save(wire_analysis())
        store.save(other_analysis())
    return path


def write_jsonl(path, records):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
                    encoding="utf-8")
    return path


GOOD = [
    {"id": "talks", "published": "2024-03-15", "outlet": "Wire",
     "text": "Russian diplomats met Venezuelan officials in Caracas on Monday."},
    {"id": "strike", "published": "2024-03-16", "outlet": "Wire",
     "text": "The army said troops attacked rebel positions near the border."},
]


def snapshot(db):
    with Store.open(db) as store:
        return {table: store.rows(table) for table in TABLES}


# --- ingest -------------------------------------------------------------------------------

def test_ingest_stores_every_article_and_exits_0(tmp_path, validator):
    db = tmp_path / "ng.duckdb"
    source = write_jsonl(tmp_path / "in.jsonl", GOOD)
    result = invoke("ingest", source, "--db", db, "--batch-size", 1)
    assert result.exit_code == 0, result.output
    assert "stored 2 articles" in result.stdout
    assert "(2 new, 0 unchanged, 0 replaced)" in result.stdout
    assert "rejected: 0" in result.stdout
    assert "articles/s" not in result.output  # no progress bar off a terminal
    analysed = invoke("analyze", source)
    assert analysed.exit_code == 0
    expected = [json.loads(line) for line in analysed.stdout.splitlines()]
    with Store.open(db) as store:
        assert store.counts()["articles"] == 2
        stored = [store.load_analysis(record["id"]) for record in GOOD]
        assert sum(len(a["events"]) for a in stored) == store.counts()["events"]
    assert stored == expected  # what the store gives back is what analyze writes
    for analysis in stored:
        validator.validate(analysis)


def test_ingesting_the_same_input_twice_changes_nothing(tmp_path):
    db = tmp_path / "ng.duckdb"
    source = write_jsonl(tmp_path / "in.jsonl", [*GOOD, {"id": "empty", "text": "  "}])
    first = invoke("ingest", source, "--db", db)
    before = snapshot(db)
    second = invoke("ingest", source, "--db", db)
    assert (first.exit_code, second.exit_code) == (EXIT_REJECTS, EXIT_REJECTS)
    assert "(0 new, 2 unchanged, 0 replaced)" in second.stdout
    assert snapshot(db) == before


def test_bad_records_are_rejected_with_a_reason_and_the_run_goes_on(tmp_path):
    db = tmp_path / "ng.duckdb"
    source = write_jsonl(tmp_path / "in.jsonl", [GOOD[0], "{not json", {"id": "x", "title": "no text"}, GOOD[1]])
    result = invoke("ingest", source, "--db", db)
    assert result.exit_code == EXIT_REJECTS
    assert "stored 2 articles" in result.stdout
    assert "rejected: 2" in result.stdout
    with Store.open(db) as store:
        rejects = store.rows("rejects")
        assert sorted(r["origin"].rsplit(":", 1)[1] for r in rejects) == ["2", "3"]
        assert all(r["reason"] and r["at"] for r in rejects)
        assert sorted(a["id"] for a in store.rows("articles")) == ["strike", "talks"]


def test_an_article_the_pipeline_fails_on_is_rejected_and_the_rest_stored(tmp_path, monkeypatch):
    analyze_many, analyze = pipeline.analyze_many, pipeline.analyze

    def explode(article):
        if "EXPLODE" in article.text:
            raise RuntimeError("stage blew up")

    def failing_many(articles, **kwargs):
        for analysis in analyze_many(articles, **kwargs):
            explode(analysis.article)
            yield analysis

    def failing_one(article, **kwargs):
        explode(article)
        return analyze(article, **kwargs)

    monkeypatch.setattr(pipeline, "analyze_many", failing_many)
    monkeypatch.setattr(pipeline, "analyze", failing_one)
    db = tmp_path / "ng.duckdb"
    records = [GOOD[0], {"id": "bad", "text": "Officials said EXPLODE today."}, GOOD[1]]
    result = invoke("ingest", write_jsonl(tmp_path / "in.jsonl", records), "--db", db)
    assert result.exit_code == EXIT_REJECTS
    assert "pipeline error: RuntimeError: stage blew up" in result.stdout
    with Store.open(db) as store:
        assert [(r["id"], r["reason"]) for r in store.rows("rejects")] == [
            ("bad", "pipeline error: RuntimeError: stage blew up")]
        assert sorted(a["id"] for a in store.rows("articles")) == ["strike", "talks"]


def test_an_id_seen_before_with_another_text_replaces_it(tmp_path):
    db = tmp_path / "ng.duckdb"
    invoke("ingest", write_jsonl(tmp_path / "a.jsonl", GOOD[:1]), "--db", db)
    changed = {**GOOD[0], "text": "Russian diplomats met Cuban officials in Havana on Monday."}
    result = invoke("ingest", write_jsonl(tmp_path / "b.jsonl", [changed]), "--db", db)
    assert result.exit_code == 0
    assert "replaced (same id, different text): talks" in result.stdout
    with Store.open(db) as store:
        assert store.load_analysis("talks")["article"]["text"] == changed["text"]


def test_analyze_reports_rejects_and_exits_3(tmp_path, validator):
    result = invoke("analyze", write_jsonl(tmp_path / "in.jsonl", [GOOD[0], {"id": "x"}]))
    assert result.exit_code == EXIT_REJECTS
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    validator.validate(json.loads(lines[0]))
    assert "rejected " in result.stderr


# --- events -------------------------------------------------------------------------------

ALL = [("other-2", "ev1"), ("wire-1", "ev3"), ("wire-1", "ev1"), ("wire-1", "ev2")]  # by date


@pytest.mark.parametrize("options, expected", [
    ([], ALL),
    (["--actor", "VEN"], [("wire-1", "ev1"), ("wire-1", "ev2")]),
    (["--actor", "chn"], [("other-2", "ev1")]),
    (["--recipient", "CUB"], [("wire-1", "ev1")]),  # any recipient, not just the first
    (["--recipient", "VEN"], []),
    (["--type", "consult"], [("other-2", "ev1"), ("wire-1", "ev1")]),
    (["--since", "2024-02-15"], [("wire-1", "ev3"), ("wire-1", "ev1"), ("wire-1", "ev2")]),  # February overlaps
    (["--until", "2024-02-10"], [("other-2", "ev1"), ("wire-1", "ev3")]),
    (["--since", "2024-03-14", "--until", "2024-03-20"], [("wire-1", "ev2")]),
    (["--hypothetical"], [("wire-1", "ev2")]),
    (["--factual"], [("other-2", "ev1"), ("wire-1", "ev1")]),
    (["--source", "HAARETZ"], [("wire-1", "ev1")]),
    (["--source", "source in caracas"], [("wire-1", "ev1")]),  # the inner source
    (["--source", "venezuelan ministry"], [("wire-1", "ev3")]),  # the source's actor name
    (["--source", "ministry", "--type", "ASSAULT", "--until", "2024-02-01"], [("wire-1", "ev3")]),
    (["--factual", "--actor", "VEN"], [("wire-1", "ev1")]),
    (["--limit", "2"], ALL[:2]),
])
def test_events_filters(hand_db, options, expected):
    result = invoke("events", "--db", hand_db, "--format", "json", *options)
    assert result.exit_code == 0, result.output
    assert [(r["article_id"], r["event_id"]) for r in json.loads(result.stdout)] == expected


def test_events_table_is_the_sourced_event_table(hand_db):
    result = invoke("events", "--db", hand_db)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "4 events"
    header = lines[2]
    assert [c.strip() for c in header.strip("┃").split("┃")] == [
        "date", "type", "actor", "recipient", "trigger", "factuality", "source", "article"]
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.strip("│").split("│")]
            for line in lines if line.startswith("│")}
    assert rows["2024-03-13"] == ["2024-03-13", "CONSULT/visit", "VEN deputy foreign minister of Venezuela",
                                  "RUS Russian officials; CUB Cuba", "met", "+3 certain",
                                  "Haaretz > a source in Caracas", "Wire / wire-1"]
    assert rows["2024-03-15"][5:7] == ["hypothetical", "—"]
    assert rows["2024-02-01"][5:7] == ["negated", "The ministry"]


def test_events_csv_has_the_gdelt_like_columns(hand_db):
    result = invoke("events", "--db", hand_db, "--format", "csv", "--source", "haaretz")
    assert result.exit_code == 0
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(row) == CSV_COLUMNS
    assert row == {**row, "date": "2024-03-13", "actor1_code": "VEN", "event_type": "CONSULT",
                   "cameo_root": "04", "actor2_code": "RUS", "location_name": "Havana", "country": "CUB",
                   "lat": "23.13", "lon": "-82.38", "outlet": "Wire", "hypothetical": "false",
                   "factuality_score": "3.0", "attribution_chain": "Haaretz > a source in Caracas",
                   "attribution_stance": "reports > claims"}


@pytest.mark.parametrize("options, message", [
    (["--since", "2024-02-30"], "not a date of the form YYYY-MM-DD"),
    (["--until", "March"], "not a date of the form YYYY-MM-DD"),
    (["--since", "2024-03-02", "--until", "2024-03-01"], "after --until"),
    (["--hypothetical", "--factual"], "exclude each other"),
    (["--type", "PARTY"], "PARTY"),
    (["--limit", "0"], "--limit"),
])
def test_events_options_are_validated(hand_db, options, message):
    result = invoke("events", "--db", hand_db, *options)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize("command", [["events"], ["show", "wire-1"], ["export", "--format", "jsonl"]])
def test_queries_need_a_store_and_never_create_one(tmp_path, command):
    db = tmp_path / "missing.duckdb"
    result = invoke(*command, "--db", db)
    assert result.exit_code == 1
    assert f"no store at {db}; run `newsgraph ingest` first" in result.output
    assert not db.exists()


# --- show ---------------------------------------------------------------------------------

def test_show_prints_the_article_its_events_and_their_attribution_chains(hand_db):
    result = invoke("show", "wire-1", "--db", hand_db)
    assert result.exit_code == 0
    out = result.stdout
    assert "Envoys meet" in out and "Wire · 2024-03-15 · https://example.org/wire-1" in out
    assert WIRE_TEXT in out  # brackets in the text print as they are
    assert "  source     Haaretz —reported [reports]→ a source in Caracas —said [claims]→ this" in out
    assert "  source     The ministry —denied [denies]→ this" in out
    assert "  source     — (the article asserts it)" in out
    assert "  recipients RUS Russian officials (GOV); CUB Cuba" in out
    assert "  date       2024-02 (2024-02-01..2024-02-29, from the text)" in out
    assert "  place      Havana, CUB (23.13, -82.38)" in out
    assert "  factuality hypothetical (score +1, positive, possible)" in out


def test_show_highlights_triggers_sources_and_cues_at_their_offsets():
    analysis = wire_analysis().to_dict()
    text = _highlighted_text(analysis)
    assert text.plain == WIRE_TEXT
    styled = {(s.start, s.end, str(s.style)) for s in text.spans}
    met = WIRE_TEXT.index(" met ") + 1
    assert (met, met + 3, "bold magenta") in styled
    assert (0, len("Haaretz"), "cyan") in styled
    cue = WIRE_TEXT.index("denied")
    assert (cue, cue + len("denied"), "green underline") in styled


def test_show_an_unknown_id_is_an_error(hand_db):
    result = invoke("show", "no-such-id", "--db", hand_db)
    assert result.exit_code == 1
    assert "no article 'no-such-id'" in result.output


# --- export -------------------------------------------------------------------------------

def test_export_jsonl_is_the_output_contract(hand_db, tmp_path, validator):
    out = tmp_path / "all.jsonl"
    result = invoke("export", "--db", hand_db, "--format", "jsonl", "-o", out)
    assert result.exit_code == 0
    objects = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for obj in objects:
        validator.validate(obj)
    assert objects == [other_analysis().to_dict(), wire_analysis().to_dict()]


def test_export_csv_to_stdout(hand_db):
    result = invoke("export", "--db", hand_db, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r[CSV_COLUMNS.index("article_id")], r[CSV_COLUMNS.index("event_id")]) for r in rows[1:]] == ALL


def test_export_parquet_is_one_flat_event_table(hand_db, tmp_path):
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    result = invoke("export", "--db", hand_db, "--format", "parquet", "-o", out)
    assert result.exit_code == 0
    assert "wrote 4 events" in result.stderr
    table = pyarrow_parquet.read_table(out)
    assert table.num_rows == 4
    assert set(CSV_COLUMNS) <= set(table.column_names)
    assert all(not (f.type.num_fields if hasattr(f.type, "num_fields") else 0) for f in table.schema)


def test_export_parquet_needs_a_file(hand_db):
    result = invoke("export", "--db", hand_db, "--format", "parquet")
    assert result.exit_code == 2
    assert "needs -o FILE" in result.output
