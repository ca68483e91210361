"""How stored records read in a few words: shared by the command line (`show`, `events`) and
the web UI, so both say the same thing the same way."""

from __future__ import annotations

from typing import Any


def factuality_label(polarity: str, certainty: str, hypothetical: bool, score: float) -> str:
    """How sure the text is, in a few words: "+3 certain", "hypothetical", "negated"."""
    if hypothetical:
        return "hypothetical"
    if polarity == "negative":
        return "negated"
    if polarity == "unknown":
        return "unknown"
    return f"{score:+g} {certainty}"


def source_name(attribution: dict[str, Any]) -> str:
    if attribution["source"]:
        return attribution["source"]["text"]
    if attribution.get("source_actor"):
        return attribution["source_actor"]["name"]
    return "unnamed source"


def attribution_steps(attributions: dict[str, dict[str, Any]], innermost: str | None) -> list[dict[str, Any]]:
    """The attributions from ``innermost`` up its parents, outermost first ([] when the article
    asserts the event itself). Stops at a parent cycle in bad data."""
    chain: list[dict[str, Any]] = []
    current = innermost
    while current is not None and current in attributions and len(chain) < len(attributions):
        chain.append(attributions[current])
        current = attributions[current]["parent"]
    return chain[::-1]


def attribution_chain(attributions: dict[str, dict[str, Any]], innermost: str | None) -> str:
    """'Haaretz —reported [reports]→ a source in Caracas —said [claims]→ this', outermost
    first; '— (the article asserts it)' when there is no attribution."""
    chain = attribution_steps(attributions, innermost)
    if not chain:
        return "— (the article asserts it)"
    return " ".join(f"{source_name(a)} —{a['cue']['text']} [{a['stance']}]→" for a in chain) + " this"


def actor_label(actor: dict[str, Any]) -> str:
    label = f"{actor['code']} {actor['name']}" if actor["code"] else actor["name"]
    return label + (f" ({actor['sector']})" if actor["sector"] else "")


def date_label(date: dict[str, Any] | None) -> str:
    if not date:
        return "—"
    days = date.get("start") or ""
    if date.get("end") and date["end"] != date.get("start"):
        days += f"..{date['end']}"
    basis = {"text": "from the text", "published": "publication date"}.get(date.get("basis") or "")
    details = ", ".join(filter(None, (days if days != date["value"] else "", basis)))
    return date["value"] + (f" ({details})" if details else "")


def place_label(place: dict[str, Any] | None) -> str:
    if not place:
        return "—"
    label = place["name"] + (f", {place['country']}" if place["country"] else "")
    if place["lat"] is not None and place["lon"] is not None:
        label += f" ({place['lat']:g}, {place['lon']:g})"
    return label
