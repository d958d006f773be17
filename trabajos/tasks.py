"""The queue's tasks (Huey; discovered by `huey.contrib.djhuey` in each installed app): one task
runs any job, a periodic one fails the jobs whose worker died and deletes expired files."""

import logging

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, on_startup

from . import services

log = logging.getLogger(__name__)


@db_task(retries=0)
def ejecutar_trabajo(pk):
    services.ejecutar(pk)


@db_periodic_task(crontab(minute="*"))
def revisar_abandonados():
    services.marcar_abandonados()


@db_periodic_task(crontab(minute="17", hour="3"))
def limpiar_vencidos():
    services.limpiar()


@on_startup()
def al_arrancar():
    """A worker that starts fails at once the jobs left running by one that died (the periodic
    check would find them within a minute anyway)."""
    if HUEY.immediate:
        return
    from django.db import close_old_connections

    try:
        services.marcar_abandonados()
    finally:
        close_old_connections()
