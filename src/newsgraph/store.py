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
                  sentence_*, location_*, date_*, factuality_*, attribution, confidence
``event_actors``  article_id, event_id, role ('actor' | 'recipient'), position, name, code,
                  sector, span_*, wikidata
``predicates``    article_id, position, span_*, factuality_*, head_*, lemma
``times``         article_id, position, type, value, span_*, start, end, basis
``places``        article_id, position, name, country, lat, lon, span_*, geonameid, feature
``rejects``       origin, id, reason, at
``schema_version`` version, created_at

Storage rules:

- Each article is written in one transaction: its rows in every table are deleted, then
  inserted anew. Storing the same analysis twice therefore changes nothing; ``ingested_at``
  keeps the time the article's text was first stored.
- The same id with a different text: the later article replaces the earlier one (all its
  rows), and :meth:`Store.save` says so (``"replaced"``), for the ingest summary.
- ``rejects`` keeps each distinct rejection (origin, id, reason) once, with the time it was
  first seen; a rejection of an article id is cleared when an article with that id is stored.
- Every query takes user values as parameters, never formatted into SQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .model import SCHEMA_VERSION, Analysis, Reject

DEFAULT_DB = "newsgraph.duckdb"
STORE_VERSION = 1
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

TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": ARTICLE_COLUMNS,
    **{name: _KEYED + shape.columns() for name, shape in LISTS.items()},
    "event_actors": [("article_id", "VARCHAR"), ("event_id", "VARCHAR"), ("role", "VARCHAR"),
                     ("position", "INTEGER")] + ACTOR.columns(),
    "rejects": [("origin", "VARCHAR"), ("id", "VARCHAR"), ("reason", "VARCHAR"), ("at", "TIMESTAMP")],
    "schema_version": [("version", "INTEGER"), ("created_at", "TIMESTAMP")],
}
PRIMARY_KEYS = {
    "articles": ("id",),
    **{name: ("article_id", "position") for name in LISTS},
    "event_actors": ("article_id", "event_id", "role", "position"),
}
ARTICLE_TABLES = (*LISTS, "event_actors")  # rows keyed by article_id


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _published_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"published is not a YYYY-MM-DD date: {value!r}")
    return dt.date.fromisoformat(value)


def flatten_analysis(analysis: dict[str, Any], origin: str | None = None,
                     ingested_at: dt.datetime | None = None) -> dict[str, list[dict[str, Any]]]:
    """An article-output/1 object as rows of every table keyed by article (``TABLES``)."""
    article = analysis["article"]
    article_id = article["id"]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in ("articles", *ARTICLE_TABLES)}
    rows["articles"].append({
        "id": article_id, "title": article.get("title"),
        "published": _published_date(article.get("published")), "outlet": article.get("outlet"),
        "url": article.get("url"), "text": article["text"], "origin": origin,
        "text_hash": text_hash(article["text"]), "ingested_at": ingested_at,
    })
    for name, shape in LISTS.items():
        for position, item in enumerate(analysis.get(name) or []):
            rows[name].append({"article_id": article_id, "position": position, **shape.flatten(item)})
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

_EVENT_ROWS = f"""
WITH RECURSIVE chain AS (
    SELECT article_id, id AS event_id, attribution AS attribution_id, 0 AS depth
    FROM events WHERE attribution IS NOT NULL
    UNION ALL
    SELECT c.article_id, c.event_id, a.parent, c.depth + 1
    FROM chain c JOIN attributions a ON a.article_id = c.article_id AND a.id = c.attribution_id
    WHERE a.parent IS NOT NULL AND c.depth < {MAX_ATTRIBUTION_DEPTH}
),
chain_sources AS (
    SELECT c.article_id, c.event_id, c.depth, a.source_text, a.source_actor_name, a.stance
    FROM chain c JOIN attributions a ON a.article_id = c.article_id AND a.id = c.attribution_id
),
sourced AS (
    SELECT article_id, event_id,
           string_agg(coalesce(source_text, source_actor_name, 'unnamed source'), ' > '
                      ORDER BY depth DESC) AS attribution_chain,
           string_agg(stance, ' > ' ORDER BY depth DESC) AS attribution_stance
    FROM chain_sources GROUP BY article_id, event_id
),
parties AS (
    SELECT article_id, event_id, role,
           string_agg(CASE WHEN code IS NULL THEN name ELSE code || ' ' || name END, '; '
                      ORDER BY position) AS labels
    FROM event_actors GROUP BY article_id, event_id, role
),
event_rows AS (
    SELECT
        coalesce(TRY_CAST(e.date_start AS DATE), TRY_CAST(e.date_value AS DATE), ar.published) AS date,
        coalesce(TRY_CAST(e.date_end AS DATE), TRY_CAST(e.date_start AS DATE),
                 TRY_CAST(e.date_value AS DATE), ar.published) AS date_last,
        e.date_value, e.date_basis,
        a1.code AS actor1_code, a1.name AS actor1_name, a1.sector AS actor1_sector,
        e.type AS event_type, e.mode AS event_mode, e.cameo_root, e.quad_class,
        a2.code AS actor2_code, a2.name AS actor2_name, a2.sector AS actor2_sector,
        pa.labels AS actors, pr.labels AS recipients,
        e.trigger_text AS trigger, e.sentence_text AS sentence,
        e.location_name, e.location_country AS country, e.location_lat AS lat,
        e.location_lon AS lon, e.location_geonameid AS geonameid,
        e.factuality_polarity AS polarity, e.factuality_certainty AS certainty,
        e.factuality_hypothetical AS hypothetical, e.factuality_score,
        e.attribution, s.attribution_chain, s.attribution_stance, e.confidence,
        ar.outlet, ar.url, ar.title, ar.published,
        e.article_id, e.id AS event_id, e.position AS event_position
    FROM events e
    JOIN articles ar ON ar.id = e.article_id
    LEFT JOIN sourced s ON s.article_id = e.article_id AND s.event_id = e.id
    LEFT JOIN event_actors a1 ON a1.article_id = e.article_id AND a1.event_id = e.id
                              AND a1.role = 'actor' AND a1.position = 0
    LEFT JOIN event_actors a2 ON a2.article_id = e.article_id AND a2.event_id = e.id
                              AND a2.role = 'recipient' AND a2.position = 0
    LEFT JOIN parties pa ON pa.article_id = e.article_id AND pa.event_id = e.id AND pa.role = 'actor'
    LEFT JOIN parties pr ON pr.article_id = e.article_id AND pr.event_id = e.id AND pr.role = 'recipient'
)
SELECT * EXCLUDE (event_position) FROM event_rows r
"""
_HAS_PARTY = """EXISTS (SELECT 1 FROM event_actors p WHERE p.article_id = r.article_id
    AND p.event_id = r.event_id AND p.role = ? AND upper(p.code) = upper(?))"""
_HAS_SOURCE = """EXISTS (SELECT 1 FROM chain_sources c WHERE c.article_id = r.article_id
    AND c.event_id = r.event_id AND (contains(lower(c.source_text), lower(?))
                                     OR contains(lower(c.source_actor_name), lower(?))))"""


# sort keys of the events table -> their column (fixed SQL: user input only picks a key)
EVENT_ORDERS = {
    "date": "r.date", "type": "r.event_type", "actor": "r.actor1_code", "recipient": "r.actor2_code",
    "factuality": "r.factuality_score", "source": "r.attribution_chain", "outlet": "r.outlet",
}


@dataclass(frozen=True)
class EventQuery:
    """Filters of the events table; ``None`` lets everything through.

    ``actor`` / ``recipient``: an actor code among the event's actors / recipients.
    ``since`` / ``until``: the event's days (its date's start..end, else the article's
    publication date) overlap ``since``..``until``. ``factuality``: ``"hypothetical"`` or
    ``"factual"`` (positive and not hypothetical). ``source``: a case-insensitive substring of
    any source in the event's attribution chain. ``order``: a key of :data:`EVENT_ORDERS`
    (default: date), ``descending`` reverses it; ties keep date, article and position order.
    ``offset``: rows skipped before ``limit`` (for paging).
    """

    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    factuality: str | None = None
    source: str | None = None
    limit: int | None = None
    order: str = "date"
    descending: bool = False
    offset: int | None = None

    def sql(self) -> tuple[str, list[Any]]:
        """The query's SQL and parameters, ordered and paged."""
        if self.order not in EVENT_ORDERS:
            raise ValueError(f"unknown event order: {self.order!r}")
        sql, params = self.filtered_sql()
        direction = " DESC NULLS LAST" if self.descending else ""
        sql += f"ORDER BY {EVENT_ORDERS[self.order]}{direction}, r.date, r.article_id, r.event_position"
        if self.limit is not None:
            sql += "\nLIMIT ?"
            params.append(self.limit)
        if self.offset:
            sql += "\nOFFSET ?"
            params.append(self.offset)
        return sql, params

    def filtered_sql(self) -> tuple[str, list[Any]]:
        """The matching rows' SQL and parameters, unordered and unpaged."""
        where: list[str] = []
        params: list[Any] = []
        if self.actor is not None:
            where.append(_HAS_PARTY)
            params += ["actor", self.actor]
        if self.recipient is not None:
            where.append(_HAS_PARTY)
            params += ["recipient", self.recipient]
        if self.type is not None:
            where.append("r.event_type = upper(?)")
            params.append(self.type)
        if self.since is not None:
            where.append("r.date_last >= ?")
            params.append(self.since)
        if self.until is not None:
            where.append("r.date <= ?")
            params.append(self.until)
        if self.factuality == "hypothetical":
            where.append("r.hypothetical")
        elif self.factuality == "factual":
            where.append("r.polarity = 'positive' AND NOT r.hypothetical")
        elif self.factuality is not None:
            raise ValueError(f"unknown factuality filter: {self.factuality!r}")
        if self.source is not None:
            where.append(_HAS_SOURCE)
            params += [self.source, self.source]
        sql = _EVENT_ROWS
        if where:
            sql += "WHERE " + "\n  AND ".join(where) + "\n"
        return sql, params


# --- the store ----------------------------------------------------------------------------

def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


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

    @classmethod
    def open(cls, path: str | Path = DEFAULT_DB, *, create: bool = False) -> "Store":
        """The store at ``path``: created if missing when ``create``, else read-only.

        Raises :class:`StoreError` when reading a file that is missing or not a store of
        this version (a read never creates a file), :class:`StoreBusy` when another process
        holds the file for writing.
        """
        path = Path(path)
        if not create and not path.is_file():
            raise StoreError(f"no store at {path}; run `newsgraph ingest` first")
        try:
            con = duckdb.connect(str(path), read_only=not create)
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                raise StoreBusy(f"the store at {path} is held by another process that writes it "
                                f"(an ingest?); try again when it has finished") from error
            raise StoreError(f"cannot open the store at {path}: {error}") from error
        except duckdb.Error as error:
            raise StoreError(f"cannot open the store at {path}: {error}") from error
        store = cls(con, path)
        try:
            if create:
                store._create_tables()
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

    def _check_version(self) -> None:
        try:
            versions = {v for (v,) in self.con.execute("SELECT version FROM schema_version").fetchall()}
        except duckdb.CatalogException as error:
            raise StoreError(f"{self.path} is not a newsgraph store") from error
        if versions != {STORE_VERSION}:
            raise StoreError(f"{self.path} has store version {sorted(versions)}; "
                             f"this newsgraph reads version {STORE_VERSION}")

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
        a statement per row)."""
        columns = [col for col, _ in TABLES[table]]
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
        """One flat row per event matching ``query`` (columns: see ``_EVENT_ROWS``), ordered
        by date, article and position."""
        sql, params = query.sql()
        return _dicts(self.con.execute(sql, params))

    def count_events(self, query: EventQuery = EventQuery()) -> int:
        """How many events match ``query``'s filters (its order, limit and offset aside)."""
        sql, params = query.filtered_sql()
        return self.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]

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
