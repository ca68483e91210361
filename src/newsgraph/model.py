"""The data model every stage, reader, store and command shares.

One article in, one :class:`Analysis` out. Every record is a plain dataclass whose
``to_dict`` gives exactly the JSON of the output contract
(``schema/article-output.schema.json``); the store flattens the same dicts into tables.
Offsets are Python ``str`` indices into ``Article.text``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from . import parse

SCHEMA_VERSION = "1"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STANCES = ("asserts", "reports", "confirms", "claims", "denies", "speculates", "questions", "unknown")
QUAD_CLASSES = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of ``Article.text``; ``text == article.text[start:end]`` always holds."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, doc_text: str, start: int, end: int) -> "Span":
        return cls(start, end, doc_text[start:end])

    @classmethod
    def from_tokens(cls, tokens) -> "Span":
        """A span from a spaCy ``Span``, ``Token`` or non-empty token sequence (first..last)."""
        if hasattr(tokens, "idx"):  # a Token (spaCy Spans and lists have no idx)
            first = last = tokens
        else:
            first, last = tokens[0], tokens[-1]
        # the document's text between the two tokens (spaCy keeps whitespace exactly), as
        # doc[first:last].text gives it, without building a spaCy span
        start, end = first.idx, last.idx + len(last.text)
        return cls(start, end, parse.text(first.doc)[start:end])

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(slots=True)
class Actor:
    """Who acts or is acted upon: a canonical name with a CAMEO/PLOVER-style code and sector.

    ``code`` is an ISO 3166-1 alpha-3 country or IGO/NGO/IMG/MNC; ``None`` when unknown
    (never a guess). ``sector`` is a PLOVER sector code (GOV, MIL, COP, ...) or ``None``.
    """

    name: str
    code: str | None
    sector: str | None
    span: Span | None = None
    wikidata: str | None = None


@dataclass(slots=True)
class Entity:
    """A named-entity mention (spaCy label) with the actor it codes to, if any."""

    span: Span
    label: str
    actor: Actor | None = None


@dataclass(slots=True)
class Factuality:
    """How sure the text is that something happened, on the UW/MEANTIME −3..+3 scale."""

    polarity: str = "positive"  # positive | negative | unknown
    certainty: str = "certain"  # certain | probable | possible | underspecified
    hypothetical: bool = False
    score: float = 3.0


@dataclass(slots=True)
class Predicate:
    """A verbal or eventive predicate and its factuality. ``head`` is its head word."""

    span: Span
    factuality: Factuality
    head: Span | None = None
    lemma: str | None = None


@dataclass(slots=True)
class Attribution:
    """Who says what: source, reporting cue and attributed content, nested through ``parent``."""

    id: str
    source: Span | None
    cue: Span
    content: Span
    parent: str | None = None
    stance: str = "asserts"
    quote: bool = False
    source_actor: Actor | None = None


@dataclass(slots=True)
class Time:
    """A TIMEX3 expression resolved against the publication date.

    ``basis`` is set only on an event's date: ``"text"`` when a time expression in the
    clause gives it, ``"published"`` when it falls back to the publication date.
    """

    type: str  # DATE | TIME | DURATION | SET
    value: str
    span: Span | None = None
    start: str | None = None
    end: str | None = None
    basis: str | None = None


@dataclass(slots=True)
class Place:
    """A toponym resolved to gazetteer coordinates and an ISO3 country."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    span: Span | None = None
    geonameid: int | None = None
    feature: str | None = None  # country | admin1 | city | region | ...


@dataclass(slots=True)
class Event:
    """One PLOVER event with its evidence: trigger, sentence, factuality and attribution."""

    id: str
    type: str
    mode: str | None
    quad_class: str
    cameo_root: str | None
    trigger: Span
    sentence: Span
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    location: Place | None = None
    date: Time | None = None
    factuality: Factuality = field(default_factory=Factuality)
    attribution: str | None = None
    confidence: float = 0.5


@dataclass(slots=True)
class Article:
    """An input article. ``text`` is the body every offset indexes (title excluded)."""

    text: str
    id: str = ""
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    outlet: str | None = None
    url: str | None = None
    origin: str | None = None  # where it was read from (file, file:line), for messages

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id_for(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "published": self.published,
            "outlet": self.outlet, "url": self.url, "text": self.text,
        }


@dataclass(slots=True)
class Reject:
    """A record that could not be analysed, and why (one line)."""

    origin: str
    reason: str
    id: str | None = None


@dataclass(slots=True)
class Analysis:
    """Everything newsgraph found in one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    predicates: list[Predicate] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The article-output/1 JSON object."""
        return {
            "schema_version": SCHEMA_VERSION,
            "article": self.article.to_dict(),
            "entities": [plain(e) for e in self.entities],
            "attributions": [plain(a) for a in self.attributions],
            "events": [plain(e) for e in self.events],
            "predicates": [plain(p) for p in self.predicates],
            "times": [plain(t) for t in self.times],
            "places": [plain(p) for p in self.places],
        }


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}
"""Field names of each dataclass :func:`plain` met (None for other types), in declaration order."""


def plain(value: Any) -> Any:
    """``dataclasses.asdict`` for the records above: the same dicts and lists, built without
    its generic deep copy (which cost more than some stages; the leaves are immutable)."""
    cls = type(value)
    try:
        names = _FIELD_NAMES[cls]
    except KeyError:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if cls is list:
        return [plain(item) for item in value]
    return value


def normalize_text(text: str) -> str:
    """Unicode NFC with runs of whitespace collapsed: the form an article id is hashed from."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id_for(text: str) -> str:
    """The id of an article that has none: a short hash of its normalized text."""
    return "sha1-" + hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()[:16]
