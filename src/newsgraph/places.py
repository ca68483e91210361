"""Stage: places — toponyms resolved to gazetteer coordinates, and each event's location.

Recognition. A toponym is a spaCy GPE, LOC or FAC entity, or a run of capitalised
proper-noun tokens outside every entity that names a country, US state, continent or
sizeable city in the gazetteer, or a division of several words (spaCy misses some: "Donetsk
region", "Tamil Nadu"). Spans follow the GeoWebNews conventions: the proper name alone,
without "the", a possessive "'s" or a lower-case "northern". Not toponyms: demonyms ("Syrian" is NORP, and "Syrians" is not a
place), and places inside the name of an organisation ("Syrian Foreign Ministry", "Bank of
England", "New York Times"), which spaCy tags ORG as a whole. An ORG or PERSON entity that is
exactly the name of a well-known place ("Russia" tagged ORG, "Maracaibo" tagged PRODUCT) is
a mislabelled place, unless it is the short name of a person the article named in full;
so is a name of several words that ends in the head noun of a street, building or other
facility (``lexicons/facility_heads.tsv``: "Royal Street", "Barclays Center"), which the
small model often tags ORG or PERSON: spaCy's own label for it would be FAC;
so is any such name, or one spaCy left untagged, of a town of the gazetteer that is the
object of a locative preposition ("grew up in Dewsbury" with "Dewsbury" tagged ORG).
The upper-case place of a dateline ("SAN ANTONIO —") is a toponym whatever spaCy made of
it. An AP state abbreviation ("Calif.", ``lexicons/place-us-state-abbreviations.tsv``) is
one only after a comma, where AP style puts it ("Fresno, Calif.").

Resolution. Each reading the gazetteer offers gets its prior (population, feature,
capital, alternate name: :func:`newsgraph.gazetteer.prior`), then:
- explicit context wins: "Paris, Texas" and "Tripoli, Lebanon" keep only the best reading
  inside the state, county or country that follows the comma, and that one the container
  holding it ("Tacoma, Washington" is the state, not the capital);
- the article's other places count: a reading in a country the article names elsewhere gets
  ``ARTICLE_COUNTRY_BONUS`` times the share of those places in that country ("Tripoli" in
  a report about Lebanon is Lebanon's), and a reading in a US state the article names
  gets ``ARTICLE_STATE_BONUS`` times that state's share ("Springfield" near "Illinois").
"Zamfara State" and "Greater London" fall back to the name they contain. A toponym the
gazetteer lacks keeps its span and name, with no feature and no GeoNames id, and takes the
country and coordinates of the place it lies in (:func:`within`): the well-known place
whose name it holds ("Lisbon Oceanarium"), else, unless spaCy tagged it LOC, the city the
article names most ("Bloor Street" in a Toronto report); else it has none.

Event location. ``event.location`` is the place governed by a locative preposition
(``lexicons/locative_prepositions.tsv``: "in", "at", "near", "outside", ...) attached to the
event's trigger, or to a noun phrase of the trigger's own clause ("police in Paris arrested
..."), reached without crossing another verb. A place that is an argument of the
trigger ("attacked Syria", "talks with Iran", "an attack on Kyiv") is a participant, not
the location; a place in another clause is someone else's. The first such place in text
order wins: "in Aleppo, Syria" gives Aleppo.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc, Span as TokenSpan, Token

from . import parse
from .boilerplate import boilerplate_tokens
from .extensions import token_value
from .gazetteer import Location, countries, great_circle_km, place_designators, places as place_gazetteer
from .lexicons import read_tsv
from .model import Place, Span
from .parse import sentence

PLACE_LABELS = ("GPE", "LOC", "FAC")
PLACE_NAME_LABELS = ("GPE", "LOC")
# labels spaCy sometimes gives a bare place name ("Maracaibo" as PRODUCT)
MISLABELLED_LABELS = ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART")
# A name found by the gazetteer alone (no place entity) must be a country, state, continent
# or a city of about 100,000 people: smaller towns share names with ordinary capitalised words.
GAZETTEER_ONLY_MIN_PRIOR = 5.0
MAX_NAME_TOKENS = 5
ARTICLE_COUNTRY_BONUS = 1.5
ARTICLE_STATE_BONUS = 1.0
CONTAINER_FEATURES = ("country", "admin1", "admin2")
# how far from its middle a place may lie in a division known only by its towns
DIVISION_RADIUS_KM = {"admin1": 500.0, "admin2": 100.0}
POSSESSIVE_ENDINGS = ("'s", "\u2019s", "'", "\u2019")


@lru_cache(maxsize=1)
def locative_prepositions() -> frozenset[str]:
    return frozenset(row["preposition"] for row in read_tsv("locative_prepositions.tsv"))


def annotate_places(doc: Doc) -> None:
    mentions = find_toponyms(doc)
    resolved = resolve(mentions)
    doc._.places = [to_place(mention, location, named) for mention, (location, named) in zip(mentions, resolved)]
    place_at = {mention.root.i: place for mention, place in zip(mentions, doc._.places)}
    for event in doc._.events or []:
        event.location = event_location(doc, event.trigger, place_at)


# --- recognition ----------------------------------------------------------------------

def find_toponyms(doc: Doc) -> list[TokenSpan]:
    """Toponym mentions, in text order, never overlapping and never in boilerplate."""
    found: list[TokenSpan] = []
    in_entity = [False] * len(doc)
    furniture = boilerplate_tokens(doc)
    for ent in parse.entities(doc):
        in_entity[ent.start:ent.end] = [True] * (ent.end - ent.start)
        name = proper_name(ent)
        if name is None or not furniture.isdisjoint(range(name.start, name.end)):
            continue
        if ent.label_ in PLACE_LABELS and not is_demonym(name.text) and not is_bare_abbreviation(name) \
                and not is_known_person(name):
            found.append(name)
        elif ent.label_ in MISLABELLED_LABELS and is_facility_name(facility_part(name)) \
                and not is_known_person(name):
            found.extend(facility_and_owner(name))
        elif ent.label_ in MISLABELLED_LABELS + ("NORP",) and name.text == ent.text.strip() \
                and (is_well_known_place_name(name) and ent.label_ != "NORP" or is_named_place_there(name)) \
                and not is_known_person(name):
            found.append(name)
    found.extend(gazetteer_matches(doc, in_entity))
    opening = dateline(doc)
    if opening is not None:
        found = [span for span in found if span.end <= opening.start or span.start >= opening.end]
        found.append(opening)
    return sorted(found, key=lambda span: span.start)


def dateline(doc: Doc) -> TokenSpan | None:
    """The place named in capitals at the head of a report ("BEIRUT (AP) —", "OKLAHOMA CITY
    Teachers rallied ..."), which spaCy often misses or runs into the next words."""
    start, furniture = 0, boilerplate_tokens(doc)
    while start < len(doc) and doc[start].is_space:
        start += 1
    end = start
    while end < len(doc) and end - start < MAX_NAME_TOKENS and doc[end].is_alpha \
            and doc[end].is_upper and len(doc[end]) > 1 and end not in furniture:
        end += 1
    if end == start:
        return None
    name = TokenSpan(doc, start, end, label="GPE")
    return name if place_gazetteer().readings(name.text, alternates=False) else None


def proper_name(ent: TokenSpan) -> TokenSpan | None:
    """The entity (keeping its label) less leading lower-case words ("the", "northern") and
    a trailing "'s" or punctuation."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and not is_capitalised(doc[start]):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct
                           or doc[end - 1].lower_ in POSSESSIVE_ENDINGS):
        end -= 1
    return TokenSpan(doc, start, end, label=ent.label_) if start < end else None


def is_known_person(name: TokenSpan) -> bool:
    """A short name the actors stage resolved to a person named in full earlier ("Ibarra"
    after "Carlos Ibarra"): that person, not the town of the same name."""
    actor = token_value(name.root, "actor")
    return actor is not None and actor.name != name.text and actor.name.endswith(" " + name.text)


@lru_cache(maxsize=1)
def facility_heads() -> frozenset[str]:
    return frozenset(row["word"] for row in read_tsv("facility_heads.tsv"))


def facility_part(name: TokenSpan) -> TokenSpan:
    """The name after a possessive ("Harare's Third Street" → "Third Street") and a
    leading "The"."""
    start = name.start
    for token in name[:-1]:
        if token.tag_ == "POS" or token.lower_ in POSSESSIVE_ENDINGS or token.lower_ == "the":
            start = token.i + 1
    return TokenSpan(name.doc, start, name.end, label="FAC")


def facility_and_owner(name: TokenSpan) -> list[TokenSpan]:
    """A facility's name, and the well-known place that owns it by a possessive."""
    facility = facility_part(name)
    owner_end = facility.start
    while owner_end > name.start and not is_capitalised(name.doc[owner_end - 1]):
        owner_end -= 1
    owner = TokenSpan(name.doc, name.start, owner_end, label="GPE")
    return ([owner] if len(owner) and is_well_known_place_name(owner) else []) + [facility]


def is_facility_name(name: TokenSpan) -> bool:
    """A capitalised name of several words headed by a facility noun ("Third Street")."""
    return len(name) > 1 and name[-1].text in facility_heads() and all(
        is_capitalised(token) or not token.is_alpha for token in name)


def is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def is_demonym(text: str) -> bool:
    gazetteer = countries()
    return gazetteer.by_demonym(text) is not None and gazetteer.by_name(text) is None


def is_well_known_place(text: str) -> bool:
    """Whether ``text`` is the own name of a country, state, continent, sizeable city or,
    if it has several words ("Tamil Nadu", "Borno State"), a sizeable division: a one-word
    division name is too often an ordinary word ("Centre", "Free")."""
    readings = place_gazetteer().readings(text, alternates=False, divisions=len(text.split()) > 1)
    return bool(readings) and readings[0][1] >= GAZETTEER_ONLY_MIN_PRIOR and not is_demonym(text)


def is_bare_abbreviation(name: TokenSpan) -> bool:
    """An AP state abbreviation not after a comma: AP style abbreviates a state only after
    its city ("Fresno, Calif."), and "Miss." or "Ind." alone is a title or "independent"."""
    return place_gazetteer().is_abbreviation(name.text) \
        and not (name.start > 0 and name.doc[name.start - 1].text == ",")


def is_well_known_place_name(name: TokenSpan) -> bool:
    return not is_bare_abbreviation(name) and is_well_known_place(name.text)


def is_named_place_there(name: TokenSpan) -> bool:
    """Whether a name is the object of a locative preposition ("in Dewsbury", "in Hilversum
    and Almelo") and the own name of a town, division or country of the gazetteer: there
    the small model's PERSON, ORG or NORP ("in Tunis") is more likely a mislabelled place.
    An acronym ("at NATO") is an organisation's, and a state abbreviation needs its comma."""
    head = name.root
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    return (head.dep_ == "pobj" and head.head.lower_ in locative_prepositions()
            and not name.text.isupper() and not is_bare_abbreviation(name) and not is_demonym(name.text)
            and bool(place_gazetteer().readings(name.text, alternates=False)))


def gazetteer_matches(doc: Doc, in_entity: list[bool]) -> list[TokenSpan]:
    """Runs of capitalised proper nouns outside every entity that name a well-known place,
    or any place after a locative preposition (:func:`is_named_place_there`).

    The run must be the whole proper name: "Texas" in "Texas Instruments" is not matched.
    """
    furniture = boilerplate_tokens(doc)
    # a capitalised proper noun outside every entity and the furniture
    name_at = [token.tag_ == "NNP" and not in_entity[token.i] and token.i not in furniture
               and is_capitalised(token) for token in parse.tokens(doc)]
    matches = []
    i = 0
    while i < len(doc):
        match = None
        if name_at[i] and not (i > 0 and name_at[i - 1]):
            end = i
            while end < len(doc) and end - i < MAX_NAME_TOKENS and name_at[end]:
                end += 1
            if end == len(doc) or not name_at[end]:
                if is_well_known_place_name(doc[i:end]) or is_named_place_there(doc[i:end]):
                    match = doc[i:end]
        if match is not None:
            matches.append(match)
            i = match.end
        else:
            i += 1
    return matches


# --- resolution -----------------------------------------------------------------------

def resolve(mentions: list[TokenSpan]) -> list[tuple[Location | None, bool]]:
    """The best reading of each mention, given explicit and article context, and whether
    it is the mention's own reading (else the place the mention lies in: :func:`within`)."""
    readings = [readings_of(mention) for mention in mentions]
    # "Paris, Texas": the second name narrows the first one's readings, and the first
    # the second's ("Tacoma, Washington" is in the state, not the capital)
    for i in range(len(mentions) - 1):
        if readings[i] and readings[i + 1] and follows_after_comma(mentions[i], mentions[i + 1]):
            readings[i], readings[i + 1] = narrowed_by_container(readings[i], readings[i + 1])
    countries_named = Counter(settled(readings, "country", lambda location: location.country))
    states_named = Counter(settled(readings, "admin1", lambda location: (
        (location.country, location.admin1) if location.admin1 is not None else None)))
    country_total = max(1, sum(countries_named.values()))
    state_total = max(1, sum(states_named.values()))

    def score(pair: tuple[Location, float]) -> float:
        location, prior_score = pair
        return (prior_score + ARTICLE_COUNTRY_BONUS * countries_named[location.country] / country_total
                + ARTICLE_STATE_BONUS * states_named[(location.country, location.admin1)] / state_total)

    best = [max(options, key=score)[0] if options else None for options in readings]
    return [(location, True) if location is not None else within(mention, best)
            for mention, location in zip(mentions, best)]


def within(mention: TokenSpan, resolved: list[Location | None]) -> tuple[Location | None, bool]:
    """Where a toponym the gazetteer lacks lies: in the well-known place whose name it holds
    ("Lisbon Oceanarium", "St. Louis Hills"), else, unless spaCy saw a region, sea or
    range in it (LOC: "Middle East", "Atlantic"), in the city the article names most (a
    street, a stadium, a neighbourhood of a local report); the bool says it is not the
    toponym's own reading."""
    for length in range(len(mention) - 1, 0, -1):
        for start in range(mention.start, mention.end - length + 1):
            part = mention.doc[start:start + length]
            if is_capitalised(part[0]) and is_well_known_place_name(part):
                return place_gazetteer().readings(part.text, alternates=False)[0][0], False
    cities = Counter(location for location in resolved if location is not None and location.feature == "city")
    if mention.label_ == "LOC" or not cities:
        return None, False
    return cities.most_common(1)[0][0], False


def settled(readings: list[list[tuple[Location, float]]], feature: str, area) -> list:
    """The ``area`` (a country, or a country and state) of each mention that names one: its
    best reading is such an area itself, or all its readings lie in one."""
    found = []
    for options in readings:
        if not options or area(options[0][0]) is None:
            continue
        if options[0][0].feature == feature or len({area(location) for location, _ in options}) == 1:
            found.append(area(options[0][0]))
    return found


def readings_of(mention: TokenSpan) -> list[tuple[Location, float]]:
    """The gazetteer's readings of the mention, else of the name inside a designator
    (``lexicons/place_designators.tsv``: "Zamfara State", "Greater London").

    A spaCy LOC (a sea, a region, a mountain range: "the Atlantic") is no small town of the
    same name. Only a spaCy GPE or LOC may resolve through a GeoNames alternate name: a facility, a
    mislabelled entity or a gazetteer-only match needs the place's own name ("White House"
    is also an alternate name of Casablanca).
    """
    options = place_gazetteer().readings(mention.text, alternates=mention.label_ in PLACE_NAME_LABELS)
    if mention.label_ == "LOC":
        options = [(location, score) for location, score in options if not is_small_town(location, score)]
    if options or len(mention) < 2:
        return options
    designators = place_designators()
    if (mention[-1].text, "after") in designators:
        return place_gazetteer().readings(mention[:-1].text)
    if (mention[0].text, "before") in designators:
        return place_gazetteer().readings(mention[1:].text)
    return []


def is_small_town(location: Location, score: float) -> bool:
    return location.feature == "city" and score < GAZETTEER_ONLY_MIN_PRIOR


def follows_after_comma(first: TokenSpan, second: TokenSpan) -> bool:
    doc = first.doc
    return second.start == first.end + 1 and doc[first.end].text == ","


def narrowed_by_container(options: list[tuple[Location, float]], containers: list[tuple[Location, float]]
                          ) -> tuple[list[tuple[Location, float]], list[tuple[Location, float]]]:
    """The best reading of "X, Y" where Y is a country or division holding a reading of X:
    that reading of X and that Y. Without one, both keep all their readings."""
    for container, score in containers:
        if container.feature not in CONTAINER_FEATURES:
            continue
        inside = [(location, location_score) for location, location_score in options
                  if contains(container, location)]
        if inside:
            return inside[:1], [(container, score)]
    return options, containers


def contains(container: Location, place: Location) -> bool:
    """Whether ``place`` lies in ``container``: by country, by US state code, and for the
    divisions the gazetteer knows only by their towns, by distance from their middle."""
    if place == container or place.country != container.country or place.feature == "country":
        return False
    if container.feature == "country":
        return True
    if container.admin1 is not None and place.admin1 != container.admin1:
        return False
    if container.feature == "admin1" and container.admin1 is not None:
        return True
    return great_circle_km(container.lat, container.lon, place.lat, place.lon) <= DIVISION_RADIUS_KM[container.feature]


def to_place(mention: TokenSpan, location: Location | None, named: bool = True) -> Place:
    """The place of a mention; one the gazetteer lacks keeps its own name and takes the
    country and coordinates of the place it lies in (``named`` false)."""
    span = Span.from_tokens(mention)
    if location is None:
        return Place(name=span.text, country=None, lat=None, lon=None, span=span)
    if not named:
        return Place(name=span.text, country=location.country, lat=location.lat, lon=location.lon, span=span)
    return Place(name=location.name, country=location.country, lat=location.lat, lon=location.lon,
                 span=span, geonameid=location.geonameid, feature=location.feature)


# --- event location -------------------------------------------------------------------

def event_location(doc: Doc, trigger: Span, place_at: dict[int, Place]) -> Place | None:
    """The first place a locative preposition attaches to the trigger's clause."""
    trigger_span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    if trigger_span is None:
        return None
    head = trigger_span.root
    within = sentence(head)  # only a place in the trigger's sentence can be in its clause
    for i in sorted(i for i in place_at if within.start <= i < within.end):
        if is_locative_of(doc[i], head):
            return place_at[i]
    return None


def is_locative_of(place: Token, trigger: Token) -> bool:
    """Whether ``place`` (or the first of "Moscow, Beijing and Tehran") is the object of a
    locative preposition within ``trigger``'s clause."""
    while place.dep_ in ("conj", "appos") and place.head.i != place.i:
        place = place.head
    preposition = place.head
    if place.dep_ != "pobj" or preposition.lower_ not in locative_prepositions():
        return False
    node = preposition.head
    while node.i != trigger.i:
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return False
        node = node.head
    return True
