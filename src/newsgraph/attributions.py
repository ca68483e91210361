"""Stage: attributions — who says what, with which stance, nested.

One pass over the sentences of the dependency parse looks up reporting cues in
``lexicons/cues.tsv``:

* a **verb** ("said", "denied", "pointed out") attributes its clausal complement (ccomp or
  xcomp, "that" included, PolNeAR's convention), or the object of the preposition of a
  two-word cue ("called for a recount"); failing that a quotation right before or
  after it ("'...,' she said", "said: '...'"); the rest of the sentence after a colon
  ("Haaretz reports: ..."); its direct object where the lexicon's ``object`` column allows
  it ("denied the report"); an answer word after a speech verb ("said yes", "said so");
  or, for a parenthetical "..., officials said", the clause it interrupts; failing all
  these, the object of a topic preposition, which joins the cue ("complained about the
  noise", "railed against the tax"). A speech verb without a subject that the parser
  conjoined to the cue's clause ("said the bridge was safe and warned that ...") is
  left out of that content: it is the next attribution of the same source. Its source
  is the subject (climbing ``xcomp``/``conj`` to the verb that has
  one; a relative pronoun itself, its noun giving the actor; relative clauses left out),
  the ``by`` agent of a passive, or none ("it was reported that ..."). The subject of a
  raising cue ("the truce appears to hold") or of an agentless passive with an infinitive
  ("the bank is expected to act") is content, not source. The cue keeps its auxiliaries,
  negation and adjacent adverbs ("has not yet said"), as PolNeAR marks cues. A verb whose
  ``frame`` is ``quote`` ("continued", "shouted") reports only a quotation, a colon or the
  clause it interrupts; a lemmatizer slip on a regular form ("hopes" as "hop") is caught
  by trying the form's regular base forms;
* a **noun** ("the claim that ...") attributes its "that"/"whether" clause or, for a row
  that names the noun with its preposition ("support for", "questions about"), that
  preposition's object, the preposition joining the cue as PolNeAR marks it; its source being
  a possessor or a ``by``/``from`` phrase, or else, when it is the object of a support verb
  of ``lexicons/cue_support_verbs.tsv`` ("expressed concern that ..."), that verb's subject,
  the verb joining the cue;
* a predicative **adjective** ("the farmers are worried that ...", "she was critical of the
  deal") attributes its clause or, failing one, its topic; its cue runs from the verb to the
  adjective or its preposition ("has been critical of"), the verb's subject its source;
* a **phrase** ("according to X") attributes the clause it modifies, X being the source;
* a **frame**, a preposition with a source of findings ("in a poll released Monday, most
  voters ..."), attributes the clause it modifies unless that clause has a cue verb;
* a **learned cue**: a verb or noun the lexicon does not list, whose features
  (:func:`cue_features`: lemma, tag, dependency, head, which complements and subject it has)
  score at least the threshold of the logistic model in
  ``lexicons/attribution-cue-model.toml`` (fit on PolNeAR train by
  ``tools/fit_attribution_cues.py``), is read like a listed verb whose object is content or
  a noun with a that-clause or a topic ("criticism of the plan", the preposition in its
  cue, as PolNeAR marks it). Its stance is ``asserts`` (``unknown`` under the same shifters
  as listed cues); lexicon cues always come first;
* a **colon** after a short name that opens a line ("Senator Ward: the law must go", "Poll:
  ...", '"HOST: ...' in a quoted transcript) is the cue of the rest of the line, as in
  headlines and transcripts; a **dash** between a
  quotation and a short name that ends the line ('"We need jobs." ― Ana Ruiz') is the cue of
  the quotation. A short name may be a word of a name used elsewhere in the article
  ("Trump: ..." after "Donald Trump").

Following PolNeAR, cues inside a quotation are the quoted speaker's words, not attributions
of their own, and "I"/"we"/"you" sources outside one are not reported speech.

Quotations are paired once per document over the token stream (straight and curly marks,
quotes running on across sentences and paragraphs; an unbalanced mark is dropped), so a
quote the sentence splitter cut in two still reaches its cue, and a quote that goes on
right after the cue ('"A," he said. "B."') joins the same content.

An attitude cue (a belief, intention, position or evidence: "thinks", "plans", "supports",
"shows") inside another attribution's content is part of what that source reports, not an
attribution of its own, as PolNeAR marks it; a speech act inside one stays nested.

Stance comes from the lexicon and turns ``unknown`` under a negation, a modal or a
withholding governor ("did not confirm", "could not say", "declined to say"; see
``lexicons/cue_shifters.tsv``). Nesting follows content: an attribution's parent is the
smallest other attribution whose content holds its cue, and every content token points
(``token._.attribution``) to the innermost attribution holding it. ``Attribution.content``
is the hull of the content tokens (PolNeAR's hull convention), so a quote joined across
'he said' spans the cue, while only the quoted tokens point to the attribution.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from spacy.tokens import Doc, Token

from . import actors, parse
from .boilerplate import boilerplate_tokens
from .extensions import set_token_value, token_value
from .lexicons import read_toml, read_tsv
from .model import Attribution, Span
from .parse import children, sentence, subtree

OPENING_MARKS = frozenset({"“", "``", "„"})
CLOSING_MARKS = frozenset({"”"})
# Marks that open or close by position: '"', and "''" which closes ``...'' but, in some
# newspapers' style, also opens.
STRAIGHT_MARKS = frozenset({'"', "''"})
QUOTE_MARKS = OPENING_MARKS | CLOSING_MARKS | STRAIGHT_MARKS
SENTENCE_END = frozenset({".", "!", "?", "…"})
# Punctuation that may stand between a cue (with its source) and the quotation it introduces.
QUOTE_GAP = frozenset({",", ":", "—", "–", "-", "--", "―"})
CLAUSAL_DEPS = ("ccomp", "xcomp")
# A raising verb's complement may also be a predicative adjective ("turnout seems low").
RAISING_DEPS = (*CLAUSAL_DEPS, "acomp")
# Links through which a cue without a subject of its own shares its governor's subject
# and makes one cue with it: "was not able to say", "tended to support" (see
# _subject_sharing_governor for the others).
CHAIN_DEPS = ("xcomp", "acomp")
RELATIVE_PRONOUN_TAGS = ("WP", "WDT")
CLAUSE_MARKERS = ("that", "whether", "if")
# A "Name: words" line (headline, transcript): how long and of what its name may be.
MAX_SPEAKER_WORDS = 5
SPEAKER_POS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "PART"})
# Places head lists ("Iowa: Tim Albrecht, Bonnie Campbell, ..."), not quotations.
SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP"})
# Words after a headline speaker's name that introduce the addressee or topic
# ("Clinton to Planned Parenthood: ...", "Ward on the budget: ...").
HEADLINE_TOPIC_WORDS = frozenset({"to", "on", "at"})
# Dashes that sign a quotation with its speaker's name ('"..." ― Ana Ruiz').
BYLINE_DASHES = frozenset({"―", "—", "–", "--"})
# "I think", "you know", "we believe" outside a quotation we could pair are the writer's own
# voice or a transcript's, which PolNeAR does not mark as reported.
SPEAKER_PRONOUNS = frozenset({"i", "we", "you"})
CUE_AUXILIARY_DEPS = ("aux", "auxpass", "neg")
COMPLEMENT_DEPS = ("dobj", "attr", "acomp", "ccomp", "xcomp", "oprd")
# The medium of a speech act that PolNeAR mostly takes into the cue: "said in a statement".
STATEMENT_MEDIUM = "statement"
# The one word that stands for a clause a speech verb reports ("said yes", "said so").
ANSWER_WORDS = frozenset({"yes", "no", "so"})


@dataclass(frozen=True, slots=True)
class CueEntry:
    """One row of ``cues.tsv``. ``object`` says how a verb's direct object reads: ``content``
    ("confirmed the letter"), ``cue-noun`` (only when the object is itself a cue noun:
    "dismissed the report"), ``predicate`` (only with a predicate about it: "called the
    plan a fraud", "sees him as a threat"), ``addressee`` ("told reporters") or ``none``.
    ``subject`` says whether a verb's subject is the ``source`` or, for a raising verb
    ("the plan appears to work"), part of the ``content``. ``frame`` ``quote`` keeps a verb
    that reports only next to a quotation, a colon or as a parenthetical ("'...,' he
    continued"), not with a clause or object ("prices continued to rise"). ``act`` says
    whether the cue names an act of ``speech`` (saying, writing, denying) or an ``attitude``
    (a belief, intention, position or evidence: "thinks", "plans", "supports", "shows"),
    which inside another attribution's content is part of what that source reports."""

    cue: str
    kind: str  # verb | noun | adjective | phrase | frame
    stance: str
    object: str
    subject: str
    frame: str  # any | quote
    act: str  # speech | attitude
    example: str


@dataclass(frozen=True, slots=True)
class CueLexicon:
    verbs: dict[tuple[str, str | None], CueEntry]  # (lemma, particle or None)
    nouns: dict[str, dict[str | None, CueEntry]]  # lemma -> preposition ("support for") or None
    adjectives: dict[str, CueEntry]  # predicative: "is worried that", "was critical of"
    phrases: dict[str, dict[tuple[str, ...], CueEntry]]  # first word -> lower-cased words
    frames: dict[tuple[str, str], CueEntry]  # (preposition, noun lemma): "in a poll"
    modals: frozenset[str]
    governors: frozenset[str]
    support_verbs: frozenset[str]  # "expressed concern": the verb belongs to a noun cue


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    """The reporting cues and stance shifters, read once from ``lexicons/``."""
    verbs, nouns, adjectives, phrases, frames = {}, {}, {}, {}, {}
    for row in read_tsv("cues.tsv"):
        entry = CueEntry(row["cue"], row["kind"], row["stance"], row["object"], row["subject"],
                         row["frame"], row["act"], row["example"])
        words = tuple(entry.cue.lower().split())
        if entry.kind == "verb":
            verbs[(words[0], words[1] if len(words) > 1 else None)] = entry
        elif entry.kind == "noun":
            nouns.setdefault(words[0], {})[words[1] if len(words) > 1 else None] = entry
        elif entry.kind == "adjective":
            adjectives[entry.cue.lower()] = entry
        elif entry.kind == "frame":
            frames[(words[0], words[1])] = entry
        else:
            phrases.setdefault(words[0], {})[words] = entry
    shifters = read_tsv("cue_shifters.tsv")
    return CueLexicon(
        verbs, nouns, adjectives, phrases, frames,
        modals=frozenset(r["word"] for r in shifters if r["kind"] == "modal"),
        governors=frozenset(r["word"] for r in shifters if r["kind"] == "governor"),
        support_verbs=frozenset(r["verb"] for r in read_tsv("cue_support_verbs.tsv")),
    )


@dataclass(frozen=True, slots=True)
class CueModel:
    """A logistic model of whether an unlisted verb or noun is a reporting cue: the
    probability is the logistic of the summed weights of the token's :func:`cue_features`."""

    threshold: float
    weights: dict[str, float]

    def probability(self, token: Token) -> float:
        score = sum(self.weights.get(f, 0.0) for f in cue_features(token))
        return 1.0 / (1.0 + math.exp(-score))

    def is_cue(self, token: Token) -> bool:
        return self.probability(token) >= self.threshold


NO_CUE_MODEL = CueModel(threshold=2.0, weights={})
# Cues a learned cue reads like: a verb whose object is its content, a noun with a clause or
# a topic ("criticism of the plan"). They are the lexicon's long tail of attitudes more than
# of speech.
LEARNED_VERB = CueEntry("", "verb", "asserts", "content", "source", "any", "attitude", "")
_LEARNED_NOUN = CueEntry("", "noun", "asserts", "none", "source", "any", "attitude", "")
LEARNED_NOUN = {p: _LEARNED_NOUN for p in (None, "for", "of", "on", "about", "against")}
# Prepositions whose object is the topic a verb cue without other content is about
# ("complained about the noise", "railed against the tax"); the preposition joins the cue.
TOPIC_PREPOSITIONS = frozenset({"about", "on", "over", "against", "of", "at", "for"})
ADJECTIVE_TOPICS = frozenset({"about", "of", "over", "at", "with"})
# The dependents whose presence is a feature of a possible cue, and those also paired
# with its lemma ("urge" with an xcomp, "support" with a "for" phrase).
CHILD_DEPS = frozenset({"ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "agent", "prep", "advcl",
                        "mark", "dative", "poss", "acl", "relcl", "neg", "aux"})
CLAUSE_CHILD_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep"})


@lru_cache(maxsize=1)
def cue_model() -> CueModel:
    """The learned cue model of ``lexicons/attribution-cue-model.toml``."""
    raw = read_toml("attribution-cue-model.toml")
    return CueModel(threshold=raw["threshold"], weights=dict(raw["weights"]))


def cue_features(token: Token) -> list[str]:
    """Cheap indicator features of a verb or noun as a possible reporting cue: its lemma and
    tag, its dependency and head, the complements and subject it has, and whether it stands
    next to a quotation mark or at a sentence's start."""
    kids = children(token)
    kid_deps = [c.dep_ for c in kids]
    deps = set(kid_deps)
    lemma, dep, head = token.lemma_.lower(), token.dep_, token.head
    features = ["bias", f"lemma={lemma}", f"tag={token.tag_}", f"dep={dep}",
                f"head_pos={head.pos_}", f"head_dep={dep}>{head.lemma_.lower()}"]
    features += [f"child={d}" for d in deps & CHILD_DEPS]
    features += [f"lemma={lemma}|child={d}" for d in deps & CLAUSE_CHILD_DEPS]
    if any(d in ("ccomp", "acl", "relcl") and c.left_edge.lower_ in CLAUSE_MARKERS
           for c, d in zip(kids, kid_deps)):
        features.append("that_clause")
    subject = next((c for c, d in zip(kids, kid_deps) if d in ("nsubj", "nsubjpass")), None)
    if subject is not None:
        kind = subject.ent_type_ or ("actor" if token_value(subject, "actor") is not None else subject.pos_)
        features.append(f"subject={kind}")
    prepositions = {c.lower_ for c, d in zip(kids, kid_deps) if d == "prep"}
    features += [f"prep={p}" for p in prepositions] + [f"lemma={lemma}|prep={p}" for p in prepositions]
    neighbours = parse.tokens(token.doc)[max(token.i - 2, 0):token.i + 3]
    if any(t.text in QUOTE_MARKS for t in neighbours):
        features.append("near_quote")
    if token.i - sentence(token).start < 2:
        features.append("sentence_start")
    return features


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: token indices of its opening mark and of its closing mark (or of the
    paragraph break that ends a paragraph of a quote running on into the next one)."""

    open: int
    close: int

    @property
    def inner(self) -> range:
        return range(self.open + 1, self.close)


def _is_paragraph_break(token: Token) -> bool:
    return token.is_space and "\n" in token.text


def _is_line_break(token: Token) -> bool:
    return "\n" in token.text


def find_quotes(doc: Doc) -> list[Quote]:
    """Quotations in document order. A straight mark closes an open quote and opens one
    otherwise; a quote still open at a paragraph break counts only when the next paragraph
    reopens it (the convention for multi-paragraph quotes); any other unbalanced mark is
    ignored."""
    quotes: list[Quote] = []
    open_at: int | None = None
    running: Quote | None = None
    for token in parse.tokens(doc):
        if token.is_space:
            if open_at is not None and _is_paragraph_break(token):
                running, open_at = Quote(open_at, token.i), None
            continue
        mark = token.text
        if running is not None:
            if mark in QUOTE_MARKS and mark not in CLOSING_MARKS:
                quotes.append(running)
            running = None
        if mark not in QUOTE_MARKS:
            continue
        if mark in CLOSING_MARKS or (mark in STRAIGHT_MARKS and open_at is not None):
            if open_at is not None:
                quotes.append(Quote(open_at, token.i))
                open_at = None
        else:
            open_at = token.i
    return quotes


@dataclass(slots=True)
class _Found:
    """An attribution before ids and parents are assigned; token sets are doc indices."""

    cue: list[Token]
    source: list[Token]
    source_head: Token | None
    content: set[int]
    stance: str
    quotes: list[Quote] = field(default_factory=list)
    act: str = "speech"


class _Finder:
    """Finds the attribution a cue token starts, over one document's parse and quotes."""

    def __init__(self, doc: Doc, lexicon: CueLexicon, model: CueModel):
        self.doc = doc
        self.lexicon = lexicon
        self.model = model
        self.quotes = find_quotes(doc)
        self.quote_at: dict[int, Quote] = {i: q for q in self.quotes for i in q.inner}
        self.opening_at = {q.open: q for q in self.quotes}
        self.closing_at = {q.close: q for q in self.quotes}
        self.partner: dict[int, int] = {}
        for q in self.quotes:
            if doc[q.close].text in QUOTE_MARKS:
                self.partner[q.open], self.partner[q.close] = q.close, q.open

    def find_all(self) -> list[_Found]:
        """The attributions of the document's cues outside boilerplate and quotations (but
        the speaker colons of a quoted transcript), with the quotations that run on joined."""
        found: list[_Found] = []
        furniture = boilerplate_tokens(self.doc)
        for token in parse.tokens(self.doc):
            if token.i in furniture or token.is_space or (
                    token.i in self.quote_at and not self._opens_quoted_turn(token)) or (
                    token.is_punct and token.text != ":" and token.text not in BYLINE_DASHES):
                continue
            attribution = self.at(token)
            if attribution is not None:
                found.append(attribution)
        self.run_on(found)
        return self._without_nested_attitudes(self._without_subsumed(found))

    @staticmethod
    def _without_subsumed(found: list[_Found]) -> list[_Found]:
        """Without an attribution whose cue lies inside another's longer cue: a support verb
        taken for a cue of its own ("issued" in "issued a statement that ...")."""
        cues = [{t.i for t in f.cue} for f in found]
        return [f for f, cue in zip(found, cues) if not any(cue < other for other in cues)]

    @staticmethod
    def _without_nested_attitudes(found: list[_Found]) -> list[_Found]:
        """Without an attitude cue inside another attribution's content ("she said she plans
        to run"): the speaker reports the attitude, which is part of the content, as PolNeAR
        marks it; a speech act inside one ("the agency reported that the minister said")
        stays a nested attribution, a further link of the chain of sources."""
        return [f for f in found if f.act == "speech" or not any(
            g is not f and f.cue[0].i in g.content for g in found)]

    # -- cues -----------------------------------------------------------------------------

    def at(self, token: Token) -> _Found | None:
        text, pos = token.text, token.pos_
        if text == ":":
            return self._speaker_colon(token)
        if text in BYLINE_DASHES:
            return self._quote_byline(token)
        if pos == "VERB":
            entry, particle = self._verb_entry(token)
            if entry is not None:
                return self._verb(token, entry, particle)
        if pos in ("NOUN", "PROPN"):
            entries = self.lexicon.nouns.get(token.lemma_.lower())
            if entries is not None:
                return self._noun(token, entries)
        if pos == "ADJ" and token.dep_ == "acomp":
            entry = self.lexicon.adjectives.get(token.lower_)
            if entry is not None:
                return self._adjective(token, entry)
        if token.dep_ == "prep":
            found = self._frame(token)
            if found is not None:
                return found
        found = self._phrase(token)
        # a verb or noun that got here is one the lexicon does not list (see is_unlisted);
        # a noun without a clause or topic under it is no cue whatever the model says
        if found is None and (pos == "VERB" or pos == "NOUN" and _has_noun_content(token)) \
                and self.model.is_cue(token):
            if pos == "VERB":
                return self._verb(token, LEARNED_VERB, None)
            return self._noun(token, LEARNED_NOUN)
        return found

    def is_unlisted(self, token: Token) -> bool:
        """Whether ``token`` is a verb or noun the lexicon does not list, which the learned
        cue model decides about."""
        if token.pos_ == "VERB":
            return self._verb_entry(token)[0] is None
        return token.pos_ == "NOUN" and token.lemma_.lower() not in self.lexicon.nouns

    def _verb_entry(self, verb: Token) -> tuple[CueEntry | None, Token | None]:
        """The lexicon entry of a verb cue, with the particle or preposition that completes
        a two-word cue ("point out", "call for")."""
        # the parser makes the "for" of "called for the army to withdraw" the mark of
        # the clause after it
        words = [*(c for c in children(verb) if c.dep_ in ("prt", "prep")),
                 *(m for c in children(verb) if c.dep_ == "advcl" and c.i > verb.i
                   for m in children(c) if m.dep_ == "mark" and m.i == verb.i + 1)]
        for lemma in (verb.lemma_.lower(), *_regular_bases(verb.lower_)):
            for child in words:
                entry = self.lexicon.verbs.get((lemma, child.lower_))
                if entry is not None:
                    return entry, child
            entry = self.lexicon.verbs.get((lemma, None))
            if entry is not None:
                return entry, None
        return None, None

    def _verb(self, verb: Token, entry: CueEntry, particle: Token | None) -> _Found | None:
        content, quotes = self._verb_content(verb, entry, particle)
        if not content and not quotes and particle is None and entry.frame == "any":
            particle, content = _topic(verb, TOPIC_PREPOSITIONS)
        if not content and not quotes:
            return None
        raised = self._raised_subject(verb, entry)
        cue = self._verb_cue(verb, particle)
        if raised is not None:
            source, head = [], None
            content |= set(_indices(subtree(raised)))
        else:
            source, head = self._verb_source(verb)
            governor = self._cue_governor(verb)
            if governor is not None:
                first = min(t.i for t in self._verb_cue(governor, None))
                cue = [t for t in parse.tokens(self.doc)[first:cue[-1].i + 1] if t.i not in content]
        return self._found(cue, source, head, content, self._verb_stance(verb, entry), quotes, entry.act)

    def _cue_governor(self, verb: Token) -> Token | None:
        """The topmost verb that governs the cue ``verb`` and shares its subject, through
        links that PolNeAR marks as part of the cue ("went on to say", "tended to support",
        "are more likely to say", "began by saying", "took to Twitter to say"), stopping
        below a governor that is a cue itself ("wants to endorse")."""
        top, node = None, verb
        while (governor := _subject_sharing_governor(node, chain=True)) is not None:
            if self._is_cue_word(governor):
                break
            top = node = governor
        return top

    def _is_cue_word(self, token: Token) -> bool:
        """Whether ``token`` is a listed verb or noun cue, or one the learned model takes."""
        if token.pos_ == "VERB" and self._verb_entry(token)[0] is not None:
            return True
        if token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in self.lexicon.nouns:
            return True
        return self.is_unlisted(token) and self.model.is_cue(token)

    @staticmethod
    def _verb_cue(verb: Token, particle: Token | None) -> list[Token]:
        """A verb cue with its particle, auxiliaries and negation ("has not said", "is
        expected", "to say") and the adverbs right next to it ("also said", "said again")
        but "when" and an answer ("said so"), and a plain "in a statement" right after it,
        as PolNeAR marks cues. (Its annotators differ on whether "Thursday" or "in an
        interview" after the verb belongs to the cue, more often leaving them out, and on
        "in a statement" more often taking it in.)"""
        cue = {verb.i: verb}
        if particle is not None:
            cue[particle.i] = particle
        cue.update((c.i, c) for c in children(verb) if c.dep_ in CUE_AUXILIARY_DEPS)
        adverbs = {c.i: c for c in children(verb) if c.dep_ == "advmod" and c.tag_ != "WRB"
                   and c.lower_ not in ANSWER_WORDS}
        while (edge := adverbs.pop(min(cue) - 1, None) or adverbs.pop(max(cue) + 1, None)) is not None:
            cue[edge.i] = edge
        medium = next((c for c in children(verb) if c.i == max(cue) + 1 and c.dep_ == "prep"
                       and _is_statement_medium(c)), None)
        if medium is not None:
            cue.update((t.i, t) for t in subtree(medium))
        return [cue[i] for i in sorted(cue)]

    @staticmethod
    def _raised_subject(verb: Token, entry: CueEntry) -> Token | None:
        """The subject that belongs to the content, not the source: that of a raising cue
        ("the plan appears to work", "turnout seems low") and of a passive cue with an
        infinitive and no agent ("the envoy is expected to resign"), unless the subject is
        the addressee ("she was asked to resign") or an expletive "it"."""
        passive = any(c.dep_ == "agent" for c in children(verb))
        for child in children(verb):
            if child.lower_ == "it" or child.tag_ in RELATIVE_PRONOUN_TAGS:
                continue
            if child.dep_ == "nsubj" and entry.subject == "content":
                return child
            if child.dep_ == "nsubjpass" and not passive and entry.object != "addressee" \
                    and any(c.dep_ == "xcomp" for c in children(verb)):
                return child
        return None

    def _verb_content(self, verb: Token, entry: CueEntry,
                      particle: Token | None) -> tuple[set[int], list[Quote]]:
        clause_deps = RAISING_DEPS if entry.subject == "content" else CLAUSAL_DEPS
        clauses = [c for c in children(verb) if c.dep_ in clause_deps or (
            entry.stance == "questions" and c.dep_ == "advcl"
            and c.doc[c.left_edge.i].lower_ in ("whether", "if"))]
        if entry.frame == "quote":
            clauses, particle = [], None
        if clauses:
            heads = clauses
            if entry.object in ("content", "predicate") and clauses[0].dep_ == "xcomp":
                heads = [*clauses, *(c for c in children(verb) if c.dep_ == "dobj")]
            return self._clause_or_quote(clauses[0], _subtrees(heads) - self._coordinated_cues(clauses))
        if particle is not None and particle.dep_ == "prep":
            return _subtrees(c for c in children(particle) if c.dep_ in ("pobj", "pcomp")), []
        if particle is not None and particle.dep_ == "mark":
            return set(_indices(subtree(particle.head))) - {particle.i}, []
        # An object outside quotations that the verb reports fills its content, so a
        # quotation next to it is not what it reports ("he blasted the plan, 'a disgrace'").
        reported = self._reported_object(verb, entry)
        if reported and not reported & self.quote_at.keys():
            return reported, []
        frame = [t.i for t in subtree(verb)
                 if t.i not in self.quote_at and not t.is_punct and not t.is_space] or [verb.i]
        quote = self._quote_before(min(frame)) or self._quote_after(max(frame))
        if quote is not None:
            return set(), [quote]
        after_colon = self._after_colon(max(frame), sentence(verb).end)
        if after_colon:
            return after_colon, []
        if reported:
            return reported, []
        answer = next((c for c in children(verb) if c.i > verb.i and c.lower_ in ANSWER_WORDS
                       and not children(c) and entry.act == "speech" and entry.frame == "any"), None)
        if answer is not None:
            return {answer.i}, []
        if verb.dep_ == "parataxis" or (verb.dep_ == "ccomp" and self._comma_between(verb)):
            host = verb.head
            return self._clause_or_quote(host, set(_indices(subtree(host))) - set(_indices(subtree(verb))))
        return set(), []

    def _coordinated_cues(self, clauses: list[Token]) -> set[int]:
        """The tokens of speech verbs without a subject that the parser conjoined to a cue's
        clause rather than to the cue ("said the bridge was safe and warned that ..."): the
        speaker's next act, an attribution of its own, with the "and" before it."""
        taken: set[int] = set()
        for clause in clauses:
            for conjunct in children(clause):
                if self._coordinated_cue_governor(conjunct) is None:
                    continue
                taken |= set(_indices(subtree(conjunct)))
                taken |= {c.i for c in children(clause) if c.dep_ in ("cc", "punct")
                          and clause.i < c.i < conjunct.i}
        return taken

    def _coordinated_cue_governor(self, verb: Token) -> Token | None:
        """The cue verb to which ``verb``, a speech verb without a subject of its own that the
        parser conjoined to that cue's clausal complement, is in truth conjoined; else None."""
        clause = verb.head
        if verb.dep_ != "conj" or verb.pos_ != "VERB" or clause.dep_ not in CLAUSAL_DEPS \
                or clause.head.pos_ != "VERB" or any(c.dep_ in ("nsubj", "nsubjpass") for c in children(verb)) \
                or self._verb_entry(clause.head)[0] is None:
            return None
        entry = self._verb_entry(verb)[0]
        if entry is None or entry.act != "speech":
            return None  # "says he is proud and expects to win": the attitude is reported too
        return clause.head

    def _reported_object(self, verb: Token, entry: CueEntry) -> set[int]:
        """The direct object (with an object predicate) that ``entry`` lets the verb report:
        any object, a cue noun ("dismissed the report") or one with a predicate ("called
        the plan a fraud"); empty when none."""
        objects = [c for c in children(verb) if c.dep_ == "dobj" and entry.frame == "any"]
        if objects and (entry.object == "content" or (
                entry.object == "cue-noun" and objects[0].lemma_.lower() in self.lexicon.nouns) or (
                entry.object == "predicate" and any(_is_object_predicate(c) for c in children(verb)))):
            return _subtrees(c for c in children(verb) if c.dep_ == "dobj" or _is_object_predicate(c))
        return set()

    def _clause_or_quote(self, head: Token, indices: set[int]) -> tuple[set[int], list[Quote]]:
        """A clause that lies wholly inside a quotation is attributed as that quotation."""
        quote = self.quote_at.get(head.i)
        if quote is not None and all(self.doc[i].is_punct or self.doc[i].is_space
                                     for i in indices if i not in quote.inner):
            return set(), [quote]
        return indices, []

    def _quote_before(self, start: int) -> Quote | None:
        """The quotation that closes just before ``start`` ('"...," she said')."""
        i = start - 1
        while i >= 0 and self._in_gap(self.doc[i]):
            i -= 1
        return self.closing_at.get(i)

    def _quote_after(self, end: int) -> Quote | None:
        """The quotation that opens just after ``end`` ('she said: "..."')."""
        i = end + 1
        while i < len(self.doc) and self._in_gap(self.doc[i]):
            i += 1
        return self.opening_at.get(i)

    @staticmethod
    def _in_gap(token: Token) -> bool:
        """Whether ``token`` may stand between a cue and its quotation (not a paragraph break)."""
        return token.text in QUOTE_GAP or (token.is_space and not _is_paragraph_break(token))

    def _after_colon(self, end: int, sentence_end: int) -> set[int]:
        if end + 1 < sentence_end and self.doc[end + 1].text == ":":
            return set(range(end + 2, sentence_end))
        return set()

    def _comma_between(self, verb: Token) -> bool:
        lo, hi = sorted((verb.i, verb.head.i))
        return any(self.doc[i].text == "," for i in range(lo + 1, hi))

    def _verb_source(self, verb: Token) -> tuple[list[Token], Token | None]:
        node = self._coordinated_cue_governor(verb) or verb
        while True:
            for child in children(node):
                if child.dep_ == "nsubj":
                    if child.tag_ in RELATIVE_PRONOUN_TAGS and node.dep_ == "relcl":
                        return [child], node.head  # PolNeAR marks "who"; its actor is the noun's
                    return _noun_phrase(child), child
                if child.dep_ == "nsubjpass":
                    agent = next((c for c in children(node) if c.dep_ == "agent"), None)
                    by = next((c for c in children(agent) if c.dep_ == "pobj"), None) if agent else None
                    return (_noun_phrase(by), by) if by is not None else ([], None)
            governor = _subject_sharing_governor(node, chain=False)
            if governor is None:
                return [], None
            node = governor

    def _verb_stance(self, verb: Token, entry: CueEntry) -> str:
        """The lexicon's stance, or ``unknown`` when the cue or a governor it is the
        complement of is negated, carries a hedging modal, or withholds ("declined to")."""
        node = verb
        while True:
            for child in children(node):
                if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in self.lexicon.modals):
                    return "unknown"
            if node.i != verb.i and node.lemma_.lower() in self.lexicon.governors:
                return "unknown"
            if node.dep_ not in ("xcomp", "acomp") or node.head.i == node.i:
                return entry.stance
            node = node.head

    def _noun(self, noun: Token, entries: dict[str | None, CueEntry]) -> _Found | None:
        """A noun cue with the lexicon's ``entries`` for it, by preposition (None for a
        that-clause): its clause or else the object of one of its prepositions right after it."""
        clauses = [c for c in children(noun) if _is_complement_clause(c)] if None in entries else []
        cue, entry = [noun], entries.get(None)
        if not clauses:
            preposition, _ = _topic(noun, frozenset(p for p in entries if p is not None))
            if preposition is None or preposition.i != noun.i + 1:
                return None  # not "attacks in Paris on Friday"
            clauses, cue, entry = [preposition], [noun, preposition], entries[preposition.lower_]
        source, head = [], None
        for child in children(noun):
            if child.dep_ == "poss":
                source, head = [t for t in subtree(child) if t.dep_ != "case"], child
            elif child.dep_ == "prep" and child.lower_ in ("by", "from"):
                pobj = next((c for c in children(child) if c.dep_ == "pobj"), None)
                if pobj is not None:
                    source, head = list(subtree(pobj)), pobj
        content = _subtrees(clauses) - {t.i for t in cue}
        verb = noun.head
        if not source and noun.dep_ == "dobj" and verb.lemma_.lower() in self.lexicon.support_verbs:
            source, head = self._verb_source(verb)
            first = min(t.i for t in self._verb_cue(verb, None))
            cue = [t for t in parse.tokens(self.doc)[first:cue[-1].i + 1] if t.i not in content]
        return self._found(cue, source, head, content, entry.stance, [], entry.act)

    def _opens_quoted_turn(self, colon: Token) -> bool:
        """Whether ``colon`` follows the speaker of a quoted transcript's turn, a quotation
        that opens its line ('"WALLACE: Let's start."'), as PolNeAR marks each turn."""
        if colon.text != ":":
            return False
        start = self.quote_at[colon.i].open
        return colon.i - start <= MAX_SPEAKER_WORDS + 1 and (
                start == 0 or _is_line_break(self.doc[start - 1]))

    def _adjective(self, adjective: Token, entry: CueEntry) -> _Found | None:
        """A predicative adjective cue ("the farmers are worried that ...", "she was
        critical of the deal"): its clause, or else its topic with the preposition, is the
        content; the cue runs from its verb (auxiliaries and negation with it) to the
        adjective or its preposition, the verb's subject being the source. The parser often
        hangs the clause on the verb ("is certain | that ..."), after the adjective."""
        verb = adjective.head
        clauses = [c for c in (*children(adjective), *(c for c in children(verb) if c.i > adjective.i))
                   if c.dep_ in CLAUSAL_DEPS]
        preposition, content = (None, _subtrees(clauses)) if clauses else _topic(adjective, ADJECTIVE_TOPICS)
        if not content:
            return None
        first = min(t.i for t in self._verb_cue(verb, None))
        last = preposition.i if preposition is not None else adjective.i
        cue = [t for t in self.doc[first:last + 1] if t.i not in content]
        source, head = self._verb_source(verb)
        return self._found(cue, source, head, content, self._verb_stance(verb, entry), [], entry.act)

    def _speaker_colon(self, colon: Token) -> _Found | None:
        """A line that opens with a short name and a colon ("Senator Ward: the law must go",
        "TAPPER: Welcome back"): the colon is the cue, the name the source and the rest of
        the line the content, as in headlines and transcripts."""
        start = colon.i
        while start > 0 and not _is_line_break(self.doc[start - 1]):
            start -= 1
        end = colon.i + 1
        while end < len(self.doc) and not _is_line_break(self.doc[end]):
            end += 1
        speaker = self._speaker(range(start, colon.i))
        if speaker is None:
            # "Clinton to Planned Parenthood: ...", "Ward on the budget: ...": the name
            # before the addressee or topic speaks
            topic = next((i for i in range(start, colon.i) if self.doc[i].lower_ in HEADLINE_TOPIC_WORDS), None)
            speaker = self._speaker(range(start, topic)) if topic is not None else None
        if speaker is None:
            return None
        if not any(self.doc[i].is_alpha for i in range(colon.i + 1, end)):
            return None  # a table row ("Ward: 1,204"), not words
        head = next((t for t in speaker if not speaker[0].i <= t.head.i <= speaker[-1].i
                     or t.head.i == t.i), speaker[-1])
        return self._found([colon], speaker, head, set(range(colon.i + 1, end)), "asserts", [])

    def _quote_byline(self, dash: Token) -> _Found | None:
        """A quotation followed by a dash and a name that ends the line ('"We need jobs."
        ― Ana Ruiz'), as quoted testimonies and epigraphs are signed: the dash is the cue."""
        quote = self._quote_before(dash.i)
        end = dash.i + 1
        while end < len(self.doc) and not _is_line_break(self.doc[end]):
            end += 1
        speaker = self._speaker(range(dash.i + 1, end))
        if quote is None or speaker is None:
            return None
        return self._found([dash], speaker, speaker[-1], set(), "asserts", [quote])

    def _speaker(self, indices: range) -> list[Token] | None:
        """The words at ``indices`` when they are a short name: of names, titles and nouns,
        with a person's or organisation's name in them, a proper noun, a word of such a
        name elsewhere in the article ("Trump: ..." after "Donald Trump") or a source of
        findings of the lexicon's frames ("Poll: ...", "New study: ...")."""
        speaker = [self.doc[i] for i in indices if not self.doc[i].is_punct and not self.doc[i].is_space]
        if not speaker or len(speaker) > MAX_SPEAKER_WORDS or not all(
                t.pos_ in SPEAKER_POS or self._is_name_word(t) for t in speaker) or not any(
                t.ent_type_ in SPEAKER_ENTITIES or (t.pos_ == "PROPN" and not t.ent_type_)
                or self._is_name_word(t) or t.lemma_.lower() in self.finding_nouns for t in speaker):
            return None
        return speaker

    def _is_name_word(self, token: Token) -> bool:
        """Whether ``token``, capitalised or in capitals ("TAPPER", whatever the tagger
        makes of it), is a word of a person's or organisation's name in the article."""
        return (token.is_title or token.is_upper) and token.lower_ in self.name_words

    @cached_property
    def finding_nouns(self) -> frozenset[str]:
        """The nouns of the lexicon's frames, sources of findings: "poll", "survey"."""
        return frozenset(noun for _, noun in self.lexicon.frames)

    @cached_property
    def name_words(self) -> frozenset[str]:
        """The words of the article's person and organisation names, lower-cased."""
        return frozenset(t.lower_ for ent in parse.entities(self.doc) if ent.label_ in SPEAKER_ENTITIES
                         for t in ent if t.is_alpha)

    def _phrase(self, first: Token) -> _Found | None:
        phrases = self.lexicon.phrases.get(first.lower_)
        if not phrases:
            return None
        within = sentence(first)
        for words, entry in phrases.items():
            end = first.i + len(words)
            if end > within.end or tuple(t.lower_ for t in parse.tokens(self.doc)[first.i:end]) != words:
                continue
            last = self.doc[end - 1]
            pobj = next((c for c in children(last) if c.dep_ == "pobj"), None)
            if pobj is None:
                return None
            return self._framed(parse.tokens(self.doc)[first.i:end], pobj, entry)
        return None

    def _frame(self, preposition: Token) -> _Found | None:
        """A preposition whose object is a source of findings ("in a poll released Monday,
        most voters ..."): the preposition is the cue, its object phrase the source and the
        clause it modifies the content, unless that clause has a cue verb of its own. The
        source is one poll: "leads in the polls" reports standings, not findings."""
        pobj = next((c for c in children(preposition) if c.dep_ == "pobj"), None)
        entry = pobj is not None and pobj.tag_ == "NN" and self.lexicon.frames.get(
            (preposition.lower_, pobj.lemma_.lower()))
        if not entry:
            return None
        found = self._framed([preposition], pobj, entry)
        if found is None or self._verb_entry(self._host(preposition))[0] is not None:
            return None
        return found

    @staticmethod
    def _host(first: Token) -> Token:
        """The verb of the clause that a phrase starting at ``first`` modifies."""
        host = first.head
        while host.pos_ not in ("VERB", "AUX") and host.head.i != host.i:
            host = host.head
        return host

    def _framed(self, cue: list[Token], pobj: Token, entry: CueEntry) -> _Found | None:
        """An attribution framed by a phrase (``cue`` and its object ``pobj``, the source):
        the content is the rest of the clause the phrase modifies."""
        host = self._host(cue[0])
        if host.i == cue[0].i:
            return None
        phrase = set(_indices(subtree(cue[0]))) | {t.i for t in cue}
        content = set(_indices(subtree(host))) - phrase
        return self._found(cue, list(subtree(pobj)), pobj, content, entry.stance, [], entry.act)

    # -- assembling -----------------------------------------------------------------------

    def _found(self, cue, source, head, content, stance, quotes, act="speech") -> _Found | None:
        if head is not None and head.lower_ in SPEAKER_PRONOUNS and len(source) == 1:
            return None
        taken = {t.i for t in cue}
        source = self._trim([t.i for t in source if t.i not in taken and t.i not in content])
        content = set(self._trim(sorted(content - taken - set(source))))
        for quote in quotes:
            content |= set(self._trim(list(quote.inner), keep_final_stop=True))
        if not content:
            return None
        return _Found(cue, [self.doc[i] for i in source], head if source else None,
                      content, stance, quotes, act)

    def _trim(self, indices: list[int], keep_final_stop: bool = False) -> list[int]:
        """``indices`` (sorted) without edge spaces and punctuation; a quote mark whose
        partner is inside stays, and so does a final full stop of a quotation."""
        lo, hi = 0, len(indices)

        def kept(i: int, final: bool) -> bool:
            token = self.doc[i]
            if token.is_space:
                return False
            if not token.is_punct:
                return True
            partner = self.partner.get(i)
            if partner is not None and indices[lo] <= partner <= indices[hi - 1]:
                return True
            return final and keep_final_stop and token.text in SENTENCE_END

        while lo < hi and not kept(indices[lo], False):
            lo += 1
        while lo < hi and not kept(indices[hi - 1], True):
            hi -= 1
        return indices[lo:hi]

    def run_on(self, found: list[_Found]) -> None:
        """Join to a quote attribution the quotations next to it with only its own frame
        between ('"A," he said. "B."', '"A," he said, "B."') and the earlier paragraphs of a
        quote running on into its own, unless another cue claims them or stands between."""
        claimed = {q for f in found for q in f.quotes}
        cues = {t.i for f in found for t in f.cue}
        following = dict(zip(self.quotes, self.quotes[1:]))
        preceding = dict(zip(self.quotes[1:], self.quotes))
        for f in found:
            if not f.quotes:
                continue
            frame = set(_indices(subtree(f.cue[0])))
            other_cues = cues - {t.i for t in f.cue}
            while (earlier := preceding.get(f.quotes[0])) is not None and earlier not in claimed \
                    and self._joins(earlier, f.quotes[0], frame, other_cues):
                self._join(f, earlier, claimed)
            while (later := following.get(f.quotes[-1])) is not None and later not in claimed \
                    and self._joins(f.quotes[-1], later, frame, other_cues):
                self._join(f, later, claimed)

    def _joins(self, first: Quote, second: Quote, frame: set[int], other_cues: set[int]) -> bool:
        """Whether only punctuation, spaces and the cue's own frame (its source, itself)
        stand between two quotations, with no paragraph break unless the first runs on."""
        running_on = self.doc[first.close].text not in QUOTE_MARKS
        for token in parse.tokens(self.doc)[first.close + 1:second.open]:
            if token.is_space:
                if _is_paragraph_break(token) and not running_on:
                    return False
            elif not token.is_punct and (token.i not in frame or token.i in other_cues):
                return False
        return True

    def _join(self, found: _Found, quote: Quote, claimed: set[Quote]) -> None:
        found.quotes = sorted([*found.quotes, quote], key=lambda q: q.open)
        found.content |= set(self._trim(list(quote.inner), keep_final_stop=True))
        claimed.add(quote)


def _subject_sharing_governor(node: Token, chain: bool) -> Token | None:
    """The verb (or predicative adjective) whose subject ``node``, without one of its own,
    shares: through an xcomp/acomp ("was not able to say"), a purpose infinitive ("took to
    Twitter to say"), a "by" gerund ("began by saying") and, unless only the ``chain`` of
    links that make one cue with it is asked for, a conjunct ("denied it and added"), a
    participle clause ("..., adding", "having announced ..., the judge") or another
    preposition's gerund ("after suggesting ..., Rubio")."""
    if node.head.i == node.i:
        return None
    if node.dep_ in CHAIN_DEPS and not any(c.dep_ in ("dobj", "dative") for c in children(node.head)):
        return node.head  # not "required delegates to vote": their subject is the object
    if node.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in children(node)):
        return node.head
    gerund = node.tag_ == "VBG" or any(c.dep_ == "aux" and c.tag_ == "VBG" for c in children(node))
    if node.dep_ == "pcomp" and node.head.head.pos_ in ("VERB", "AUX") and (
            node.head.lower_ == "by" or (gerund and not chain)):
        return node.head.head  # "began by saying"; "after suggesting ..., Rubio"
    if not chain and (node.dep_ == "conj" or (node.dep_ == "advcl" and gerund)):
        return node.head  # "..., adding"; "having announced ..., the judge"
    return None


def _is_statement_medium(preposition: Token) -> bool:
    """Whether ``preposition`` is a plain "in a statement" ("in the statement", "in a
    written statement"), with nothing after the noun, which PolNeAR mostly marks as part of
    the cue verb before it."""
    objects = children(preposition)
    if preposition.lower_ != "in" or len(objects) != 1 or objects[0].dep_ != "pobj":
        return False
    noun = objects[0]
    return noun.lower_ == STATEMENT_MEDIUM and all(
        c.i < noun.i and c.dep_ in ("det", "poss", "amod") for c in children(noun))


def _is_object_predicate(token: Token) -> bool:
    """Whether a verb's dependent says something about its object ("a fraud" in "called
    the plan a fraud", "as a threat" in "sees him as a threat")."""
    return token.dep_ == "oprd" or (token.dep_ == "prep" and token.lower_ == "as")


def _regular_bases(form: str) -> list[str]:
    """Base forms a regular inflected verb may have, for the lemmatizer's slips ("hopes"
    lemmatized as "hop"): "hopes" -> hope, hop; "hoped" -> hope, hop; "hoping" -> hope, hop."""
    bases = []
    if form.endswith("ies"):
        bases.append(form[:-3] + "y")
    if form.endswith("s"):
        bases += [form[:-1], form[:-2]]
    if form.endswith("ied"):
        bases.append(form[:-3] + "y")
    if form.endswith("ed"):
        bases += [form[:-1], form[:-2], form[:-3]]
    if form.endswith("ing"):
        bases += [form[:-3] + "e", form[:-3], form[:-4]]
    return bases


def _is_complement_clause(clause: Token) -> bool:
    """Whether a noun's clausal dependent says what the noun holds ("the claim that troops
    crossed") rather than restricting it ("the claim that he made"). The parser often labels
    both acl/relcl; a complement clause opens with "that"/"whether" and has no gap for it."""
    if clause.dep_ not in ("acl", "relcl", "ccomp"):
        return False
    marker = clause.doc[clause.left_edge.i]
    if marker.lower_ not in CLAUSE_MARKERS:
        return False
    if marker.dep_ == "mark":
        return True
    if marker.head.i == clause.i and marker.dep_ in ("nsubj", "nsubjpass"):
        return False
    return any(c.dep_ in COMPLEMENT_DEPS and c.i != marker.i for c in children(clause))


def _has_noun_content(noun: Token) -> bool:
    """Whether a learned noun cue could find its content (see ``_Finder._noun``): a clause
    under it, or one of the prepositions of :data:`LEARNED_NOUN`."""
    return any(c.dep_ in ("acl", "relcl", "ccomp") or c.dep_ == "prep" and c.lower_ in LEARNED_NOUN
               for c in children(noun))


def _noun_phrase(head: Token) -> list[Token]:
    """The source phrase headed by ``head`` without the relative clauses that describe it
    ("Mrs. Lopez, who ran twice, said"), as PolNeAR marks sources."""
    described = {t.i for c in children(head) if c.dep_ == "relcl" for t in subtree(c)}
    return [t for t in subtree(head) if t.i not in described]


def _topic(head: Token, prepositions: frozenset[str]) -> tuple[Token | None, set[int]]:
    """The first preposition of ``prepositions`` under ``head`` with an object, and that
    object's tokens: the topic of "complained about the noise", "support for the ban"."""
    for child in children(head):
        if child.dep_ == "prep" and child.lower_ in prepositions:
            objects = [c for c in children(child) if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return child, _subtrees(objects)
    return None, set()


def _indices(tokens) -> list[int]:
    return [t.i for t in tokens]


def _subtrees(heads) -> set[int]:
    return {t.i for head in heads for t in subtree(head)}


def _source_actor(head: Token | None):
    if head is None:
        return None
    return token_value(head, "actor") or actors.actor_for_head(head)


def cue_candidates(doc: Doc) -> list[Token]:
    """The tokens the learned cue model is asked about: unlisted verbs and nouns outside
    boilerplate and quotations (for ``tools/fit_attribution_cues.py``)."""
    finder = _Finder(doc, cue_lexicon(), NO_CUE_MODEL)
    listed = {t.i for f in finder.find_all() for t in f.cue}
    return [t for t in doc if not t._.boilerplate and t.i not in finder.quote_at
            and t.i not in listed and finder.is_unlisted(t)]


def annotate_attributions(doc: Doc, model: CueModel | None = None) -> None:
    """Set ``doc._.attributions`` (ids a1, a2, ... by cue offset) and ``token._.attribution``,
    with the learned cues of ``model`` (by default :func:`cue_model`)."""
    found = _Finder(doc, cue_lexicon(), cue_model() if model is None else model).find_all()
    found.sort(key=lambda f: f.cue[0].i)
    ids = {id(f): f"a{n}" for n, f in enumerate(found, 1)}
    attributions = []
    for f in found:
        outer = [g for g in found if f.cue[0].i in g.content and len(g.content) > len(f.content)]
        parent = min(outer, key=lambda g: len(g.content)) if outer else None
        content = sorted(f.content)
        attributions.append(Attribution(
            id=ids[id(f)],
            source=Span.from_tokens(f.source) if f.source else None,
            cue=Span.from_tokens(f.cue),
            content=Span.from_tokens([doc[content[0]], doc[content[-1]]]),
            parent=ids[id(parent)] if parent is not None else None,
            stance=f.stance,
            quote=bool(f.quotes),
            source_actor=_source_actor(f.source_head),
        ))
    for f in sorted(found, key=lambda f: len(f.content), reverse=True):
        for i in f.content:
            set_token_value(doc[i], "attribution", ids[id(f)])
    doc._.attributions = attributions
