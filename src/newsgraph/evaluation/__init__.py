"""Scoring newsgraph against gold-standard data (``newsgraph eval``).

One module per task, each with ``score(gold, predictions) -> dict`` over already-read
records, following the metric definitions in the READMEs of the shared gold data (and giving
the same figures as its reference scorers). ``runner.py`` runs the pipeline over a gold
file's texts and scores the result.
"""
