"""Pre-parse component: a wire dateline ("MOSCOW —", "KYIV, Ukraine —", "BEIRUT (Reuters) -")
ends before the sentence it opens.

A dateline says where the report was filed; it is not part of the sentence's grammar. Left to
itself the parser makes it the subject ("MOSCOW ... said"), so the place would become the
source of a statement or the actor of an event. Marking the first word after the dateline's
dash as a sentence start before the parser runs keeps the two apart (spaCy's parser respects
sentence starts set by an earlier component). The place itself is still found by the places
stage.

A dateline opens a paragraph: one or more words in capitals, optionally a comma and a
capitalised region or a date, optionally an agency in parentheses, then a dash.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

DATELINE = re.compile(
    r"(?:\A|(?<=\n))[ \t]*"
    r"[A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]+)*"  # city, in capitals
    r"(?:,[ ][A-Z][\w.]*(?:[ ][A-Z0-9][\w.]*)*)?"  # ", Ukraine" / ", March 5"
    r"(?:[ ]\([^()\n]{1,40}\))?"  # " (Reuters)"
    r"(?:[ ]*[—–][ ]*|[ ]+(?:--|-|_)[ ]+)(?=\S)"  # a dash; a hyphen only between spaces
)


def dateline_ends(text: str) -> list[int]:
    """Character offset of the first word after each dateline of ``text``."""
    return [match.end() for match in DATELINE.finditer(text)]


def mark_datelines(doc: Doc) -> None:
    """Start a sentence at the first token after each dateline."""
    for offset in dateline_ends(doc.text):
        span = doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is not None and span.start > 0 and span[0].idx == offset:
            span[0].is_sent_start = True
