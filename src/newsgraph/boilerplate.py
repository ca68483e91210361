"""Stage: boilerplate. Marks page furniture lines so that no later stage reads meaning from them.

Share and print widgets ("Print Friendly, PDF & Email", "Share this:", "Tweet"), cookie
banners, newsletter prompts, "Related articles", copyright footers and navigation bars end up
in text copied or extracted from web pages. A line is furniture when, stripped and with its
whitespace collapsed, it is at most :data:`MAX_LINE_CHARS` long and one of the patterns in
``lexicons/boilerplate.tsv`` matches all of it (case-insensitively). Whole lines only, so a
sentence that merely mentions sharing or cookies is never marked.

One guard keeps hard-wrapped prose safe: a line that continues the sentence of the line above
(that line ends in a letter, digit, comma, semicolon or hyphen and is not furniture itself) and
starts in lower case or is a single word ("...posted it on\\nFacebook") is never furniture.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .extensions import set_token_value
from .lexicons import read_tsv
from . import parse

TOKENS_KEY = parse.CACHE_PREFIX + "boilerplate_tokens"
MAX_LINE_CHARS = 400
LEXICON = "boilerplate.tsv"
MID_SENTENCE_END = re.compile(r"[\w,;-]\Z")


@lru_cache(maxsize=1)
def furniture_pattern() -> re.Pattern[str]:
    """All patterns of the lexicon as one case-insensitive alternation."""
    return re.compile("|".join(f"(?:{pattern})" for pattern, _ in load_lexicon()), re.IGNORECASE)


def load_lexicon() -> list[tuple[str, str]]:
    """``(pattern, example)`` rows of ``lexicons/boilerplate.tsv``."""
    return [(row["pattern"], row["example"]) for row in read_tsv(LEXICON)]


def is_furniture_line(line: str) -> bool:
    """Whether one stripped line, on its own, is page furniture."""
    collapsed = " ".join(line.split())
    return len(collapsed) <= MAX_LINE_CHARS and furniture_pattern().fullmatch(collapsed) is not None


def boilerplate_ranges(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each furniture line in ``text``, without surrounding whitespace."""
    ranges: list[tuple[int, int]] = []
    previous = ""  # the line above, stripped; "" after a blank line
    previous_is_furniture = False
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        start = offset + len(line) - len(line.lstrip())
        offset += len(line)
        if not stripped:
            previous, previous_is_furniture = "", False
            continue
        continues_sentence = (
            bool(previous) and not previous_is_furniture and MID_SENTENCE_END.search(previous)
            and (stripped[0].islower() or len(stripped.split()) == 1)
        )
        is_furniture = not continues_sentence and is_furniture_line(stripped)
        if is_furniture:
            ranges.append((start, start + len(stripped)))
        previous, previous_is_furniture = stripped, is_furniture
    return ranges


def mark_boilerplate(doc: Doc) -> None:
    """Set ``doc._.boilerplate`` to the furniture ranges and flag the tokens inside them (also
    kept as one set of token indexes: :func:`boilerplate_tokens`)."""
    ranges = boilerplate_ranges(parse.text(doc))
    marked = set()
    for start, end in ranges:
        for token in doc.char_span(start, end, alignment_mode="expand"):
            set_token_value(token, "boilerplate", True)
            marked.add(token.i)
    doc._.boilerplate = ranges
    doc.user_data[TOKENS_KEY] = frozenset(marked)


def boilerplate_tokens(doc: Doc) -> frozenset[int]:
    """Indexes of the tokens flagged as furniture (none before :func:`mark_boilerplate` ran):
    the stages that walk every token test this set rather than each token's flag."""
    return doc.user_data.get(TOKENS_KEY, frozenset())
