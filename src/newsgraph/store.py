"""The embedded store: analyses flattened into flat DuckDB tables, and rebuilt from them.

One DuckDB file (default ``newsgraph.duckdb``), no server. Every table holds scalar columns
only, so the same tables map 1:1 to Arrow/Parquet. A nested object of the output contract
becomes prefixed columns (``trigger_start``, ``source_actor_name``, ``date_span_text``...);
a nullable object is null when its marker column is null (a span's ``start``, an actor's or
a place's ``name``, a time's ``type``). List order is kept in ``position``.

Tables (see :data:`TABLES` for every column and its type):

``articles``      id (key), title, published DATE, outlet, url, text, origin, text_hash
                  (sha256 of the exact text), ingested_at
``entities``      article_id, position, span_*, label, actor_*
``attributions``  article_id, position, id, source_*, cue_*, content_*, parent, stance, quote,
                  source_actor_*
``events``        article_id, position, id, type, mode, quad_class, cameo_root, trigger_*,
                  sentence_*, location_*, date_*, factuality_*, attribution, confidence, and
                  the columns derived from its parties, attribution chain and article
                  (:data:`EVENT_ROW_COLUMNS`: first_day, last_day, actor1_*, actor2_*,
                  actors, recipients, actor_codes, recipient_codes, attribution_chain,
                  attribution_stance, sources) that the events query reads instead of joins
``event_actors``  article_id, event_id, role ('actor' | 'recipient'), position, name, code,
                  sector, span_*, wikidata
``predicates``    article_id, position, span_*, factuality_*, head_*, lemma
``times``         article_id, position, type, value, span_*, start, end, basis
``places``        article_id, position, name, country, lat, lon, span_*, geonameid, feature
``rejects``       origin, id, reason, at
``schema_version`` version, created_at

Across articles (rules: :mod:`newsgraph.clusters`; kept by :meth:`Store.update_clusters`):

``clusters``        id (key), type, quad_class, actor_code, actor_name, recipient_code,
                    recipient_name, country, first_date, last_date (the days its reports
                    span), max_start, min_last (the window a new report must fit),
                    earliest_article_id, earliest_position (the report that names it),
                    event_count, article_count, independent_articles, independent_outlets,
                    happened, denied, hypothetical, uncertain (reports by account), contested
``cluster_events``  article_id, event_id (key), cluster_id, account
``duplicates``      article_id (key: a near-duplicate copy), duplicate_of (its original),
                    similarity (Jaccard of their shingles)
``article_minhash`` article_id, band (key), hash: the MinHash band hashes of the article's
                    text (an article without them has not been compared yet)

Storage rules:

- Each article is written in one transaction: its rows in every table are deleted, then
  inserted anew. Storing the same analysis twice therefore changes nothing; ``ingested_at``
  keeps the time the article's text was first stored.
- The same id with a different text: the later article replaces the earlier one (all its
  rows), and :meth:`Store.save` says so (``"replaced"``), for the ingest summary.
- An article stored again unchanged keeps its clusters; a replaced one leaves its clusters
  and near-duplicate group at once, and its events are clustered by the next
  :meth:`Store.update_clusters` (the end of ``newsgraph ingest``).
- ``rejects`` keeps each distinct rejection (origin, id, reason) once, with the time it was
  first seen; a rejection of an article id is cleared when an article with that id is stored.
- Every query takes user values as parameters, never formatted into SQL.
- A store of version 1 (before the derived columns of ``events``) is upgraded the first time
  it is opened: the columns are added and filled from the stored analyses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .clusters import (
    ACCOUNTS, DUPLICATE_JACCARD, WINDOW_DAYS, Cluster, Report, account, assign, conflicts,
    duplicate_groups, jaccard, minhash_bands, shingles,
)
from .labels import attribution_steps
from .model import QUAD_CLASSES, SCHEMA_VERSION, Analysis, Reject

DEFAULT_DB = "newsgraph.duckdb"
STORE_VERSION = 2  # 2: the derived EVENT_ROW_COLUMNS of events (a store of version 1 is upgraded)
UPGRADABLE_VERSION = 1
LATE_MATERIALIZATION_ROWS = 10_000  # a page up to this long reads its events' other columns for its rows only
WRITER_LOCK_WAIT_S = 10.0  # how long a writer waits for other processes to release the file
LOCK_RETRY_S = 0.1
MAX_ATTRIBUTION_DEPTH = 16  # guards the chain walk against a parent cycle in bad data
LOAD_CHUNK = 500  # articles rebuilt per round of queries when exporting
INSERT_CHUNK = 500  # rows per INSERT statement


class StoreError(Exception):
    """A store that cannot be used as asked (missing, foreign, other version)."""


class StoreBusy(StoreError):
    """Another process is writing the store (DuckDB lets one process write a file, and a
    reader cannot open it meanwhile)."""


class ArticleNotFound(LookupError):
    pass


class ClusterNotFound(LookupError):
    pass


# --- how nested records become columns ----------------------------------------------------

CHILD_ROWS = "CHILD_ROWS"  # a list kept in its own table (an event's actors and recipients)


@dataclass(frozen=True)
class Shape:
    """A record of the output contract and the scalar columns it flattens to.

    ``fields`` are (name, DuckDB type or nested Shape) in the contract's key order;
    ``marker`` is the field whose null means the whole (nullable) record is null.
    """

    fields: tuple[tuple[str, Any], ...]
    marker: str | None = None

    def columns(self, prefix: str = "") -> list[tuple[str, str]]:
        cols: list[tuple[str, str]] = []
        for name, kind in self.fields:
            if isinstance(kind, Shape):
                cols += kind.columns(f"{prefix}{name}_")
            elif kind != CHILD_ROWS:
                cols.append((prefix + name, kind))
        return cols

    def flatten(self, value: dict | None, prefix: str = "") -> dict[str, Any]:
        row: dict[str, Any] = {}
        for name, kind in self.fields:
            item = None if value is None else value.get(name)
            if isinstance(kind, Shape):
                row.update(kind.flatten(item, f"{prefix}{name}_"))
            elif kind != CHILD_ROWS:
                row[prefix + name] = item
        return row

    def rebuild(self, row: dict[str, Any], prefix: str = "") -> dict[str, Any] | None:
        if self.marker is not None and row[prefix + self.marker] is None:
            return None
        value: dict[str, Any] = {}
        for name, kind in self.fields:
            if isinstance(kind, Shape):
                value[name] = kind.rebuild(row, f"{prefix}{name}_")
            elif kind == CHILD_ROWS:
                value[name] = []
            else:
                value[name] = row[prefix + name]
        return value


SPAN = Shape((("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR")), marker="start")
ACTOR = Shape((("name", "VARCHAR"), ("code", "VARCHAR"), ("sector", "VARCHAR"), ("span", SPAN),
               ("wikidata", "VARCHAR")), marker="name")
FACTUALITY = Shape((("polarity", "VARCHAR"), ("certainty", "VARCHAR"), ("hypothetical", "BOOLEAN"),
                    ("score", "DOUBLE")))
TIME = Shape((("type", "VARCHAR"), ("value", "VARCHAR"), ("span", SPAN), ("start", "VARCHAR"),
              ("end", "VARCHAR"), ("basis", "VARCHAR")), marker="type")
PLACE = Shape((("name", "VARCHAR"), ("country", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"),
               ("span", SPAN), ("geonameid", "BIGINT"), ("feature", "VARCHAR")), marker="name")
ENTITY = Shape((("span", SPAN), ("label", "VARCHAR"), ("actor", ACTOR)))
ATTRIBUTION = Shape((("id", "VARCHAR"), ("source", SPAN), ("cue", SPAN), ("content", SPAN),
                     ("parent", "VARCHAR"), ("stance", "VARCHAR"), ("quote", "BOOLEAN"),
                     ("source_actor", ACTOR)))
EVENT = Shape((("id", "VARCHAR"), ("type", "VARCHAR"), ("mode", "VARCHAR"), ("quad_class", "VARCHAR"),
               ("cameo_root", "VARCHAR"), ("trigger", SPAN), ("sentence", SPAN),
               ("actors", CHILD_ROWS), ("recipients", CHILD_ROWS), ("location", PLACE),
               ("date", TIME), ("factuality", FACTUALITY), ("attribution", "VARCHAR"),
               ("confidence", "DOUBLE")))
PREDICATE = Shape((("span", SPAN), ("factuality", FACTUALITY), ("head", SPAN), ("lemma", "VARCHAR")))

# output-contract list -> shape of one item; each list is a table of the same name
LISTS = {
    "entities": ENTITY, "attributions": ATTRIBUTION, "events": EVENT,
    "predicates": PREDICATE, "times": TIME, "places": PLACE,
}
ROLES = {"actors": "actor", "recipients": "recipient"}
ARTICLE_COLUMNS = [
    ("id", "VARCHAR"), ("title", "VARCHAR"), ("published", "DATE"), ("outlet", "VARCHAR"),
    ("url", "VARCHAR"), ("text", "VARCHAR"), ("origin", "VARCHAR"), ("text_hash", "VARCHAR"),
    ("ingested_at", "TIMESTAMP"),
]
_KEYED = [("article_id", "VARCHAR"), ("position", "INTEGER")]
# what an event's row in the events query shows and its filters test, beyond the event's own
# record: derived from its parties, attribution chain and article by :func:`event_row_columns`
# when the article is flattened (so both engines write them), and stored after the record's
# columns in ``events``, so that the query filters, orders and pages on ``events`` alone
EVENT_ROW_COLUMNS = [
    ("first_day", "DATE"), ("last_day", "DATE"),  # its date's days, else the publication date
    ("actor1_code", "VARCHAR"), ("actor1_name", "VARCHAR"), ("actor1_sector", "VARCHAR"),  # first actor
    ("actor2_code", "VARCHAR"), ("actor2_name", "VARCHAR"), ("actor2_sector", "VARCHAR"),  # first recipient
    ("actors", "VARCHAR"), ("recipients", "VARCHAR"),  # "CODE name; name; ..."
    ("actor_codes", "VARCHAR"), ("recipient_codes", "VARCHAR"),  # every party's code, upper case
    ("attribution_chain", "VARCHAR"), ("attribution_stance", "VARCHAR"),  # "outer > inner"
    ("sources", "VARCHAR"),  # every source text and source actor name up the chain, lower case
]
# between and around the items of the list columns above (codes, sources): a control
# character no code or source name holds, so that a substring test of the joined items
# (much faster in DuckDB than a list function) tests each item
ITEM_SEPARATOR = "\x1f"


def _joined(items: list[str]) -> str | None:
    """``items`` as one string, each between two ITEM_SEPARATORs (``None`` when empty)."""
    return "".join(ITEM_SEPARATOR + item for item in items) + ITEM_SEPARATOR if items else None

TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": ARTICLE_COLUMNS,
    **{name: _KEYED + shape.columns() + (EVENT_ROW_COLUMNS if name == "events" else [])
       for name, shape in LISTS.items()},
    "event_actors": [("article_id", "VARCHAR"), ("event_id", "VARCHAR"), ("role", "VARCHAR"),
                     ("position", "INTEGER")] + ACTOR.columns(),
    "rejects": [("origin", "VARCHAR"), ("id", "VARCHAR"), ("reason", "VARCHAR"), ("at", "TIMESTAMP")],
    "schema_version": [("version", "INTEGER"), ("created_at", "TIMESTAMP")],
    "clusters": [
        ("id", "VARCHAR"), ("type", "VARCHAR"), ("quad_class", "VARCHAR"),
        ("actor_code", "VARCHAR"), ("actor_name", "VARCHAR"),
        ("recipient_code", "VARCHAR"), ("recipient_name", "VARCHAR"), ("country", "VARCHAR"),
        ("first_date", "DATE"), ("last_date", "DATE"), ("max_start", "DATE"), ("min_last", "DATE"),
        ("earliest_article_id", "VARCHAR"), ("earliest_position", "INTEGER"),
        ("event_count", "INTEGER"), ("article_count", "INTEGER"), ("independent_articles", "INTEGER"),
        ("independent_outlets", "INTEGER"), ("happened", "INTEGER"), ("denied", "INTEGER"),
        ("hypothetical", "INTEGER"), ("uncertain", "INTEGER"), ("contested", "BOOLEAN"),
    ],
    "cluster_events": [("cluster_id", "VARCHAR"), ("article_id", "VARCHAR"), ("event_id", "VARCHAR"),
                       ("account", "VARCHAR")],
    "article_minhash": [("article_id", "VARCHAR"), ("band", "INTEGER"), ("hash", "BIGINT")],
    "duplicates": [("article_id", "VARCHAR"), ("duplicate_of", "VARCHAR"), ("similarity", "DOUBLE")],
}
PRIMARY_KEYS = {
    "articles": ("id",),
    **{name: ("article_id", "position") for name in LISTS},
    "event_actors": ("article_id", "event_id", "role", "position"),
    "clusters": ("id",),
    "cluster_events": ("article_id", "event_id"),
    "article_minhash": ("article_id", "band"),
    "duplicates": ("article_id",),
}
ARTICLE_TABLES = (*LISTS, "event_actors")  # rows keyed by article_id


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iso_date(value: str) -> dt.date:
    """``value`` as a calendar date, if it is exactly YYYY-MM-DD (``fromisoformat`` alone
    would also take "20240315" and week dates); ValueError otherwise. The one date rule of the
    store, the CLI and the web filters."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD")


def _day(value: str | None) -> dt.date | None:
    try:
        return iso_date(value) if value is not None else None
    except ValueError:
        return None


def event_row_columns(event: dict[str, Any], attributions: dict[str, dict[str, Any]],
                      published: dt.date | None) -> dict[str, Any]:
    """The :data:`EVENT_ROW_COLUMNS` of one event (an article-output/1 event), given its
    article's attributions by id and publication date.

    The attribution chain runs from the event's attribution up its parents, outermost first,
    at most ``MAX_ATTRIBUTION_DEPTH`` parents up (a guard against a parent cycle in bad
    data); ``sources`` follows the parents to the top (each attribution once), so the source
    filter finds an event under a matching outer source however deep it sits.
    """
    date = event.get("date") or {}
    row: dict[str, Any] = {
        "first_day": _day(date.get("start")) or _day(date.get("value")) or published,
        "last_day": _day(date.get("end")) or _day(date.get("start")) or _day(date.get("value")) or published,
    }
    for number, key in ((1, "actors"), (2, "recipients")):
        parties = event.get(key) or []
        first = parties[0] if parties else {}
        for field in ("code", "name", "sector"):
            row[f"actor{number}_{field}"] = first.get(field)
        labels = [p["name"] if p["code"] is None else f"{p['code']} {p['name']}"
                  for p in parties if p["name"] is not None]
        row[key] = "; ".join(labels) if labels else None
        row[f"{ROLES[key]}_codes"] = _joined([p["code"].upper() for p in parties if p["code"] is not None])
    chain: list[dict[str, Any]] = []
    current = event.get("attribution")
    while current in attributions and len(chain) <= MAX_ATTRIBUTION_DEPTH:
        chain.append(attributions[current])
        current = attributions[current]["parent"]
    names = [(_source_names(a) or ["unnamed source"])[0] for a in reversed(chain)]
    stances = [a["stance"] for a in reversed(chain) if a["stance"] is not None]
    row["attribution_chain"] = " > ".join(names) if names else None
    row["attribution_stance"] = " > ".join(stances) if stances else None
    sources: list[str] = []
    seen: set[str] = set()
    current = event.get("attribution")
    while current in attributions and current not in seen:
        seen.add(current)
        sources += [name.lower() for name in _source_names(attributions[current])]
        current = attributions[current]["parent"]
    row["sources"] = _joined(sources)
    return row


def _source_names(attribution: dict[str, Any]) -> list[str]:
    """The attribution's source text and its source actor's name, those it has."""
    source, actor = attribution.get("source"), attribution.get("source_actor")
    return [name for name in (source and source["text"], actor and actor["name"]) if name is not None]


def flatten_analysis(analysis: dict[str, Any], origin: str | None = None,
                     ingested_at: dt.datetime | None = None) -> dict[str, list[dict[str, Any]]]:
    """An article-output/1 object as rows of every table keyed by article (``TABLES``)."""
    article = analysis["article"]
    article_id = article["id"]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in ("articles", *ARTICLE_TABLES)}
    published = iso_date(article["published"]) if article.get("published") else None
    rows["articles"].append({
        "id": article_id, "title": article.get("title"), "published": published, "outlet": article.get("outlet"),
        "url": article.get("url"), "text": article["text"], "origin": origin,
        "text_hash": text_hash(article["text"]), "ingested_at": ingested_at,
    })
    for name, shape in LISTS.items():
        for position, item in enumerate(analysis.get(name) or []):
            rows[name].append({"article_id": article_id, "position": position, **shape.flatten(item)})
    attributions = {a["id"]: a for a in analysis.get("attributions") or []}
    for row, event in zip(rows["events"], analysis.get("events") or []):
        row.update(event_row_columns(event, attributions, published))
    for event in analysis.get("events") or []:
        for key, role in ROLES.items():
            for position, actor in enumerate(event.get(key) or []):
                rows["event_actors"].append({"article_id": article_id, "event_id": event["id"],
                                             "role": role, "position": position,
                                             **ACTOR.flatten(actor)})
    return rows


def rebuild_analysis(article: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The article-output/1 object from an ``articles`` row and its rows of the other tables
    (each list in ``position`` order): the inverse of :func:`flatten_analysis`."""
    published = article["published"]
    result: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "article": {
            "id": article["id"], "title": article["title"],
            "published": published.isoformat() if published is not None else None,
            "outlet": article["outlet"], "url": article["url"], "text": article["text"],
        },
    }
    for name, shape in LISTS.items():
        result[name] = [shape.rebuild(row) for row in rows.get(name, [])]
    events = {event["id"]: event for event in result["events"]}
    for row in rows.get("event_actors", []):
        role_key = "actors" if row["role"] == "actor" else "recipients"
        events[row["event_id"]][role_key].append(ACTOR.rebuild(row))
    return result


# --- the events query: one flat, sourced row per event --------------------------------------
#
# Everything an event's row shows and every filter tests is a column of ``events`` (the
# derived columns of :data:`EVENT_ROW_COLUMNS`), so the query filters, orders and picks its
# page from ``events`` alone; only the rows of the page are joined with their articles.

# the columns of one event row, from ``events`` ``e`` and its article ``ar``
_EVENT_ROW = """
    e.first_day AS date, e.last_day AS date_last, e.date_value, e.date_basis,
    e.actor1_code, e.actor1_name, e.actor1_sector,
    e.type AS event_type, e.mode AS event_mode, e.cameo_root, e.quad_class,
    e.actor2_code, e.actor2_name, e.actor2_sector, e.actors, e.recipients,
    e.trigger_text AS trigger, e.sentence_text AS sentence,
    e.location_name, e.location_country AS country, e.location_lat AS lat,
    e.location_lon AS lon, e.location_geonameid AS geonameid,
    e.factuality_polarity AS polarity, e.factuality_certainty AS certainty,
    e.factuality_hypothetical AS hypothetical, e.factuality_score,
    e.attribution, e.attribution_chain, e.attribution_stance, e.confidence,
    ar.outlet, ar.url, ar.title, ar.published,
    e.article_id, e.id AS event_id"""

# sort keys of the events table -> their column (fixed SQL: user input only picks a key)
EVENT_ORDERS = {
    "date": "e.first_day", "type": "e.type", "actor": "e.actor1_code", "recipient": "e.actor2_code",
    "factuality": "e.factuality_score", "source": "e.attribution_chain", "outlet": "ar.outlet",
}


def paging(limit: int | None, offset: int) -> tuple[str, list[int]]:
    """The LIMIT / OFFSET clause of a page of rows, and its parameters."""
    clause, params = "", []
    if limit is not None:
        clause += "\nLIMIT ?"
        params.append(limit)
    if offset:
        clause += "\nOFFSET ?"
        params.append(offset)
    return clause, params


@dataclass(frozen=True)
class EventQuery:
    """Filters of the events table; ``None`` lets everything through.

    ``actor`` / ``recipient``: an actor code among the event's actors / recipients.
    ``since`` / ``until``: the event's days (its date's start..end, else the article's
    publication date) overlap ``since``..``until``. ``factuality``: ``"hypothetical"`` or
    ``"factual"`` (positive and not hypothetical). ``source``: a case-insensitive substring of
    any source in the event's attribution chain. ``cluster``: the events of one event cluster.
    ``order``: a key of :data:`EVENT_ORDERS` (default: date), ``descending`` reverses it; ties
    keep date, article and position order. ``offset``: rows skipped before ``limit`` (paging).
    """

    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    factuality: str | None = None
    source: str | None = None
    cluster: str | None = None
    limit: int | None = None
    order: str = "date"
    descending: bool = False
    offset: int | None = None

    def _filters(self) -> tuple[str, list[Any]]:
        """The WHERE clause over ``events`` ``e`` and its parameters."""
        where: list[str] = []
        params: list[Any] = []
        for column, code in (("actor_codes", self.actor), ("recipient_codes", self.recipient)):
            if code is not None:
                where.append(f"contains(e.{column}, ?)")
                params.append(ITEM_SEPARATOR + code.upper() + ITEM_SEPARATOR)
        if self.type is not None:
            where.append("e.type = upper(?)")
            params.append(self.type)
        if self.since is not None:
            where.append("e.last_day >= ?")
            params.append(self.since)
        if self.until is not None:
            where.append("e.first_day <= ?")
            params.append(self.until)
        if self.factuality == "hypothetical":
            where.append("e.factuality_hypothetical")
        elif self.factuality == "factual":
            where.append("e.factuality_polarity = 'positive' AND NOT e.factuality_hypothetical")
        elif self.factuality is not None:
            raise ValueError(f"unknown factuality filter: {self.factuality!r}")
        if self.source is not None:
            where.append("contains(e.sources, ?)")
            params.append(self.source.lower())
        if any(ITEM_SEPARATOR in value for value in (self.actor, self.recipient, self.source) if value is not None):
            where.append("false")  # it would match across items; no code or source name holds it
        if self.cluster is not None:
            where.append("""EXISTS (SELECT 1 FROM cluster_events ce WHERE ce.cluster_id = ?
                AND ce.article_id = e.article_id AND ce.event_id = e.id)""")
            params.append(self.cluster)
        return ("WHERE " + "\n      AND ".join(where)) if where else "", params

    def sql(self) -> tuple[str, list[Any]]:
        """The query's SQL and parameters, ordered and paged: the page's events are picked
        from ``events`` (joined with ``articles`` only to order by outlet), then joined with
        their articles."""
        if self.order not in EVENT_ORDERS:
            raise ValueError(f"unknown event order: {self.order!r}")
        where, params = self._filters()
        direction = " DESC NULLS LAST" if self.descending else ""
        order = f"ORDER BY {EVENT_ORDERS[self.order]}{direction}, e.first_day, e.article_id, e.position"
        if self.limit is None and not self.offset:
            return self._rows(where) + "\n" + order, params
        page, page_params = paging(self.limit, self.offset)
        outlets = "JOIN articles ar ON ar.id = e.article_id " if self.order == "outlet" else ""
        picked = f"SELECT e.* FROM events e {outlets}{where}\n{order}{page}"
        return (f"WITH page AS ({picked})\nSELECT {_EVENT_ROW}\nFROM page e JOIN articles ar ON ar.id = e.article_id\n"
                f"{order}", params + page_params)

    @staticmethod
    def _rows(where: str) -> str:
        return f"SELECT {_EVENT_ROW}\nFROM events e JOIN articles ar ON ar.id = e.article_id\n{where}"

    def filtered_sql(self) -> tuple[str, list[Any]]:
        """The matching rows' SQL and parameters, unordered and unpaged."""
        where, params = self._filters()
        return self._rows(where), params

    def count_sql(self) -> tuple[str, list[Any]]:
        """The query of how many events match (the filters alone, over ``events``)."""
        where, params = self._filters()
        return f"SELECT count(*) FROM events e {where}", params


# --- event clusters: the rows clustering reads, and the clusters query --------------------

# one row per event of the given articles, as :mod:`newsgraph.clusters` reads it: the first
# coded actor and recipient, place country, days, factuality, the stance of its own source,
# its article's outlet, the original it copies (if any) and its cluster (if clustered yet)
_REPORT_ROWS = f"""
WITH wanted AS (SELECT unnest(?::VARCHAR[]) AS article_id),
coded AS (
    SELECT p.article_id, p.event_id, p.role, arg_min(p.code, p.position) AS code,
           arg_min(p.name, p.position) AS name
    FROM event_actors p SEMI JOIN wanted w ON w.article_id = p.article_id
    WHERE p.code IS NOT NULL GROUP BY p.article_id, p.event_id, p.role
)
SELECT e.article_id, e.id AS event_id, e.position, e.type, e.quad_class,
       ac.code AS actor, ac.name AS actor_name, rc.code AS recipient, rc.name AS recipient_name,
       e.location_country AS country, e.first_day AS start, e.last_day AS last,
       e.factuality_polarity AS polarity, e.factuality_hypothetical AS hypothetical,
       att.stance, ar.outlet, d.duplicate_of, ce.cluster_id
FROM events e SEMI JOIN wanted w ON w.article_id = e.article_id
JOIN articles ar ON ar.id = e.article_id
LEFT JOIN coded ac ON ac.article_id = e.article_id AND ac.event_id = e.id AND ac.role = 'actor'
LEFT JOIN coded rc ON rc.article_id = e.article_id AND rc.event_id = e.id AND rc.role = 'recipient'
LEFT JOIN attributions att ON att.article_id = e.article_id AND att.id = e.attribution
LEFT JOIN duplicates d ON d.article_id = e.article_id
LEFT JOIN cluster_events ce ON ce.article_id = e.article_id AND ce.event_id = e.id
"""
CLUSTER_SORTS = {
    "date": "c.first_date NULLS LAST, c.id",
    "outlets": "c.independent_outlets DESC, c.first_date NULLS LAST, c.id",
    "recent": "c.last_date DESC NULLS LAST, c.id",
}


def _report(row: dict[str, Any]) -> Report:
    return Report(row["article_id"], row["event_id"], row["position"], row["type"], row["actor"],
                  row["recipient"], row["country"], row["start"], row["last"])


def _account(row: dict[str, Any]) -> str:
    return account(row["polarity"], row["hypothetical"], row["stance"])


@dataclass(frozen=True)
class ClusterQuery:
    """Filters of the clusters table; ``None`` lets everything through.

    ``actor`` / ``recipient``: the cluster's actor / recipient code; ``party``: either of
    them (a mutual type's sides may be either way round). ``article``: clusters
    with a report from this article. ``contested``: only contested (True) or uncontested
    (False) clusters. ``min_outlets``: at least this many independent outlets. ``since`` /
    ``until``: the cluster's days overlap ``since``..``until``. ``sort``: a key of
    :data:`CLUSTER_SORTS` (``date``: earliest first; ``outlets``: most corroborated first;
    ``recent``: latest first). ``id``: the one cluster of that id.
    """

    id: str | None = None
    type: str | None = None
    actor: str | None = None
    recipient: str | None = None
    party: str | None = None
    article: str | None = None
    contested: bool | None = None
    min_outlets: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    sort: str = "date"
    limit: int | None = None
    offset: int = 0

    def sql(self) -> tuple[str, list[Any]]:
        if self.sort not in CLUSTER_SORTS:
            raise ValueError(f"unknown cluster sort: {self.sort!r}")
        where: list[str] = []
        params: list[Any] = []
        if self.id is not None:
            where.append("c.id = ?")
            params.append(self.id)
        for column, value in (("type", self.type), ("actor_code", self.actor),
                              ("recipient_code", self.recipient)):
            if value is not None:
                where.append(f"c.{column} = upper(?)")
                params.append(value)
        if self.party is not None:
            where.append("(c.actor_code = upper(?) OR c.recipient_code = upper(?))")
            params += [self.party, self.party]
        if self.article is not None:
            where.append("EXISTS (SELECT 1 FROM cluster_events x WHERE x.cluster_id = c.id AND x.article_id = ?)")
            params.append(self.article)
        if self.contested is not None:
            where.append("c.contested = ?")
            params.append(self.contested)
        if self.min_outlets is not None:
            where.append("c.independent_outlets >= ?")
            params.append(self.min_outlets)
        if self.since is not None:
            where.append("c.last_date >= ?")
            params.append(self.since)
        if self.until is not None:
            where.append("c.first_date <= ?")
            params.append(self.until)
        order = CLUSTER_SORTS[self.sort]
        picked = "SELECT c.* FROM clusters c"
        if where:
            picked += " WHERE " + " AND ".join(where)
        page, page_params = paging(self.limit, self.offset)
        picked += f" ORDER BY {order}{page}"
        params += page_params
        sql = f"""
WITH c AS ({picked})
SELECT c.*, list(DISTINCT ce.article_id ORDER BY ce.article_id) AS article_ids,
       list(DISTINCT ar.outlet ORDER BY ar.outlet) FILTER (WHERE ar.outlet IS NOT NULL) AS outlet_names
FROM c JOIN cluster_events ce ON ce.cluster_id = c.id JOIN articles ar ON ar.id = ce.article_id
GROUP BY ALL ORDER BY {order}"""
        return sql, params


def _cluster_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A clusters row as the plain dict of :meth:`Store.clusters`."""
    return {
        "id": row["id"], "type": row["type"], "quad_class": row["quad_class"],
        "actor": row["actor_code"], "actor_name": row["actor_name"],
        "recipient": row["recipient_code"], "recipient_name": row["recipient_name"],
        "country": row["country"],
        "first_date": row["first_date"].isoformat() if row["first_date"] else None,
        "last_date": row["last_date"].isoformat() if row["last_date"] else None,
        "independent_outlets": row["independent_outlets"],
        "independent_articles": row["independent_articles"],
        "article_count": row["article_count"], "event_count": row["event_count"],
        **{name: row[name] for name in ACCOUNTS},
        "contested": row["contested"],
        "articles": row["article_ids"], "outlets": row["outlet_names"] or [],
    }


# --- the store ----------------------------------------------------------------------------

def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_string_list(values: Sequence[str]) -> str:
    """A DuckDB list literal of strings (for a DDL statement, where parameters are not
    allowed: file names of a dataset, never user query values)."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Store:
    """One DuckDB store file. Open with :meth:`open`; use as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path):
        self.con = con
        self.path = path
        con.execute(f"SET late_materialization_max_rows = {LATE_MATERIALIZATION_ROWS}")

    @classmethod
    def open(cls, path: str | Path = DEFAULT_DB, *, create: bool = False) -> "Store":
        """The store at ``path``: created if missing when ``create``, else read-only.

        Raises :class:`StoreError` when reading a file that is missing or not a store of
        this version (a read never creates a file), :class:`StoreBusy` when another process
        holds the file: a reader gives up at once (while one process writes, DuckDB lets no
        other open the file); a writer waits up to :data:`WRITER_LOCK_WAIT_S` for readers,
        such as the short requests of ``newsgraph serve``, to let go.
        """
        path = Path(path)
        if not create and not path.is_file():
            raise StoreError(f"no store at {path}; run `newsgraph ingest` first")
        deadline = time.monotonic() + (WRITER_LOCK_WAIT_S if create else 0)
        while True:
            try:
                con = duckdb.connect(str(path), read_only=not create)
                break
            except duckdb.IOException as error:
                if "lock" not in str(error).lower():
                    raise StoreError(f"cannot open the store at {path}: {error}") from error
                if time.monotonic() < deadline:
                    time.sleep(LOCK_RETRY_S)
                    continue
                if create:
                    raise StoreBusy(f"the store at {path} is in use by another process (another ingest? "
                                    f"a long query?); try again when it has finished") from error
                raise StoreBusy(f"the store at {path} is held by another process that writes it "
                                f"(an ingest?); try again when it has finished") from error
            except duckdb.Error as error:
                raise StoreError(f"cannot open the store at {path}: {error}") from error
        store = cls(con, path)
        try:
            if create:
                store._create_tables()
                store._upgrade()
            elif store._versions() == {UPGRADABLE_VERSION}:  # upgraded once, by a writer
                con.close()
                cls.open(path, create=True).close()
                return cls.open(path)
            store._check_version()
        except BaseException:
            con.close()
            raise
        return store

    @classmethod
    def open_parquet(cls, directory: str | Path) -> "Store":
        """A read-only store over a Parquet dataset: one folder of ``*.parquet`` files per
        table (``DIR/events/``...), as ``newsgraph ingest --engine spark`` writes it.

        Each table is a view of an in-memory DuckDB over its files, cast to the types of
        :data:`TABLES`, so every query reads it as it reads a store file; a table without
        a folder is an empty view. Raises :class:`StoreError` when ``directory`` holds no
        ``articles`` table or a store of another version.
        """
        path = Path(directory)
        if not (path / "articles").is_dir():
            raise StoreError(f"no Parquet dataset at {path} (expected {path / 'articles'}/); "
                             "run `newsgraph ingest --engine spark --out DIR` first")
        con = duckdb.connect(":memory:")
        store = cls(con, path)
        try:
            for name, columns in sorted(TABLES.items(), key=lambda table: table[0] != "schema_version"):
                files = sorted(str(f) for f in (path / name).glob("*.parquet"))
                if files:
                    cols = ", ".join(f"CAST({_quoted(col)} AS {kind}) AS {_quoted(col)}" for col, kind in columns)
                    source = f"read_parquet({_sql_string_list(files)})"
                else:
                    cols = ", ".join(f"CAST(NULL AS {kind}) AS {_quoted(col)}" for col, kind in columns)
                    source = "(SELECT 1) WHERE false"
                con.execute(f"CREATE VIEW {_quoted(name)} AS SELECT {cols} FROM {source}")
                if name == "schema_version":  # before the views of the other tables' columns
                    store._check_version(version_only=True)
            store._check_version()
        except BaseException:
            con.close()
            raise
        return store

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _create_tables(self) -> None:
        tables = {name for (name,) in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if tables and "schema_version" not in tables:
            raise StoreError(f"{self.path} is not a newsgraph store")
        with self._transaction():
            for name, columns in TABLES.items():
                cols = [f"{_quoted(col)} {kind}" for col, kind in columns]
                if name in PRIMARY_KEYS:
                    cols.append(f"PRIMARY KEY ({', '.join(map(_quoted, PRIMARY_KEYS[name]))})")
                self.con.execute(f"CREATE TABLE IF NOT EXISTS {_quoted(name)} ({', '.join(cols)})")
            if not self.con.execute("SELECT count(*) FROM schema_version").fetchone()[0]:
                self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [STORE_VERSION, _now()])

    def _versions(self) -> set[int]:
        try:
            return {v for (v,) in self.con.execute("SELECT version FROM schema_version").fetchall()}
        except duckdb.CatalogException as error:
            raise StoreError(f"{self.path} is not a newsgraph store") from error

    def _check_version(self, version_only: bool = False) -> None:
        versions = self._versions()
        if versions == {UPGRADABLE_VERSION}:  # only a Parquet dataset stays at it
            raise StoreError(f"{self.path} was written by an older newsgraph (store version {UPGRADABLE_VERSION}); "
                             "run `newsgraph ingest --engine spark` on its inputs again")
        if versions != {STORE_VERSION}:
            raise StoreError(f"{self.path} has store version {sorted(versions)}; "
                             f"this newsgraph reads version {STORE_VERSION}")
        if version_only:
            return
        tables = {name for (name,) in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if set(TABLES) - tables:  # a store written before event clusters: ingest adds them
            raise StoreError(f"{self.path} lacks the tables {', '.join(sorted(set(TABLES) - tables))}; "
                             "run `newsgraph ingest` on it again to add them")

    def _upgrade(self) -> None:
        """Bring a store of version 1 to this version in one transaction: add the derived
        columns of ``events`` and fill them, article by article, from the stored analyses."""
        if self._versions() != {UPGRADABLE_VERSION}:
            return
        with self._transaction():
            present = {name for (name,) in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'").fetchall()}
            for column, kind in EVENT_ROW_COLUMNS:
                if column not in present:
                    self.con.execute(f"ALTER TABLE events ADD COLUMN {_quoted(column)} {kind}")
            ids = [i for (i,) in self.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
            for start in range(0, len(ids), LOAD_CHUNK):
                chunk = ids[start:start + LOAD_CHUNK]
                rows = [row for analysis in self._load(chunk) for row in flatten_analysis(analysis)["events"]]
                self.con.execute("DELETE FROM events WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [chunk])
                self._insert("events", rows)
            self.con.execute("UPDATE schema_version SET version = ?", [STORE_VERSION])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows`` with one multi-row statement per chunk (far faster in DuckDB than
        a statement per row); more than a chunk go in as one Arrow table (far faster than
        binding that many parameters)."""
        columns = [col for col, _ in TABLES[table]]
        if len(rows) > INSERT_CHUNK:
            import pyarrow

            data = pyarrow.table({col: [row[col] for row in rows] for col in columns})
            names = ", ".join(map(_quoted, columns))
            self.con.register("_inserted_rows", data)
            try:
                self.con.execute(f"INSERT INTO {_quoted(table)} ({names}) SELECT {names} FROM _inserted_rows")
            finally:
                self.con.unregister("_inserted_rows")
            return
        placeholders = f"({', '.join('?' for _ in columns)})"
        head = f"INSERT INTO {_quoted(table)} ({', '.join(map(_quoted, columns))}) VALUES "
        for start in range(0, len(rows), INSERT_CHUNK):
            chunk = rows[start:start + INSERT_CHUNK]
            self.con.execute(head + ", ".join([placeholders] * len(chunk)),
                             [row[col] for row in chunk for col in columns])

    # writing

    def save(self, analysis: Analysis | dict[str, Any], origin: str | None = None) -> str:
        """Store one article's analysis in one transaction, replacing whatever the store
        held under its id. Returns ``"new"``, ``"unchanged"`` (same id and text as stored)
        or ``"replaced"`` (same id, different text: the later article wins)."""
        if isinstance(analysis, Analysis):
            origin = origin if origin is not None else analysis.article.origin
            analysis = analysis.to_dict()
        rows = flatten_analysis(analysis, origin=origin, ingested_at=_now())
        article = rows["articles"][0]
        with self._transaction():
            before = self.con.execute("SELECT text_hash, ingested_at FROM articles WHERE id = ?",
                                      [article["id"]]).fetchone()
            if before is None:
                status = "new"
            elif before[0] == article["text_hash"]:
                status = "unchanged"
                article["ingested_at"] = before[1]
            else:
                status = "replaced"
            if before is not None:
                for table in ARTICLE_TABLES:
                    self.con.execute(f"DELETE FROM {_quoted(table)} WHERE article_id = ?", [article["id"]])
                self.con.execute("DELETE FROM articles WHERE id = ?", [article["id"]])
            if status == "replaced":
                self._forget_for_clusters(article["id"])
            self.con.execute("DELETE FROM rejects WHERE id = ?", [article["id"]])
            for table, table_rows in rows.items():
                self._insert(table, table_rows)
        return status

    def add_reject(self, reject: Reject) -> None:
        """Record a rejection, once per distinct (origin, id, reason)."""
        with self._transaction():
            seen = self.con.execute(
                "SELECT 1 FROM rejects WHERE origin = ? AND id IS NOT DISTINCT FROM ? AND reason = ?",
                [reject.origin, reject.id, reject.reason]).fetchone()
            if seen is None:
                self._insert("rejects", [{"origin": reject.origin, "id": reject.id,
                                          "reason": reject.reason, "at": _now()}])

    # reading

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {name: self.con.execute(f"SELECT count(*) FROM {_quoted(name)}").fetchone()[0]
                for name in TABLES}

    def rows(self, table: str) -> list[dict[str, Any]]:
        """Every row of ``table`` in key order (for audits and tests)."""
        key = PRIMARY_KEYS.get(table) or tuple(col for col, _ in TABLES[table])
        order = ", ".join(map(_quoted, key))
        return _dicts(self.con.execute(f"SELECT * FROM {_quoted(table)} ORDER BY {order}"))

    def load_analysis(self, article_id: str) -> dict[str, Any]:
        """The article-output/1 object of one stored article."""
        found = self._load([article_id])
        if not found:
            raise ArticleNotFound(article_id)
        return found[0]

    def iter_analyses(self) -> Iterator[dict[str, Any]]:
        """Every stored article's article-output/1 object, by id."""
        ids = [i for (i,) in self.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        for start in range(0, len(ids), LOAD_CHUNK):
            yield from self._load(ids[start:start + LOAD_CHUNK])

    def _load(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        wanted = "IN (SELECT unnest(?::VARCHAR[]))"
        articles = _dicts(self.con.execute(f"SELECT * FROM articles WHERE id {wanted} ORDER BY id",
                                           [list(ids)]))
        rows: dict[str, dict[str, list]] = {a["id"]: {} for a in articles}
        for table in ARTICLE_TABLES:
            order = ", ".join(map(_quoted, PRIMARY_KEYS[table]))
            for row in _dicts(self.con.execute(
                    f"SELECT * FROM {_quoted(table)} WHERE article_id {wanted} ORDER BY {order}",
                    [list(ids)])):
                rows[row["article_id"]].setdefault(table, []).append(row)
        return [rebuild_analysis(a, rows[a["id"]]) for a in articles]

    def events(self, query: EventQuery = EventQuery()) -> list[dict[str, Any]]:
        """One flat row per event matching ``query`` (columns: see ``_EVENT_ROW``), in
        ``query.order`` (by default date), ties by date, article and position."""
        sql, params = query.sql()
        return _dicts(self.con.execute(sql, params))

    def count_events(self, query: EventQuery = EventQuery()) -> int:
        """How many events match ``query``'s filters (its order, limit and offset aside)."""
        sql, params = query.count_sql()
        return self.con.execute(sql, params).fetchone()[0]

    def event_places(self, query: EventQuery = EventQuery(), limit: int = 2000) -> list[dict[str, Any]]:
        """Located events matching ``query``'s filters, per place (name, country, lat, lon):
        ``events`` counted and up to five ``articles``, the most events first, at most ``limit``."""
        sql, params = query.filtered_sql()
        return _dicts(self.con.execute(
            f"""SELECT location_name AS name, country, lat, lon, count(*) AS events,
                       list_slice(array_agg(DISTINCT article_id ORDER BY article_id), 1, 5) AS articles
                FROM ({sql}) WHERE lat IS NOT NULL AND lon IS NOT NULL
                GROUP BY location_name, country, lat, lon
                ORDER BY events DESC, name, country, lat, lon LIMIT ?""", [*params, limit]))

    def export_events_parquet(self, path: str | Path) -> None:
        """Write every event's flat row (as :meth:`events` gives them) to a Parquet file."""
        sql, params = EventQuery().sql()
        self.con.execute(f"COPY ({sql}) TO ? (FORMAT parquet)", [*params, str(path)])

    # event clusters and near-duplicates (the rules: newsgraph.clusters)

    def update_clusters(self, window: int = WINDOW_DAYS) -> dict[str, int]:
        """Bring near-duplicates and event clusters up to date with the stored articles, in
        one transaction: new articles are compared with every stored one, and each event not
        yet in a cluster joins one (or founds its own). Clustered events never move, so
        running it again changes nothing. Returns counts of what it did: ``articles``
        (compared), ``duplicates`` (near-duplicate copies among them), ``events``
        (clustered) and ``joined`` (of those, the ones that joined an existing cluster)."""
        with self._transaction():
            compared, touched = self._update_duplicates()
            pending = [a for (a,) in self.con.execute(
                """SELECT DISTINCT e.article_id FROM events e WHERE NOT EXISTS (SELECT 1 FROM cluster_events ce
                   WHERE ce.article_id = e.article_id AND ce.event_id = e.id) ORDER BY 1""").fetchall()]
            rows = self._report_rows(sorted(set(pending) | touched))
            new_rows = [row for row in rows if row["cluster_id"] is None]
            stale = {row["cluster_id"] for row in rows if row["cluster_id"] is not None}
            reports = [_report(row) for row in new_rows]
            candidates = self._candidate_clusters(reports, window)
            stored_ids = {id(c): c.id for c in candidates}
            accounts = {(row["article_id"], row["event_id"]): _account(row) for row in new_rows}
            joined = 0
            members: list[dict[str, Any]] = []
            for cluster in assign(reports, candidates, window):
                stored = stored_ids.get(id(cluster))
                if stored is not None:
                    joined += len(cluster.members)
                    stale.add(stored)
                    if stored != cluster.id:
                        self.con.execute("UPDATE cluster_events SET cluster_id = ? WHERE cluster_id = ?",
                                         [cluster.id, stored])
                members += [{"cluster_id": cluster.id, "article_id": a, "event_id": e, "account": accounts[a, e]}
                            for a, e in cluster.members]
                stale.add(cluster.id)
            self._insert("cluster_events", members)
            self._refresh_clusters(stale)
        copies = self.con.execute("SELECT count(*) FROM duplicates WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                                  [sorted(compared)]).fetchone()[0]
        return {"articles": len(compared), "duplicates": copies, "events": len(reports), "joined": joined}

    def _report_rows(self, article_ids: Sequence[str]) -> list[dict[str, Any]]:
        if not article_ids:
            return []
        return _dicts(self.con.execute(_REPORT_ROWS, [list(article_ids)]))

    def _candidate_clusters(self, reports: list[Report], window: int) -> list[Cluster]:
        """The stored clusters that may admit some of ``reports``: same type, and a dated
        window within reach of the reports' days of that type."""
        reach: dict[str, list[dt.date]] = {}
        for report in reports:
            if report.dated:
                lo_hi = reach.setdefault(report.type, [report.start, report.last])
                lo_hi[0], lo_hi[1] = min(lo_hi[0], report.start), max(lo_hi[1], report.last)
        if not reach:
            return []
        types = sorted(reach)
        rows = _dicts(self.con.execute(
            """WITH need AS (SELECT unnest(?::VARCHAR[]) AS type, unnest(?::DATE[]) AS lo,
                                    unnest(?::DATE[]) AS hi)
               SELECT c.* FROM clusters c JOIN need n ON n.type = c.type
               WHERE c.max_start IS NOT NULL AND c.max_start <= n.hi + ? AND c.min_last >= n.lo - ?
               ORDER BY c.id""",
            [types, [reach[t][0] for t in types], [reach[t][1] for t in types], window, window]))
        return [Cluster(row["id"], row["type"], row["actor_code"], row["recipient_code"], row["country"],
                        row["first_date"], row["last_date"], row["max_start"], row["min_last"],
                        (row["first_date"] is None, row["first_date"] or dt.date.min,
                         row["earliest_article_id"], row["earliest_position"]))
                for row in rows]

    def _refresh_clusters(self, cluster_ids: set[str]) -> None:
        """Rewrite the ``clusters`` rows of ``cluster_ids`` from their members: summary,
        counts, contested flag, and the id (that of the earliest member; a cluster left
        without members is dropped)."""
        if not cluster_ids:
            return
        ids = sorted(cluster_ids)
        self.con.execute("DELETE FROM clusters WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        member_articles = [a for (a,) in self.con.execute(
            "SELECT DISTINCT article_id FROM cluster_events WHERE cluster_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids]).fetchall()]
        members: dict[str, list[dict[str, Any]]] = {}
        for row in self._report_rows(member_articles):
            if row["cluster_id"] in cluster_ids:
                members.setdefault(row["cluster_id"], []).append(row)
        originals = {row["duplicate_of"] or row["article_id"] for rows in members.values() for row in rows}
        outlet_of = dict(self.con.execute("SELECT id, outlet FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                          [sorted(originals)]).fetchall())
        out: list[dict[str, Any]] = []
        for stored_id, rows in sorted(members.items()):
            rows.sort(key=lambda row: _report(row).key)
            cluster = Cluster.of(_report(rows[0]))
            for row in rows[1:]:
                cluster.add(cluster.orient(_report(row)))
            if cluster.id != stored_id:
                self.con.execute("UPDATE cluster_events SET cluster_id = ? WHERE cluster_id = ?",
                                 [cluster.id, stored_id])
            out.append(_cluster_row(cluster, rows, outlet_of))
        self._insert("clusters", out)

    def _update_duplicates(self) -> tuple[set[str], set[str]]:
        """Fingerprint the articles that have no MinHash bands yet and link near-duplicates.
        Returns (the articles compared, the articles whose original changed)."""
        new = _dicts(self.con.execute(
            """SELECT id, text FROM articles a WHERE NOT EXISTS
               (SELECT 1 FROM article_minhash m WHERE m.article_id = a.id) ORDER BY id"""))
        if not new:
            return set(), set()
        shingled = {row["id"]: shingles(row["text"]) for row in new}
        self._insert("article_minhash", [{"article_id": a, "band": band, "hash": value}
                                         for a, s in shingled.items()
                                         for band, value in enumerate(minhash_bands(s))])
        candidates = self.con.execute(
            """SELECT DISTINCT n.article_id, o.article_id FROM article_minhash n
               JOIN article_minhash o ON o.band = n.band AND o.hash = n.hash AND o.article_id <> n.article_id
               WHERE n.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1, 2""", [sorted(shingled)]).fetchall()
        self._shingle(shingled, {b for _, b in candidates})
        pairs = [(a, b) for a, b in candidates if jaccard(shingled[a], shingled[b]) >= DUPLICATE_JACCARD]
        if not pairs:
            return set(shingled), set()
        linked = {a for pair in pairs for a in pair}
        groups = _dicts(self.con.execute(
            """SELECT article_id, duplicate_of FROM duplicates WHERE duplicate_of IN
               (SELECT coalesce(d.duplicate_of, l.id) FROM (SELECT unnest(?::VARCHAR[]) AS id) l
                LEFT JOIN duplicates d ON d.article_id = l.id)""", [sorted(linked)]))
        before = {row["article_id"]: row["duplicate_of"] for row in groups}
        involved = sorted(linked | set(before) | set(before.values()))
        meta = {row["id"]: row for row in _dicts(self.con.execute(
            "SELECT id, published FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [involved]))}
        copies = duplicate_groups(meta, pairs + list(before.items()))
        self._shingle(shingled, set(copies) | set(copies.values()))
        self.con.execute("DELETE FROM duplicates WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [involved])
        self._insert("duplicates", [
            {"article_id": copy, "duplicate_of": original,
             "similarity": round(jaccard(shingled[copy], shingled[original]), 4)}
            for copy, original in sorted(copies.items())])
        return set(shingled), {a for a in involved if before.get(a) != copies.get(a)}

    def _shingle(self, shingled: dict[str, set[str]], article_ids: set[str]) -> None:
        """Add the shingles of ``article_ids`` not in ``shingled`` yet (texts read from the store)."""
        missing = sorted(article_ids - set(shingled))
        if missing:
            for article_id, text in self.con.execute(
                    "SELECT id, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [missing]).fetchall():
                shingled[article_id] = shingles(text)

    def _forget_for_clusters(self, article_id: str) -> None:
        """A replaced article leaves its clusters and near-duplicate group (its copies are
        compared afresh); the clusters it leaves are rewritten. Its new events are clustered
        by the next :meth:`update_clusters`."""
        copies = [a for (a,) in self.con.execute("SELECT article_id FROM duplicates WHERE duplicate_of = ?",
                                                 [article_id]).fetchall()]
        unlinked = [article_id, *copies]
        stale = {c for (c,) in self.con.execute(
            "SELECT DISTINCT cluster_id FROM cluster_events WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [unlinked]).fetchall()}
        self.con.execute("DELETE FROM cluster_events WHERE article_id = ?", [article_id])
        for table in ("duplicates", "article_minhash"):
            self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [unlinked])
        self._refresh_clusters(stale)

    def event_clusters(self, article_id: str) -> dict[str, dict[str, Any]]:
        """Each clustered event of one article -> its cluster (the dict of :meth:`clusters`)."""
        clusters = {c["id"]: c for c in self.clusters(ClusterQuery(article=article_id))}
        return {event_id: clusters[cluster_id] for event_id, cluster_id in self.con.execute(
            "SELECT event_id, cluster_id FROM cluster_events WHERE article_id = ?", [article_id]).fetchall()
            if cluster_id in clusters}

    def clusters(self, query: ClusterQuery = ClusterQuery()) -> list[dict[str, Any]]:
        """The event clusters matching ``query``, each a plain JSON-able dict::

            {"id": "c3f1...", "type": "CONSULT", "quad_class": "verbal_cooperation",
             "actor": "RUS", "actor_name": "Russian Foreign Minister Sergei Lavrov",
             "recipient": "VEN", "recipient_name": "Venezuelan officials", "country": "VEN",
             "first_date": "2024-03-13", "last_date": "2024-03-13",
             "independent_outlets": 2,   # distinct outlets, near-duplicate copies counted once
             "independent_articles": 2,  # distinct articles, near-duplicate copies counted once
             "article_count": 3, "event_count": 3,
             "happened": 3, "denied": 0, "hypothetical": 0, "uncertain": 0,  # reports by account
             "contested": False,
             "articles": ["meet-a", "meet-b", "meet-c"], "outlets": ["Daily Two", "Wire One"]}

        ``actor`` / ``recipient`` / ``country`` are ``None`` when no report knows them; an
        article without an outlet counts as an outlet of its own.
        """
        sql, params = query.sql()
        return [_cluster_dict(row) for row in _dicts(self.con.execute(sql, params))]

    def cluster(self, cluster_id: str) -> dict[str, Any]:
        """One cluster: the dict of :meth:`clusters`, plus

        ``reports``: one per member event, in date order, each the event's flat row (as
        :meth:`events` gives it, dates as YYYY-MM-DD: article_id, title, outlet, url,
        published, event_id, trigger, sentence, actors, recipients, date, polarity,
        certainty, hypothetical, factuality_score, attribution_chain, ...) plus
        ``account`` (happened | denied | hypothetical | uncertain), ``duplicate_of`` (the
        original's article id when this article is a near-duplicate copy, else ``None``)
        and ``sources``: the attribution chain, outermost first, as
        ``[{"source": "Haaretz", "cue": "reported", "stance": "reports"}, ...]`` (empty
        when the article itself asserts it);

        ``conflicts``: ``[{"kind": "happened vs denied", "happened": [{"article_id",
        "event_id"}, ...], "disputing": [...]}]``, empty unless ``contested``.

        Raises :class:`ClusterNotFound` for an unknown id.
        """
        found = self.clusters(ClusterQuery(id=cluster_id))
        if not found:
            raise ClusterNotFound(cluster_id)
        result = found[0]
        extra = {(a, e): (acc, dup) for a, e, acc, dup in self.con.execute(
            """SELECT ce.article_id, ce.event_id, ce.account, d.duplicate_of FROM cluster_events ce
               LEFT JOIN duplicates d ON d.article_id = ce.article_id WHERE ce.cluster_id = ?""",
            [cluster_id]).fetchall()}
        attributions: dict[str, dict[str, dict[str, Any]]] = {}
        for article_id, id_, parent, source, cue, stance in self.con.execute(
                """SELECT article_id, id, parent, coalesce(source_text, source_actor_name), cue_text, stance
                   FROM attributions WHERE article_id IN (SELECT unnest(?::VARCHAR[]))""",
                [result["articles"]]).fetchall():
            attributions.setdefault(article_id, {})[id_] = {
                "parent": parent, "source": source or "unnamed source", "cue": cue, "stance": stance}
        reports = []
        for row in self.events(EventQuery(cluster=cluster_id)):
            report = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
            report["account"], report["duplicate_of"] = extra[row["article_id"], row["event_id"]]
            report["sources"] = [
                {key: step[key] for key in ("source", "cue", "stance")}
                for step in attribution_steps(attributions.get(row["article_id"], {}),
                                              row["attribution"])[-MAX_ATTRIBUTION_DEPTH:]]
            reports.append(report)
        result["reports"] = reports
        result["conflicts"] = conflicts(reports)
        return result

    def actor(self, code: str, period: str = "month") -> dict[str, Any]:
        """One actor code's events over time and its partners, as a plain dict::

            {"code": "RUS", "names": ["Russia", "Russian officials"],  # most frequent first
             "event_count": 12, "cluster_count": 9,
             "quad_classes": {"verbal_cooperation": 5, "material_cooperation": 1,
                              "verbal_conflict": 4, "material_conflict": 2},   # events
             "timeline": [{"period": "2024-03", "quad_class": "verbal_cooperation",
                           "events": 3, "clusters": 2}, ...],
             "partners": [{"code": "VEN", "event_count": 4, "cluster_count": 3,
                           "as_actor": 3,        # events where CODE acts on the partner
                           "as_recipient": 1,    # events where the partner acts on CODE
                           "quad_classes": {...}, "timeline": [...]}, ...]}

        An event counts when ``code`` is among its actors or recipients; its partners are the
        coded parties of the other role. ``events`` count reports, ``clusters`` count
        happenings (event clusters). ``period``: ``month`` (YYYY-MM) or ``year`` (YYYY) of
        the event's first day; ``None`` for an event with no date at all. Partners come
        most frequent first.
        """
        fmt = {"month": "%Y-%m", "year": "%Y"}[period]
        code = code.upper()
        rows = self.con.execute(
            f"""WITH mine AS (SELECT DISTINCT article_id, event_id, role FROM event_actors WHERE upper(code) = ?)
                SELECT m.article_id, m.event_id, m.role, e.quad_class, strftime(e.first_day, ?) AS period,
                       ce.cluster_id, upper(p.code) AS partner
                FROM mine m JOIN events e ON e.article_id = m.article_id AND e.id = m.event_id
                LEFT JOIN cluster_events ce ON ce.article_id = m.article_id AND ce.event_id = m.event_id
                LEFT JOIN event_actors p ON p.article_id = m.article_id AND p.event_id = m.event_id
                                        AND p.role <> m.role AND p.code IS NOT NULL
                ORDER BY period NULLS LAST, m.article_id, m.event_id""", [code, fmt]).fetchall()
        names = [name for (name,) in self.con.execute(
            """SELECT name FROM event_actors WHERE upper(code) = ? GROUP BY name
               ORDER BY count(*) DESC, name LIMIT 5""", [code]).fetchall()]
        everything = _Tally()
        partners: dict[str, _Tally] = {}
        for article_id, event_id, role, quad_class, period_value, cluster_id, partner in rows:
            event = (article_id, event_id)
            everything.add(event, cluster_id, quad_class, period_value)
            if partner is not None:
                tally = partners.setdefault(partner, _Tally())
                tally.add(event, cluster_id, quad_class, period_value)
                (tally.as_actor if role == "actor" else tally.as_recipient).add(event)
        ranked = sorted(partners.items(), key=lambda kv: (-len(kv[1].events), kv[0]))
        return {"code": code, "names": names, **everything.summary(),
                "partners": [{"code": partner, **tally.summary(), "as_actor": len(tally.as_actor),
                              "as_recipient": len(tally.as_recipient)} for partner, tally in ranked]}


def _cluster_row(cluster: Cluster, rows: list[dict[str, Any]], outlet_of: dict[str, str | None]) -> dict[str, Any]:
    """The ``clusters`` row of ``cluster`` from its members' report rows (canonical order)."""
    originals = {row["duplicate_of"] or row["article_id"] for row in rows}
    outlets = {outlet_of.get(original) or f"article {original}" for original in originals}
    tally = Counter(_account(row) for row in rows)
    names: dict[str, str] = {}
    for row in rows:  # the first name each code has (either role: a mutual type may be swapped)
        for code, name in ((row["actor"], row["actor_name"]), (row["recipient"], row["recipient_name"])):
            if code is not None:
                names.setdefault(code, name)
    first = rows[0]
    return {
        "id": cluster.id, "type": cluster.type, "quad_class": first["quad_class"],
        "actor_code": cluster.actor, "actor_name": names.get(cluster.actor),
        "recipient_code": cluster.recipient, "recipient_name": names.get(cluster.recipient),
        "country": cluster.country, "first_date": cluster.first_date, "last_date": cluster.last_date,
        "max_start": cluster.max_start, "min_last": cluster.min_last,
        "earliest_article_id": first["article_id"], "earliest_position": first["position"],
        "event_count": len(rows), "article_count": len({row["article_id"] for row in rows}),
        "independent_articles": len(originals), "independent_outlets": len(outlets),
        **{name: tally[name] for name in ACCOUNTS},
        "contested": bool(conflicts([{"article_id": r["article_id"], "event_id": r["event_id"],
                                      "account": _account(r)} for r in rows])),
    }


class _Tally:
    """Events and clusters counted by quad class and period (for :meth:`Store.actor`)."""

    def __init__(self) -> None:
        self.events: set[tuple[str, str]] = set()
        self.clusters: set[str] = set()
        self.by_class: dict[str, set] = {name: set() for name in QUAD_CLASSES}
        self.by_period: dict[tuple, tuple[set, set]] = {}
        self.as_actor: set[tuple[str, str]] = set()
        self.as_recipient: set[tuple[str, str]] = set()

    def add(self, event: tuple[str, str], cluster_id: str | None, quad_class: str, period: str | None) -> None:
        self.events.add(event)
        self.clusters.add(cluster_id or event)
        self.by_class.setdefault(quad_class, set()).add(event)
        events, clusters = self.by_period.setdefault((period, quad_class), (set(), set()))
        events.add(event)
        clusters.add(cluster_id or event)

    def summary(self) -> dict[str, Any]:
        order = sorted(self.by_period, key=lambda key: (key[0] is None, key[0] or "", key[1]))
        return {"event_count": len(self.events), "cluster_count": len(self.clusters),
                "quad_classes": {name: len(events) for name, events in self.by_class.items()},
                "timeline": [{"period": period, "quad_class": quad_class,
                              "events": len(self.by_period[period, quad_class][0]),
                              "clusters": len(self.by_period[period, quad_class][1])}
                             for period, quad_class in order]}
