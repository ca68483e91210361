"""Stage: times. Time expressions as TIMEX3 values, and the date of every event.

Finding and normalizing is :mod:`newsgraph.timex` (a grammar over the text); this stage gives
it what only the parse knows: the tense of the clause around each expression (for "Tuesday",
"March", "the third quarter"), which bare words spaCy's NER also saw as DATE/TIME (a bare "May",
"1990" or "years" counts only then), and which tokens are page boilerplate (never read).

The reference date is ``doc._.article.published``. Without one, relative expressions keep
underspecified values ("Tuesday" → ``XXXX-WXX-2``, "last week" → ``XXXX-WXX``) and no
calendar range; explicit dates ("March 3, 2024") are resolved all the same.

Event dates: an event takes the DATE or TIME of its own clause, i.e. one whose attachment
path (its head chain up to the first verb) passes through the trigger, or ends at the verb
heading the trigger's clause. A time attached to a reporting verb above an embedded event,
or to another clause, does not count. Without one, the event is dated by the publication date
(``basis="published"``), or has no date when there is none.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span as SpacySpan, Token

from . import parse
from .boilerplate import boilerplate_tokens
from .model import Span, Time
from .parse import children, sentence
from .timex import FUTURE, PAST, calendar_range, scan

CLAUSE_POS = ("VERB", "AUX")
AUXILIARY_DEPS = ("aux", "auxpass")
FUTURE_AUXILIARIES = ("will", "shall", "'ll")
PRESENT_PERFECT_AUXILIARIES = ("have", "has", "'ve")
VAGUE_VALUES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def reference_date(published: str | None) -> date | None:
    """The publication date as a ``date``; None when absent or not ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(published) if published else None
    except ValueError:
        return None


def clause_head(token: Token) -> Token:
    """The verb heading the clause a token sits in (the sentence root when there is none)."""
    while (token.pos_ not in CLAUSE_POS or token.dep_ in AUXILIARY_DEPS) and token.head.i != token.i:
        token = token.head
    return token


def clause_tense(verb: Token) -> str | None:
    """``"past"``, ``"future"`` or None (present, modal, no verb) for a clause-heading verb."""
    auxiliaries = [c for c in children(verb) if c.dep_ in AUXILIARY_DEPS]
    words = {a.lower_ for a in auxiliaries}
    if words & set(FUTURE_AUXILIARIES) or (verb.head.lemma_ == "go" and verb.head.tag_ == "VBG"
                                           and verb.dep_ == "xcomp"):
        return FUTURE
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
        return PAST
    if verb.tag_ == "VBN" and words & set(PRESENT_PERFECT_AUXILIARIES):
        return PAST
    if verb.tag_ == "VB" and "to" in words and verb.dep_ in ("xcomp", "advcl"):
        return FUTURE
    return None


def _tokens(doc: Doc, start: int, end: int) -> SpacySpan | None:
    return doc.char_span(start, end, alignment_mode="expand")


def annotate_times(doc: Doc) -> None:
    article = doc._.article
    published = article.published if article is not None else None
    ref = reference_date(published)
    entities = [(e.start_char, e.end_char) for e in parse.entities(doc) if e.label_ in ("DATE", "TIME")]

    def confirmed(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in entities)

    def tense_at(start: int, end: int) -> str | None:
        tokens = _tokens(doc, start, end)
        return clause_tense(clause_head(tokens.root)) if tokens is not None else None

    times, text, furniture = [], parse.text(doc), boilerplate_tokens(doc)
    for found in scan(text, ref, tense_at, confirmed):
        tokens = _tokens(doc, found.start, found.end)
        if tokens is None or not furniture.isdisjoint(range(tokens.start, tokens.end)):
            continue
        if any(t.is_sent_start for t in tokens[1:]):
            continue
        first, last = (calendar_range(found.timex.value) if found.timex.type in ("DATE", "TIME")
                       else (None, None))
        times.append(Time(type=found.timex.type, value=found.timex.value,
                          span=Span.of(text, found.start, found.end), start=first, end=last))
    doc._.times = times
    _date_events(doc, times, published if ref is not None else None)


def _date_events(doc: Doc, times: list[Time], published: str | None) -> None:
    """Set ``Event.date`` from the time expression governing each event's clause."""
    anchors = []  # (time, root token, tokens on the attachment path, clause head)
    for time in times:
        if time.type not in ("DATE", "TIME") or time.value in VAGUE_VALUES:
            continue
        root = _tokens(doc, time.span.start, time.span.end).root
        head = clause_head(root)
        path, token = [root], root
        while token != head:
            token = token.head
            path.append(token)
        content_head = _reported_clause(root)
        if content_head is not None:
            head = content_head
            path.append(content_head)
        anchors.append((time, root, path, head))
    for event in doc._.events or []:
        trigger_tokens = _tokens(doc, event.trigger.start, event.trigger.end)
        date_of = _governing_time(trigger_tokens.root, anchors) if trigger_tokens is not None else None
        if date_of is not None:
            event.date = replace(date_of, basis="text")
        elif published is not None:
            event.date = Time(type="DATE", value=published, span=None, start=published,
                              end=published, basis="published")
        else:
            event.date = None


def _reported_clause(root: Token) -> Token | None:
    """The clause a time belongs to when it sits in reported content (or between the content
    and its post-posed source: "X held talks last Wednesday, officials said") but the parser
    hung it on the reporting verb: the content's nearest top verb. None otherwise."""
    doc = root.doc
    for attribution in doc._.attributions or []:
        content = attribution.content
        ends = [s.start for s in (attribution.source, attribution.cue) if s is not None and s.start >= content.end]
        inside = content.start <= root.idx < content.end
        between = bool(ends) and content.end <= root.idx < min(ends)
        if not (inside or between) or content.start <= root.head.idx < content.end:
            continue
        tokens = doc.char_span(content.start, content.end, alignment_mode="expand")
        tops = [t for t in tokens or () if not (content.start <= t.head.idx < content.end)
                and t.pos_ in CLAUSE_POS and t.dep_ not in AUXILIARY_DEPS]
        return min(tops, key=lambda t: abs(t.i - root.i)) if tops else None
    return None


def _governing_time(trigger: Token, anchors) -> Time | None:
    """The time on the trigger's own attachment path, else the nearest in the trigger's clause."""
    head = clause_head(trigger)
    on_path = [(abs(root.i - trigger.i), time) for time, root, path, _ in anchors if trigger in path]
    in_clause = [(abs(root.i - trigger.i), time) for time, root, _, time_head in anchors
                 if time_head == head and sentence(root) == sentence(trigger)]
    for candidates in (on_path, in_clause):
        if candidates:
            return min(candidates, key=lambda c: c[0])[1]
    return None
