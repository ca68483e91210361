"""Stage: boilerplate. (Skeleton: the stage's owner replaces this with the real stage.)"""

from spacy.tokens import Doc


def mark_boilerplate(doc: Doc) -> None:
    doc._.boilerplate = []
