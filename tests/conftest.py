"""Shared fixtures. The spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import pytest

from newsgraph.model import Article
from newsgraph.pipeline import STAGE_NAMES, analyze


@pytest.fixture(scope="session")
def run():
    """``run(text, published=None, stages=...)`` -> Analysis, for stage tests."""

    def _run(text: str, published: str | None = "2024-03-15", stages=STAGE_NAMES, **meta):
        return analyze(Article(text=text, published=published, **meta), stages=tuple(stages))

    return _run
