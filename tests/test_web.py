"""The web UI and JSON API, in process (no browser): pages, filters, escaping, parameterized
queries, read-only serving while an ingest writes, and the API fuzzed from its OpenAPI
description. The browser tests are in test_web_browser.py."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import threading
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from newsgraph.store import Store
from newsgraph.web import create_app
from newsgraph.web.highlight import Mark, highlighted_html

HOSTILE = "hostile-<script>"


@pytest.fixture(scope="module")
def client(web_store):
    with TestClient(create_app(web_store)) as client:
        yield client


def event_keys(client, **params) -> list[tuple[str, str]]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return [(e["article_id"], e["event_id"]) for e in response.json()["events"]]


# --- the API --------------------------------------------------------------------------------

def test_api_events_lists_every_event_with_its_total_and_paging(client):
    body = client.get("/api/events").json()
    assert body["total"] == 7 and body["page"] == 1 and body["pages"] == 1
    assert [(e["date"], e["event_type"]) for e in body["events"]][:2] == [("2024-01-01", "AID"), ("2024-02-26", "CONSULT")]
    caracas = next(e for e in body["events"] if e["event_type"] == "COERCE")
    assert caracas["attribution_chain"] == "The newspaper El Diario > an analyst"
    assert caracas["factuality"] == "hypothetical"


@pytest.mark.parametrize("params, expected", [
    ({"actor": "RUS"}, [("wire-kharkiv", "e1")]),
    ({"actor": "deu", "type": "consult"}, [("denial-kyiv", "e1"), (HOSTILE, "e2")]),
    ({"recipient": "VEN"}, [("desk-caracas", "e2")]),
    ({"type": "ASSAULT"}, [("wire-kharkiv", "e1")]),
    ({"since": "2024-03-12", "until": "2024-03-14"}, [("desk-caracas", "e1"), ("wire-kharkiv", "e2")]),
    ({"factuality": "hypothetical"}, [("desk-caracas", "e1"), (HOSTILE, "e1")]),
    ({"source": "el diario"}, [("desk-caracas", "e1")]),
    ({"source": "analyst", "factuality": "", "actor": " "}, [("desk-caracas", "e1")]),
])
def test_api_events_filters(client, params, expected):
    assert event_keys(client, **params) == expected


def test_api_events_sort_and_pages(client):
    by_type = [e["event_type"] for e in client.get("/api/events", params={"sort": "type"}).json()["events"]]
    assert by_type == sorted(by_type)
    newest_first = [e["date"] for e in client.get("/api/events", params={"order": "desc"}).json()["events"]]
    assert newest_first == sorted(newest_first, reverse=True) and newest_first[0] == "2024-03-15"
    pages = [event_keys(client, per_page=4, page=page) for page in (1, 2)]
    assert pages[0] + pages[1] == event_keys(client) and len(pages[1]) == 3
    assert client.get("/api/events", params={"per_page": 4, "page": 2}).json()["pages"] == 2


@pytest.mark.parametrize("params, message", [
    ({"since": "2024-02-30"}, "since: '2024-02-30' is not a date"),
    ({"type": "WAR"}, "type: 'WAR' is not a PLOVER type"),
    ({"factuality": "maybe"}, "factuality: 'maybe' is not hypothetical or factual"),
    ({"sort": "trigger"}, "sort: 'trigger' is not one of date"),
    ({"page": "0"}, "page: Input should be greater than or equal to 1"),
])
def test_api_rejects_a_malformed_filter_with_422_and_says_why(client, params, message):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422 and message in response.json()["detail"]


def test_api_article_is_the_stored_analysis(client, web_store):
    response = client.get(f"/api/articles/{quote(HOSTILE)}")
    with Store.open(web_store) as store:
        assert response.json() == store.load_analysis(HOSTILE)
    assert client.get("/api/articles/nope").status_code == 404


def test_api_places_counts_located_events(client):
    places = client.get("/api/places").json()
    assert {(p["name"], p["events"], tuple(p["articles"])) for p in places} == {
        ("Kharkiv", 1, ("wire-kharkiv",)), ("Warsaw", 1, ("wire-kharkiv",)), ("Kyiv", 2, ("denial-kyiv", HOSTILE))}
    assert [p["name"] for p in client.get("/api/places", params={"actor": "DEU"}).json()] == ["Kyiv"]


def test_openapi_describes_the_api_and_no_write_endpoint(client):
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {"/api/events", "/api/articles/{article_id}", "/api/places", "/api/clusters",
                                  "/api/clusters/{cluster_id}", "/api/actors/{code}"}
    assert {method for path in spec["paths"].values() for method in path} == {"get"}
    assert client.post("/api/events", json={}).status_code == 405


def contested_cluster(client) -> dict:
    clusters = client.get("/api/clusters", params={"contested": "yes"}).json()["clusters"]
    assert len(clusters) == 1
    return clusters[0]


def test_api_clusters_gather_the_reports_of_one_happening(client):
    everything = client.get("/api/clusters").json()
    assert len(everything["clusters"]) == 6 and not everything["more"]
    cluster = contested_cluster(client)
    assert (cluster["type"], cluster["actor"], cluster["recipient"]) == ("CONSULT", "DEU", "UKR")
    assert cluster["outlets"] == ["<b>Evil</b> Outlet", "Second Wire"] and cluster["articles"] == ["denial-kyiv", HOSTILE]
    detail = client.get(f"/api/clusters/{cluster['id']}").json()
    assert [(r["article_id"], r["account"]) for r in detail["reports"]] == [("denial-kyiv", "denied"), (HOSTILE, "happened")]
    assert [c["kind"] for c in detail["conflicts"]] == ["happened vs denied"]
    assert client.get("/api/clusters", params={"contested": "maybe"}).status_code == 422
    assert client.get("/api/clusters/nope").status_code == 404
    first = client.get("/api/clusters", params={"per_page": 4}).json()
    second = client.get("/api/clusters", params={"per_page": 4, "page": 2}).json()
    assert first["more"] and not second["more"] and len(second["clusters"]) == 2


def test_api_actor_counts_its_events_by_quad_class_and_its_partners(client):
    actor = client.get("/api/actors/deu").json()
    assert actor["code"] == "DEU" and actor["event_count"] == 3
    assert actor["quad_classes"]["verbal_cooperation"] == 3
    assert [(p["code"], p["event_count"], p["as_actor"]) for p in actor["partners"]] == [("UKR", 3, 3)]
    assert client.get("/api/actors/XYZ").status_code == 404


# --- the pages ------------------------------------------------------------------------------

def test_events_page_lists_filtered_events_with_links_to_their_evidence(client):
    page = client.get("/events", params={"actor": "RUS", "since": "", "factuality": ""})
    assert page.status_code == 200
    assert "1 event," in page.text
    assert 'href="/articles/wire-kharkiv#event-e1"' in page.text
    assert 'href="/actors/RUS"' in page.text


def test_article_page_marks_the_evidence_and_shows_each_chain(client):
    page = client.get("/articles/desk-caracas").text
    assert '<a class="mark-trigger" href="#event-e1" data-event="e1">arrest</a>' in page
    assert '<span class="mark-source">The newspaper El Diario</span>' in page
    assert '<span class="mark-cue">speculated</span>' in page
    assert '<span class="mark-time">next month</span>' in page
    card = page[page.index('id="event-e1"'):page.index('id="event-e2"')]
    chain = re.sub(r"<[^>]+>", "", card[card.index('class="attribution-chain"'):]).split("this event")[0]
    assert " ".join(chain.split()).endswith("The newspaper El Diario —reported [reports] →an analyst —speculated [speculates] →")
    assert "hypothetical (score" in card


def test_cluster_page_lists_every_report_with_outlet_account_and_sources_and_marks_it_contested(client):
    cluster = contested_cluster(client)
    page = client.get(f"/clusters/{cluster['id']}").text
    assert '<span class="contested" id="contested">contested</span>' in page
    rows = page[page.index('<table class="reports"'):]
    assert rows.index("Second Wire") < rows.index("&lt;b&gt;Evil&lt;/b&gt; Outlet")
    assert '<td class="account account-denied">denied</td>' in rows
    assert 'A German government spokesman —denied <span class="stance">[denies]</span>' in rows
    assert 'href="/articles/denial-kyiv#event-e1"' in rows
    article = client.get(f"/articles/{quote(HOSTILE)}").text
    card = article[article.index('id="event-e2"'):]
    assert (f'<a href="/clusters/{cluster["id"]}">2 reports from 2 independent outlets</a> '
            '<span class="contested">contested</span>') in card
    listing = client.get("/clusters", params={"actor": "DEU", "contested": "yes"}).text
    assert listing.count('class="open-cluster"') == 1 and '<span class="contested">contested</span>' in listing


def test_actor_page_draws_its_timeline_and_partner_network(client):
    page = client.get("/actors/DEU").text
    assert '<g class="bar" data-period="2024-02">' in page and '<g class="bar" data-period="2024-03">' in page
    assert "<title>2024-02: 2 verbal cooperation</title>" in page
    assert page.count('<circle class="node"') == 1 and 'href="/actors/UKR" class="partner"' in page


def test_map_page_draws_country_outlines_and_a_point_per_place(client):
    page = client.get("/map").text
    assert page.count('<path class="country"') > 150
    assert page.count('<circle class="place"') == 3
    assert "<title>Kharkiv, UKR: 1 event</title>" in page


def test_a_missing_article_page_is_a_404_page(client):
    page = client.get("/articles/missing<b>")
    assert page.status_code == 404 and "no article &#39;missing&lt;b&gt;&#39;" in page.text


# --- serving safely -------------------------------------------------------------------------

def test_article_text_title_url_and_outlet_are_escaped_everywhere(client):
    pages = [client.get(f"/articles/{quote(HOSTILE)}").text, client.get("/events").text,
             client.get("/events", params={"source": "<script>"}).text, client.get("/map").text]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>Evil" not in page
        assert 'href="javascript:' not in page
    article = pages[0]
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in article
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; Talks" in article
    assert '<span class="url">javascript:alert(&#39;url&#39;)</span>' in article
    assert "&lt;b&gt;Evil&lt;/b&gt; Outlet" in pages[1]
    assert 'href="/articles/hostile-%3Cscript%3E#event-e1"' in pages[1]
    assert "&lt;script&gt;" in pages[2]  # the filter value, echoed in the form


def test_highlighting_escapes_every_piece_and_nests_nothing():
    html = highlighted_html("a <b> & c", [Mark(0, 5, "source"), Mark(2, 9, "trigger", "e1")])
    assert str(html) == ('<span class="mark-source">a </span>'
                         '<a class="mark-trigger mark-source" href="#event-e1" data-event="e1">&lt;b&gt;</a>'
                         '<a class="mark-trigger" href="#event-e1" data-event="e1"> &amp; c</a>')


def test_pages_forbid_inline_scripts(client):
    headers = client.get("/events").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


INJECTIONS = ["' OR '1'='1", "RUS' OR 1=1 --", "x'); DROP TABLE events; --", '" OR ""="', "1; DELETE FROM articles"]
EVENT_FILTERS = ["actor", "recipient", "type", "since", "until", "factuality", "source", "sort", "order"]
CLUSTER_FILTERS = ["actor", "recipient", "type", "article", "contested", "min_outlets", "since", "until", "sort"]


@pytest.mark.parametrize("path, name", [("/api/events", name) for name in EVENT_FILTERS]
                         + [("/api/clusters", name) for name in CLUSTER_FILTERS])
def test_sql_injection_through_every_filter_matches_nothing_and_changes_nothing(client, web_store, path, name):
    with Store.open(web_store) as store:
        before = store.counts()
    for value in INJECTIONS:
        response = client.get(path, params={name: value})
        assert response.status_code in (200, 422), (name, value, response.text)
        if response.status_code == 200:
            assert not response.json()["events" if path == "/api/events" else "clusters"], (name, value)
    with Store.open(web_store) as store:
        assert store.counts() == before


HOLD_THE_STORE = textwrap.dedent("""
    import sys
    from newsgraph.store import Store
    store = Store.open(sys.argv[1], create=True)  # as `newsgraph ingest` does, for its whole run
    print("holding", flush=True)
    sys.stdin.read()
    store.close()
""")


def test_while_an_ingest_holds_the_store_requests_get_503_then_succeed_again(client, web_store):
    writer = subprocess.Popen([sys.executable, "-c", HOLD_THE_STORE, str(web_store)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "holding"
        api = client.get("/api/events")
        assert api.status_code == 503 and api.headers["retry-after"] == "5"
        assert "held by another process that writes it" in api.json()["detail"]
        page = client.get("/events")
        assert page.status_code == 503 and "try again when it has finished" in page.text
    finally:
        writer.communicate("", timeout=30)
    assert client.get("/api/events").json()["total"] == 7


def test_between_requests_the_server_holds_no_lock_so_an_ingest_can_write(client, web_store):
    assert client.get("/api/events").status_code == 200
    with Store.open(web_store, create=True) as store:  # would raise if the server held the file
        assert store.counts()["articles"] == 4


READ_BRIEFLY = textwrap.dedent("""
    import sys
    from newsgraph.store import Store
    store = Store.open(sys.argv[1])  # as one request of `newsgraph serve` does
    print("reading", flush=True)
    sys.stdin.readline()
    store.close()
""")


def test_an_ingest_that_starts_during_a_request_waits_for_it(web_store):
    reader = subprocess.Popen([sys.executable, "-c", READ_BRIEFLY, str(web_store)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "reading"
        threading.Timer(0.5, lambda: (reader.stdin.write("done\n"), reader.stdin.flush())).start()
        with Store.open(web_store, create=True) as store:  # waits for the reader to let go
            assert store.counts()["articles"] == 4
    finally:
        reader.communicate(timeout=30)


def test_serve_refuses_a_missing_store_before_listening(tmp_path):
    from click.testing import CliRunner

    from newsgraph.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no store at" in result.output


# --- fuzzing the API from its own OpenAPI description -----------------------------------------

def test_api_fuzzed_from_its_openapi_description_never_answers_500(web_store):
    """Bounded: a fixed number of generated requests per operation, no time deadline."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(web_store))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 6
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=10, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            case.validate_response(case.call(), checks=[not_a_server_error])

        fuzz()
