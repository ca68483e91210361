"""The web UI and JSON API over a store: read-only, one short-lived store connection per request.

Why per request: DuckDB lets one process write a file, and while it does no other process can
open it, not even to read. Opening the store read-only for each request (and closing it at the
end) means ``serve`` never blocks an ``ingest`` for longer than one request, and a request that
comes while an ingest holds the file gets a 503 that says so, with ``Retry-After``.

Every query goes through :class:`~newsgraph.store.Store` (parameterized SQL); templates are
autoescaped; responses carry a Content-Security-Policy that allows only our own script and
style files, so even a stored ``<script>`` that escaped escaping would not run.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..labels import actor_label, attribution_steps, date_label, factuality_label, place_label, source_name
from ..model import PLOVER_TYPES, QUAD_CLASSES
from ..clusters import ACCOUNTS
from ..store import (
    CLUSTER_SORTS, EVENT_ORDERS, ArticleNotFound, ClusterNotFound, ClusterQuery, EventQuery, Store, StoreBusy,
    StoreError, iso_date,
)
from . import svg
from .highlight import evidence_marks, highlighted_html

HERE = Path(__file__).parent
PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PAGE = 100_000
MAX_TEXT = 200  # longest filter value accepted
BUSY_RETRY_S = 5
ACTOR_EVENTS = 10_000  # most events read for one actor page
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

StoreOpener = Callable[[], Store]


def store_opener(path: str | Path) -> StoreOpener:
    """Opens the DuckDB store at ``path`` read-only, once per call."""
    return lambda: Store.open(path)


# --- filters: one parser for the API and the pages ----------------------------------------

@dataclass(frozen=True)
class EventFilters:
    """The events filters of a request, as typed in the form (empty fields are None)."""

    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    factuality: str | None = None
    source: str | None = None
    sort: str = "date"
    order: str = "asc"
    page: int = 1
    per_page: int = PER_PAGE

    def query(self) -> EventQuery:
        return EventQuery(actor=self.actor, recipient=self.recipient, type=self.type,
                          since=_date(self.since, "since"), until=_date(self.until, "until"),
                          factuality=self.factuality, source=self.source, order=self.sort,
                          descending=self.order == "desc", limit=self.per_page,
                          offset=(self.page - 1) * self.per_page)

    def params(self, **changes: Any) -> str:
        """The query string of these filters with ``changes``, defaults left out."""
        values = {**self.__dict__, **changes}
        defaults = EventFilters().__dict__
        return urlencode({k: v for k, v in values.items() if v is not None and v != defaults[k]})


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return iso_date(value)
    except ValueError as error:
        raise HTTPException(422, f"{name}: {error}") from None


def _blank_is_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


TextFilter = Annotated[str | None, Query(max_length=MAX_TEXT)]


def event_filters(
    actor: TextFilter = None, recipient: TextFilter = None,
    type: Annotated[str | None, Query(max_length=MAX_TEXT, description=f"PLOVER type: {', '.join(PLOVER_TYPES)}")] = None,
    since: Annotated[str | None, Query(max_length=MAX_TEXT, description="YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(max_length=MAX_TEXT, description="YYYY-MM-DD")] = None,
    factuality: Annotated[str | None, Query(max_length=MAX_TEXT, description="hypothetical | factual")] = None,
    source: TextFilter = None,
    sort: Annotated[str, Query(max_length=MAX_TEXT, description=" | ".join(EVENT_ORDERS))] = "date",
    order: Annotated[str, Query(max_length=MAX_TEXT, description="asc | desc")] = "asc",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> EventFilters:
    """The events filters; an empty field (as a submitted form sends it) means no filter."""
    filters = EventFilters(actor=_blank_is_none(actor), recipient=_blank_is_none(recipient),
                           type=_blank_is_none(type), since=_blank_is_none(since), until=_blank_is_none(until),
                           factuality=_blank_is_none(factuality), source=_blank_is_none(source),
                           sort=sort, order=order, page=page, per_page=per_page)
    if filters.type is not None and filters.type.upper() not in PLOVER_TYPES:
        raise HTTPException(422, f"type: {filters.type!r} is not a PLOVER type ({', '.join(PLOVER_TYPES)})")
    if filters.factuality not in (None, "hypothetical", "factual"):
        raise HTTPException(422, f"factuality: {filters.factuality!r} is not hypothetical or factual")
    if sort not in EVENT_ORDERS:
        raise HTTPException(422, f"sort: {sort!r} is not one of {', '.join(EVENT_ORDERS)}")
    if order not in ("asc", "desc"):
        raise HTTPException(422, f"order: {order!r} is not asc or desc")
    filters.query()  # dates are checked here
    return filters


Filters = Annotated[EventFilters, Depends(event_filters)]


@dataclass(frozen=True)
class ClusterFilters:
    """The clusters filters of a request (empty fields are None)."""

    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    article: str | None = None
    contested: str | None = None
    min_outlets: int | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "date"
    page: int = 1
    per_page: int = PER_PAGE

    def query(self, extra: int = 0) -> ClusterQuery:
        """The store query of this page, ``extra`` more rows (to know whether a next page is)."""
        return ClusterQuery(actor=self.actor, recipient=self.recipient, type=self.type, article=self.article,
                            contested={"yes": True, "no": False}.get(self.contested or ""),
                            min_outlets=self.min_outlets, since=_date(self.since, "since"),
                            until=_date(self.until, "until"), sort=self.sort, limit=self.per_page + extra,
                            offset=(self.page - 1) * self.per_page)

    def params(self, **changes: Any) -> str:
        values = {**self.__dict__, **changes}
        defaults = ClusterFilters().__dict__
        return urlencode({k: v for k, v in values.items() if v is not None and v != defaults[k]})


def cluster_filters(
    actor: TextFilter = None, recipient: TextFilter = None,
    type: Annotated[str | None, Query(max_length=MAX_TEXT, description=f"PLOVER type: {', '.join(PLOVER_TYPES)}")] = None,
    article: Annotated[str | None, Query(max_length=MAX_TEXT, description="clusters with a report from this article id")] = None,
    contested: Annotated[str | None, Query(max_length=MAX_TEXT, description="yes | no")] = None,
    min_outlets: Annotated[str | None, Query(max_length=MAX_TEXT, description="at least this many independent outlets")] = None,
    since: Annotated[str | None, Query(max_length=MAX_TEXT, description="YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(max_length=MAX_TEXT, description="YYYY-MM-DD")] = None,
    sort: Annotated[str, Query(max_length=MAX_TEXT, description=" | ".join(CLUSTER_SORTS))] = "date",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> ClusterFilters:
    """The clusters filters; an empty field means no filter."""
    outlets = _blank_is_none(min_outlets)
    if outlets is not None and not re.fullmatch(r"\d{1,6}", outlets):
        raise HTTPException(422, f"min_outlets: {outlets!r} is not a whole number")
    filters = ClusterFilters(actor=_blank_is_none(actor), recipient=_blank_is_none(recipient),
                             type=_blank_is_none(type), article=_blank_is_none(article),
                             contested=_blank_is_none(contested), min_outlets=int(outlets) if outlets else None,
                             since=_blank_is_none(since), until=_blank_is_none(until), sort=sort,
                             page=page, per_page=per_page)
    if filters.type is not None and filters.type.upper() not in PLOVER_TYPES:
        raise HTTPException(422, f"type: {filters.type!r} is not a PLOVER type ({', '.join(PLOVER_TYPES)})")
    if filters.contested not in (None, "yes", "no"):
        raise HTTPException(422, f"contested: {filters.contested!r} is not yes or no")
    if sort not in CLUSTER_SORTS:
        raise HTTPException(422, f"sort: {sort!r} is not one of {', '.join(CLUSTER_SORTS)}")
    filters.query()  # dates are checked here
    return filters


ClusterFiltersDep = Annotated[ClusterFilters, Depends(cluster_filters)]


# --- what the pages show -----------------------------------------------------------------

def event_page(store: Store, filters: EventFilters) -> dict[str, Any]:
    """One page of event rows, with the total and the filters that chose them."""
    query = filters.query()
    total = store.count_events(query)
    rows = store.events(query)
    for row in rows:
        row["factuality"] = factuality_label(row["polarity"], row["certainty"], row["hypothetical"],
                                             row["factuality_score"])
    return {"total": total, "page": filters.page, "per_page": filters.per_page,
            "pages": max(1, -(-total // filters.per_page)), "events": rows}


def article_view(analysis: dict[str, Any]) -> dict[str, Any]:
    """An article's analysis with, for each event, its labels and attribution chain (the
    sources outermost first, each with its cue and stance)."""
    attributions = {a["id"]: a for a in analysis["attributions"]}
    events = []
    for event in analysis["events"]:
        factuality = event["factuality"]
        events.append({
            **event,
            "actor_labels": [(a["code"], actor_label(a)) for a in event["actors"]],
            "recipient_labels": [(a["code"], actor_label(a)) for a in event["recipients"]],
            "date_label": date_label(event["date"]),
            "place_label": place_label(event["location"]),
            "factuality_label": factuality_label(**factuality),
            "chain": [{"source": source_name(a), "cue": a["cue"]["text"], "stance": a["stance"],
                       "quote": a["quote"], "id": a["id"]}
                      for a in attribution_steps(attributions, event["attribution"])],
        })
    return {"events": events,
            "text_html": highlighted_html(analysis["article"]["text"], evidence_marks(analysis))}


def cluster_page(store: Store, filters: ClusterFilters) -> dict[str, Any]:
    """One page of clusters, and whether another page follows."""
    clusters = store.clusters(filters.query(extra=1))
    return {"page": filters.page, "per_page": filters.per_page, "more": len(clusters) > filters.per_page,
            "clusters": clusters[:filters.per_page]}


MAX_PARTNERS = 24  # partners drawn in an actor's network (the table lists them all)


def actor_view(actor: dict[str, Any]) -> dict[str, Any]:
    """An actor's timeline as stacked bars (events per period by quad class; undated last)
    and its most frequent partners laid out around it."""
    periods: dict[str | None, dict[str, Any]] = {}
    for entry in actor["timeline"]:
        bar = periods.setdefault(entry["period"], {"period": entry["period"] or "undated"})
        bar[entry["quad_class"]] = bar.get(entry["quad_class"], 0) + entry["events"]
    partners = [{"code": p["code"], "events": p["event_count"]} for p in actor["partners"][:MAX_PARTNERS]]
    return {"bars": svg.stacked_bars(list(periods.values())), "network": svg.circle_layout(partners)}


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a web address we may link to, else None (no ``javascript:`` links)."""
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else None


# --- the app ------------------------------------------------------------------------------

def create_app(store: StoreOpener | str | Path) -> FastAPI:
    """The web UI and JSON API over a store: a path (opened read-only per request) or an
    opener, a function that returns an open :class:`Store` (e.g. one over Parquet files)."""
    opener = store if callable(store) else store_opener(store)
    app = FastAPI(title="newsgraph", version=__version__, docs_url=None, redoc_url=None,  # both load a CDN
                  description="Sourced event data: who did what to whom, when and where, and who says so. "
                              "Read-only.")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(quad_classes=QUAD_CLASSES, quad_colours=svg.QUAD_COLOURS, accounts=ACCOUNTS,
                                 plover_types=PLOVER_TYPES, orders=list(EVENT_ORDERS),
                                 cluster_sorts=list(CLUSTER_SORTS), safe_url=safe_url, version=__version__)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def open_store() -> Iterator[Store]:
        try:
            opened = opener()
        except StoreBusy as error:
            raise HTTPException(503, str(error), headers={"Retry-After": str(BUSY_RETRY_S)}) from error
        except StoreError as error:
            raise HTTPException(503, str(error)) from error
        try:
            yield opened
        finally:
            opened.close()

    Db = Annotated[Store, Depends(open_store)]

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith(("/api/", "/openapi.json"))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        if wants_html(request):
            return templates.TemplateResponse(request, "error.html", {"status": error.status_code,
                                              "detail": error.detail}, status_code=error.status_code,
                                              headers=error.headers)
        return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError):
        detail = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in error.errors())
        return await http_error(request, HTTPException(422, detail))

    # JSON API

    @app.get("/api/events", tags=["api"], summary="Events matching the filters, one page")
    def api_events(db: Db, filters: Filters) -> dict[str, Any]:
        return jsonable_encoder(event_page(db, filters))

    @app.get("/api/articles/{article_id:path}", tags=["api"], summary="One article's analysis (article-output/1)")
    def api_article(article_id: str, db: Db) -> dict[str, Any]:
        try:
            return db.load_analysis(article_id)
        except ArticleNotFound:
            raise HTTPException(404, f"no article {article_id!r}") from None

    @app.get("/api/places", tags=["api"], summary="Located events per place, for the filters (paging aside)")
    def api_places(db: Db, filters: Filters) -> list[dict[str, Any]]:
        return jsonable_encoder(db.event_places(filters.query()))

    @app.get("/api/clusters", tags=["api"], summary="Event clusters (every report of one happening), one page")
    def api_clusters(db: Db, filters: ClusterFiltersDep) -> dict[str, Any]:
        return jsonable_encoder(cluster_page(db, filters))

    @app.get("/api/clusters/{cluster_id}", tags=["api"], summary="One cluster with its reports and conflicts")
    def api_cluster(cluster_id: Annotated[str, PathParam(max_length=MAX_TEXT)], db: Db) -> dict[str, Any]:
        try:
            return jsonable_encoder(db.cluster(cluster_id))
        except ClusterNotFound:
            raise HTTPException(404, f"no cluster {cluster_id!r}") from None

    @app.get("/api/actors/{code}", tags=["api"], summary="An actor code's events by quad class over time, and its partners")
    def api_actor(code: Annotated[str, PathParam(max_length=MAX_TEXT)], db: Db) -> dict[str, Any]:
        return jsonable_encoder(_actor_or_404(db, code))

    def _actor_or_404(db: Store, code: str) -> dict[str, Any]:
        actor = db.actor(code)
        if not actor["event_count"]:
            raise HTTPException(404, f"no event has the actor code {code!r}")
        return actor

    # pages

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        return RedirectResponse("/events")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, db: Db, filters: Filters):
        return templates.TemplateResponse(request, "events.html", {"filters": filters, **event_page(db, filters)})

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str, db: Db):
        try:
            analysis = db.load_analysis(article_id)
        except ArticleNotFound:
            raise HTTPException(404, f"no article {article_id!r}") from None
        return templates.TemplateResponse(request, "article.html", {
            "article": analysis["article"], "clusters": db.event_clusters(article_id), **article_view(analysis)})

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, db: Db, filters: Filters):
        places = db.event_places(filters.query())
        return templates.TemplateResponse(request, "map.html", {
            "filters": filters, "places": svg.map_points(places), "outlines": svg.country_outlines(),
            "graticule": svg.graticule(), "width": svg.MAP_WIDTH, "height": svg.MAP_HEIGHT})

    @app.get("/clusters", response_class=HTMLResponse, include_in_schema=False)
    def clusters_page(request: Request, db: Db, filters: ClusterFiltersDep):
        return templates.TemplateResponse(request, "clusters.html", {"filters": filters, **cluster_page(db, filters)})

    @app.get("/clusters/{cluster_id}", response_class=HTMLResponse, include_in_schema=False)
    def one_cluster_page(request: Request, cluster_id: str, db: Db):
        try:
            cluster = db.cluster(cluster_id)
        except ClusterNotFound:
            raise HTTPException(404, f"no cluster {cluster_id!r}") from None
        disputed = {(r["article_id"], r["event_id"]) for c in cluster["conflicts"] for r in c["disputing"]}
        return templates.TemplateResponse(request, "cluster.html", {"cluster": cluster, "disputed": disputed})

    @app.get("/actors/{code}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, code: str, db: Db):
        actor = _actor_or_404(db, code)
        return templates.TemplateResponse(request, "actor.html", {"actor": actor, **actor_view(actor)})

    return app
