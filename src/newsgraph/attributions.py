"""Stage: attributions. (Skeleton: the stage's owner replaces this with the real stage.)"""

from spacy.tokens import Doc


def annotate_attributions(doc: Doc) -> None:
    doc._.attributions = []
