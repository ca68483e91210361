"""Hand-built analyses for the store and CLI tests: every record kind, nested attribution,
hypothetical and negated events, dated and undated, so that queries can be checked exactly
whatever the pipeline stages find."""

from __future__ import annotations

from dataclasses import replace

from newsgraph.model import (
    Actor, Analysis, Article, Attribution, Entity, Event, Factuality, Place, Predicate, Span, Time,
)

WIRE_TEXT = (
    "Haaretz reported that a source in Caracas said Venezuela's deputy foreign minister met "
    "Russian officials in Havana last Wednesday. Maduro is looking into asylum in Turkey in "
    "case he must flee. The ministry denied that troops attacked protesters in February. "
    "[Note: see [bold]1[/bold]]"
)
OTHER_TEXT = "Chinese diplomats met Brazilian counterparts in Brasilia."


def span(text: str, phrase: str, after: str = "") -> Span:
    """The first occurrence of ``phrase`` in ``text`` (after the first ``after``)."""
    start = text.index(phrase, text.index(after) if after else 0)
    return Span.of(text, start, start + len(phrase))


def wire_analysis() -> Analysis:
    t = WIRE_TEXT
    haaretz = Actor("Haaretz", "ISR", "JRN", span(t, "Haaretz"), "Q216174")
    ministry = Actor("Venezuelan ministry", "VEN", "GOV", span(t, "The ministry"))
    last_wednesday = Time("DATE", "2024-03-13", span(t, "last Wednesday"), "2024-03-13", "2024-03-13")
    february = Time("DATE", "2024-02", span(t, "February"), "2024-02-01", "2024-02-29")
    havana = Place("Havana", "CUB", 23.13, -82.38, span(t, "Havana"), 3553478, "city")
    turkey = Place("Turkey", "TUR", 39.0, 35.0, span(t, "Turkey"), 298795, "country")
    first_sentence = span(t, t[:t.index("Wednesday.") + len("Wednesday.")])
    return Analysis(
        article=Article(text=t, id="wire-1", title="Envoys meet", published="2024-03-15",
                        outlet="Wire", url="https://example.org/wire-1", origin="wire.jsonl:1"),
        entities=[
            Entity(span(t, "Haaretz"), "ORG", haaretz),
            Entity(span(t, "Havana"), "GPE", None),
        ],
        attributions=[
            Attribution("at1", span(t, "Haaretz"), span(t, "reported"),
                        span(t, t[t.index("a source"):t.index(" last Wednesday")] + " last Wednesday"),
                        stance="reports", source_actor=haaretz),
            Attribution("at2", span(t, "a source in Caracas"), span(t, "said"),
                        span(t, "Venezuela's deputy foreign minister met Russian officials in Havana last Wednesday"),
                        parent="at1", stance="claims"),
            Attribution("at3", span(t, "The ministry"), span(t, "denied"),
                        span(t, "troops attacked protesters in February"), stance="denies",
                        quote=False, source_actor=ministry),
        ],
        events=[
            Event("ev1", "CONSULT", "visit", "verbal_cooperation", "04", span(t, "met"), first_sentence,
                  actors=[Actor("deputy foreign minister of Venezuela", "VEN", "GOV",
                                span(t, "Venezuela's deputy foreign minister"))],
                  recipients=[Actor("Russian officials", "RUS", "GOV", span(t, "Russian officials")),
                              Actor("Cuba", "CUB", None)],
                  location=havana, date=replace(last_wednesday, basis="text"),
                  factuality=Factuality(), attribution="at2", confidence=0.8),
            Event("ev2", "REQUEST", None, "verbal_cooperation", "02", span(t, "asylum"),
                  span(t, "Maduro is looking into asylum in Turkey in case he must flee."),
                  actors=[Actor("Nicolás Maduro", "VEN", "GOV", span(t, "Maduro"), "Q57413")],
                  recipients=[Actor("Turkey", "TUR", None, span(t, "Turkey"))],
                  location=turkey,
                  date=Time("DATE", "2024-03-15", None, "2024-03-15", "2024-03-15", "published"),
                  factuality=Factuality("positive", "possible", True, 1.0), confidence=0.6),
            Event("ev3", "ASSAULT", None, "material_conflict", "18", span(t, "attacked"),
                  span(t, "The ministry denied that troops attacked protesters in February."),
                  actors=[Actor("troops", None, "MIL", span(t, "troops"))],
                  recipients=[Actor("protesters", None, "OPP", span(t, "protesters"))],
                  date=replace(february, basis="text"),
                  factuality=Factuality("negative", "certain", False, -3.0), attribution="at3"),
        ],
        predicates=[
            Predicate(span(t, "met"), Factuality(), span(t, "met"), "meet"),
            Predicate(span(t, "flee"), Factuality("positive", "possible", True, 1.0)),
        ],
        times=[last_wednesday, february],
        places=[havana, turkey],
    )


def other_analysis() -> Analysis:
    t = OTHER_TEXT
    return Analysis(
        article=Article(text=t, id="other-2", published="2024-01-05", outlet="Other Daily"),
        events=[
            Event("ev1", "CONSULT", None, "verbal_cooperation", "04", span(t, "met"), span(t, t),
                  actors=[Actor("Chinese diplomats", "CHN", "GOV", span(t, "Chinese diplomats"))],
                  recipients=[Actor("Brazilian counterparts", "BRA", "GOV", span(t, "Brazilian counterparts"))]),
        ],
    )

