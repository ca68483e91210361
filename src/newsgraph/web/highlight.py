"""An article's text as HTML with its evidence marked: event triggers, sources, reporting
cues, times and places. Every piece of the text is escaped; only our own tags are markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

KINDS = ("trigger", "source", "cue", "time", "place")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str
    event_id: str | None = None  # a trigger's event, the target of its link


def evidence_marks(analysis: dict[str, Any]) -> list[Mark]:
    """Every span of evidence in one article-output/1 object."""
    marks = [Mark(e["trigger"]["start"], e["trigger"]["end"], "trigger", e["id"]) for e in analysis["events"]]
    for attribution in analysis["attributions"]:
        if attribution["source"]:
            marks.append(Mark(attribution["source"]["start"], attribution["source"]["end"], "source"))
        marks.append(Mark(attribution["cue"]["start"], attribution["cue"]["end"], "cue"))
    marks += [Mark(t["span"]["start"], t["span"]["end"], "time") for t in analysis["times"]]
    marks += [Mark(p["span"]["start"], p["span"]["end"], "place") for p in analysis["places"]]
    return [m for m in marks if m.start < m.end]


def highlighted_html(text: str, marks: list[Mark]) -> Markup:
    """``text`` cut where any mark starts or ends; each piece escaped and wrapped in a span
    whose classes name the marks covering it. A piece inside a trigger links to its event
    (``#event-<id>``), so overlapping marks nest nothing and always close."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    html: list[str] = []
    for start, end in zip(cuts, cuts[1:]):
        piece = escape(text[start:end])
        covering = [m for m in marks if m.start <= start and end <= m.end]
        if not covering:
            html.append(piece)
            continue
        classes = " ".join(f"mark-{kind}" for kind in KINDS if any(m.kind == kind for m in covering))
        trigger = next((m for m in covering if m.kind == "trigger"), None)
        if trigger is not None:
            html.append(Markup('<a class="{}" href="#event-{}" data-event="{}">{}</a>').format(
                classes, trigger.event_id, trigger.event_id, piece))
        else:
            html.append(Markup('<span class="{}">{}</span>').format(classes, piece))
    return Markup("").join(html)
