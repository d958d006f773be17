"""Summary rows of the registry (being written)."""


def conectar():
    """Register the registry's summary classes and what feeds them (called from `ready()`)."""
