"""Across articles: event clusters (the same happening told by several reports) and
near-duplicate articles (syndicated copies), as pure functions over plain rows.

The store (:mod:`newsgraph.store`) feeds these functions the rows of newly stored events and
the clusters they could join, and keeps the result in its ``clusters``, ``cluster_events``,
``article_minhash`` and ``duplicates`` tables.

**When two reports tell the same happening** (:func:`compatible`): both events have

- the same PLOVER type;
- compatible actors and compatible recipients: for each role the event's *code* (the first
  actor of that role with a code) is equal, or one of the two is unknown (no code). For a
  *mutual* type (``mutual`` in ``lexicons/plover.toml``: CONSULT, AGREE, COOPERATE) one
  report's actor may be the other's recipient;
- compatible places: the same ISO3 country of the event's place, or one of them unknown;
- enough in common: at least :data:`MIN_SHARED` (2) of actor code, recipient code and
  country known to both and equal. "Russia attacked Ukraine" and "Russian troops shelled
  Ukrainian positions" (RUS, UKR) match; "Russian troops attacked" and "troops attacked a
  Ukrainian town" on the same day are too thin to be called one happening;
- dates within :data:`WINDOW_DAYS`: the days between the end of the earlier date and the
  start of the later one are at most the window (an event without a date of its own has its
  article's publication date); a vague date (spanning more than :data:`MAX_SPAN_DAYS`, such
  as "last year") matches nothing.

A report joins a cluster when it fits the cluster as a whole (:meth:`Cluster.fit`): the
rules above against the codes and country the cluster knows, and dates within the window of
*every* member. So a cluster never chains a run of daily meetings into one, and never holds
two different codes for one role. :class:`Cluster` keeps the summary that makes this check
exact without its members (the known codes and country, the latest start, earliest end).

**Deterministic and incremental** (:func:`assign`): new reports are taken in canonical
order (date, article id, event position); each joins the admitting cluster that matches it
most specifically (most known codes and country equal), then the nearest in time, then the
smallest id; or founds a new cluster. A cluster's id is derived from its earliest member
(:func:`cluster_id`), so the same members always give the same id. The outcome depends
only on the store's contents and the order in which articles were ingested.

**Accounts and contested** (:func:`account`): each report says the happening *happened*
(positive, not hypothetical), was *denied* (negative polarity, or its source denies it), is
*hypothetical* (planned, feared, conditional) or leaves it *uncertain* (unknown polarity).
A cluster is **contested** when one report says it happened and another denies it or calls
it only planned (:func:`conflicts`).

**Near-duplicates** (:func:`shingles`, :func:`minhash_bands`, :func:`jaccard`): an
article's text outside page boilerplate lines, lower-cased, cut into overlapping
:data:`SHINGLE_WORDS`-word shingles. MinHash bands (:data:`BANDS` × :data:`ROWS_PER_BAND`)
find candidate pairs with one indexed join; a candidate is a near-duplicate when the exact
Jaccard similarity of the two shingle sets is at least :data:`DUPLICATE_JACCARD`. A group of
near-duplicates counts once toward corroboration; its *original* is the earliest published
(then smallest id), the others are its copies (:func:`duplicate_groups`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .boilerplate import boilerplate_ranges

WINDOW_DAYS = 3
MIN_SHARED = 2  # known facts (actor code, recipient code, country) two reports must share
MAX_SPAN_DAYS = 31
ACCOUNTS = ("happened", "denied", "hypothetical", "uncertain")
DISPUTING = ("denied", "hypothetical")  # accounts that contest a "happened" report

SHINGLE_WORDS = 5
BANDS = 16
ROWS_PER_BAND = 4
DUPLICATE_JACCARD = 0.8
_PRIME = (1 << 61) - 1
_PERMUTATIONS = [(r.randrange(1, _PRIME), r.randrange(0, _PRIME))
                 for r in [random.Random(20240315)] for _ in range(BANDS * ROWS_PER_BAND)]
_WORD = re.compile(r"\w+")


# --- reports and clusters -----------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    """One stored event as clustering sees it.

    ``start`` / ``last``: the event's first and last day (its date, else the article's
    publication date); ``None`` when neither is known. ``actor`` / ``recipient``: the first
    code of that role, or ``None``. ``country``: ISO3 of the event's place, or ``None``.
    """

    article_id: str
    event_id: str
    position: int
    type: str
    actor: str | None
    recipient: str | None
    country: str | None
    start: dt.date | None
    last: dt.date | None

    @property
    def key(self) -> tuple:
        """Canonical order: date, article, position (undated last)."""
        return (self.start is None, self.start or dt.date.min, self.article_id, self.position)

    @property
    def dated(self) -> bool:
        """Whether the date is precise enough to match another report's."""
        return (self.start is not None and self.last is not None
                and (self.last - self.start).days <= MAX_SPAN_DAYS)


def cluster_id(report: Report) -> str:
    """The id of the cluster whose earliest member is ``report``."""
    digest = hashlib.sha1(f"{report.article_id}\x1f{report.event_id}".encode("utf-8")).hexdigest()
    return "c" + digest[:12]


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _shared(a: Report | Cluster, b: Report) -> int:
    """How many of actor code, recipient code and country are known to both and equal."""
    return sum(x is not None and x == y for x, y in ((a.actor, b.actor), (a.recipient, b.recipient),
                                                     (a.country, b.country)))


def _fits(a: Report | Cluster, b: Report) -> bool:
    """Whether ``b``'s codes and country agree with ``a``'s (equal or one unknown, each) and
    at least :data:`MIN_SHARED` of them are known to both."""
    return (_agree(a.actor, b.actor) and _agree(a.recipient, b.recipient) and _agree(a.country, b.country)
            and _shared(a, b) >= MIN_SHARED)


def swapped(report: Report) -> Report:
    """The report with actor and recipient exchanged (for a mutual type)."""
    return Report(report.article_id, report.event_id, report.position, report.type, report.recipient,
                  report.actor, report.country, report.start, report.last)


@lru_cache(maxsize=1)
def mutual_types() -> frozenset[str]:
    """The PLOVER types whose two sides act together (``mutual`` in plover.toml)."""
    from .events import type_rules

    return frozenset(name for name, rules in type_rules().items() if rules.mutual)


def orientations(report: Report) -> list[Report]:
    """The ways round the report may be read: as told, and swapped for a mutual type."""
    if report.actor != report.recipient and report.type in mutual_types():
        return [report, swapped(report)]
    return [report]


def compatible(a: Report, b: Report, window: int = WINDOW_DAYS) -> bool:
    """Whether two reports can tell the same happening (the rules in the module docstring)."""
    return (a.type == b.type and a.dated and b.dated
            and any(_fits(a, o) for o in orientations(b))
            and (max(a.start, b.start) - min(a.last, b.last)).days <= window)


@dataclass
class Cluster:
    """A set of mutually compatible reports, and the summary that decides who may join.

    ``actor`` / ``recipient`` / ``country``: the known value among the members (all known
    values are equal); ``first_date`` / ``last_date``: the days the members span;
    ``max_start`` / ``min_last``: the latest first day and the earliest last day among the
    members, ``None`` for a cluster of one report without a precise date (it admits
    nothing). ``members``: the reports' ``(article_id, event_id)``.
    """

    id: str
    type: str
    actor: str | None
    recipient: str | None
    country: str | None
    first_date: dt.date | None
    last_date: dt.date | None
    max_start: dt.date | None
    min_last: dt.date | None
    earliest: tuple = ()
    members: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, report: Report) -> "Cluster":
        window = (report.start, report.last) if report.dated else (None, None)
        return cls(cluster_id(report), report.type, report.actor, report.recipient, report.country,
                   report.start, report.last, *window, report.key, [(report.article_id, report.event_id)])

    def fit(self, report: Report, window: int = WINDOW_DAYS) -> Report | None:
        """``report`` the way round it joins this cluster, or ``None`` when it may not:
        another type or country, codes that disagree or share nothing, or a date out of
        the window of some member."""
        if (report.type != self.type or not report.dated or self.max_start is None
                or (self.max_start - report.last).days > window or (report.start - self.min_last).days > window):
            return None
        fitting = [o for o in orientations(report) if _fits(self, o)]
        return max(fitting, key=self.specificity, default=None)

    def orient(self, report: Report) -> Report:
        """``report`` the way round that agrees best with the cluster's codes."""
        ways = orientations(report)
        return max(ways, key=lambda o: (_agree(self.actor, o.actor) and _agree(self.recipient, o.recipient),
                                        self.specificity(o), o is report))

    def specificity(self, report: Report) -> int:
        """How many of the known codes and country the report shares (for choosing)."""
        return _shared(self, report)

    def gap(self, report: Report) -> int:
        return max((report.start - self.last_date).days, (self.first_date - report.last).days, 0)

    def add(self, report: Report) -> None:
        self.actor = self.actor or report.actor
        self.recipient = self.recipient or report.recipient
        self.country = self.country or report.country
        self.first_date = min(self.first_date, report.start)
        self.last_date = max(self.last_date, report.last)
        self.max_start = max(self.max_start, report.start)
        self.min_last = min(self.min_last, report.last)
        self.members.append((report.article_id, report.event_id))
        if report.key < self.earliest:
            self.earliest = report.key
            self.id = cluster_id(report)


class _Pool:
    """Clusters indexed by (type, role, code), so that a report meets only the clusters that
    know one of its codes (it must share two facts, so one is a code), and pruned as the
    reports' dates move on (a cluster whose earliest end lies a window behind can admit no
    later report)."""

    def __init__(self, window: int) -> None:
        self.window = window
        self.index: dict[tuple[str, str, str], list[Cluster]] = {}

    def put(self, cluster: Cluster) -> None:
        for role, code in (("actor", cluster.actor), ("recipient", cluster.recipient)):
            if code is not None and cluster.max_start is not None:
                bucket = self.index.setdefault((cluster.type, role, code), [])
                if not any(c is cluster for c in bucket):
                    bucket.append(cluster)

    def near(self, report: Report) -> list[Cluster]:
        found: dict[int, Cluster] = {}
        for way in orientations(report):
            for role, code in (("actor", way.actor), ("recipient", way.recipient)):
                bucket = self.index.get((report.type, role, code)) if code is not None else None
                if bucket:
                    bucket[:] = [c for c in bucket if (report.start - c.min_last).days <= self.window]
                    found.update((id(c), c) for c in bucket)
        return list(found.values())


def assign(reports: Iterable[Report], clusters: Iterable[Cluster],
           window: int = WINDOW_DAYS) -> list[Cluster]:
    """Place each report (in canonical order) in the cluster it fits best, or a new one.

    ``clusters`` are the existing clusters the reports may join (updated in place). Returns
    the clusters that changed or were founded, in the order they were first touched; a
    cluster's ``id`` may have changed when an earlier report joined it.
    """
    pool = _Pool(window)
    for cluster in clusters:
        pool.put(cluster)
    touched: dict[int, Cluster] = {}
    for report in sorted(reports, key=lambda r: r.key):
        fits = [(c, way) for c in (pool.near(report) if report.dated else [])
                for way in [c.fit(report, window)] if way is not None]
        if fits:
            best, way = min(fits, key=lambda f: (-f[0].specificity(f[1]), f[0].gap(report), f[0].earliest))
            best.add(way)
        else:
            best = Cluster.of(report)
        pool.put(best)
        touched.setdefault(id(best), best)
    return list(touched.values())


# --- accounts and conflicts ---------------------------------------------------------------

def account(polarity: str | None, hypothetical: bool | None, stance: str | None) -> str:
    """What one report says of the happening: one of :data:`ACCOUNTS`.

    ``stance`` is that of the report's innermost attribution (who says it, directly).
    """
    if hypothetical:
        return "hypothetical"
    if polarity == "negative" or stance == "denies":
        return "denied"
    if polarity == "positive":
        return "happened"
    return "uncertain"


def conflicts(reports: Iterable[Mapping]) -> list[dict]:
    """The disagreements in a cluster: for each disputing account present beside a
    "happened" report, ``{"kind": "happened vs denied", "happened": [...], "disputing": [...]}``
    with the ``(article_id, event_id)`` of the reports on each side (given as dicts with
    ``article_id``, ``event_id``, ``account``). Empty when the cluster is not contested."""
    by_account: dict[str, list[dict]] = {}
    for report in reports:
        by_account.setdefault(report["account"], []).append(
            {"article_id": report["article_id"], "event_id": report["event_id"]})
    if "happened" not in by_account:
        return []
    return [{"kind": f"happened vs {kind}", "happened": by_account["happened"], "disputing": by_account[kind]}
            for kind in DISPUTING if kind in by_account]


# --- near-duplicate articles --------------------------------------------------------------

def shingles(text: str) -> set[str]:
    """The article's word shingles, boilerplate lines left out (a text shorter than a shingle
    is one shingle)."""
    kept, offset = [], 0
    for start, end in boilerplate_ranges(text):
        kept.append(text[offset:start])
        offset = end
    kept.append(text[offset:])
    words = _WORD.findall(" ".join(kept).lower())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


def minhash_bands(shingle_set: set[str]) -> list[int]:
    """One 63-bit hash per band of the MinHash signature (empty for an empty set): two
    articles sharing any band are near-duplicate candidates."""
    if not shingle_set:
        return []
    hashes = [_hash64(s) for s in shingle_set]
    signature = [min((a * h + b) % _PRIME for h in hashes) for a, b in _PERMUTATIONS]
    return [_hash64(",".join(map(str, signature[band * ROWS_PER_BAND:(band + 1) * ROWS_PER_BAND]))) >> 1
            for band in range(BANDS)]


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def original_key(article: Mapping) -> tuple:
    """Which article of a near-duplicate group is the original: earliest published, then id."""
    published = article.get("published")
    return (published is None, published or dt.date.min, article["id"])


def duplicate_groups(articles: Mapping[str, Mapping], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``copy id -> original id`` for the groups that the near-duplicate ``pairs`` link
    (transitively). ``articles``: id -> dict with ``id`` and ``published``."""
    parent = {article_id: article_id for article_id in articles}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for article_id in articles:
        groups.setdefault(root(article_id), []).append(article_id)
    copies: dict[str, str] = {}
    for members in groups.values():
        original = min(members, key=lambda m: original_key(articles[m]))
        copies.update({m: original for m in members if m != original})
    return copies
