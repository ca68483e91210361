"""Stage: factuality. (Skeleton: the stage's owner replaces this with the real stage.)"""

from spacy.tokens import Doc


def annotate_factuality(doc: Doc) -> None:
    doc._.predicates = []
