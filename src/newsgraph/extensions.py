"""The spaCy extension attributes through which the stages hand results to each other.

Registered once, here, so that every stage reads and writes the same names:

Doc-level (one list per stage, in pipeline order)
    ``doc._.article``       the :class:`~newsgraph.model.Article` being analysed
    ``doc._.boilerplate``   ``[(start, end), ...]`` character ranges of page furniture
    ``doc._.entities``      ``list[Entity]``        (actors stage)
    ``doc._.attributions``  ``list[Attribution]``   (attributions stage)
    ``doc._.predicates``    ``list[Predicate]``     (factuality stage)
    ``doc._.events``        ``list[Event]``         (events stage)
    ``doc._.times``         ``list[Time]``          (times stage; also sets ``Event.date``)
    ``doc._.places``        ``list[Place]``         (places stage; also sets ``Event.location``)

Token-level (indexes the later stages look things up in)
    ``token._.boilerplate``  True inside page furniture: no stage reads meaning from it
    ``token._.actor``        the :class:`Actor` a mention token resolves to (names, titles,
                             pronouns and nominals such as "the ministry")
    ``token._.attribution``  id of the innermost attribution whose content holds the token
    ``token._.factuality``   the :class:`Factuality` of a predicate head
"""

from spacy.tokens import Doc, Token

DOC_EXTENSIONS = ("article", "boilerplate", "entities", "attributions", "predicates",
                  "events", "times", "places")
TOKEN_EXTENSIONS = {"boilerplate": False, "actor": None, "attribution": None, "factuality": None}


def token_value(token: Token, name: str):
    """``token._.<name>``, read where spaCy keeps it (``doc.user_data``, keyed by the token's
    character offset) without building an ``Underscore`` object per read: the stages look at
    these for nearly every token, and that object cost a quarter of a stage's time."""
    return token.doc.user_data.get(("._.", name, token.idx, None), TOKEN_EXTENSIONS[name])


def set_token_value(token: Token, name: str, value) -> None:
    """``token._.<name> = value``, written where spaCy keeps it (see :func:`token_value`)."""
    if name not in TOKEN_EXTENSIONS:
        raise AttributeError(f"no token extension {name!r}")
    token.doc.user_data[("._.", name, token.idx, None)] = value


def register() -> None:
    """Register every extension (idempotent)."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name, default in TOKEN_EXTENSIONS.items():
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)


register()
