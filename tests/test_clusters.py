"""Event clusters across articles: the grouping rules on hand-made rows, near-duplicates,
the store's incremental clustering on hand-built analyses, and end to end through the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.clusters import (
    Cluster, Report, account, assign, cluster_id, compatible, conflicts, duplicate_groups, jaccard,
    minhash_bands, shingles,
)
from newsgraph.model import (
    Actor, Analysis, Article, Attribution, Event, Factuality, Place, Span, Time,
)
from newsgraph.store import ClusterNotFound, ClusterQuery, EventQuery, Store

D = dt.date


def report(article="a", event="e1", position=0, type="CONSULT", actor="RUS", recipient="VEN",
           country=None, start=D(2024, 3, 13), last=None) -> Report:
    return Report(article, event, position, type, actor, recipient, country, start, last or start)


# --- the rules ----------------------------------------------------------------------------

@pytest.mark.parametrize("other, expected", [
    (report("b"), True),
    (report("b", actor=None, country="VEN"), True),        # actor unknown: recipient and country agree
    (report("b", actor=None), False),                      # only the recipient in common
    (report("b", actor=None, recipient=None, country="VEN"), False),
    (report("b", actor="VEN", recipient="RUS"), True),     # a meeting either way round
    (report("b", actor="CHN"), False),                     # another actor
    (report("b", recipient="CUB"), False),
    (report("b", country="CUB"), False),                   # another country
    (report("b", country="VEN"), True),
    (report("b", type="AGREE"), False),
    (report("b", start=D(2024, 3, 16)), True),             # 3 days later: inside the window
    (report("b", start=D(2024, 3, 17)), False),            # 4 days later
    (report("b", start=D(2024, 3, 1), last=D(2024, 3, 10)), True),  # ends 3 days before
    (report("b", start=D(2024, 3, 1), last=D(2024, 4, 30)), False),  # vague: two months
    (report("b", start=None, last=None), False),           # undated
])
def test_compatible(other, expected):
    assert compatible(report("a", country="VEN"), other) is expected
    assert compatible(other, report("a", country="VEN")) is expected


def test_only_mutual_types_turn_round():
    assert not compatible(report("a", type="ASSAULT"), report("b", type="ASSAULT", actor="VEN", recipient="RUS"))
    assert compatible(report("a", type="ASSAULT"), report("b", type="ASSAULT"))
    assert compatible(report("a", type="AGREE", recipient=None, country="VEN"),
                      report("b", type="AGREE", actor="VEN", recipient="RUS", country="VEN"))


def test_a_meeting_told_the_other_way_round_joins_with_the_clusters_orientation():
    (cluster,) = assign([report("a"), report("b", actor="VEN", recipient="RUS")], [])
    assert cluster.members == [("a", "e1"), ("b", "e1")]
    assert (cluster.actor, cluster.recipient) == ("RUS", "VEN")
    assert cluster.orient(report("c", actor="VEN", recipient="RUS")) == report("c")


def test_the_window_is_configurable():
    assert compatible(report("a"), report("b", start=D(2024, 3, 20)), window=7)
    assert not compatible(report("a"), report("b", start=D(2024, 3, 14)), window=0)


def test_unknown_codes_do_not_chain_reports_with_different_codes():
    reports = [report("a", country="VEN"), report("b", recipient=None, country="VEN"),
               report("c", recipient="CUB", country="VEN")]
    found = assign(reports, [])
    assert [c.members for c in found] == [[("a", "e1"), ("b", "e1")], [("c", "e1")]]
    assert (found[0].actor, found[0].recipient, found[0].country) == ("RUS", "VEN", "VEN")


def test_a_run_of_daily_meetings_is_not_one_cluster():
    days = [report(f"a{i}", start=D(2024, 3, 1) + dt.timedelta(days=2 * i)) for i in range(5)]
    found = assign(days, [])
    assert [len(c.members) for c in found] == [2, 2, 1]  # days 1+3, 5+7, 9


def test_assign_is_deterministic_and_the_id_is_the_earliest_members():
    reports = [report("b", start=D(2024, 3, 14)), report("a", start=D(2024, 3, 13)), report("c")]
    forward, backward = assign(reports, []), assign(reversed(reports), [])
    assert [c.members for c in forward] == [c.members for c in backward] == [[("a", "e1"), ("c", "e1"), ("b", "e1")]]
    assert forward[0].id == cluster_id(report("a")) == backward[0].id


def test_a_new_report_joins_an_existing_cluster_and_an_earlier_one_renames_it():
    existing = Cluster.of(report("b", start=D(2024, 3, 14)))
    changed = assign([report("a", start=D(2024, 3, 13)), report("z", type="AID")], [existing])
    assert changed[0] is existing
    assert existing.members == [("b", "e1"), ("a", "e1")]
    assert existing.id == cluster_id(report("a"))
    assert (existing.first_date, existing.last_date) == (D(2024, 3, 13), D(2024, 3, 14))
    assert changed[1].members == [("z", "e1")]


def test_a_report_prefers_the_cluster_that_matches_it_most_specifically():
    vaguer = Cluster.of(report("a", recipient=None, country="VEN"))
    exact = Cluster.of(report("b", start=D(2024, 3, 14), country="VEN"))
    (chosen,) = assign([report("c", country="VEN")], [vaguer, exact])
    assert chosen is exact


def test_a_cluster_of_an_undated_report_admits_nothing():
    undated = Cluster.of(report("a", start=None, last=None))
    assert [c.members for c in assign([report("b")], [undated])] == [[("b", "e1")]]


@pytest.mark.parametrize("polarity, hypothetical, stance, expected", [
    ("positive", False, None, "happened"),
    ("positive", False, "confirms", "happened"),
    ("negative", False, None, "denied"),
    ("positive", False, "denies", "denied"),
    ("positive", True, None, "hypothetical"),
    ("negative", True, "denies", "hypothetical"),
    ("unknown", False, "claims", "uncertain"),
])
def test_account(polarity, hypothetical, stance, expected):
    assert account(polarity, hypothetical, stance) == expected


def test_conflicts_list_the_reports_on_each_side():
    reports = [{"article_id": "a", "event_id": "e1", "account": "happened"},
               {"article_id": "b", "event_id": "e2", "account": "denied"},
               {"article_id": "c", "event_id": "e1", "account": "hypothetical"},
               {"article_id": "d", "event_id": "e1", "account": "uncertain"}]
    assert conflicts(reports) == [
        {"kind": "happened vs denied", "happened": [{"article_id": "a", "event_id": "e1"}],
         "disputing": [{"article_id": "b", "event_id": "e2"}]},
        {"kind": "happened vs hypothetical", "happened": [{"article_id": "a", "event_id": "e1"}],
         "disputing": [{"article_id": "c", "event_id": "e1"}]},
    ]
    assert conflicts(reports[1:]) == []  # denied and planned do not contest each other
    assert conflicts(reports[:1] + reports[3:]) == []


# --- near-duplicates ----------------------------------------------------------------------

STORY = ("Russian diplomats met Venezuelan officials in Caracas on Wednesday to discuss oil "
         "exports, debt payments and a new shipping route, according to two people who attended "
         "the talks. The ministry declined to comment on the agenda.")


def test_shingles_leave_boilerplate_lines_out():
    assert shingles(STORY + "\n\nPrint Friendly, PDF & Email") == shingles(STORY)
    assert shingles("Talks ended.") == {"talks ended"}
    assert shingles("") == set()
    assert "russian diplomats met venezuelan officials" in shingles(STORY)


def test_a_syndicated_copy_is_a_near_duplicate_and_another_story_is_not():
    copy = "This story first appeared on Wire One.\n\n" + STORY
    other = STORY.replace("Russian diplomats met", "Chinese envoys visited").replace("oil exports", "grain")
    assert jaccard(shingles(STORY), shingles(copy)) >= 0.8
    assert jaccard(shingles(STORY), shingles(other)) < 0.8
    assert set(minhash_bands(shingles(STORY))) & set(minhash_bands(shingles(copy)))
    assert minhash_bands(shingles(STORY)) == minhash_bands(shingles(STORY))  # same every run
    assert len(minhash_bands(shingles(STORY))) == 16
    assert all(0 <= band < 2 ** 63 for band in minhash_bands(shingles(STORY)))


def test_the_original_of_a_group_is_the_earliest_published():
    articles = {"x": {"id": "x", "published": D(2024, 3, 15)}, "y": {"id": "y", "published": D(2024, 3, 14)},
                "z": {"id": "z", "published": None}, "w": {"id": "w", "published": D(2024, 3, 1)}}
    assert duplicate_groups(articles, [("x", "y"), ("z", "x")]) == {"x": "y", "z": "y"}
    assert duplicate_groups(articles, []) == {}


# --- the store, on hand-built analyses ----------------------------------------------------

def analysis(article_id, outlet, published, text, events, title=None):
    """An analysis of ``text`` whose events are (type, actor code, recipient code, date,
    country, polarity, hypothetical, stance): each event's trigger is the text's first word;
    when ``stance`` is given, its source is the text's last but one word, the cue the last."""
    trigger = Span.of(text, 0, text.index(" "))
    cue_start = text.rindex(" ") + 1
    cue = Span.of(text, cue_start, cue_start + len(text[cue_start:].rstrip(".")))
    source = Span.of(text, text.rindex(" ", 0, cue_start - 1) + 1, cue_start - 1)
    attributions, built = [], []
    for i, (kind, actor, recipient, date, country, polarity, hypothetical, stance) in enumerate(events, 1):
        attribution = None
        if stance:
            attribution = f"a{i}"
            attributions.append(Attribution(attribution, source, cue, trigger, stance=stance))
        built.append(Event(
            f"e{i}", kind, None, "verbal_cooperation", "04", trigger, Span.of(text, 0, len(text)),
            actors=[Actor(f"{actor} side", actor, None)] if actor else [Actor("someone", None, None)],
            recipients=[Actor(f"{recipient} side", recipient, None)] if recipient else [],
            location=Place("Somewhere", country, None, None) if country else None,
            date=Time("DATE", date, None, date, date, "text") if date else None,
            factuality=Factuality(polarity, "certain", hypothetical, 3.0 if polarity == "positive" else -3.0),
            attribution=attribution))
    return Analysis(Article(text=text, id=article_id, title=title, published=published, outlet=outlet),
                    attributions=attributions, events=built)


MEET = ("CONSULT", "RUS", "VEN", "2024-03-13", "VEN", "positive", False, None)
MEET_A = analysis("meet-a", "Wire One", "2024-03-14", "Met in Caracas, officials said.", [MEET])
MEET_B = analysis("meet-b", "Daily Two", "2024-03-15", "Talks were held in Caracas, the ministry said.",
                  [MEET[:3] + ("2024-03-14", None, "positive", False, "confirms")])
MEET_COPY = analysis("meet-copy", "Mirror Three", "2024-03-16",
                     "Met in Caracas, officials said.\n\nPrint Friendly, PDF & Email", [MEET])
ATTACK = ("ASSAULT", "KGZ", "TJK", "2024-03-14", None, "positive", False, "asserts")
ATTACK_A = analysis("attack-a", "Wire One", "2024-03-15", "Attacked border posts, Dushanbe said.", [ATTACK])
DENIAL = analysis("attack-b", "Daily Two", "2024-03-16", "Attacked nobody, Bishkek said.",
                  [ATTACK[:5] + ("negative", False, "denies")])
PLANNED = analysis("aid-a", "Wire One", "2024-03-15", "Will send wheat, Moscow said.",
                   [("AID", "RUS", "SYR", "2024-03-15", None, "positive", True, "asserts")])


def stored(*analyses, path):
    with Store.open(path, create=True) as store:
        for item in analyses:
            store.save(item)
        summary = store.update_clusters()
    return summary


def snapshot(path):
    with Store.open(path) as store:
        return {t: store.rows(t) for t in ("clusters", "cluster_events", "duplicates", "article_minhash")}


def by_articles(path, **filters):
    with Store.open(path) as store:
        return {tuple(c["articles"]): c for c in store.clusters(ClusterQuery(**filters))}


def test_reports_of_two_outlets_form_one_corroborated_cluster(tmp_path):
    db = tmp_path / "s.duckdb"
    assert stored(MEET_A, MEET_B, ATTACK_A, DENIAL, PLANNED, path=db) == {
        "articles": 5, "duplicates": 0, "events": 5, "joined": 0}
    clusters = by_articles(db)
    assert sorted(clusters) == [("aid-a",), ("attack-a", "attack-b"), ("meet-a", "meet-b")]
    meeting = clusters["meet-a", "meet-b"]
    assert {k: meeting[k] for k in ("type", "actor", "recipient", "country", "first_date", "last_date",
                                    "independent_outlets", "independent_articles", "article_count",
                                    "happened", "contested", "outlets")} == {
        "type": "CONSULT", "actor": "RUS", "recipient": "VEN", "country": "VEN",
        "first_date": "2024-03-13", "last_date": "2024-03-14", "independent_outlets": 2,
        "independent_articles": 2, "article_count": 2, "happened": 2, "contested": False,
        "outlets": ["Daily Two", "Wire One"]}
    assert meeting["id"] == cluster_id(report("meet-a"))
    assert clusters["aid-a",]["hypothetical"] == 1 and not clusters["aid-a",]["contested"]


def test_a_denial_makes_the_cluster_contested_with_the_evidence(tmp_path):
    db = tmp_path / "s.duckdb"
    stored(ATTACK_A, DENIAL, path=db)
    (attack,) = by_articles(db, contested=True).values()
    with Store.open(db) as store:
        detail = store.cluster(attack["id"])
    assert (detail["happened"], detail["denied"], detail["contested"]) == (1, 1, True)
    assert detail["conflicts"] == [{"kind": "happened vs denied",
                                    "happened": [{"article_id": "attack-a", "event_id": "e1"}],
                                    "disputing": [{"article_id": "attack-b", "event_id": "e1"}]}]
    reports = {r["article_id"]: r for r in detail["reports"]}
    assert reports["attack-b"]["account"] == "denied"
    assert reports["attack-b"]["sources"] == [{"source": "Bishkek", "cue": "said", "stance": "denies"}]
    assert reports["attack-a"]["outlet"] == "Wire One" and reports["attack-a"]["published"] == "2024-03-15"
    json.dumps(detail)  # plain JSON-able


def test_a_syndicated_copy_counts_once(tmp_path):
    db = tmp_path / "s.duckdb"
    assert stored(MEET_A, MEET_COPY, MEET_B, path=db)["duplicates"] == 1
    (meeting,) = by_articles(db).values()
    assert (meeting["article_count"], meeting["independent_articles"], meeting["independent_outlets"]) == (3, 2, 2)
    with Store.open(db) as store:
        assert [(d["article_id"], d["duplicate_of"], d["similarity"]) for d in store.rows("duplicates")] == [
            ("meet-copy", "meet-a", 1.0)]
        reports = {r["article_id"]: r["duplicate_of"] for r in store.cluster(meeting["id"])["reports"]}
    assert reports == {"meet-a": None, "meet-b": None, "meet-copy": "meet-a"}


def test_incremental_a_new_article_joins_and_again_changes_nothing(tmp_path):
    db = tmp_path / "s.duckdb"
    stored(MEET_B, ATTACK_A, path=db)
    (only_b,) = [c for c in by_articles(db).values() if c["type"] == "CONSULT"]
    assert stored(MEET_A, DENIAL, path=db) == {"articles": 2, "duplicates": 0, "events": 2, "joined": 2}
    after = by_articles(db)
    assert sorted(after) == [("attack-a", "attack-b"), ("meet-a", "meet-b")]
    assert after["meet-a", "meet-b"]["id"] != only_b["id"]  # meet-a's event is earlier: it names the cluster
    once = snapshot(db)
    assert stored(MEET_A, MEET_B, ATTACK_A, DENIAL, path=db) == {"articles": 0, "duplicates": 0, "events": 0,
                                                                "joined": 0}
    assert snapshot(db) == once
    batch = tmp_path / "batch.duckdb"
    stored(MEET_A, MEET_B, ATTACK_A, DENIAL, path=batch)
    assert snapshot(batch)["clusters"] == once["clusters"]  # incremental = all at once, here


def test_replacing_an_article_reclusters_its_events(tmp_path):
    db = tmp_path / "s.duckdb"
    stored(MEET_A, MEET_B, MEET_COPY, path=db)
    elsewhere = analysis("meet-a", "Wire One", "2024-03-14", "Met in Minsk, officials said later.",
                         [("CONSULT", "RUS", "BLR", "2024-03-13", "BLR", "positive", False, None)])
    with Store.open(db, create=True) as store:
        assert store.save(elsewhere) == "replaced"
        left = store.clusters()  # before the update: meet-a has left its cluster
        assert [c["articles"] for c in left] == [["meet-b", "meet-copy"]]
        assert left[0]["id"] == cluster_id(report("meet-copy"))  # meet-a's event named it; now the earliest left
        store.update_clusters()
    clusters = by_articles(db)
    assert sorted(clusters) == [("meet-a",), ("meet-b", "meet-copy")]
    assert clusters["meet-a",]["recipient"] == "BLR"
    assert clusters["meet-b", "meet-copy"]["independent_outlets"] == 2  # the copy is no longer one
    assert snapshot(db)["duplicates"] == []


def test_a_store_from_before_clusters_gets_them_on_the_next_ingest(tmp_path):
    from newsgraph.store import StoreError

    db = tmp_path / "old.duckdb"
    stored(MEET_A, MEET_B, path=db)
    with Store.open(db, create=True) as store:
        for table in ("clusters", "cluster_events", "duplicates", "article_minhash"):
            store.con.execute(f"DROP TABLE {table}")
    with pytest.raises(StoreError, match="lacks the tables article_minhash, cluster_events, clusters, duplicates; "
                                         "run `newsgraph ingest` on it again"):
        Store.open(db)
    assert stored(path=db)["events"] == 2  # opening to write adds the tables; the events are clustered
    assert list(by_articles(db)) == [("meet-a", "meet-b")]


def test_cluster_query_filters_and_sorts(tmp_path):
    db = tmp_path / "s.duckdb"
    stored(MEET_A, MEET_B, ATTACK_A, DENIAL, PLANNED, path=db)
    with Store.open(db) as store:
        def articles(**filters):
            return [c["articles"] for c in store.clusters(ClusterQuery(**filters))]
        assert articles() == [["meet-a", "meet-b"], ["attack-a", "attack-b"], ["aid-a"]]
        assert articles(sort="recent")[0] == ["aid-a"]
        assert articles(sort="outlets")[-1] == ["aid-a"]
        assert articles(type="assault") == articles(actor="kgz") == articles(recipient="TJK") == [["attack-a", "attack-b"]]
        assert articles(contested=False) == [["meet-a", "meet-b"], ["aid-a"]]
        assert articles(min_outlets=2) == [["meet-a", "meet-b"], ["attack-a", "attack-b"]]
        assert articles(since=D(2024, 3, 15)) == [["aid-a"]]
        assert articles(until=D(2024, 3, 13)) == [["meet-a", "meet-b"]]
        assert articles(article="attack-b") == [["attack-a", "attack-b"]]
        assert articles(limit=1, offset=1) == [["attack-a", "attack-b"]]
        assert articles(actor="x' OR 1=1 --") == []
        with pytest.raises(ClusterNotFound):
            store.cluster("nope")
        meeting = store.clusters(ClusterQuery(type="CONSULT"))[0]["id"]
        assert [r["article_id"] for r in store.events(EventQuery(cluster=meeting))] == ["meet-a", "meet-b"]


def test_actor_network_counts_by_quad_class_and_period(tmp_path):
    db = tmp_path / "s.duckdb"
    stored(MEET_A, MEET_B, PLANNED, path=db)
    with Store.open(db) as store:
        figures = store.actor("rus")
        assert store.actor("XXX")["event_count"] == 0
    assert (figures["code"], figures["names"], figures["event_count"], figures["cluster_count"]) == (
        "RUS", ["RUS side"], 3, 2)
    assert figures["timeline"] == [{"period": "2024-03", "quad_class": "verbal_cooperation",
                                    "events": 3, "clusters": 2}]
    assert [(p["code"], p["event_count"], p["cluster_count"], p["as_actor"], p["as_recipient"])
            for p in figures["partners"]] == [("VEN", 2, 1, 2, 0), ("SYR", 1, 1, 1, 0)]
    assert figures["partners"][0]["quad_classes"]["verbal_cooperation"] == 2


# --- end to end: the pipeline and the command line ----------------------------------------

WIRE = [
    {"id": "talks-wire", "published": "2024-03-15", "outlet": "Wire One", "title": "Envoys meet",
     "text": "Russian Foreign Minister Sergei Lavrov met Venezuelan officials in Caracas on Wednesday. "
             "The two sides discussed oil and trade, the ministry said."},
    {"id": "clash-wire", "published": "2024-03-15", "outlet": "Wire One", "title": "Border clash",
     "text": "Kyrgyz troops attacked Tajik border posts near Batken on Thursday, officials in Dushanbe said."},
]
LATER = [
    {"id": "talks-daily", "published": "2024-03-14", "outlet": "Daily Two", "title": "Lavrov in Caracas",
     "text": "Russia's foreign minister held talks with Venezuelan officials in Caracas on Wednesday, "
             "according to the Venezuelan government."},
    {"id": "clash-denial", "published": "2024-03-16", "outlet": "Daily Two", "title": "Bishkek denies",
     "text": "Kyrgyzstan's defence ministry denied that its troops attacked Tajik border posts on Thursday."},
    {"id": "talks-mirror", "published": "2024-03-16", "outlet": "Mirror Three", "title": "Envoys meet",
     "text": WIRE[0]["text"] + "\n\nPrint Friendly, PDF & Email"},
]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """A store after two ingests: the wire's articles, then the later ones."""
    folder = tmp_path_factory.mktemp("e2e")
    db = folder / "e2e.duckdb"
    first = invoke("ingest", write_jsonl(folder / "wire.jsonl", WIRE), "--db", db)
    assert first.exit_code == 0, first.output
    with Store.open(db) as store:
        before = store.clusters()
    second = invoke("ingest", write_jsonl(folder / "later.jsonl", LATER), "--db", db)
    assert second.exit_code == 0, second.output
    return db, folder, before, first.output, second.output


def test_ingest_clusters_new_articles_into_existing_clusters(ingested):
    db, _, before, first, second = ingested
    assert [c["articles"] for c in before] == [["talks-wire"], ["clash-wire"]]
    assert "clustered: 2 new events (0 joined existing clusters); near-duplicate copies: 0" in first
    assert "clustered: 3 new events (3 joined existing clusters); near-duplicate copies: 1" in second
    result = invoke("clusters", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    clusters = json.loads(result.output)
    assert [{k: c[k] for k in ("type", "actor", "recipient", "independent_outlets", "articles", "contested")}
            for c in clusters] == [
        {"type": "CONSULT", "actor": "RUS", "recipient": "VEN", "independent_outlets": 2,
         "articles": ["talks-daily", "talks-mirror", "talks-wire"], "contested": False},
        {"type": "ASSAULT", "actor": "KGZ", "recipient": "TJK", "independent_outlets": 2,
         "articles": ["clash-denial", "clash-wire"], "contested": True},
    ]
    assert clusters[0]["independent_articles"] == 2 and clusters[0]["article_count"] == 3


def test_ingesting_again_changes_no_cluster(ingested):
    db, folder, *_ = ingested
    before = snapshot(db)
    result = invoke("ingest", folder / "wire.jsonl", folder / "later.jsonl", "--db", db)
    assert "clustered: 0 new events" in result.output
    assert snapshot(db) == before


def test_clusters_table_and_csv(ingested):
    db, *_ = ingested
    table = invoke("clusters", "--db", db, "--contested")
    assert table.exit_code == 0, table.output
    assert "1 event cluster" in table.output and "KGZ" in table.output and "1 happened, 1 denied" in table.output
    assert "RUS" not in table.output
    rows = list(csv.DictReader(io.StringIO(invoke("clusters", "--db", db, "--format", "csv", "--min-outlets", "2").output)))
    assert [(r["type"], r["independent_outlets"], r["articles"], r["contested"]) for r in rows] == [
        ("CONSULT", "2", "talks-daily; talks-mirror; talks-wire", "false"),
        ("ASSAULT", "2", "clash-denial; clash-wire", "true")]


def test_actor_command(ingested):
    db, *_ = ingested
    figures = json.loads(invoke("actor", "KGZ", "--db", db, "--format", "json").output)
    assert (figures["event_count"], figures["cluster_count"]) == (2, 1)
    assert [(p["code"], p["event_count"]) for p in figures["partners"]] == [("TJK", 2)]
    rows = list(csv.DictReader(io.StringIO(invoke("actor", "kgz", "--db", db, "--format", "csv").output)))
    assert rows == [{"code": "KGZ", "partner": "", "period": "2024-03", "quad_class": "material_conflict",
                     "events": "2", "clusters": "1"},
                    {"code": "KGZ", "partner": "TJK", "period": "2024-03", "quad_class": "material_conflict",
                     "events": "2", "clusters": "1"}]
    table = invoke("actor", "KGZ", "--db", db)
    assert table.exit_code == 0 and "2 events in 1 clusters" in table.output and "TJK" in table.output
    missing = invoke("actor", "XXX", "--db", db)
    assert missing.exit_code == 1 and "no events with actor code 'XXX'" in missing.output


# --- the demo corpus ----------------------------------------------------------------------

def test_the_demo_corpus_shows_corroboration_contest_and_a_syndicated_copy(tmp_path):
    from pathlib import Path

    from newsgraph import pipeline
    from newsgraph.readers import read_inputs

    examples = Path(__file__).resolve().parent.parent / "examples"
    articles = list(read_inputs([str(examples)], published="2024-03-15"))
    with Store.open(tmp_path / "demo.duckdb", create=True) as store:
        for item in pipeline.analyze_many(articles):
            store.save(item)
        store.update_clusters()
        shown = store.clusters(ClusterQuery(min_outlets=2))
        copies = [(d["article_id"], d["duplicate_of"]) for d in store.rows("duplicates")]
    damascus, batken = ([a.id for a in articles if a.origin.endswith(name)][0]
                        for name in ("damascus-talks.txt", "border-clash.txt"))
    assert copies == [("gulfpost-2024-03-14-damascus-envoy", "levant-2024-03-13-damascus-envoy")]
    assert [{k: c[k] for k in ("type", "actor", "recipient", "first_date", "independent_outlets",
                               "article_count", "articles", "happened", "denied", "contested")}
            for c in shown] == [
        {"type": "ASSAULT", "actor": "TJK", "recipient": "KGZ", "first_date": "2024-03-09",
         "independent_outlets": 2, "article_count": 2, "articles": sorted(["pamir-2024-03-10-batken-denial", batken]),
         "happened": 1, "denied": 1, "contested": True},
        {"type": "CONSULT", "actor": "RUS", "recipient": "SYR", "first_date": "2024-03-12",
         "independent_outlets": 2, "article_count": 3,
         "articles": sorted(["gulfpost-2024-03-14-damascus-envoy", "levant-2024-03-13-damascus-envoy", damascus]),
         "happened": 3, "denied": 0, "contested": False},
    ]
