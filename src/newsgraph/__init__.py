"""newsgraph: sourced event data from news reports."""

from .model import Analysis, Article

__version__ = "0.1.0"
__all__ = ["Analysis", "Article", "analyze_text"]


def analyze_text(text: str, published: str | None = None, **meta) -> Analysis:
    """Analyse one text (loads the pipeline on first use)."""
    from .pipeline import analyze_text as _analyze_text

    return _analyze_text(text, published=published, **meta)
