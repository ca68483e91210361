"""Stage: actors — named entities, actor coding (country + PLOVER sector) and in-document
person / pronoun resolution.

An *actor* is coded the CAMEO/PLOVER way: ``code`` is the ISO3 country (or IGO/NGO/IMG, or a
country for a known national body such as the Kremlin), ``sector`` the PLOVER sector. The
knowledge is in readable lexicons: ``sectors.tsv`` (titles and nouns → sector),
``igos.tsv`` (organisation names → code, canonical name, sector) and ``honorifics.tsv``
(Mr./Ms./King… → gender); countries come from :mod:`newsgraph.gazetteer`.

Conventions (those of the PLOVER gold standard):

* a country named on its own is ``(ISO3, None)``: "Syria", "the Palestinians";
* a capital used as an actor is the government, ``(ISO3, GOV)``: "Moscow said";
  a capital after a locative preposition ("talks in Moscow") is a place, not an actor;
* a person keeps the code of the role the article gives them ("Syrian President Bashar
  Assad" → SYR GOV) in every later mention ("Assad", "he", "the president");
* an actor whose country the text does not give has ``code=None`` — except that when the whole
  article names exactly one country, sector actors without a country of their own ("police",
  "the rebels", "President X") take that country;
* ``former``/``ousted``/``exiled`` officials are ``ELI``.

Actor spans cover the noun phrase's head with its left modifiers (possessors included),
leading determiners dropped, plus a right-hand of/for/from/in phrase when that phrase gave the
code ("the president of France" → "president of France"). Appositions are not included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from . import parse
from .boilerplate import boilerplate_tokens
from .extensions import set_token_value, token_value
from .gazetteer import Country, countries, lookup_key, places
from .lexicons import read_tsv
from .model import Actor, Entity, Span
from .parse import children, lefts, sentences, subtree

#: spaCy labels that are never actors (times and amounts belong to other stages)
NON_ACTOR_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
#: labels whose mentions are actors even when we cannot code them (an unknown person or group)
UNCODED_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
#: prepositions whose object tells whose a role or body is ("spokesman for the ministry")
OWNER_PREPOSITIONS = frozenset({"of", "for", "from", "in"})
#: prepositions after which a capital is a place, not a government ("talks in Moscow")
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "around", "across",
                                   "throughout", "within", "from", "into", "through", "toward",
                                   "towards", "between", "over", "on", "off", "beyond"})
#: left dependents that are not part of an actor's words
NON_NP_DEPS = frozenset({"det", "predet", "punct", "cc", "prep", "mark", "aux", "neg", "advmod",
                         "case", "preconj"})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
#: verbs whose "it" subject is usually expletive ("it is likely that ...")
EXPLETIVE_IT_VERBS = frozenset({"be", "seem", "appear", "happen", "remain", "take", "rain"})
#: sectors a "former"/"ousted" modifier turns into ELI
OFFICE_SECTORS = frozenset({"GOV", "MIL"})
DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: words before a demonym that make it an ethnic group, not a country ("ethnic Albanians in Serbia")
ETHNIC_MARKERS = frozenset({"ethnic"})
#: entity labels whose names may be towns, provinces or regions of one country ("Aleppo")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: labels NER also gives to town names ("shelled Aleppo" as NORP)
TOWN_LABELS = PLACE_LABELS | {"NORP"}
#: gazetteer features a place-named actor can have besides countries and capitals
TOWN_FEATURES = frozenset({"city", "admin1"})
MAX_TERM_WORDS = 4
MAX_ORG_TOKENS = 8
MAX_COUNTRY_TOKENS = 3


# ---------------------------------------------------------------- lexicons

@dataclass(frozen=True, slots=True)
class SectorTerm:
    """A title or noun that gives a sector. ``kind``: ``title`` (an individual's office),
    ``role`` (a generic person role that defers to the phrase's other sector words),
    ``group`` (people), ``body`` (an institution) or ``former`` (turns an office into ELI)."""

    term: str
    sector: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class Organisation:
    """A named IGO/NGO/armed group/national body from ``igos.tsv``."""

    alias: str
    code: str
    name: str
    sector: str | None


def _word_variants(word: str) -> set[str]:
    """A lexicon word and its naive singular, so "rebels" also matches "rebel commander"."""
    variants = {word}
    if word.endswith("ies"):
        variants.add(word[:-3] + "y")
    elif word.endswith("men"):
        variants.add(word[:-3] + "man")
    elif word.endswith("s") and not word.endswith("ss"):
        variants.add(word[:-1])
    return variants


@lru_cache(maxsize=1)
def sector_terms() -> dict[tuple[str, ...], SectorTerm]:
    """``sectors.tsv`` indexed by lower-cased word tuples (with singular variants)."""
    table: dict[tuple[str, ...], SectorTerm] = {}
    for row in read_tsv("sectors.tsv"):
        entry = SectorTerm(row["term"], row["sector"] or None, row["kind"])
        words = tuple(row["term"].lower().split())
        for last in _word_variants(words[-1]):
            table.setdefault(words[:-1] + (last,), entry)
    return table


@lru_cache(maxsize=1)
def sector_term_first_words() -> frozenset[str]:
    """The first word of every sector term: where a term can start."""
    return frozenset(key[0] for key in sector_terms())


@lru_cache(maxsize=1)
def sector_term_last_words() -> frozenset[str]:
    """The last word of every sector term: where a term that heads a phrase must end."""
    return frozenset(key[-1] for key in sector_terms())


@lru_cache(maxsize=1)
def organisations() -> dict[str, Organisation]:
    """``igos.tsv`` indexed by :func:`lookup_key` of each alias."""
    return {lookup_key(row["alias"]): Organisation(row["alias"], row["code"], row["name"],
                                                   row["sector"] or None)
            for row in read_tsv("igos.tsv")}


@lru_cache(maxsize=1)
def organisation_first_words() -> frozenset[str]:
    """The first word of every alias's key: where an alias match can start (or after "the")."""
    return frozenset(key.split(" ")[0] for key in organisations()) | {"the"}


@lru_cache(maxsize=1)
def organisation_last_words() -> frozenset[str]:
    """The last word of every alias's key: where an alias match can end."""
    return frozenset(key.rpartition(" ")[2] for key in organisations())


@lru_cache(maxsize=1)
def honorifics() -> dict[str, str | None]:
    """``honorifics.tsv``: lower-cased honorific or gendered title → "m", "f" or None."""
    return {row["word"].lower(): row["gender"] or None for row in read_tsv("honorifics.tsv")}


@lru_cache(maxsize=4096)
def _country(text: str) -> tuple[Country, str] | None:
    """The country ``text`` names, as a name, demonym or capital (which of the three)."""
    gazetteer = countries()
    for how, lookup in (("name", gazetteer.by_name), ("demonym", gazetteer.by_demonym),
                        ("capital", gazetteer.by_capital)):
        country = lookup(text)
        if country is not None:
            return country, how
    return None


#: :func:`lookup_key` of token and phrase texts, looked up for every token of every article
_key = lru_cache(maxsize=65536)(lookup_key)


# ---------------------------------------------------------------- noun phrases

def _span_tokens(head: Token) -> list[Token]:
    """The head with its left modifiers (possessors included), leading determiners dropped."""
    start = head.i
    for child in lefts(head):
        # a subtree ending in a bare "and" is a misparse ("the town and | Turkish police")
        if child.dep_ not in NON_NP_DEPS and child.right_edge.dep_ != "cc":
            start = min(start, child.left_edge.i)
    tokens = parse.tokens(head.doc)[start: head.i + 1]
    while len(tokens) > 1 and (tokens[0].dep_ in ("det", "predet") or tokens[0].is_punct):
        tokens.pop(0)
    return tokens


def _owner_tokens(head: Token) -> set[int]:
    """Indexes of tokens in possessor subtrees: they are their own noun phrases."""
    return {t.i for child in lefts(head) if child.dep_ == "poss" for t in subtree(child)}


def _is_definite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in lefts(head))


def _locative(head: Token) -> bool:
    """A place rather than an actor: after "in"/"at"/... (conjuncts included), or a dateline
    ("MOSCOW (Reuters) -", an upper-case name opening a line)."""
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.is_upper and len(head) > 2 and (head.i == 0 or "\n" in head.doc[head.i - 1].text_with_ws):
        return True
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPOSITIONS


def _term_matches(words: list[Token]) -> list[tuple[int, int, SectorTerm]]:
    """Sector terms among ``words`` (longest first, left to right) as (start, end, term)."""
    table, firsts = sector_terms(), sector_term_first_words()
    surface = [w.lower_ for w in words]
    lemma = [w.lemma_.lower() for w in words]
    found, i = [], 0
    while i < len(words):
        if surface[i] not in firsts and lemma[i] not in firsts:  # (a one-word term by its lemma)
            i += 1
            continue
        for n in range(min(MAX_TERM_WORDS, len(words) - i), 0, -1):
            key = tuple(surface[i: i + n])
            entry = table.get(key) or table.get(key[:-1] + (lemma[i + n - 1],))
            if entry is not None:
                found.append((i, i + n, entry))
                i += n
                break
        else:
            i += 1
    return found


def _sector_of(matches: list[tuple[int, int, SectorTerm]]) -> str | None:
    """The rightmost specific term decides; generic roles ("spokesman") only by default."""
    if not matches:
        return None
    specific = [m[2] for m in matches if m[2].kind not in ("role", "former")]
    roles = [m[2] for m in matches if m[2].kind == "role" and m[2].sector]
    sector = specific[-1].sector if specific else roles[-1].sector if roles else None
    if sector in OFFICE_SECTORS and any(m[2].kind == "former" for m in matches):
        return "ELI"
    return sector


# ---------------------------------------------------------------- per-document state

@dataclass(slots=True)
class _Person:
    """A person introduced in the article, with what later mentions are matched against."""

    actor: Actor
    full_key: str
    surname_key: str
    gender: str | None
    terms: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int, bool]] = field(default_factory=list)  # (sent, token, subject)
    contextual: bool = False  # the code is the article's only country, not the text's word


@dataclass(slots=True)
class _Mention:
    """A coded non-person mention, a possible antecedent of "it", "they" and "the ministry"."""

    actor: Actor
    sent: int
    token: int
    subject: bool
    plural: bool
    terms: set[str]


@dataclass(slots=True)
class _Phrase:
    """What a noun phrase's own words (and its possessor, of-phrase, apposition) say."""

    tokens: list[Token]
    own: set[int]
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    person: list[Token] | None = None
    terms: set[str] = field(default_factory=set)
    head_term: SectorTerm | None = None
    gender: str | None = None
    organisation: bool = False
    country_head: bool = False
    place: bool = False  # a capital or town used as a location ("in Moscow"): a code, not an actor
    contextual: bool = False  # code taken from the article's only country
    named: bool = False  # the code comes from a name among the phrase's own words
    demonym_head: bool = False  # headed by a nationality ("the Albanians"): residence may recode it


def _strip_the(text: str) -> str:
    return text[4:] if text[:4].lower() == "the " else text


def _name_key(text: str) -> str:
    return _key(text).removesuffix(" 's").removesuffix("'s")


def _surname_key(full_key: str) -> str:
    return full_key.split()[-1] if full_key else ""


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return frozenset(w for key in sector_terms() for w in key) | frozenset(honorifics())


def _strip_titles(tokens: list[Token]) -> list[Token]:
    """A person's name without the titles NER sometimes includes ("President Bashar Assad")."""
    while len(tokens) > 1 and (tokens[0].lower_ in _title_words() or tokens[0].is_punct
                               or _country(tokens[0].text)):
        tokens = tokens[1:]
    return tokens


def _after_anti_or_pro(token: Token) -> bool:
    doc, i = token.doc, token.i
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in ("anti", "pro")


def _governor(token: Token) -> Token:
    """The verb whose clause holds ``token`` (through prepositions)."""
    head = token.head
    while head.dep_ == "prep" and head.head.i != head.i:
        head = head.head
    return head


def _plural(head: Token, p: _Phrase) -> bool:
    return head.tag_ in ("NNS", "NNPS") or (p.head_term is not None and p.head_term.kind == "group")


class _ActorCoder:
    """Codes the noun phrases of one document; keeps its persons and mentions in order."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = parse.text(doc)
        self.persons: list[_Person] = []
        self.mentions: list[_Mention] = []
        self.head_actor: dict[int, Actor] = {}
        self.coded_at: dict[int, Actor | None] = {}  # see coded_once
        self.entity_at = {i: e for e in parse.entities(doc) for i in range(e.start, e.end)}
        self.person_tokens = {i for i, e in self.entity_at.items() if e.label_ == "PERSON"}
        self.organisation_at = self._match_organisations()
        self.sent_of = {i: n for n, sent in enumerate(sentences(doc)) for i in range(sent.start, sent.end)}
        self.context_country = self._article_country()

    # -- document-level look-ups ------------------------------------------------------------
    def _text(self, tokens: list[Token]) -> str:
        """The text from the first of ``tokens`` to the last (a slice of the document's text:
        building a spaCy span for it costs a token object per word)."""
        return self.text[tokens[0].idx: tokens[-1].idx + len(tokens[-1].text)]

    def _match_organisations(self) -> dict[int, tuple[int, int, Organisation]]:
        """Token index → (start, end, organisation) for every igos.tsv alias in the text."""
        table, doc, found = organisations(), self.doc, {}
        starts, ends = organisation_first_words(), organisation_last_words()
        tokens = parse.tokens(doc)
        keys = [_key(token.text) for token in tokens]
        i = 0
        while i < len(doc):
            if keys[i].partition(" ")[0] not in starts:
                i += 1
                continue
            for n in range(min(MAX_ORG_TOKENS, len(doc) - i), 0, -1):
                last_word = keys[i + n - 1].rpartition(" ")[2]
                if last_word and last_word not in ends:  # (a punctuation token's key is empty)
                    continue
                text = self._text(tokens[i: i + n])
                entry = table.get(_key(text))
                if entry is None or text.islower() or token_value(tokens[i], "boilerplate"):
                    continue
                if entry.alias.isupper() and not text.replace(".", "").isupper():  # not "Who"
                    continue
                for k in range(i, i + n):
                    found[k] = (i, i + n, entry)
                i += n - 1
                break
            i += 1
        return found

    def _article_country(self) -> str | None:
        """The one country the article names (as a country, nationality, capital or town),
        if it names exactly one (else None)."""
        named = set()
        for ent in parse.entities(self.doc):
            if ent.label_ in NON_ACTOR_LABELS or token_value(ent[0], "boilerplate"):
                continue
            if ent.label_ == "PERSON" and not _country(ent.text):  # NER's "Slovak" as a PERSON
                continue
            found = {hit[2].iso3 for hit in self._countries_in(list(ent))}
            if not found and ent.label_ in ("GPE", "NORP") and ent.root.pos_ == "PROPN":
                found = {town_country(_strip_the(ent.text))} - {None}  # "Aleppo" → SYR
            if ent.label_ == "NORP" and not found:
                return None  # a nationality we cannot code ("Saudi"): the context is not clear
            named |= found
        for _, _, entry in self.organisation_at.values():
            if entry.code in countries().by_iso3:
                named.add(entry.code)
        return named.pop() if len(named) == 1 else None

    def _countries_in(self, words: list[Token], head_i: int = -1) -> list[tuple[int, int, Country, str]]:
        """Country names, demonyms and capitals among ``words`` as (start, end, country, how)."""
        found, i = [], 0
        while i < len(words):
            if not words[i].text[:1].isupper():  # every name starts with a capital
                i += 1
                continue
            for n in range(min(MAX_COUNTRY_TOKENS, len(words) - i), 0, -1):
                span = words[i: i + n]
                if span[-1].i - span[0].i != n - 1:
                    continue
                hit = _country(self._text(span))
                if not hit:
                    continue
                if span[-1].i != head_i and _after_anti_or_pro(words[i]):  # "anti-Syria journalist"
                    continue
                if any(w.i in self.organisation_at for w in span):
                    continue
                if hit[1] == "demonym" and span[0].i > 0 \
                        and span[0].doc[span[0].i - 1].lower_ in ETHNIC_MARKERS:
                    hit = None  # an ethnic group, coded by where it lives
                if hit:
                    found.append((i, i + n, *hit))
                    i += n - 1
                    break
            i += 1
        return found

    # -- phrase coding (reads the state, never changes it) -----------------------------------
    def phrase(self, head: Token, depth: int = 0) -> _Phrase:
        tokens = _span_tokens(head)
        owners = _owner_tokens(head)
        own = {t.i for t in tokens if t.i not in owners}
        words = [t for t in tokens if t.i in own and not t.is_punct]
        p = _Phrase(tokens=tokens, own=own)

        organisation = self.organisation_at.get(head.i)
        if organisation is not None:
            start, _, entry = organisation
            p.code, p.sector, p.name, p.organisation = entry.code, entry.sector, entry.name, True
            words = [w for w in words if w.i < start]

        if head.i in self.person_tokens:
            p.person = _strip_titles([w for w in words if w.i in self.person_tokens]) or None
            if p.person is not None and _country(self._text(p.person)):  # NER's "Slovak" as a PERSON
                p.person = None
        name_ids = {t.i for t in p.person or ()}
        words = [w for w in words if w.i not in name_ids]
        titles = honorifics()
        p.gender = next((gender for w in words if (gender := titles.get(w.lower_))), None)

        # the country or organisation word nearest the head gives the code
        places = [] if p.organisation else self._countries_in(words, head.i)
        named = {w.i for start, end, _, _ in places for w in words[start:end]}
        candidates = [(words[end - 1].i, country.iso3) for _, end, country, _ in places]
        inner = [(w.i, self.organisation_at[w.i][2]) for w in words if w.i in self.organisation_at]
        candidates += [(i, entry.code) for i, entry in inner]
        named |= {i for i, _ in inner}
        if candidates and not p.organisation:
            p.code, p.named = max(candidates)[1], True
            if inner and inner[-1][0] == max(candidates)[0]:  # "Hamas fighters", "UN convoy"
                p.sector = inner[-1][1].sector

        term_words = [w for w in words if w.i not in named]
        matches = _term_matches(term_words)
        p.terms = {m[2].term for m in matches}
        if matches and term_words[matches[-1][1] - 1].i == head.i:
            p.head_term = matches[-1][2]
        p.sector = _sector_of(matches) or p.sector

        if places and words[places[-1][1] - 1].i == head.i and p.person is None and not matches:
            start, end, country, how = places[-1]
            p.country_head, p.name = True, country.name
            p.demonym_head = how == "demonym"
            if how == "capital":
                p.name = self._text(words[start:end])
                p.place = _locative(head)
                p.sector = None if p.place else "GOV"
        elif not candidates and p.person is None and not p.organisation and not matches:
            self._code_town(head, p)
        if depth < 2:
            self._add_owner(head, p, depth)
        # a person with an office ("President X") is taken to hold it in the article's country
        if p.code is None and p.sector is not None and self.context_country:
            p.code, p.contextual = self.context_country, True
        return p

    def _code_town(self, head: Token, p: _Phrase) -> None:
        """A town or province named as a whole phrase ("shelled Aleppo") has its country's code
        (the most likely reading in the place gazetteer); after "in"/"at" it is a place."""
        entity = self.entity_at.get(head.i)
        if entity is None or entity.label_ not in TOWN_LABELS or head.pos_ != "PROPN":
            return
        name = _strip_the(entity.text)
        iso3 = town_country(name)
        if iso3 is not None:
            p.code, p.name, p.named, p.country_head = iso3, name, True, True
            p.place = _locative(head)

    def _add_owner(self, head: Token, p: _Phrase, depth: int) -> None:
        """Code from a possessor, an of/for/from/in phrase or an apposition."""
        related: list[tuple[Token, str]] = []
        for child in children(head):
            if child.dep_ == "poss":
                related.append((child, "poss"))
            elif child.dep_ == "appos":
                related.append((child, "appos"))
            elif (child.dep_ == "prep" and child.i > head.i and child.lower_ in OWNER_PREPOSITIONS
                  and (p.person is None or child.lower_ == "of")):
                related += [(g, "prep") for g in children(child) if g.dep_ == "pobj"]
        for other, how in related:
            known = token_value(other, "actor")
            if known is not None:
                code, sector, terms = known.code, known.sector, set()
            else:
                q = self.phrase(other, depth + 1)
                if q.contextual:
                    q.code = None
                code, sector, terms = q.code, q.sector, q.terms
            if how == "appos":  # "Sergei Ryabkov, Russia's deputy foreign minister"
                if p.person is not None and p.sector is None and sector is not None:
                    p.code, p.sector, p.terms = p.code or code, sector, p.terms | terms
                continue
            # people of one nationality living in another country are coded by their residence
            resident = how == "prep" and p.demonym_head and code is not None and code != p.code
            if (p.code is None or resident) and code is not None:
                p.code = code
                if resident:
                    p.name, p.country_head, p.demonym_head = None, False, False
                if how == "prep":
                    p.tokens = parse.tokens(head.doc)[p.tokens[0].i: other.right_edge.i + 1]
            deferring = p.sector is None or (p.head_term is not None and p.head_term.kind == "role")
            if sector is not None and p.person is None and deferring:
                p.sector = sector

    def _actor_from(self, head: Token, p: _Phrase) -> Actor | None:
        """The actor a phrase's own words make it (no coreference), or None."""
        span = Span.from_tokens(p.tokens)
        if p.person:
            return Actor(self._text(p.person), p.code, p.sector, span)
        if p.place:
            return None
        if p.organisation or p.country_head:
            return Actor(p.name or _strip_the(span.text), p.code, p.sector, span)
        if p.head_term is not None or (p.named and p.code):  # "police", "Russian jets"
            return Actor(_strip_the(span.text), p.code, p.sector, span)
        label = head.ent_type_
        if label in UNCODED_ACTOR_LABELS or (label and p.code and not _locative(head)):
            ent = self.entity_at.get(head.i)
            return Actor(_strip_the(ent.text) if ent is not None else head.text, p.code, p.sector, span)
        return None

    def may_name_actor(self, head: Token) -> bool:
        """Whether the phrase headed by ``head`` can be an actor at all: it must be a named
        entity or proper noun, end in a sector term ("the ministry") or have a capitalised,
        organisation or person word among its words ("Russian jets"). Most nouns ("talks",
        "week") have none of these, and need no phrase coding."""
        if head.ent_type_ or head.pos_ == "PROPN":
            return True
        last_words = sector_term_last_words()
        if head.lower_ in last_words or head.lemma_.lower() in last_words:
            return True
        return any(t.text[:1].isupper() or t.i in self.organisation_at or t.i in self.person_tokens
                   for t in parse.tokens(self.doc)[head.left_edge.i: head.i + 1])

    def coded(self, head: Token) -> Actor | None:
        """Stateless coding of the phrase headed by ``head`` (known persons are recognised)."""
        if token_value(head, "boilerplate") or not self.may_name_actor(head):
            return None
        p = self.phrase(head)
        person = self._known_person(head, p)
        if person is not None:
            return replace(person.actor, span=Span.from_tokens(p.tokens))
        return self._actor_from(head, p)

    def coded_once(self, head: Token) -> Actor | None:
        """:meth:`coded`, memoized per head: the later stages ask about the same heads again and
        again, and once the document walk is done nothing that coding reads changes."""
        if head.i not in self.coded_at:
            self.coded_at[head.i] = self.coded(head)
        return self.coded_at[head.i]

    # -- the document walk (with coreference) -----------------------------------------------
    def annotate(self) -> list[Entity]:
        furniture = boilerplate_tokens(self.doc)
        for token in parse.tokens(self.doc):
            pos = token.pos_
            if pos == "PRON" or pos in ("NOUN", "PROPN", "ADJ") and token.dep_ not in ("compound", "amod"):
                if token.i in furniture or token_value(token, "actor") is not None:
                    continue
                if pos == "PRON":
                    self._pronoun(token)
                else:
                    self._mention(token)
        return self._entities()

    def _entities(self) -> list[Entity]:
        entities, furniture = [], boilerplate_tokens(self.doc)
        for ent in parse.entities(self.doc):
            if ent.label_ in NON_ACTOR_LABELS or not furniture.isdisjoint(range(ent.start, ent.end)):
                continue
            actor = self.head_actor.get(ent.root.i)
            if actor is None:
                actor = self.coded(ent.root)
                for t in ent:
                    if token_value(t, "actor") is None and actor is not None:
                        set_token_value(t, "actor", actor)
            entities.append(Entity(Span.from_tokens(ent), ent.label_, actor))
        return entities

    def _assign(self, tokens: Iterable[int], actor: Actor) -> None:
        for i in tokens:
            if token_value(self.doc[i], "actor") is None:
                set_token_value(self.doc[i], "actor", actor)

    def _mention(self, head: Token) -> None:
        if not self.may_name_actor(head):
            return
        p = self.phrase(head)
        extra: set[int] = set()
        name = p.person
        if name is None and p.head_term is not None and p.head_term.kind in ("title", "role"):
            # a title with its person in apposition: "Russia's foreign minister, Sergei Lavrov"
            for child in children(head):
                if child.dep_ == "appos" and child.i in self.person_tokens:
                    named = self.phrase(child, depth=2)
                    if named.person:
                        name, extra = named.person, named.own
                        break
        known = self._known_person(head, p) if name is None else None
        if name is None and known is None and head.dep_ == "appos" and p.head_term is not None \
                and p.head_term.kind in ("title", "role") and head.head.i in self.person_tokens:
            # "Sergei Ryabkov, Russia's deputy foreign minister": the title is the person
            titled = token_value(head.head, "actor")
            known = self._find_person(_name_key(titled.name)) if titled else None
        if name is not None or known is not None:
            actor = self._person(head, p, name, known)
        else:
            actor = self._actor_from(head, p)
            if actor is None:
                return
            if p.head_term is not None:
                actor = self._nominal(head, p, actor)
            if not any(person.actor.name == actor.name for person in self.persons):
                self.mentions.append(_Mention(actor, self.sent_of[head.i], head.i,
                                              head.dep_ in SUBJECT_DEPS, _plural(head, p), p.terms))
        self.head_actor[head.i] = actor
        self._assign(sorted(p.own | extra), actor)

    # -- persons ------------------------------------------------------------------------------
    def _known_person(self, head: Token, p: _Phrase) -> _Person | None:
        """A bare surname (however NER labelled it) of a person met earlier: "Assad"."""
        if head.pos_ != "PROPN" or head.i in self.organisation_at or p.sector is not None:
            return None
        key = _name_key(head.text)
        return next((person for person in reversed(self.persons) if person.surname_key == key), None)

    def _find_person(self, full_key: str) -> _Person | None:
        surname, single = _surname_key(full_key), len(full_key.split()) == 1
        for person in reversed(self.persons):
            if person.full_key == full_key:
                return person
            if person.surname_key == surname and (single or len(person.full_key.split()) == 1):
                return person
        return None

    def _person(self, head: Token, p: _Phrase, name: list[Token] | None,
                person: _Person | None) -> Actor:
        if person is None:
            text = self._text(name)
            person = self._find_person(_name_key(text))
            if person is None:
                person = _Person(Actor(text, p.code, p.sector), _name_key(text),
                                 _surname_key(_name_key(text)), p.gender, contextual=p.contextual)
                self.persons.append(person)
            elif len(_name_key(text).split()) > len(person.full_key.split()):
                person.actor.name, person.full_key = text, _name_key(text)
        # a later mention fills in what the first one lacked; a code of its own beats the
        # article's country
        if p.code is not None and (person.actor.code is None or person.contextual and not p.contextual):
            person.actor.code, person.contextual = p.code, p.contextual
        if person.actor.sector is None:
            person.actor.sector = p.sector
        person.gender = person.gender or p.gender
        person.terms |= p.terms
        person.mentions.append((self.sent_of[head.i], head.i, head.dep_ in SUBJECT_DEPS))
        return replace(person.actor, span=Span.from_tokens(p.tokens))

    def _nominal(self, head: Token, p: _Phrase, actor: Actor) -> Actor:
        """ "the minister" → the last person with that title; "the ministry" → the last one."""
        if not _is_definite(head):
            return actor
        own_code = None if p.contextual else p.code
        term = p.head_term
        last_word = term.term.split()[-1]
        span = Span.from_tokens(p.tokens)

        def matches(terms: set[str]) -> bool:
            return any(t.split()[-1] == last_word for t in terms)

        if term.kind in ("title", "role"):
            for person in sorted(self.persons, key=lambda x: x.mentions[-1][1], reverse=True):
                if own_code is not None and person.actor.code != own_code:
                    continue
                if matches(person.terms) or (term.kind == "role" and term.sector is not None
                                             and person.actor.sector == term.sector):
                    person.mentions.append((self.sent_of[head.i], head.i, head.dep_ in SUBJECT_DEPS))
                    return replace(person.actor, span=span)
        else:
            for mention in reversed(self.mentions):
                if own_code is not None and mention.actor.code != own_code:
                    continue
                if matches(mention.terms):
                    return replace(mention.actor, span=span)
        return actor

    # -- pronouns -----------------------------------------------------------------------------
    def _pronoun(self, token: Token) -> None:
        word = token.lower_
        if word in MALE_PRONOUNS or word in FEMALE_PRONOUNS:
            gender = "m" if word in MALE_PRONOUNS else "f"
            person = self._antecedent_person(token, gender)
            if person is None:
                return
            person.gender = gender
            person.mentions.append((self.sent_of[token.i], token.i, token.dep_ in SUBJECT_DEPS))
            actor = replace(person.actor, span=Span.from_tokens(token))
        elif word in NEUTER_PRONOUNS or word in PLURAL_PRONOUNS:
            plural = word in PLURAL_PRONOUNS
            if not plural and (token.dep_ not in ("nsubj", "nsubjpass", "poss")
                               or token.head.lemma_ in EXPLETIVE_IT_VERBS and token.dep_ != "poss"):
                return
            mention = self._antecedent_mention(token, plural)
            if mention is None:
                return
            actor = replace(mention.actor, span=Span.from_tokens(token))
            self.mentions.append(_Mention(actor, self.sent_of[token.i], token.i,
                                          token.dep_ in SUBJECT_DEPS, plural, mention.terms))
        else:
            return
        set_token_value(token, "actor", actor)
        self.head_actor[token.i] = actor

    def _antecedent_person(self, token: Token, gender: str) -> _Person | None:
        """Same-sentence subject, then anyone earlier in the sentence, then earlier sentences
        (their subject first, else their first person)."""
        sent = self.sent_of[token.i]
        clause_subjects = set()
        if token.dep_ not in ("poss", "nsubj", "nsubjpass") and not token.lower_.endswith("self"):
            # "Ruiz welcomed him": an object pronoun is not its own clause's subject
            clause_subjects = {c.i for c in children(_governor(token)) if c.dep_ in SUBJECT_DEPS}
        found = [(m, person) for person in self.persons if person.gender in (None, gender)
                 for m in person.mentions if m[1] < token.i and m[1] not in clause_subjects]
        here = [c for c in found if c[0][0] == sent]
        if here:
            subjects = [c for c in here if c[0][2]]
            return max(subjects or here, key=lambda c: c[0][1])[1]
        for earlier in range(sent - 1, -1, -1):
            there = [c for c in found if c[0][0] == earlier]
            if there:
                subjects = [c for c in there if c[0][2]]
                return min(subjects or there, key=lambda c: c[0][1])[1]
        return None

    def _antecedent_mention(self, token: Token, plural: bool) -> _Mention | None:
        """The nearest earlier number-compatible mention in the sentence ("it": subjects only),
        else the previous sentence's subject."""
        sent = self.sent_of[token.i]
        found = [m for m in self.mentions if m.token < token.i and m.plural == plural]
        here = [m for m in found if m.sent == sent and (plural or m.subject)]
        if here:
            return here[-1]
        before = [m for m in found if m.sent == sent - 1 and m.subject]
        return before[-1] if before else None


CODER_KEY = parse.CACHE_PREFIX + "actors"


def _coder(doc: Doc) -> _ActorCoder:
    coder = doc.user_data.get(CODER_KEY)
    if coder is None:
        coder = doc.user_data[CODER_KEY] = _ActorCoder(doc)
    return coder


def annotate_actors(doc: Doc) -> None:
    """Set ``doc._.entities`` and ``token._.actor`` on every coded mention."""
    doc._.entities = _coder(doc).annotate()


def actor_for_head(token: Token) -> Actor | None:
    """The actor of the noun phrase headed by ``token`` (conjuncts are not expanded), or None.

    A token already resolved by the stage (names, titles, pronouns, "the ministry") gives its
    actor; otherwise the phrase's own words, possessor, of-phrase and apposition are coded.
    ``code`` is None for an actor whose country is unknown.
    """
    known = token_value(token, "actor")
    if known is not None:
        return known
    if token_value(token, "boilerplate"):
        return None
    return _coder(token.doc).coded_once(token)


def town_country(name: str) -> str | None:
    """The country of a town, city or US state by its most likely gazetteer reading
    ("Aleppo" → SYR), or None when the name is no such place."""
    readings = places().readings(name)
    if not readings or readings[0][0].feature not in TOWN_FEATURES:
        return None
    return readings[0][0].country


def place_country(token: Token) -> str | None:
    """The country of the place the noun phrase headed by ``token`` names: a country, capital,
    town ("in Aleppo"), or a phrase such as "the capital Kabul" / "the town of Samarra"."""
    if token_value(token, "boilerplate"):
        return None
    coder = _coder(token.doc)
    p = coder.phrase(token)
    if p.code is not None and not p.contextual and (p.named or p.country_head):
        return p.code
    for child in children(token):
        named = [child] if child.dep_ in ("appos", "compound") else \
            [g for g in children(child) if g.dep_ == "pobj"] if child.lower_ == "of" else []
        for word in named:
            entity = coder.entity_at.get(word.i)
            if entity is not None and entity.label_ in PLACE_LABELS:
                found = _country(_strip_the(entity.text))
                iso3 = found[0].iso3 if found else town_country(_strip_the(entity.text))
                if iso3 is not None:
                    return iso3
    return None
