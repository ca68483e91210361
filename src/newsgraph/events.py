"""Stage: events. PLOVER events from trigger patterns matched over the dependency parse.

Patterns are data: ``lexicons/events/<type>.toml`` holds one file per PLOVER type, a list of
``[[pattern]]`` tables; ``lexicons/plover.toml`` holds per type its quad class, CAMEO root and
type-level rules; ``lexicons/event_grammar.toml`` holds the word lists shared by all types
(light verbs, future auxiliaries, intent heads, people nouns, non-political heads).

Keys of a pattern (only ``lemma``, ``example`` and ``example_trigger`` are required):

``lemma``            trigger lemma, or a list of them
``pos``              ``"verb"`` (default) or ``"noun"``
``particle``         particle or preposition (or list) that must depend on the trigger
                     ("call for", "crack down", "go on strike")
``object``           object lemmas (or multiword phrases) one of which the trigger must take as
                     direct object, passive subject or object of its particle ("hold talks",
                     "lift the curfew", "declare a state of emergency"); part of the trigger
``modifier``         lemmas one of which must modify the (noun) trigger ("joint exercises",
                     "air strikes", "hunger strike")
``mode``             the PLOVER mode the pattern implies
``actor``            argument roles that give the actor (default: verbs ``["subject"]``, nouns
                     ``["poss", "modifier", "by"]``; a noun carried by a light verb also takes
                     the light verb's subject)
``recipient``        argument roles that give the recipient (default: verbs ``["object"]``,
                     nouns none)
``requires``         ``"political"``: some argument must be plausibly political (a coded actor
                     or sector, a person/organisation/place name, a people noun);
                     ``"political_object"``: the object or a recipient must be
``forbid``           lemmas that, heading an argument or modifying the trigger, veto the pattern
                     ("strike a deal", "heart attack")
``transitive``       ``true``: needs an object; ``false``: must have none
``standalone``       nouns only; ``false``: counts only as the object of a light verb
                     ("declared a ceasefire", but not a bare "ceasefire")
``example``          a sentence of ours in which the pattern fires (the tests run them all)
``example_trigger``  the trigger text it yields there

Argument roles: ``subject`` (active subject, or passive by-agent; inherited through control,
coordination and relative clauses), ``object`` (direct object, or passive subject), ``dative``,
``poss`` (possessor of the noun or of the pattern's object), ``modifier`` (a name or demonym
modifying the noun or the pattern's object: "Israeli strikes"), ``complement`` (subject of a
that-clause: "demanded that Iraq withdraw"), ``content`` (a political object of an infinitive
complement: "threatened to cut off power to Armenia"), or any preposition ("with", "to", "on", ...): its
object, whether the preposition hangs off the trigger, its light verb or its object.

When one pattern hides another: patterns with more constraints (particle, object, modifier) are
tried first; a trigger inside another event's trigger ("lifted sanctions") is part of that
event; a verbal act whose type ``absorbs_complement`` takes the events in its object or
complement as its content ("threatened to shell the town" is one THREATEN event, its recipient
the town); a noun event that is an argument of a verb event of the same type merges into it
("were killed in an Israeli airstrike"). Future cooperation becomes its ``when_future`` type.

``confidence`` ranks events (the scorers' "top event" is the most confident one). It starts at
0.6 for a verbal trigger (or a noun carried by a light verb) and 0.4 for a bare noun; +0.2 when
an actor is coded, -0.15 when there is no actor at all; +0.1 when a recipient is coded, -0.1
when the type needs a recipient and has none; halved when the event is negated, -0.1 when it is
hypothetical; clipped to [0.05, 0.95].
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from . import actors, factuality, parse
from .boilerplate import boilerplate_tokens
from .extensions import token_value
from .lexicons import lexicon_file, read_toml
from .model import PLOVER_TYPES, QUAD_CLASSES, Actor, Event, Span
from .parse import children, sentences, subtree

PATTERN_KEYS = {"lemma", "pos", "particle", "object", "modifier", "mode", "actor", "recipient",
                "requires", "forbid", "transitive", "standalone", "example", "example_trigger"}
REQUIREMENTS = (None, "political", "political_object")
NAMED_ROLES = {"subject", "object", "dative", "poss", "modifier", "complement", "content"}
CONTENT_PREPOSITIONS = {"to", "with", "against", "on", "into", "from"}
POLITICAL_ENTITIES = {"PERSON", "NORP", "GPE", "ORG"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# dependents of an absorbing verbal act that hold its content ("agreed *to meet*", "accused X
# *of attacking* Y"); subjects and coordinated clauses are not content, adverbial clauses only
# when they state a purpose (see _is_purpose)
# dependents not followed when looking around an event for its other parties and its place:
# other clauses, and the event's own subject (its actor)
CLOSED_DEPS = {"conj", "cc", "punct", "mark", "relcl", "parataxis", "aux", "auxpass", "neg",
               "expl", "csubj", "csubjpass"}
SURROUNDING_DEPTH = 5
CONTENT_DEPS = {"xcomp", "ccomp", "dobj", "prep", "pcomp", "pobj", "attr", "oprd", "acomp",
                "dative", "agent"}


@dataclass(frozen=True)
class Pattern:
    """One trigger pattern of ``lexicons/events/<type>.toml``."""

    type: str
    lemmas: tuple[str, ...]
    pos: str
    mode: str | None
    particles: tuple[str, ...]
    objects: tuple[str, ...]
    modifiers: tuple[str, ...]
    actor_roles: tuple[str, ...]
    recipient_roles: tuple[str, ...]
    requires: str | None
    forbid: frozenset[str]
    transitive: bool | None
    standalone: bool
    example: str
    example_trigger: str

    @property
    def specificity(self) -> int:
        return bool(self.particles) + bool(self.objects) + bool(self.modifiers)


@dataclass(frozen=True)
class TypeRules:
    """A PLOVER type's row of ``lexicons/plover.toml``."""

    quad_class: str
    cameo_root: str
    cameo_by_mode: dict
    requires_recipient: bool
    absorbs_complement: bool
    when_future: str | None
    threat_mode: str | None
    mutual: bool = False

    def cameo(self, mode: str | None) -> str:
        return self.cameo_by_mode.get(mode, self.cameo_root)


@dataclass(frozen=True)
class Grammar:
    light_verbs: frozenset[tuple[str, str]]  # (lemma, particle or "")
    future_auxiliaries: frozenset[str]
    intent_heads: frozenset[str]
    people_nouns: frozenset[str]
    nonpolitical_heads: frozenset[str]
    quantity_heads: frozenset[str]
    background_prepositions: frozenset[str]
    location_prepositions: frozenset[str]


def _as_tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _pattern(type_: str, entry: dict, where: str) -> Pattern:
    unknown = set(entry) - PATTERN_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown pattern keys {sorted(unknown)}")
    pos = entry.get("pos", "verb")
    if pos not in ("verb", "noun") or entry.get("requires") not in REQUIREMENTS:
        raise ValueError(f"{where}: bad pos or requires")
    roles = _as_tuple(entry.get("actor")) + _as_tuple(entry.get("recipient"))
    if any(r not in NAMED_ROLES and not (r.isalpha() and r.islower()) for r in roles):
        raise ValueError(f"{where}: a role is neither {sorted(NAMED_ROLES)} nor a preposition")
    default_actor = ("subject",) if pos == "verb" else ("poss", "modifier", "by")
    default_recipient = ("object",) if pos == "verb" else ()
    return Pattern(
        type=type_, lemmas=_as_tuple(entry["lemma"]), pos=pos, mode=entry.get("mode"),
        particles=_as_tuple(entry.get("particle")), objects=_as_tuple(entry.get("object")),
        modifiers=_as_tuple(entry.get("modifier")),
        actor_roles=_as_tuple(entry.get("actor")) or default_actor,
        recipient_roles=_as_tuple(entry.get("recipient", default_recipient)),
        requires=entry.get("requires"), forbid=frozenset(_as_tuple(entry.get("forbid"))),
        transitive=entry.get("transitive"), standalone=entry.get("standalone", True),
        example=entry["example"], example_trigger=entry["example_trigger"],
    )


@lru_cache(maxsize=1)
def patterns() -> tuple[Pattern, ...]:
    """Every pattern of every ``lexicons/events/*.toml`` file, in file order."""
    folder = lexicon_file("events")
    found = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".toml"):
            continue
        data = read_toml("events", item.name)
        if data.get("type") not in PLOVER_TYPES:
            raise ValueError(f"events/{item.name}: type must be one of the PLOVER types")
        for n, entry in enumerate(data.get("pattern", []), 1):
            found.append(_pattern(data["type"], entry, f"events/{item.name} pattern {n}"))
    return tuple(found)


@lru_cache(maxsize=1)
def type_rules() -> dict[str, TypeRules]:
    """``lexicons/plover.toml``: quad class, CAMEO root and coding rules per PLOVER type."""
    table = read_toml("plover.toml")
    rules = {}
    for name in PLOVER_TYPES:
        row = table[name]
        if row["quad_class"] not in QUAD_CLASSES:
            raise ValueError(f"plover.toml [{name}]: unknown quad class")
        rules[name] = TypeRules(
            quad_class=row["quad_class"], cameo_root=row["cameo_root"],
            cameo_by_mode=row.get("cameo_by_mode", {}),
            requires_recipient=row["requires_recipient"],
            absorbs_complement=row["absorbs_complement"],
            when_future=row.get("when_future"), threat_mode=row.get("threat_mode"),
            mutual=row.get("mutual", False),
        )
    return rules


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    data = read_toml("event_grammar.toml")
    light = frozenset(tuple((entry.split(" ", 1) + [""])[:2]) for entry in data["light_verbs"])
    return Grammar(
        light_verbs=light,
        future_auxiliaries=frozenset(data["future_auxiliaries"]),
        intent_heads=frozenset(data["intent_heads"]),
        people_nouns=frozenset(data["people_nouns"]),
        nonpolitical_heads=frozenset(data["nonpolitical_heads"]),
        quantity_heads=frozenset(data["quantity_heads"]),
        background_prepositions=frozenset(data["background_prepositions"]),
        location_prepositions=frozenset(data["location_prepositions"]),
    )


@lru_cache(maxsize=1)
def pattern_index() -> dict[tuple[str, str], list[Pattern]]:
    """(lemma, pos) -> candidate patterns, most constrained first, then in file order."""
    index: dict[tuple[str, str], list[Pattern]] = {}
    for pattern in patterns():
        for lemma in pattern.lemmas:
            index.setdefault((lemma, pattern.pos), []).append(pattern)
    for candidates in index.values():
        candidates.sort(key=lambda p: -p.specificity)
    return index


# --- the parse ----------------------------------------------------------------------------

def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in children(token) if c.dep_ in deps]


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in children(verb))


def _antecedent(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies ("troops who attacked")."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl"):
        return token.head.head
    return token


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """Who does what ``verb`` says: its subject, passive agent, or the controller of a
    non-finite, coordinated or relative clause ("agreed to meet", "is willing to send")."""
    if depth > 4:
        return None
    if _is_passive(verb):
        for agent in _children(verb, "agent"):
            objects = _children(agent, "pobj")
            return objects[0] if objects else None
        return None
    subjects = _children(verb, "nsubj")
    if subjects:
        return _antecedent(subjects[0])
    head = verb.head
    if head is verb:
        return None
    if verb.dep_ == "xcomp":
        controller = _children(head, "dobj") + [p for prep in _children(head, "prep")
                                                if prep.lower_ in ("on", "upon")
                                                for p in _children(prep, "pobj")]
        return controller[0] if controller else _subject(head, depth + 1)
    if verb.dep_ in ("conj", "acomp") or (verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN")
                                          and not _children(verb, "mark")):
        return _subject(head, depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.tag_ != "VBN":
        return head
    return None


def _object(trigger: Token) -> Token | None:
    """The trigger's direct object; a passive's subject; the object of its particle."""
    objects = _children(trigger, "dobj")
    if objects:
        return objects[0]
    if _is_passive(trigger):
        subjects = _children(trigger, "nsubjpass")
        return _antecedent(subjects[0]) if subjects else None
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN":  # "protesters arrested by police"
        return trigger.head
    return None


def _particle_object(trigger: Token, particle: Token | None) -> Token | None:
    if particle is not None and particle.dep_ == "prep":
        objects = _children(particle, "pobj")
        return objects[0] if objects else None
    return None


def _light_verb(noun: Token) -> Token | None:
    """The verb that carries an event noun: "held *talks*", "talks were *held*",
    "carried out strikes", "engaged in ethnic cleansing"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":  # the noun is its particle's object
        verb, particles = head.head, {head.lower_}
    elif noun.dep_ in ("dobj", "nsubjpass", "attr"):
        verb, particles = head, {c.lower_ for c in children(head) if c.dep_ in ("prt", "prep")}
    else:
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    verb_lemma = _lemma(verb)
    for lemma, particle in grammar().light_verbs:
        if verb_lemma == lemma and (particle in particles if particle else noun.dep_ != "pobj"):
            return verb
    return None


def _phrase_matches(token: Token, phrases: tuple[str, ...]) -> bool:
    """The token's lemma is one of ``phrases`` (or that of its of-object: "700 kg *of
    medicine*"), or a multiword phrase is in its noun phrase."""
    of_objects = [o for prep in _children(token, "prep") if prep.lower_ == "of"
                  for o in _children(prep, "pobj")]
    if any(_lemma(t) in phrases for t in [token, *of_objects]):
        return True
    words = " ".join(_lemma(t) for t in subtree(token))
    return any(" " in phrase and phrase in words for phrase in phrases)


def _stand_in(token: Token) -> Token:
    """The word an argument stands for: "thousands *of students*" -> students; a phrase that
    codes to no country but whose possessor or name modifier does, that word ("Turkey's bid"
    -> Turkey, "an Indian proposal" -> Indian)."""
    if token.pos_ == "NUM" or _lemma(token) in grammar().quantity_heads:
        for prep in _children(token, "prep"):
            if prep.lower_ == "of" and _children(prep, "pobj"):
                return _children(prep, "pobj")[0]
    if token.pos_ != "NOUN" or getattr(_actor_for(token), "code", None):
        return token
    owners = (_children(token, "poss")
              + [c for c in _children(token, "amod", "compound") if c.ent_type_ in POLITICAL_ENTITIES]
              + [o for prep in _children(token, "prep") if prep.lower_ in ("of", "by", "from")
                 for o in _children(prep, "pobj")])
    return next((o for o in owners if getattr(_actor_for(o), "code", None)), token)


def _conjuncts(token: Token) -> list[Token]:
    """The token and the nouns coordinated with it ("Jordan and Britain")."""
    found = [token]
    for conj in token.conjuncts:
        if conj.pos_ in ("NOUN", "PROPN", "PRON") and conj not in found:
            found.append(conj)
    return sorted(found, key=lambda t: t.i)


# --- frames: a matched pattern and its arguments ------------------------------------------

@dataclass
class Frame:
    pattern: Pattern
    head: Token                 # the trigger word
    light: Token | None         # the light verb that carries a noun trigger
    obj: Token | None           # the object the pattern asked for, or the trigger's object
    tokens: list[Token]         # trigger words
    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    type: str = ""
    mode: str | None = None
    absorbed: list["Frame"] = field(default_factory=list)

    @property
    def predicate(self) -> Token:
        """The clause word that carries tense, negation and modality."""
        return self.light or self.head

    @property
    def is_verbal(self) -> bool:
        return self.pattern.pos == "verb" or self.light is not None


def _role_heads(frame: Frame, role: str) -> list[Token]:
    head, pred = frame.head, frame.predicate
    bases = [t for t in (head, frame.light, frame.obj) if t is not None]
    if role == "subject":
        found = _subject(pred) if (frame.pattern.pos == "verb" or frame.light) else None
        return [found] if found is not None else []
    if role == "object":
        if frame.pattern.pos == "noun":
            return []
        found = _object(head)
        return [found] if found is not None else []
    if role == "dative":
        return [c for b in bases for c in _children(b, "dative", "iobj")]
    if role == "poss":
        return [c for b in bases if b.pos_ in ("NOUN", "PROPN") for c in _children(b, "poss")]
    if role == "modifier":
        return [c for b in bases if b.pos_ in ("NOUN", "PROPN")
                for c in _children(b, "amod", "compound", "nmod")
                if c.ent_type_ in POLITICAL_ENTITIES or c.pos_ == "PROPN"]
    if role == "complement":
        return [s for clause in _children(pred, "ccomp") for s in _children(clause, "nsubj")]
    if role == "content":
        return [t for clause in _children(pred, "xcomp") for t in _clause_parties(clause)]
    return [pobj for b in bases for prep in _children(b, "prep", "agent", "dative")
            if prep.lower_ == role for pobj in _children(prep, "pobj")]


def _clause_parties(clause: Token) -> list[Token]:
    """Political objects of an infinitive clause: "threatened to cut off power *to Armenia*"."""
    candidates = _children(clause, "dobj") + [o for prep in _children(clause, "prep")
                                              if prep.lower_ in CONTENT_PREPOSITIONS
                                              for o in _children(prep, "pobj")]
    return [t for t in candidates if _political(_stand_in(t))]


def _arguments(frame: Frame, roles: tuple[str, ...]) -> list[Token]:
    found: list[Token] = []
    for role in roles:
        for head in _role_heads(frame, role):
            for token in _conjuncts(_stand_in(head)):
                if token.ent_type_ in ("DATE", "TIME"):
                    continue
                if token not in found and token not in frame.tokens:
                    found.append(token)
    return found


def _match(token: Token) -> Frame | None:
    """The most constrained pattern that fits ``token`` as a trigger, as a frame."""
    upos = token.pos_
    pos = "verb" if upos == "VERB" else "noun" if upos in ("NOUN", "PROPN") else None
    if pos is None or token.ent_type_ in ("DATE", "TIME"):  # "last March"
        return None
    lemma = _indexed_form(_lemma(token), token.lower_, pos)
    for pattern in pattern_index().get((lemma, pos), ()):
        frame = _fit(pattern, token)
        if frame is not None:
            return frame
    return None


@lru_cache(maxsize=65536)
def _indexed_form(lemma: str, word: str, pos: str) -> str | None:
    """The first of the word's :func:`_lemma_forms` that some pattern has (memoized: the
    same few thousand words come back in every article)."""
    index = pattern_index()
    return next((form for form in _lemma_forms(lemma, word) if (form, pos) in index), None)


def _lemma_forms(lemma: str, word: str) -> list[str]:
    """The lemma, then plain suffix-stripped forms of the lower-cased word for the
    lemmatizer's misses ("raped" lemmatized as "rap")."""
    forms = [lemma, word]
    for suffix, repl in (("ed", "e"), ("ed", ""), ("es", ""), ("s", ""), ("ing", "e"), ("ing", "")):
        if word.endswith(suffix):
            forms.append(word[: -len(suffix)] + repl)
    return forms


def _fit(pattern: Pattern, token: Token) -> Frame | None:
    light = _light_verb(token) if pattern.pos == "noun" else None
    if pattern.pos == "noun" and not pattern.standalone and light is None:
        return None
    particle = None
    if pattern.particles:
        particle = next((c for c in children(token) if c.dep_ in ("prt", "prep", "agent", "advmod")
                         and c.lower_ in pattern.particles), None)
        if particle is None:
            return None
    obj = _object(token) if pattern.pos == "verb" else None
    if pattern.objects:
        obj = next((o for o in (obj, _particle_object(token, particle))
                    if o is not None and _phrase_matches(o, pattern.objects)), None)
        if obj is None:
            return None
    modifier = next((c for c in children(token) if _lemma(c) in pattern.modifiers
                     and c.dep_ in ("amod", "compound", "nmod", "npadvmod", "advmod")), None)
    if pattern.modifiers and modifier is None:
        return None
    if pattern.transitive is True and obj is None:
        return None
    if pattern.transitive is False and _children(token, "dobj"):
        return None
    tokens = [t for t in (light, modifier, token, obj if pattern.objects else None)
              if t is not None]
    if particle is not None and abs(particle.i - token.i) == 1:
        tokens.append(particle)
    frame = Frame(pattern=pattern, head=token, light=light, obj=obj,
                  tokens=sorted(tokens, key=lambda t: t.i), type=pattern.type, mode=pattern.mode)
    actor_roles = pattern.actor_roles
    if light is not None and "subject" not in actor_roles:
        actor_roles = ("subject",) + actor_roles
    frame.actors = _arguments(frame, actor_roles)
    frame.recipients = [t for t in _arguments(frame, pattern.recipient_roles)
                        if t not in frame.actors]
    return frame if _plausible(frame) else None


def _plausible(frame: Frame) -> bool:
    """Vetoes (forbidden or non-political argument heads) and the pattern's requirement."""
    pattern, head = frame.pattern, frame.head
    subject = _subject(frame.predicate) if pattern.pos == "verb" or frame.light else None
    core = [_stand_in(t) for t in (subject, frame.obj) if t is not None]
    arguments = core + frame.actors + frame.recipients
    modifiers = [c for c in children(head)
                 if c.dep_ in ("prt", "compound", "amod", "dobj", "nmod", "advmod")]
    around = arguments + modifiers + [p for prep in _children(head, "prep")
                                      for p in _children(prep, "pobj")]
    lemmas = {_lemma(t) for t in around}
    if lemmas & pattern.forbid or {_lemma(t) for t in arguments} & grammar().nonpolitical_heads:
        return False
    if pattern.requires == "political":
        return any(_political(t) for t in arguments)
    if pattern.requires == "political_object":
        return any(_political(_stand_in(t)) for t in [frame.obj, *frame.recipients]
                   if t is not None and t is not subject)
    return True


def _political(token: Token) -> bool:
    """Whether an argument can be a political actor: a coded country, organisation or sector,
    a person, group or place name, or one of the grammar's people nouns."""
    words = [token] + _children(token, "compound", "amod", "poss")
    if any(t.ent_type_ in POLITICAL_ENTITIES or _lemma(t) in grammar().people_nouns
           for t in words):
        return True
    actor = _actor_for(token)
    return actor is not None and bool(actor.code or actor.sector)


# --- from frames to events ----------------------------------------------------------------

def _actor_for(token: Token) -> Actor | None:
    return actors.actor_for_head(token)


def _noun_phrase(head: Token) -> list[Token]:
    """The words of the noun phrase ``head`` heads, without clauses, appositions or
    coordinated nouns."""
    keep = [head]
    for child in children(head):
        if child.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case"):
            keep.extend(subtree(child))
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i > head.i:
            keep.extend(subtree(child))
    return sorted(keep, key=lambda t: t.i)


def _actor(token: Token) -> Actor | None:
    """The coded actor of an argument, or its noun phrase uncoded (an explicit ``code: null``
    rather than a guess); unresolved pronouns give none."""
    actor = _actor_for(token)
    if actor is not None:
        return actor
    if token.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None
    words = _noun_phrase(token)
    span = Span.from_tokens(words)
    return Actor(name=span.text, code=None, sector=None, span=span)


def _is_purpose(clause: Token) -> bool:
    """A subjectless adverbial clause that states what an act is for or how it is done:
    "blocked roads *to press their demands*", "rejected the plan, *urging* talks"."""
    if clause.dep_ != "advcl" or _children(clause, "nsubj", "nsubjpass", "mark"):
        return False
    return clause.tag_ == "VBG" or any(c.lower_ == "to" for c in _children(clause, "aux"))


def _region(frame: Frame) -> set[int]:
    """Token indexes of an absorbing frame's content: its object, complements and purpose."""
    inside: set[int] = set()
    for base in {frame.head, frame.predicate}:
        for child in children(base):
            if child.dep_ in CONTENT_DEPS or _is_purpose(child):
                inside.update(t.i for t in subtree(child))
    return inside


def _merge_nominals(frames: list[Frame]) -> list[Frame]:
    """A noun event that is an argument of a same-type verb event is that event
    ("killed *in an airstrike*", "*the bombing* killed"): its actors and mode fill gaps."""
    kept = []
    for noun in frames:
        host = None
        if not noun.is_verbal:
            parent = noun.head.head.head if noun.head.dep_ == "pobj" else noun.head.head
            host = next((v for v in frames if v is not noun and v.is_verbal
                         and v.type == noun.type and v.predicate == parent), None)
        if host is None:
            kept.append(noun)
            continue
        if not host.actors:
            host.actors = noun.actors
        host.mode = host.mode or noun.mode
    return kept


def _absorb(frames: list[Frame]) -> list[Frame]:
    """Events in the content of an absorbing verbal act become part of it; the nearest such
    act takes them. It borrows their participants when it has no recipient of its own."""
    rules = type_rules()
    regions = {id(f): _region(f) for f in frames if rules[f.type].absorbs_complement}
    kept = []
    for frame in frames:
        hosts = [h for h in frames if h is not frame and id(h) in regions
                 and frame.head.i in regions[id(h)]]
        if not hosts:
            kept.append(frame)
            continue
        min(hosts, key=lambda h: len(regions[id(h)])).absorbed.append(frame)
    for host in kept:
        _take_content(host)
    return kept


def _take_content(host: Frame) -> None:
    for inner in host.absorbed:
        _take_content(inner)
        # an argument that is itself an event stands for that event's doer
        if inner.head in host.recipients:
            at = host.recipients.index(inner.head)
            host.recipients[at:at + 1] = [a for a in inner.actors if a not in host.actors]
        if host.type == "THREATEN" and host.mode is None:
            host.mode = type_rules()[inner.type].threat_mode
    if not host.recipients:
        for inner in host.absorbed:
            others = [a for a in inner.actors if a not in host.actors]
            host.recipients = others or [r for r in inner.recipients if r not in host.actors]
            if host.recipients:
                break


def _background(frame: Frame) -> bool:
    """A bare event noun in a temporal adjunct is background ("a curfew *after the protests*")."""
    head = frame.head
    return (not frame.is_verbal and head.dep_ == "pobj"
            and head.head.lower_ in grammar().background_prepositions)


def _is_future(frame: Frame) -> bool:
    """"will visit", "would send", "plans to meet", "is willing to send"."""
    g = grammar()
    pred = frame.predicate
    if any(c.dep_ == "aux" and c.lower_ in g.future_auxiliaries for c in children(pred)):
        return True
    return pred.dep_ == "xcomp" and _lemma(pred.head) in g.intent_heads


def _frames(sentence: list[Token]) -> list[Frame]:
    matched = [f for f in map(_match, sentence) if f is not None]
    # a trigger word inside a kept event's trigger ("lifted *sanctions*", "*hosted* a meeting")
    # is part of that event; verb patterns claim their words first
    frames, taken = [], set()
    for frame in sorted(matched, key=lambda f: (f.pattern.pos != "verb", f.head.i)):
        if frame.head.i not in taken:
            frames.append(frame)
            taken.update(t.i for t in frame.tokens)
    frames = [f for f in sorted(frames, key=lambda f: f.head.i) if not _background(f)]
    frames = _absorb(_merge_nominals(frames))
    rules = type_rules()
    for frame in frames:
        future = rules[frame.type].when_future
        if future and _is_future(frame):
            if future == "THREATEN":
                frame.mode = rules[frame.type].threat_mode
            frame.type = future
    return frames


def _confidence(frame: Frame, event: Event) -> float:
    score = 0.6 if frame.is_verbal else 0.4
    if any(a.code for a in event.actors):
        score += 0.2
    elif not event.actors:
        score -= 0.15
    if any(r.code for r in event.recipients):
        score += 0.1
    elif not event.recipients and type_rules()[event.type].requires_recipient:
        score -= 0.1
    if event.factuality.polarity == "negative":
        score /= 2
    if event.factuality.hypothetical:
        score -= 0.1
    return round(min(0.95, max(0.05, score)), 2)


def _surroundings(frame: Frame) -> list[Token]:
    """The words around an event, nearest first: the dependents of its trigger, light verb
    and object, and theirs, down to complement clauses ("demanded that *Libya* hand over"),
    but not its actors, its own subject, other coordinated or relative clauses, or adverbial
    clauses other than purposes."""
    start = [t for t in (frame.head, frame.light, frame.obj) if t is not None]
    seen = {t.i for t in start} | {t.i for a in frame.actors for t in subtree(a)}
    found, level = [], start
    for _ in range(SURROUNDING_DEPTH):
        following = []
        for token in level:
            for child in children(token):
                if child.i in seen or child.dep_ in CLOSED_DEPS:
                    continue
                if token in start and child.dep_ in ("nsubj", "nsubjpass", "agent"):
                    continue
                if child.dep_ == "advcl" and not _is_purpose(child):
                    continue
                seen.add(child.i)
                found.append(child)
                following.append(child)
        level = following
    return found


def _is_location(token: Token) -> bool:
    """The object of "in", "near", ... (or of "outside of")."""
    if token.dep_ != "pobj":
        return False
    prep = token.head
    if prep.lower_ == "of" and prep.head.dep_ in ("prep", "advmod"):
        prep = prep.head
    return prep.lower_ in grammar().location_prepositions


def _place_code(words: list[Token]) -> tuple[Token, str] | None:
    """Where the event happens: the first place phrase among ``words`` ("in Dili", "at a jail
    in Dili") whose country is known, with that country."""
    for token in words:
        if _is_location(token) and token.ent_type_ not in ("DATE", "TIME"):
            code = actors.place_country(token)
            if code is not None:
                return token, code
    return None


def _other_party(surroundings: list[Token], place: tuple[Token, str] | None) -> Actor | None:
    """The nearest coded party around an event that has no coded recipient: someone its
    object or complement names ("agreed to *US* mediation", "confiscated arms from
    *Palestinian* groups"), else, as PLOVER codes it, the country where it happens."""
    for token in surroundings:
        if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in ("DATE", "TIME"):
            continue
        actor = None if _is_location(token) else _actor_for(token)
        if actor is not None and actor.code:
            return actor
        if place is not None and token is place[0]:
            span = Span.from_tokens(_noun_phrase(token))
            return Actor(name=span.text, code=place[1], sector=None, span=span)
    return None


def _participants(frame: Frame) -> tuple[list[Actor], list[Actor]]:
    """The event's coded actors and recipients, with PLOVER's fallbacks: a missing recipient
    from around the event, and the country where it happens for participants whose own words
    give none ("prisoners rioted in Dili" → TLS)."""
    found_actors = [a for a in map(_actor, frame.actors) if a is not None]
    recipients = [r for r in map(_actor, frame.recipients) if r is not None]
    surroundings = _surroundings(frame)
    # where the event happens, else where its actor is ("an explosion near Samarra killed ...")
    place = _place_code(surroundings) or _place_code(
        [t for a in frame.actors for t in subtree(a) if t.i != a.i])
    if not any(r.code for r in recipients):
        # the place stands in as recipient only where there is none; uncoded recipients
        # take its country below instead
        # not a word of a recipient's own phrase ("an *opposition* organizer")
        inside = {i for r in frame.recipients for i in range(r.left_edge.i, r.i + 1)}
        other = _other_party([t for t in surroundings if t.i not in inside], None if recipients else place)
        if other is not None and other not in recipients:
            recipients.append(other)
    if place is not None:
        if not any(a.code for a in found_actors):
            found_actors = [replace(a, code=place[1]) for a in found_actors]
        recipients = [r if r.code else replace(r, code=place[1]) for r in recipients]
    # one mention is never both sides ("Russian missile attacks" as its own actor and target)
    acting = {a.span for a in found_actors if a.span is not None}
    recipients = [r for r in recipients if r.span is None or r.span not in acting]
    return found_actors, recipients


def _event(frame: Frame, sentence: list[Token]) -> Event:
    rules = type_rules()[frame.type]
    pred = frame.predicate
    event_actors, recipients = _participants(frame)
    event = Event(
        id="", type=frame.type, mode=frame.mode, quad_class=rules.quad_class,
        cameo_root=rules.cameo(frame.mode),
        trigger=Span.from_tokens(frame.tokens), sentence=Span.from_tokens(sentence),
        actors=event_actors, recipients=recipients,
        factuality=token_value(pred, "factuality") or factuality.assess(pred),
        attribution=token_value(pred, "attribution"),
    )
    event.confidence = _confidence(frame, event)
    return event


def annotate_events(doc: Doc) -> None:
    """Set ``doc._.events``: the PLOVER events of every non-boilerplate sentence, in text order
    of their triggers, with ids e1, e2, ..."""
    events, tokens, furniture = [], parse.tokens(doc), boilerplate_tokens(doc)
    for sentence in sentences(doc):
        if not furniture.isdisjoint(range(sentence.start, sentence.end)):
            continue
        words = tokens[sentence.start:sentence.end]
        events.extend(_event(f, words) for f in _frames(words))
    events.sort(key=lambda e: (e.trigger.start, e.trigger.end))
    for n, event in enumerate(events, 1):
        event.id = f"e{n}"
    doc._.events = events
