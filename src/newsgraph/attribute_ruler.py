"""spaCy's attribute ruler with its patterns indexed by what their first token must be.

The English model's attribute ruler maps each fine-grained tag to a part of speech and
morphology and fixes ~120 word-specific exceptions (``ain't``, ``gonna``, pronoun case).
spaCy runs it with its ``Matcher``, which tries every pattern at every token: on news text
that is ~15% of the model's time, as much as its parser. The same patterns, indexed by the
value their first token requires (its LOWER, TAG, DEP or IS_SPACE), are tried only where
they can start; the matches are applied in the ruler's own order with spaCy's own setter, so
the annotations are the same (``tests/test_attribute_ruler.py`` compares them token by
token).

A ruler with patterns this index cannot read (operators, other attributes or predicates)
stays as it is: :func:`replace_attribute_ruler` then changes nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

SPACY_COMPONENT = "attribute_ruler"
COMPONENT = "newsgraph_attribute_ruler"
ARRAY_ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "ORTH": ORTH, "IS_SPACE": IS_SPACE}
"""Token attributes a pattern may test, read for the whole document as one array each."""
COLUMN = {name: i for i, name in enumerate(ARRAY_ATTRS)}

INDEX_ORDER = ("LOWER", "TAG", "DEP", "IS_SPACE")
"""The attributes a rule is indexed by: the first its first token pins to given values."""


class UnsupportedPattern(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    """One pattern of the ruler; ``order`` is its precedence (a later rule's values win).
    ``tests`` are (token offset, column, predicate): all must hold."""

    order: int
    length: int
    tests: tuple[tuple[int, int, Callable[[int], bool]], ...]
    index: int
    attrs: dict

    def matches_at(self, columns: list[list[int]], start: int) -> bool:
        if start + self.length > len(columns[0]):
            return False
        return all(test(columns[column][start + offset]) for offset, column, test in self.tests)


def _predicate(key: str, value, strings: StringStore) -> Callable[[int], bool]:
    """A predicate over the attribute's array value: a string's hash, or 0/1 for a flag."""
    if isinstance(value, bool):
        return lambda v, want=int(value): v == want
    if isinstance(value, str):
        return lambda v, want=get_string_id(value): v == want
    if isinstance(value, dict) and len(value) == 1:
        (op, operand), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(operand, list) \
                and all(isinstance(s, str) for s in operand):
            wanted = frozenset(map(get_string_id, operand))
            if op == "IN":
                return lambda v: v in wanted
            return lambda v: v not in wanted
        if op == "REGEX" and isinstance(operand, str) and key != "IS_SPACE":
            return _regex_predicate(re.compile(operand), strings)
    raise UnsupportedPattern(f"{key}: {value!r}")


def _regex_predicate(pattern: re.Pattern, strings: StringStore) -> Callable[[int], bool]:
    """``re.search`` on the string a hash stands for, as spaCy's matcher does; memoized per
    hash, since a document has far fewer distinct words than tokens."""
    seen: dict[int, bool] = {}

    def test(v: int) -> bool:
        hit = seen.get(v)
        if hit is None:
            hit = seen[v] = v in strings and pattern.search(strings[v]) is not None
        return hit
    return test


def _tests(pattern: list, strings: StringStore, implied: str | None):
    """(offset, column, predicate) for every condition of ``pattern`` but the first token's
    ``implied`` one (the index it is filed under guarantees it)."""
    tests = []
    for offset, spec in enumerate(pattern):
        if not isinstance(spec, dict) or not spec or any(key not in ARRAY_ATTRS for key in spec):
            raise UnsupportedPattern(repr(spec))
        tests += [(offset, COLUMN[key], _predicate(key, value, strings))
                  for key, value in spec.items() if not (offset == 0 and key == implied)]
    return tuple(tests)


def _first_values(spec: dict, key: str) -> list[int] | None:
    """The hashes the first token's ``key`` may take, or None where the pattern does not pin
    them to a list of strings."""
    value = spec.get(key)
    if isinstance(value, bool):
        return [int(value)]
    if isinstance(value, str):
        return [get_string_id(value)]
    if isinstance(value, dict) and isinstance(value.get("IN"), list):
        return [get_string_id(s) for s in value["IN"]]
    return None


class IndexedAttributeRuler:
    """Applies an ``AttributeRuler``'s patterns, each tried only at tokens with a value its
    first token requires (:data:`INDEX_ORDER`)."""

    def __init__(self, ruler) -> None:
        strings = ruler.vocab.strings
        self.by_column: dict[int, dict[int, list[Rule]]] = {
            COLUMN[key]: defaultdict(list) for key in INDEX_ORDER}
        self.anywhere: list[Rule] = []
        for order, entry in enumerate(ruler.patterns):
            attrs = normalize_token_attrs(ruler.vocab, entry["attrs"])
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or not pattern or not isinstance(pattern[0], dict):
                    raise UnsupportedPattern(repr(pattern))
                key, values = next(((key, values) for key in INDEX_ORDER
                                    if (values := _first_values(pattern[0], key)) is not None),
                                   (None, None))
                rule = Rule(order, len(pattern), _tests(pattern, strings, key), entry["index"], attrs)
                if key is None:
                    self.anywhere.append(rule)
                for value in values or ():
                    self.by_column[COLUMN[key]][value].append(rule)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = doc.to_array(list(ARRAY_ATTRS.values())).T.tolist()
        matches = []
        indexed = [(index, columns[column]) for column, index in self.by_column.items() if index]
        for start in range(len(doc)):
            for index, values in indexed:
                for rule in index.get(values[start], ()):
                    if not rule.tests or rule.matches_at(columns, start):
                        matches.append((rule.order, start, rule))
            for rule in self.anywhere:
                if rule.matches_at(columns, start):
                    matches.append((rule.order, start, rule))
        matches.sort(key=lambda match: (match[0], match[1]))
        for _, start, rule in matches:
            target = start + rule.index if rule.index >= 0 else start + rule.length + rule.index
            set_token_attrs(doc[target], rule.attrs)
        return doc


@Language.factory(COMPONENT)
def _make_indexed_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.get_pipe(SPACY_COMPONENT))


def replace_attribute_ruler(nlp: Language) -> None:
    """Put an :class:`IndexedAttributeRuler` in place of ``nlp``'s attribute ruler, where it
    has one whose patterns the index can read."""
    if SPACY_COMPONENT not in nlp.pipe_names:
        return
    try:
        nlp.add_pipe(COMPONENT, after=SPACY_COMPONENT)
    except UnsupportedPattern:
        return
    nlp.remove_pipe(SPACY_COMPONENT)
