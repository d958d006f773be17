"""Invalidate the cached dashboards and public page when data behind them changes.

Their cache keys carry the change stamps (`MarcaDeCambio`); any save or delete of a registered
model moves the whole portal's stamp and its area's once the change commits, so every server
process stops using old pages at once. Bulk loads that skip signals (seed_demo) call `marcar()`
themselves, which moves every stamp.

The core knows no app: each app registers the models behind its cached pages from its own
`AppConfig.ready()` with `registrar(ambito, *modelos)`.
"""

import time
from functools import partial

from asgiref.local import Local
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import AMBITOS, marcar

# Each registered model, with the area of data whose stamp it moves.
MODELOS = {}

# When each area's stamp was last moved by a commit, in this thread (see `_tras_commit`).
_movidas = Local()


def registrar(ambito, *modelos):
    """`modelos` (model classes, or the `through` model of a many-to-many field) move the
    stamp of `ambito`, one of `cache.AMBITOS`, and the whole portal's."""
    if ambito not in AMBITOS:
        raise ValueError(f"Unknown area {ambito!r}: one of {AMBITOS}.")
    for modelo in modelos:
        MODELOS[modelo] = ambito
        uid = f"cambio-{modelo._meta.label_lower}"
        if modelo._meta.auto_created:  # a many-to-many relation's table
            m2m_changed.connect(_cambio, sender=modelo, dispatch_uid=f"{uid}-m2m")
            continue
        post_save.connect(_cambio, sender=modelo, dispatch_uid=f"{uid}-save")
        post_delete.connect(_cambio, sender=modelo, dispatch_uid=f"{uid}-delete")


def _cambio(sender, raw=False, **kwargs):
    if raw:
        return
    transaction.on_commit(partial(_tras_commit, MODELOS[sender], time.monotonic()))


def _tras_commit(ambito, registrado):
    """Move the stamp once per area and commit, however many rows the transaction saved.

    The callbacks of one commit run one after the other in this thread, after it. The first
    moves the stamp and notes when; the others were registered before that moment, inside the
    same transaction (a later transaction's cannot run before this one's have), so the stamp
    already moved after their change too. Only public API: no peeking into Django's list of
    pending callbacks."""
    movidas = getattr(_movidas, "momentos", None)
    if movidas is None:
        movidas = _movidas.momentos = {}
    if movidas.get(ambito, float("-inf")) >= registrado:
        return
    marcar(ambito)
    movidas[ambito] = time.monotonic()
