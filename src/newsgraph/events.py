"""Stage: events. (Skeleton: the stage's owner replaces this with the real stage.)"""

from spacy.tokens import Doc


def annotate_events(doc: Doc) -> None:
    doc._.events = []
