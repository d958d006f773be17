"""What the apps call to hand work to a job: `encolar` creates the job and sends it to the
queue once the row is committed (a worker on another machine must find it)."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import HUEY

from . import services, tasks
from .models import Trabajo
from .services import TrabajoOcupado  # noqa: F401 (the apps catch it from here)

log = logging.getLogger(__name__)


def encolar(nombre_tipo, **kwargs) -> Trabajo:
    """Create a job (`services.crear`'s arguments) and queue it. In immediate mode (tests,
    HUEY_INMEDIATO) it runs before this returns."""
    trabajo = services.crear(nombre_tipo, **kwargs)
    if HUEY.immediate:
        tasks.ejecutar_trabajo(trabajo.pk)
        trabajo.refresh_from_db()
    else:
        transaction.on_commit(lambda: _enviar(trabajo.pk))
    return trabajo


def _enviar(pk):
    try:
        tasks.ejecutar_trabajo(pk)
    except Exception:
        # The queue (Redis) is down: the job would wait forever; say so on its page.
        log.exception("Could not queue job %s", pk)
        Trabajo.objects.filter(pk=pk, estado=Trabajo.Estado.EN_COLA).update(
            estado=Trabajo.Estado.FALLIDO,
            finalizado=timezone.now(),
            error=_(
                "No se pudo poner el trabajo en la cola (el servicio de trabajos no responde). "
                "No se escribió nada: inténtelo de nuevo en unos minutos."
            ),
        )
