"""Writes on jobs: create one, run it in the worker, cancel it, fail the ones whose worker died,
delete expired files.

How a job runs (`ejecutar`): the worker moves it from «en cola» to «en curso», starts a heartbeat
thread with its own database connection, and calls the kind's function, inside one transaction
for atomic kinds. The function reports `avance(hechos, total)`: that only sets two numbers in
memory; the heartbeat writes them (and the time) every TRABAJOS_INTERVALO_AVANCE seconds,
outside the job's transaction so the page sees them, and reads back whether the clerk asked to
cancel. The next `avance` then raises `Cancelado`, which rolls the transaction back. The job
ends «terminado» in the same transaction as its data, so a row is never «terminado» without
its data nor the reverse. A worker killed mid-job leaves an open transaction that the database
rolls back, and a job whose heartbeat stopped: `marcar_abandonados` (each worker's start and a
periodic check) marks it «fallido» with the reason.
"""

import contextlib
import datetime
import json
import logging
import os
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from nucleo import sitio

from . import registro
from .models import Trabajo, almacen_privado

log = logging.getLogger(__name__)

Estado = Trabajo.Estado


class Cancelado(BaseException):  # noqa: N818
    """Raised inside a job the clerk cancelled. A BaseException, like KeyboardInterrupt: the
    work's own `except Exception` (import-export records row errors that way) must not swallow
    it; the transaction around the job rolls back on it."""


class FalloDelTrabajo(Exception):  # noqa: N818
    """A job that cannot finish for a reason the clerk can act on: the Spanish `mensaje` and,
    for files, the per-row errors ({linea, columna, motivo})."""

    def __init__(self, mensaje, errores=None, resultado=None):
        super().__init__(mensaje)
        self.mensaje = str(mensaje)
        self.errores = list(errores or [])
        self.resultado = dict(resultado or {})


class TrabajoOcupado(Exception):  # noqa: N818
    """Another job with the same exclusion key is queued or running."""

    def __init__(self, otro):
        self.otro = otro
        quien = (
            otro.creado_por.get_full_name() or otro.creado_por.get_username()
            if (otro and otro.creado_por)
            else _("otra persona")
        )
        self.mensaje = _(
            "Ya hay un trabajo igual en curso: #%(id)s «%(titulo)s», iniciado por %(quien)s el "
            "%(cuando)s. Espere a que termine (o cancélelo desde su página) y vuelva a intentarlo."
        ) % {
            "id": otro.pk if otro else "—",
            "titulo": otro.titulo if otro else "",
            "quien": quien,
            "cuando": formats.date_format(timezone.localtime(otro.creado), "d/m/Y H:i")
            if otro
            else "",
        }
        super().__init__(self.mensaje)


def crear(
    nombre_tipo,
    *,
    usuario=None,
    titulo="",
    parametros=None,
    archivo=None,
    clave_bloqueo=None,
) -> Trabajo:
    """Create a queued job of a registered kind (it is not sent to the queue: `cola.encolar`
    does both). `archivo` is (bytes, name) kept privately for the job. TrabajoOcupado if
    another job with the same exclusion key is queued or running."""
    tipo = registro.tipo(nombre_tipo)
    clave = tipo.clave_bloqueo if clave_bloqueo is None else clave_bloqueo
    trabajo = Trabajo(
        tipo=tipo.nombre,
        titulo=(titulo or str(tipo.titulo))[:200],
        creado_por=usuario if usuario is not None and usuario.pk else None,
        parametros=parametros or {},
        clave_bloqueo=clave,
    )
    if clave:
        otro = _activo_con_clave(clave)
        if otro is not None:
            raise TrabajoOcupado(otro)
    if archivo is not None:
        contenido, nombre = archivo
        trabajo.nombre_entrada = os.path.basename(nombre)[:255]
        trabajo.archivo_entrada.save(
            get_valid_filename(trabajo.nombre_entrada) or "archivo",
            ContentFile(contenido),
            save=False,
        )
    try:
        with transaction.atomic():
            trabajo.save()
    except IntegrityError:
        # Two clicks at once: the partial unique index let only one in.
        _borrar_archivos(trabajo)
        raise TrabajoOcupado(_activo_con_clave(clave)) from None
    return trabajo


def _activo_con_clave(clave):
    return (
        Trabajo.objects.filter(clave_bloqueo=clave, estado__in=Trabajo.ACTIVOS)
        .select_related("creado_por")
        .first()
    )


def cancelar(trabajo: Trabajo, usuario) -> bool:
    """Ask a job to stop. A queued one is cancelled at once; a running one at its next progress
    report, before its transaction commits (so nothing it did is kept). False if it had
    already ended."""
    en_cola = Trabajo.objects.filter(pk=trabajo.pk, estado=Estado.EN_COLA).update(
        estado=Estado.CANCELADO,
        cancelacion_pedida=True,
        finalizado=timezone.now(),
        error=_motivo_cancelacion(usuario, True),
    )
    if en_cola:
        _borrar_archivos(Trabajo.objects.get(pk=trabajo.pk))
        return True
    return bool(
        Trabajo.objects.filter(pk=trabajo.pk, estado=Estado.EN_CURSO).update(
            cancelacion_pedida=True
        )
    )


def _motivo_cancelacion(usuario, atomico):
    quien = (usuario.get_full_name() or usuario.get_username()) if usuario else _("el sistema")
    texto = _("Cancelado por %(quien)s.") % {"quien": quien}
    if atomico:
        texto += " " + _("No se escribió nada.")
    return texto


class Latido(threading.Thread):
    """The job's heartbeat, on its own database connection (outside the job's transaction):
    writes progress and the time, reads whether cancellation was asked."""

    def __init__(self, pk):
        super().__init__(name=f"trabajo-{pk}-latido", daemon=True)
        self.pk = pk
        self.hechos = 0
        self.total = 0
        self.cancelado = threading.Event()
        self._fin = threading.Event()
        self._ya = threading.Event()  # write now, not at the next interval

    def run(self):
        try:
            while True:
                self._ya.wait(settings.TRABAJOS_INTERVALO_AVANCE)
                self._ya.clear()
                if self._fin.is_set():
                    break
                self.escribir()
        finally:
            connections.close_all()  # this thread's connections only

    def adelantar(self):
        """Write the progress now: the job just learnt its total (the bar shows it at once
        instead of up to an interval later)."""
        self._ya.set()

    def escribir(self):
        try:
            Trabajo.objects.filter(pk=self.pk, estado=Estado.EN_CURSO).update(
                hechos=self.hechos, total=self.total, latido=timezone.now()
            )
            if Trabajo.objects.filter(pk=self.pk, cancelacion_pedida=True).exists():
                self.cancelado.set()
        except DatabaseError as error:
            # SQLite (make run) has one writer at a time: the job's transaction holds it.
            log.info("Job %s heartbeat skipped: %s", self.pk, error)

    def parar(self):
        if self.is_alive():
            self._fin.set()
            self._ya.set()
            self.join()


class Ejecucion:
    """What a job's function gets: its parameters and input file, progress, a file result."""

    def __init__(self, trabajo: Trabajo, latido: Latido):
        self.trabajo = trabajo
        self.parametros = trabajo.parametros
        self.usuario = trabajo.creado_por
        self._latido = latido
        self.archivo = ""  # stored name of the result file
        self.nombre_archivo = ""
        self.archivo_filas = ""

    @property
    def nombre_entrada(self) -> str:
        return self.trabajo.nombre_entrada

    def contenido_entrada(self) -> bytes:
        with self.trabajo.archivo_entrada.open("rb") as archivo:
            return archivo.read()

    def avance(self, hechos, total=None):
        """Rows done so far (and the total, once known). Cheap: call it on every row."""
        self._latido.hechos = int(hechos)
        if total is not None:
            primera = int(total) and not self._latido.total
            self._latido.total = int(total)
            if primera:
                self._latido.adelantar()
        self.comprobar()

    def comprobar(self):
        """Raise Cancelado if the clerk cancelled the job (seen by the last heartbeat)."""
        if self._latido.cancelado.is_set():
            raise Cancelado

    def guardar_archivo(self, contenido: bytes, nombre: str):
        """Keep `contenido` as the job's result, downloaded as `nombre`."""
        if self.archivo:
            almacen_privado.delete(self.archivo)
        ruta = f"resultado/{timezone.now():%Y/%m}/{self.trabajo.pk}-{get_valid_filename(nombre)}"
        self.archivo = almacen_privado.save(ruta, ContentFile(contenido))
        self.nombre_archivo = nombre

    def guardar_filas(self, filas, por_pagina=50) -> dict:
        """Keep a long list of rows to show (a preview's changed rows) in a private JSON Lines
        file, with the byte offset of every `por_pagina`-th row, so the job page reads one page
        of a 64,000-row preview instead of all of it. Returns what `selectors.filas_de` needs,
        for the job's summary."""
        ruta = f"filas/{timezone.now():%Y/%m}/{self.trabajo.pk}.jsonl"
        contenido, desplazamientos, posicion = [], [], 0
        for numero, fila in enumerate(filas):
            if numero % por_pagina == 0:
                desplazamientos.append(posicion)
            linea = (json.dumps(fila, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n").encode()
            contenido.append(linea)
            posicion += len(linea)
        self.archivo_filas = almacen_privado.save(ruta, ContentFile(b"".join(contenido)))
        return {
            "archivo_filas": self.archivo_filas,
            "filas_total": len(contenido),
            "filas_por_pagina": por_pagina,
            "filas_desplazamientos": desplazamientos,
        }

    def borrar_archivo(self):
        if self.archivo_filas:
            almacen_privado.delete(self.archivo_filas)
            self.archivo_filas = ""
        if self.archivo:
            almacen_privado.delete(self.archivo)
            self.archivo = ""


def ejecutar(pk) -> Trabajo | None:
    """Run a queued job to its end (in the worker). Returns the job as it ended."""
    with transaction.atomic():
        trabajo = Trabajo.objects.select_for_update().filter(pk=pk).first()
        if trabajo is None or trabajo.estado != Estado.EN_COLA:
            return trabajo  # cancelled before it started, or already run
        trabajo.estado = Estado.EN_CURSO
        trabajo.iniciado = trabajo.latido = timezone.now()
        trabajo.save(update_fields=["estado", "iniciado", "latido"])
    try:
        tipo = registro.tipo(trabajo.tipo)
    except LookupError:
        return _cerrar(trabajo, Estado.FALLIDO, error=_("Tipo de trabajo desconocido."))
    latido = Latido(trabajo.pk)
    latido.start()
    ejecucion = Ejecucion(trabajo, latido)
    try:
        with transaction.atomic() if tipo.atomico else contextlib.nullcontext():
            resumen = tipo.ejecutar(ejecucion) or {}
            latido.parar()
            if Trabajo.objects.filter(pk=pk, cancelacion_pedida=True).exists():
                raise Cancelado
            trabajo = _cerrar(
                trabajo,
                Estado.TERMINADO,
                ejecucion=ejecucion,
                resultado=resumen,
                hechos=max(latido.hechos, latido.total),
                total=latido.total,
            )
    except Cancelado:
        latido.parar()
        ejecucion.borrar_archivo()
        trabajo = _cerrar(
            trabajo,
            Estado.CANCELADO,
            error=_motivo_cancelacion(_quien_cancelo(trabajo), tipo.atomico),
            hechos=latido.hechos,
            total=latido.total,
        )
    except FalloDelTrabajo as fallo:
        latido.parar()
        ejecucion.borrar_archivo()
        trabajo = _cerrar(
            trabajo,
            Estado.FALLIDO,
            error=fallo.mensaje,
            errores=fallo.errores,
            resultado=fallo.resultado,
            hechos=latido.hechos,
            total=latido.total,
        )
    except Exception as error:
        log.exception("Job %s (%s) failed", trabajo.pk, trabajo.tipo)
        latido.parar()
        ejecucion.borrar_archivo()
        mensaje = _("El trabajo falló por un error inesperado (%(detalle)s).") % {
            "detalle": f"{type(error).__name__}: {error}"[:500]
        }
        if tipo.atomico:
            mensaje += " " + _("No se escribió nada.")
        trabajo = _cerrar(
            trabajo, Estado.FALLIDO, error=mensaje, hechos=latido.hechos, total=latido.total
        )
    finally:
        latido.parar()
    avisar(trabajo)
    return trabajo


def _quien_cancelo(trabajo):
    # Only the starter or a superuser may cancel (views); the page says it was the starter
    # unless no one is recorded.
    return trabajo.creado_por


def _cerrar(trabajo, estado, *, ejecucion=None, resultado=None, errores=None, error="", **otros):
    cambios = {
        "estado": estado,
        "finalizado": timezone.now(),
        "error": error,
        "errores": errores or [],
        "resultado": resultado or {},
        **otros,
    }
    if ejecucion is not None and ejecucion.archivo:
        cambios["archivo_resultado"] = ejecucion.archivo
        cambios["nombre_resultado"] = ejecucion.nombre_archivo[:255]
    Trabajo.objects.filter(pk=trabajo.pk).update(**cambios)
    trabajo.refresh_from_db()
    return trabajo


def avisar(trabajo: Trabajo):
    """E-mail the clerk when a job that took longer than TRABAJOS_AVISO_SEGUNDOS ends."""
    usuario = trabajo.creado_por
    segundos = trabajo.segundos_transcurridos() or 0
    if not usuario or not usuario.email or segundos < settings.TRABAJOS_AVISO_SEGUNDOS:
        return
    contexto = {"trabajo": trabajo, "enlace": sitio.enlace(trabajo.get_absolute_url())}
    asunto = _("Trabajo %(estado)s: %(titulo)s") % {
        "estado": trabajo.get_estado_display().lower(),
        "titulo": trabajo.titulo,
    }
    try:
        send_mail(
            asunto[:150],
            render_to_string("trabajos/correo_fin.txt", contexto),
            None,
            [usuario.email],
        )
    except OSError:
        log.warning("Could not e-mail %s about job %s", usuario.email, trabajo.pk)


def marcar_abandonados() -> int:
    """Mark failed the running jobs whose heartbeat stopped more than TRABAJOS_LATIDO_VENCIDO
    seconds ago: their worker died (killed, out of memory, the machine restarted). Their open
    transaction died with it, so nothing of theirs was written."""
    limite = timezone.now() - datetime.timedelta(seconds=settings.TRABAJOS_LATIDO_VENCIDO)
    vencidos = Trabajo.objects.filter(estado=Estado.EN_CURSO).filter(
        Q(latido__lt=limite) | Q(latido__isnull=True, iniciado__lt=limite)
    )
    n = 0
    for trabajo in vencidos:
        tipo = registro.TIPOS.get(trabajo.tipo)
        mensaje = _(
            "El proceso que ejecutaba el trabajo se detuvo sin terminarlo (el servidor se "
            "reinició o el proceso murió); su último aviso fue el %(cuando)s."
        ) % {"cuando": formats.date_format(timezone.localtime(trabajo.latido), "d/m/Y H:i:s")}
        if tipo is None or tipo.atomico:
            mensaje += " " + _("No se escribió nada: vuelva a lanzarlo.")
        n += Trabajo.objects.filter(pk=trabajo.pk, estado=Estado.EN_CURSO).update(
            estado=Estado.FALLIDO, finalizado=timezone.now(), error=mensaje
        )
    if n:
        log.warning("Marked %d abandoned job(s) as failed", n)
    return n


def limpiar(dias=None) -> int:
    """Delete the files (uploaded and produced) and the row details of jobs that ended more
    than `dias` (TRABAJOS_CONSERVAR_DIAS) days ago; the job rows stay as a record. Returns how
    many jobs were cleaned."""
    dias = settings.TRABAJOS_CONSERVAR_DIAS if dias is None else dias
    limite = timezone.now() - datetime.timedelta(days=dias)
    viejos = Trabajo.objects.filter(finalizado__lt=limite).exclude(estado__in=Trabajo.ACTIVOS)
    viejos = viejos.filter(
        ~Q(archivo_entrada="") | ~Q(archivo_resultado="") | ~Q(errores=[]) | ~Q(resultado={})
    )
    n = 0
    for trabajo in viejos.iterator():
        _borrar_archivos(trabajo)
        Trabajo.objects.filter(pk=trabajo.pk).update(
            archivo_entrada="", archivo_resultado="", errores=[], resultado={}
        )
        n += 1
    return n


def _borrar_archivos(trabajo):
    nombres = [c.name for c in (trabajo.archivo_entrada, trabajo.archivo_resultado) if c]
    nombres.append((trabajo.resultado or {}).get("archivo_filas"))
    for nombre in filter(None, nombres):
        try:
            almacen_privado.delete(nombre)
        except OSError:
            log.warning("Could not delete %s", nombre)
