"""The newsgraph pipeline: spaCy's parse, then our stages, each a spaCy component.

Stage order matters, each reads what the earlier ones wrote (see ``extensions.py``):
boilerplate → actors → attributions → factuality → events → times → places.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from . import (actors, attribute_ruler, attributions, boilerplate, datelines, events, extensions, factuality,
               lemmatizer, parse, places, times)
from .model import Analysis, Article
from .nlp import load_model

# name -> function(doc) that fills the stage's extensions
STAGES = {
    "boilerplate": boilerplate.mark_boilerplate,
    "actors": actors.annotate_actors,
    "attributions": attributions.annotate_attributions,
    "factuality": factuality.annotate_factuality,
    "events": events.annotate_events,
    "times": times.annotate_times,
    "places": places.annotate_places,
}
STAGE_NAMES = tuple(STAGES)
BATCH_SIZE = 32
MAX_SENTENCE_TOKENS = 150
"""Longest run of tokens without a sentence end (``.``, ``!``, ``?``, a line break) that the
parser may take as one sentence; longer runs are cut (:func:`cap_sentences`)."""
SENTENCE_END = frozenset(".!?\u2026")


def cap_sentences(doc: Doc) -> Doc:
    """Start a sentence after every MAX_SENTENCE_TOKENS tokens with no sentence end, before
    the parser runs (it keeps preset sentence starts).

    A text without sentence punctuation (a 100,000-character run-on, a list of names) would
    otherwise be parsed as one sentence, and the stages' per-sentence work grows with the
    square of its length. Real sentences are far shorter; the text and its offsets are
    untouched.
    """
    run = 0
    for token in doc:
        if run >= MAX_SENTENCE_TOKENS:
            token.is_sent_start = True
            run = 0
        run += 1
        if token.text[-1] in SENTENCE_END or "\n" in token.text_with_ws:
            run = 0
    return doc


# name -> function(doc) run before spaCy's parser: sentence starts it must keep
PRE_PARSE = {"cap_sentences": cap_sentences, "datelines": datelines.mark_datelines}


def _register_components() -> None:
    for name, annotate in {**PRE_PARSE, **STAGES}.items():
        component = f"newsgraph_{name}"
        if component in Language.factories:
            continue

        def run(doc: Doc, _annotate=annotate) -> Doc:
            _annotate(doc)
            return doc

        Language.component(component, func=run)


WARM_UP = Article(
    text="MOSCOW (Reuters) - Russia's foreign minister said on Monday that police in Paris had "
         "arrested 20 protesters near the embassy, according to the ministry.",
    published="2024-03-15")
"""An article that makes every stage load its lexicons and gazetteers."""


@lru_cache(maxsize=4)
def build_pipeline(stages: tuple[str, ...] = STAGE_NAMES) -> Language:
    """spaCy's English pipeline with the :data:`PRE_PARSE` components before its parser, its
    attribute ruler indexed and its lemmatizer memoized (:mod:`.attribute_ruler`,
    :mod:`.lemmatizer`: the same annotations in a fraction of the time) and our ``stages``
    appended (all of them by default), its data loaded.

    The model, lexicons and gazetteers (some 400,000 Python objects, most loaded by the stages
    on first use) live as long as the process. Loading them here and freezing them
    (``gc.freeze``) keeps Python's cyclic collector from walking them all in each full
    collection (a fifth of a second each, every few hundred articles while the stages' caches
    grow). Frozen objects are still freed by reference counting.
    """
    extensions.register()
    _register_components()
    nlp = load_model()
    attribute_ruler.replace_attribute_ruler(nlp)
    lemmatizer.replace_lemmatizer(nlp)
    for name in PRE_PARSE:
        nlp.add_pipe(f"newsgraph_{name}", before="parser")
    for name in stages:
        nlp.add_pipe(f"newsgraph_{name}")
    to_analysis(nlp(make_doc(nlp, WARM_UP)))
    gc.collect()
    gc.freeze()
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.article = article
    return doc


def to_analysis(doc: Doc) -> Analysis:
    """Collect what the stages left on ``doc`` into the shared data model (and release the
    stages' per-document caches: see :func:`parse.release`)."""
    parse.release(doc)
    return Analysis(
        article=doc._.article,
        entities=doc._.entities or [],
        attributions=doc._.attributions or [],
        events=doc._.events or [],
        predicates=doc._.predicates or [],
        times=doc._.times or [],
        places=doc._.places or [],
    )


def analyze(article: Article, stages: tuple[str, ...] = STAGE_NAMES) -> Analysis:
    nlp = build_pipeline(stages)
    return to_analysis(nlp(make_doc(nlp, article)))


def analyze_many(articles: Iterable[Article], stages: tuple[str, ...] = STAGE_NAMES,
                 batch_size: int = BATCH_SIZE) -> Iterator[Analysis]:
    """Analyses in input order, parsed in batches by ``nlp.pipe``."""
    nlp = build_pipeline(stages)
    docs = (make_doc(nlp, a) for a in articles)
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield to_analysis(doc)


def analyze_text(text: str, published: str | None = None, **meta) -> Analysis:
    """Convenience for tests and notebooks: analyse one text."""
    return analyze(Article(text=text, published=published, **meta))
