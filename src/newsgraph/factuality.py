"""Stage: factuality — how sure the text is that each predicate's event happened.

Every head UW/MEANTIME may annotate as a predicate (see :func:`is_predicate`) gets a
:class:`~newsgraph.model.Factuality` on the UW/MEANTIME −3..+3 scale. The mechanism is one walk over the dependency parse: a predicate's
*reading* (negated? how certain? hypothetical? questioned?) is the reading its governor
passes down to it, then changed by the predicate's own cues.

* What a governor passes down depends on the relation and on the governor's class in the
  lexicon (``lexicons/factuality.toml``): an *intention* verb ("plan to", "call for") makes
  the embedded event hypothetical, a *negative implicative* ("fail to") reverses it, a
  *factive* ("hide", "know") makes it real whatever happens to the governor, a *denial*
  ("deny that") makes it probably false, a *report* ("say that") keeps it as reported, a
  *prevention* ("cancel", "delay", "thwart") stops the event it takes as object, even as a
  participle ("the *cancelled* flight").
  A governor outside the lexicon that is the cue of an attribution
  (``doc._.attributions``) passes down the class its stance stands for ("according to" +
  denies → denial); so does an attribution whose cue is not on the predicate's path (a
  quotation in the next sentence). Clauses with their own standing (relative
  clauses, subjects, adjuncts other than conditionals) start afresh.
* A predicate's own cues are negators, modal auxiliaries, hedging adverbs, conditional
  subordinators and to-infinitives; a question mark leaves the main clause unknown.

The reading and a few facts about the predicate map to a score on the UW/MEANTIME −3..+3
scale of Stanovsky et al. (2017) by a small linear model: the score is the sum of the
weights of the predicate's indicator features (:func:`score_features`: the cue that set its
certainty, its negator, word class, tag, relation, governor class, attribution stance,
auxiliaries, subject and determiner), one weight table for readings that are negated and
one for those that are not, fit on UW/MEANTIME train by least absolute deviations
(``lexicons/factuality-model.toml``, ``tools/fit_factuality_model.py``). The score stays on
the side of zero the reading's polarity stands for. A question is unknown (0).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from . import parse
from .boilerplate import boilerplate_tokens
from .extensions import set_token_value, token_value
from .lexicons import read_toml
from .model import Factuality, Predicate, Span
from .parse import children, sentence

CERTAINTIES = ("underspecified", "possible", "probable", "certain")  # weakest first
# Spellings of one cue that the tokenizer splits differently ("won't" -> "wo" "n't").
NEGATOR_SPELLING = {"n't": "not"}
MODAL_SPELLING = {"wo": "will"}

# The class an attribution's stance gives to the content it governs (see the lexicon).
STANCE_CLASS = {
    "asserts": "report", "reports": "report", "confirms": "factive", "unknown": "report",
    "claims": "belief", "denies": "denial", "speculates": "possibility", "questions": "question",
}
# Relations through which a clause or noun depends on its governor's reading.
OBJECTS = {"dobj", "attr", "pobj", "nsubjpass", "dative"}
COMPLEMENTS = OBJECTS | {"xcomp", "ccomp", "pcomp", "acomp", "oprd", "acl"}
# Verbs whose object noun names the event itself ("held talks", "launched an attack").
LIGHT_VERBS = {"hold", "conduct", "carry", "launch", "stage", "make", "take", "have", "give",
               "mount", "wage", "begin", "start", "continue", "resume", "complete", "be",
               "undertake", "pay", "perform", "commit"}
# Named-entity types whose nouns never name an event ("last *week*", "ten *percent*").
NON_EVENT_ENTITIES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"}
# Named-entity types of names that never name an event ("*Florence*", "*Lawrence*").
NAMED_NON_EVENTS = {"PERSON", "GPE", "LOC", "NORP", "FAC", "ORG"}
PARTICIPLE_ENDINGS = ("ed", "ing")
# Pronouns that may stand for an event ("*this* comes after ...", "a report, *which* said").
EVENT_PRONOUNS = {"this", "which"}
# The classes that reach an event noun governed as an object ("called for talks", "hid his
# support"); the others need a clause ("denied that troops attacked", "failed to pay").
NOUN_EMBEDDING_CLASSES = {"intention", "possibility", "factive", "report", "question", "prevention"}
# The classes whose event is the governor's object ("cancelled the flight"): they reach an
# event noun only, and through a preposition only where the lexicon names the pair ("a
# delay in the launch", not "delayed after the accident").
OBJECT_EVENT_CLASSES = {"prevention"}
NOMINALIZATION_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ing", "sis", "ure")


@dataclass(frozen=True, slots=True)
class Reading:
    """What the text commits to about one event, before it becomes a score.

    ``cue`` names what set the certainty (a modal word, an embedding class, "conditional",
    ...; empty when nothing weakened it) and ``negator`` what reversed the polarity: the
    score of a reading is weighed by both (see :func:`score_features`).
    """

    negated: bool = False
    certainty: str = "certain"
    hypothetical: bool = False
    questioned: bool = False
    cue: str = ""
    negator: str = ""
    kind: str = ""  # the predicate's word class: "verb", "noun" or "other"

    def capped(self, certainty: str, cue: str) -> "Reading":
        if CERTAINTIES.index(certainty) > CERTAINTIES.index(self.certainty):
            return self
        return replace(self, certainty=certainty, cue=cue)

    def negate(self, negator: str) -> "Reading":
        return replace(self, negated=not self.negated, negator="" if self.negated else negator)

    def factuality(self, score: float) -> Factuality:
        """The factuality of this reading with ``score`` fitted for it (see :func:`score_of`),
        bounded to the side of zero its polarity stands for; a question is unknown (0)."""
        if self.questioned:
            return Factuality(polarity="unknown", certainty="underspecified",
                              hypothetical=self.hypothetical, score=0.0)
        score = max(-3.0, min(0.0, score)) if self.negated else max(0.0, min(3.0, score))
        polarity = "negative" if self.negated and score else "positive"
        return Factuality(polarity=polarity, certainty=self.certainty,
                          hypothetical=self.hypothetical, score=score)


FACTUAL = Reading()


def embed(governor: Reading, cls: str | None) -> Reading:
    """The reading an embedded event gets from a governor of lexicon class ``cls``.

    ``None`` is a governor outside the lexicon: the embedded event shares its reading.
    """
    if cls is None or cls == "implicative":
        return governor
    if cls in ("intention", "possibility"):
        return replace(governor.capped("possible", cls), hypothetical=True)
    if cls in ("neg_implicative", "prevention"):
        return governor.negate(cls)
    if cls == "factive":
        return Reading(cue=cls)
    if cls == "counterfactive":
        return Reading(negated=True, negator=cls)
    if cls == "denial":
        return replace(governor.capped("probable", cls), negated=True, negator=cls)
    if cls == "belief":
        return governor.capped("probable", cls)
    if cls == "report":
        return governor if governor.cue else replace(governor, cue=cls)
    if cls == "question":
        return replace(governor, questioned=True)
    raise ValueError(f"unknown embedding class {cls!r}")


@dataclass(frozen=True, slots=True)
class Lexicon:
    negators: frozenset[str]
    modals: dict[str, tuple[str, bool]]  # word -> (certainty, hypothetical)
    hedges: dict[str, str]  # adverb -> certainty
    conditionals: frozenset[tuple[str, ...]]  # word sequences
    embedding: dict[str, str]  # "lemma" or "lemma prep" -> class
    eventive_nouns: frozenset[str]
    adverbial_particles: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The factuality cues of ``lexicons/factuality.toml``."""
    raw = read_toml("factuality.toml")
    return Lexicon(
        negators=frozenset(e["word"] for e in raw["negator"]),
        modals={e["word"]: (e["certainty"], e.get("hypothetical", False)) for e in raw["modal"]},
        hedges={e["word"]: e["certainty"] for e in raw["hedge"]},
        conditionals=frozenset(tuple(e["word"].split()) for e in raw["conditional"]),
        embedding={e["lemma"]: e["class"] for e in raw["embedding"]},
        eventive_nouns=frozenset(raw["eventive_nouns"]["lemmas"]),
        adverbial_particles=frozenset(raw["adverbial_particles"]["words"]),
    )


@lru_cache(maxsize=1)
def score_model() -> dict[str, dict[str, float]]:
    """Feature weights of the score model, per polarity ("positive" for readings that are not
    negated, "negative" for those that are): ``lexicons/factuality-model.toml``, fit on
    UW/MEANTIME train by ``tools/fit_factuality_model.py``."""
    raw = read_toml("factuality-model.toml")
    return {polarity: dict(raw[polarity]) for polarity in ("positive", "negative")}


def score_features(token: Token, reading: Reading) -> list[str]:
    """The indicator features the score model weighs for ``token`` read as ``reading``: what
    set its certainty and negated it, its word class, tag and relation, its governor's
    lexicon class and tag, whether it is reported (and how), its auxiliaries, subject and
    determiner."""
    found = ["bias", f"kind={reading.kind}", f"cue={reading.cue}",
             f"cue={reading.cue}&kind={reading.kind}", f"certainty={reading.certainty}",
             f"tag={token.tag_}", f"dep={token.dep_}"]
    if reading.negated:
        found.append(f"negator={reading.negator}")
    if reading.hypothetical:
        found.append("hypothetical")
    if token.head != token:
        head, via = governor_of(token)
        found += [f"governor={embedding_class(head, via, token) or 'none'}", f"governor_tag={head.tag_}"]
    attribution = attribution_of(token)
    if attribution is not None:
        found.append(f"stance={attribution.stance}")
    for child in children(token):
        if child.dep_ in ("aux", "auxpass"):
            found.append(f"aux={child.lemma_.lower()}")
        elif child.dep_ in ("nsubj", "nsubjpass"):
            found.append("subject=actor" if token_value(child, "actor") is not None else "subject=other")
        elif child.dep_ == "poss":
            found.append("determiner=possessive")
        elif child.dep_ == "det":
            found.append(f"determiner={child.lower_}")
    return found


def score_of(token: Token, reading: Reading) -> float:
    """The model's score for ``token`` read as ``reading``: the sum of its features' weights
    under the reading's polarity."""
    weights = score_model()["negative" if reading.negated else "positive"]
    return sum(weights.get(feature, 0.0) for feature in score_features(token, reading))


def predicate_kind(token: Token) -> str:
    """"verb", "event" (a noun that names an event: lexicon or nominalization), "noun" (any
    other noun or pronoun) or "other" — the word classes scored apart."""
    if token.pos_ == "NOUN" and is_eventive_noun(token):
        return "event"
    return {"VERB": "verb", "AUX": "verb", "NOUN": "noun", "PROPN": "noun",
            "PRON": "noun"}.get(token.pos_, "other")


def is_eventive_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in lexicon().eventive_nouns or lemma.endswith(NOMINALIZATION_SUFFIXES)


def is_predicate(token: Token) -> bool:
    """Verbs (not auxiliaries in an auxiliary role), verb particles ("rolled *out*", "came
    *down*"), nouns that may name an event (common nouns that are neither actors nor numbers,
    dates or amounts, and named events, "the Bonn *Conference*"), adjectives other than
    attributive ones, and the event pronouns "this" and "which" — the heads UW and MEANTIME
    annotate."""
    pos = token.pos_
    if pos == "VERB":
        return True
    if pos == "AUX":
        return token.dep_ not in ("aux", "auxpass")
    if pos in ("ADP", "ADV") and token.dep_ == "prt":
        return True
    if pos in ("ADV", "ADP"):
        # "prices came *down*": a particle the parser took for an adverb
        return (token.dep_ == "advmod" and token.head.pos_ == "VERB"
                and token.lower_ in lexicon().adverbial_particles)
    if pos == "ADJ":
        # "the talks were *fruitless*", "an *ongoing* probe", not "a *long* war"
        return token.dep_ != "amod" or is_participle(token)
    if pos == "PRON":
        return token.lower_ in EVENT_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass", "dobj")
    if pos == "NOUN":
        # an event noun the actors stage took for a group ("the *attacks*") stays an event
        return ((token_value(token, "actor") is None or is_eventive_noun(token)) and not token.like_num
                and token.ent_type_ not in NON_EVENT_ENTITIES)
    if pos == "PROPN":
        # named events: "the Olympic *Games*", "the Orange *Revolution*", "the Bonn *Conference*"
        return token.ent_type_ == "EVENT" or is_named_event_head(token) or (
            token_value(token, "actor") is None and token.ent_type_ not in NAMED_NON_EVENTS
            and is_eventive_noun(token))
    return False


def is_named_event_head(token: Token) -> bool:
    """The head word of a name that names an event by a lexicon event noun ("the Bonn
    Climate *Conference*", "Air Atlantic *Flight* 212"), even where the NER took the name for an
    organization: not a modifier inside a longer name, nor a person's or place's name."""
    return (token.lemma_.lower() in lexicon().eventive_nouns and token.dep_ != "compound"
            and token.ent_type_ not in ("PERSON", "GPE", "LOC", "NORP"))


def is_participle(token: Token) -> bool:
    """An adjective formed from a verb ("alleged", "ongoing"): it names an event or its result."""
    word = token.lower_
    return len(word) > 5 and word.endswith(PARTICIPLE_ENDINGS)


def assess(token: Token) -> Factuality:
    """The factuality of ``token`` read as a predicate (any token: verbs, event nouns, ...)."""
    found = reading(token)
    return found.factuality(score_of(token, found))


def annotate_factuality(doc: Doc) -> None:
    predicates = []
    memo = _MEMO.set({})
    try:
        furniture = boilerplate_tokens(doc)
        for token in parse.tokens(doc):
            if token.i in furniture or not is_predicate(token):
                continue
            found = assess(token)
            set_token_value(token, "factuality", found)
            word = Span.from_tokens(token)
            predicates.append(Predicate(span=word, factuality=found, head=word,
                                        lemma=token.lemma_))
    finally:
        _MEMO.reset(memo)
    doc._.predicates = predicates


# While the stage runs, each token's readings are computed once: a governor's reading is
# asked for by every predicate below it, and the walk up the tree would otherwise repeat.
_MEMO: ContextVar[dict[tuple[str, int], Reading] | None] = ContextVar("factuality_memo", default=None)


def _memoized(compute: Callable[[Token], Reading]) -> Callable[[Token], Reading]:
    def memoized(token: Token) -> Reading:
        memo = _MEMO.get()
        if memo is None:
            return compute(token)
        key = (compute.__name__, token.i)
        if key not in memo:
            memo[key] = compute(token)
        return memo[key]

    memoized.__name__, memoized.__doc__ = compute.__name__, compute.__doc__
    return memoized


@_memoized
def reading(token: Token) -> Reading:
    return replace(own_cues(token, outer_reading(token)), kind=predicate_kind(token))


@_memoized
def outer_reading(token: Token) -> Reading:
    """The reading ``token``'s governor passes down to it (before its own cues)."""
    governor, cls, relation = governing(token)
    if governor is None:
        base = FACTUAL
        attribution = attribution_of(token)
        if attribution is not None and not cue_governs(attribution, token):
            base = embed(base, STANCE_CLASS.get(attribution.stance, "report"))
        if token.dep_ == "ROOT" and _sentence_text(token).rstrip().endswith("?"):
            base = replace(base, questioned=True)
        return base
    if relation == "conj":
        return governor
    return embed(governor, cls)


def _sentence_text(token: Token) -> str:
    """The text of ``token``'s sentence, sliced from the document's (as ``Span.text``
    without joining a new token object's text per word)."""
    found = sentence(token)
    return parse.text(token.doc)[found.start_char:found.end_char]


def governing(token: Token) -> tuple[Reading | None, str | None, str]:
    """(governor's reading, its embedding class, relation) — or ``(None, None, dep)`` where
    ``token``'s clause stands on its own (subjects, adjuncts, relative clauses, indirect
    questions such as "did not say *what* prompted it")."""
    dep, head = token.dep_, token.head
    if dep == "ROOT" or head == token:
        return None, None, dep
    if dep == "conj":
        # shares the first conjunct's modality, but not its negation ("did not X but said Y");
        # a negating conjunction negates it ("did not advance, nor did it retreat")
        outer = outer_reading(head)
        nor = any(c.dep_ == "cc" and c.lower_ in lexicon().negators and c.i < token.i
                  for c in children(head))
        negated = outer.negated != nor
        negator = ("nor" if nor else outer.negator) if negated else ""
        return replace(reading(head), negated=negated, negator=negator), None, dep
    if dep in ("attr", "acomp") and head.lemma_ == "be":
        return outer_reading(head), None, dep  # "there was no attack": the copula's clause
    head, via = governor_of(token)
    if dep == "relcl" and is_to_infinitive(token) and head.lemma_.lower() in lexicon().embedding:
        dep = "acl"  # "no deal to *lease* jets": the parser's relative clause is the noun's content
    if dep not in COMPLEMENTS or is_indirect_question(token):
        return None, None, dep
    cls = embedding_class(head, via, token)
    clausal = token.pos_ in ("VERB", "AUX")
    if not clausal and (cls not in NOUN_EMBEDDING_CLASSES
                        or (cls in OBJECT_EVENT_CLASSES and not is_eventive_noun(token))):
        # "declined the offer", "denied the allegations", "blocked the road": the noun
        # keeps its own reading
        cls = None
    if cls is not None:
        if dep == "acl" and head.pos_ == "NOUN":
            return content_reading(head), cls, dep
        governor = reading(head)
        if cls == "report" and governor.negated and not outer_reading(head).negated:
            return Reading(certainty="underspecified", cue="unsaid"), None, dep  # "did not say that X" says nothing about X
        return governor, cls, dep
    if clausal and dep != "acl":
        return reading(head), None, dep
    if not clausal and dep in OBJECTS and head.pos_ in ("VERB", "AUX"):
        governor = reading(head)
        if head.lemma_.lower() in LIGHT_VERBS:
            return governor, None, dep  # "did not hold talks"
        # "may face charges": the object shares the verb's certainty, not its negation
        return replace(governor, negated=False, negator=""), None, dep
    return None, None, dep


def governor_of(token: Token) -> tuple[Token, str]:
    """The word that governs ``token`` and the preposition it does so through ("" if none):
    the object of a preposition is governed by the preposition's head ("a delay *in* the
    launch")."""
    head = token.head
    if token.dep_ in ("pobj", "pcomp") and head.dep_ in ("prep", "agent") and head.head != head:
        return head.head, head.lower_
    return head, ""


def content_reading(noun: Token) -> Reading:
    """What a content noun ("claims", "reports", "plan") passes to its clause: shaped by the
    verb it is the object of ("rejected claims that it bombed the market")."""
    if noun.dep_ in OBJECTS and noun.head.pos_ in ("VERB", "AUX"):
        cls = embedding_class(noun.head, "", noun)
        if cls is not None:
            return embed(reading(noun.head), cls)
    return reading(noun)


def is_indirect_question(token: Token) -> bool:
    """A complement clause opened by a wh-word: its event is presupposed, not embedded."""
    if token.dep_ != "ccomp":
        return False
    first = token.left_edge
    return first.tag_ in ("WDT", "WP", "WP$", "WRB") and first.lower_ not in ("whether",)


def embedding_class(head: Token, via: str, token: Token) -> str | None:
    """The class the governor ``head`` (reached through preposition ``via``) gives ``token``:
    the lexicon's, else — when ``head`` is the cue of the attribution holding ``token`` —
    the one its stance stands for."""
    classes = lexicon().embedding
    lemma = head.lemma_.lower()
    cls = (classes.get(f"{lemma} {via}") if via else None) or classes.get(lemma)
    if via and cls in OBJECT_EVENT_CLASSES and f"{lemma} {via}" not in classes:
        cls = None
    if cls is None:
        attribution = attribution_of(token)
        if attribution is not None and attribution.cue.start <= head.idx < attribution.cue.end:
            cls = STANCE_CLASS.get(attribution.stance, "report")
    return cls


ATTRIBUTIONS_KEY = parse.CACHE_PREFIX + "attributions_by_id"


def attribution_of(token: Token):
    """The innermost attribution whose content holds ``token``, if the stage found one."""
    wanted = token_value(token, "attribution")
    if wanted is None:
        return None
    by_id = token.doc.user_data.get(ATTRIBUTIONS_KEY)
    if by_id is None:  # the stage sets the tokens' ids and the list together
        by_id = token.doc.user_data[ATTRIBUTIONS_KEY] = {a.id: a for a in token.doc._.attributions or ()}
    return by_id.get(wanted)


def cue_governs(attribution, token: Token) -> bool:
    return any(attribution.cue.start <= a.idx < attribution.cue.end for a in token.ancestors)


def own_cues(token: Token, base: Reading) -> Reading:
    """``base`` changed by the cues on ``token`` itself (and on its copula, for "there was
    no attack"): negators, modals, hedges, prevention participles ("the *cancelled*
    flight"), conditional subordinators, to-infinitives."""
    cues = lexicon()
    dependents = list(children(token))
    if token.dep_ in ("attr", "acomp", "oprd") and token.head.lemma_ == "be":
        dependents += [c for c in children(token.head) if c != token]
    result = base
    for child in dependents:
        word = child.lower_
        if child.dep_ == "neg" or (word in cues.negators and child.dep_ in ("advmod", "det", "preconj")):
            result = result.negate(NEGATOR_SPELLING.get(word, word))
        elif child.tag_ == "MD" and word in cues.modals:
            certainty, hypothetical = cues.modals[word]
            result = replace(result.capped(certainty, MODAL_SPELLING.get(word, word)), hypothetical=result.hypothetical or hypothetical)
        elif child.dep_ == "advmod" and word in cues.hedges:
            result = result.capped(cues.hedges[word], word)
        elif (child.dep_ == "amod" and cues.embedding.get(child.lemma_.lower()) in OBJECT_EVENT_CLASSES
              and is_eventive_noun(token)):
            result = embed(result, cues.embedding[child.lemma_.lower()])  # "the *cancelled* flight"
    for subject in (c for c in dependents if c.dep_ in ("nsubj", "nsubjpass")):
        if subject.lower_ in cues.negators or any(
                d.dep_ == "det" and d.lower_ in cues.negators for d in children(subject)):
            result = result.negate("no")  # "no one was hurt", "nobody came"
    if token.dep_ in ("pobj", "pcomp") and token.head.lower_ in cues.negators:
        result = result.negate(token.head.lower_)  # "without waiting"
    if is_conditional(token):
        result = replace(result.capped("possible", "conditional"), hypothetical=True)
    elif is_bare_infinitive_clause(token):
        result = replace(result.capped("possible", "infinitive"), hypothetical=True)
    return result


def is_conditional(token: Token) -> bool:
    """Introduced by "if", "unless", "in case", ...: by a marker or by the words before it."""
    cues = lexicon().conditionals
    if any(c.dep_ == "mark" and (c.lower_,) in cues for c in children(token)):
        return True
    start = token.left_edge.i
    if start == 0 or parse.tokens(token.doc)[start - 1].lower_ not in _last_words(cues):
        return False
    lengths = _cue_lengths(cues)
    before = [t.lower_ for t in parse.tokens(token.doc)[max(start - lengths[-1], 0):start]]
    return any(tuple(before[len(before) - n:]) in cues for n in lengths if n <= start)


@lru_cache(maxsize=None)
def _cue_lengths(cues: frozenset[tuple[str, ...]]) -> tuple[int, ...]:
    return tuple(sorted({len(words) for words in cues}))


@lru_cache(maxsize=None)
def _last_words(cues: frozenset[tuple[str, ...]]) -> frozenset[str]:
    return frozenset(words[-1] for words in cues)


def is_to_infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in children(token))


def is_bare_infinitive_clause(token: Token) -> bool:
    """A purpose or complement to-infinitive ("went there to negotiate") under a governor
    that does not itself say whether it happened: an unrealized event."""
    if not is_to_infinitive(token):
        return False
    if token.dep_ not in ("advcl", "acl", "relcl", "xcomp", "ccomp"):
        return False
    governor = token.head
    return lexicon().embedding.get(governor.lemma_.lower()) is None and governor.lemma_ != "be"
