"""Summary rows of the encuesta domain (being written)."""


def conectar():
    """Register this domain's summary classes and what feeds them (called from `ready()`)."""
