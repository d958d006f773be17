"""Writes of the SECOP II pipeline: the syncs (API and CSV), and staff's decisions on name
candidates.

How a sync runs (`sincronizar_contratos`, `sincronizar_procesos`):

- Window: from the signature (contracts) or publication (processes) date `SECOP_VENTANA_DIAS`
  days before the last successful run started, because the source reloads in bulk and
  back-dates; the first run starts at `SECOP_DESDE_INICIAL`; `desde` overrides both.
- Scale: the window is read once, with `tipodocproveedor = 'NIT'` asked of the source, and each
  row is matched locally against the registry's NITs held in a dictionary. Asking by NIT
  (`documento_proveedor in (…)`) would miss the ways the source writes a NIT (dots, dash, with or
  without check digit) and the Juntas whose registry NIT is wrong, which only the name finds.
- Order: pages come ordered by the row's key and Socrata's row id (`id_contrato,:id`), a total
  order, so duplicates of a key arrive together; a page's last key is held back until the next
  page, so all of a key's rows are decided at once. The last row wins, counted as duplicates.
- One transaction per page, which also saves the counters and the resume point (the last key
  saved). A run that fails records its error; the next one (without `desde`) continues from that
  point with the same window. A run killed without closing is closed as failed by the next.
- Idempotent: a row is written only if its data differ from what is stored, so a second run
  creates and updates nothing; it only stamps which run last read each row.
- A PostgreSQL advisory lock keeps two runs of one dataset (cron and an upload) apart.
"""

from __future__ import annotations

import datetime
import logging
import zlib
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, fields

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from juntas.models import Dignatario
from juntas.selectors import junta_directiva
from nucleo.cache import marcar
from nucleo.tablas import ArchivoIlegible, leer_tabla, letra_de_columna, mapear_columnas

from . import expedientes, resumenes
from .coincidencias import IndiceRegistro
from .models import (
    CandidatoPorNombre,
    Contrato,
    CuentaProveedor,
    Expediente,
    Fuente,
    ItemExpediente,
    Proceso,
    Sincronizacion,
)
from .normalizacion import (
    CAMPOS_CONTRATOS,
    CAMPOS_PROCESOS,
    CAMPOS_PROVEEDORES,
    ETIQUETAS_CSV_CONTRATOS,
    REQUERIDAS_CSV_CONTRATOS,
    normalizar_contrato,
    normalizar_proceso,
    normalizar_proveedor,
    proveedor_de,
    texto,
    variantes_nit,
)
from .selectors import preparar_expediente
from .socrata import ClienteSocrata, ErrorSocrata, literal

logger = logging.getLogger(__name__)

Conjunto = Sincronizacion.Conjunto
Estado = Sincronizacion.Estado
Coincidencia = Contrato.Coincidencia

# The data compared to decide whether a stored row changed (bookkeeping fields are not).
CAMPOS_DE_CONTRATO = [
    "proceso_de_compra",
    "organizacion_id",
    "coincidencia",
    "nit_proveedor",
    "nombre_entidad",
    "nit_entidad",
    "departamento_entidad",
    "ciudad_entidad",
    "estado",
    "tipo",
    "modalidad",
    "justificacion_modalidad",
    "objeto",
    "fecha_firma",
    "fecha_inicio",
    "fecha_fin",
    "valor",
    "valor_pagado",
    "url",
    "fechas_anomalas",
    "motivo_fechas",
]
CAMPOS_DE_PROCESO = [
    "id_del_portafolio",
    "nombre_entidad",
    "nit_entidad",
    "ciudad_entidad",
    "nombre",
    "descripcion",
    "modalidad",
    "precio_base",
    "fecha_publicacion",
    "fecha_limite",
    "estado",
    "codigo_unspsc",
    "familia_unspsc",
    "url",
    "organizacion_adjudicada_id",
    "fechas_anomalas",
    "motivo_fechas",
]
CAMPOS_DE_CUENTA = ["nit", "codigo_proveedor", "fecha_creacion", "activa"]
ERRORES_MOSTRADOS = 50


class SincronizacionEnCurso(Exception):
    def __init__(self, conjunto):
        self.mensaje = _(
            "Ya hay una sincronización de %(conjunto)s en curso (u otra carga de archivo): espere "
            "a que termine y vuelva a intentarlo."
        ) % {"conjunto": Conjunto(conjunto).label.lower()}
        super().__init__(self.mensaje)


class ErroresDeCarga(Exception):
    """An uploaded file that cannot be loaded; nothing was written. `errores` name the line
    and column of each problem."""

    def __init__(self, errores: list[str]):
        self.errores = errores
        super().__init__("; ".join(errores[:3]))


class DecisionInvalida(Exception):
    def __init__(self, mensaje):
        self.mensaje = mensaje
        super().__init__(mensaje)


@dataclass
class Cuentas:
    """What one page (or file) did; added to the run's counters."""

    filas_leidas: int = 0
    paginas: int = 0
    creadas: int = 0
    actualizadas: int = 0
    sin_cambios: int = 0
    duplicadas: int = 0
    con_fechas_anomalas: int = 0
    candidatos: int = 0
    ajenas: int = 0

    def sumar_a(self, corrida: Sincronizacion):
        for campo in fields(self):
            setattr(corrida, campo.name, getattr(corrida, campo.name) + getattr(self, campo.name))


CONTADORES = [campo.name for campo in fields(Cuentas)]


# Runs: lock, window, resume ---------------------------------------------------------------------


@contextmanager
def _candado(conjunto: str):
    """One run per dataset at a time, across processes (a PostgreSQL session advisory lock)."""
    if connection.vendor != "postgresql":
        yield
        return
    llave = zlib.crc32(f"contratacion.sincronizacion.{conjunto}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [llave])
        if not cursor.fetchone()[0]:
            raise SincronizacionEnCurso(conjunto)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [llave])


def _cerrar_interrumpidas(conjunto: str):
    """Runs left «en curso» by a process that died (we hold the lock, so none is running)."""
    Sincronizacion.objects.filter(
        conjunto=conjunto, fuente=Fuente.API, estado=Estado.EN_CURSO
    ).update(
        estado=Estado.FALLIDA,
        terminada=timezone.now(),
        error=_("Interrumpida: el proceso terminó sin cerrar la ejecución."),
    )


def _para_reanudar(conjunto: str) -> Sincronizacion | None:
    """The last API run of the dataset, if it failed after saving something."""
    ultima = (
        Sincronizacion.objects.filter(conjunto=conjunto, fuente=Fuente.API)
        .order_by("-iniciada", "-id")
        .first()
    )
    if ultima and ultima.estado == Estado.FALLIDA and ultima.punto_reanudacion:
        return ultima
    return None


def inicio_de_ventana(conjunto: str) -> datetime.date:
    """`SECOP_VENTANA_DIAS` before the last successful API run, or `SECOP_DESDE_INICIAL`."""
    exitosa = (
        Sincronizacion.objects.filter(conjunto=conjunto, fuente=Fuente.API, estado=Estado.EXITOSA)
        .order_by("-iniciada", "-id")
        .first()
    )
    if exitosa is None:
        return datetime.date.fromisoformat(settings.SECOP_DESDE_INICIAL)
    return timezone.localdate(exitosa.iniciada) - datetime.timedelta(
        days=settings.SECOP_VENTANA_DIAS
    )


def _guardar_corrida(corrida: Sincronizacion):
    corrida.save(update_fields=[*CONTADORES, "punto_reanudacion", "estado", "error", "terminada"])


def _cerrar(corrida: Sincronizacion, estado: str, error: str = ""):
    corrida.estado = estado
    corrida.error = error
    corrida.terminada = timezone.now()
    if estado == Estado.EXITOSA:
        corrida.punto_reanudacion = None
    _guardar_corrida(corrida)
    # Rows are written in bulk (no signals): the cached pages that read them drop once the
    # run's rows are committed (at once outside a transaction). A failed run kept the pages
    # it saved, so it moves the stamp too.
    transaction.on_commit(lambda: marcar("seguimiento"))
    registro = logger.info if estado == Estado.EXITOSA else logger.warning
    registro(
        "SECOP sync %s (%s) %s: read %d, created %d, updated %d, unchanged %d, duplicates %d",
        corrida.conjunto,
        corrida.pk,
        estado,
        corrida.filas_leidas,
        corrida.creadas,
        corrida.actualizadas,
        corrida.sin_cambios,
        corrida.duplicadas,
    )


@contextmanager
def _registrar_fallas(corrida: Sincronizacion):
    """A source error fails the run with its Spanish message; anything else too, and is raised
    again so the bug is seen."""
    try:
        yield
    except ErrorSocrata as error:
        _cerrar(corrida, Estado.FALLIDA, error.mensaje)
    except Exception as error:
        logger.exception("SECOP sync %s (%s) crashed", corrida.conjunto, corrida.pk)
        _cerrar(
            corrida,
            Estado.FALLIDA,
            _("Error inesperado (%(tipo)s): vea el registro del servidor.")
            % {"tipo": type(error).__name__},
        )
        raise
    else:
        _cerrar(corrida, Estado.EXITOSA)


def _separar_ultima_clave(filas: list[dict], clave: str) -> tuple[list[dict], list[dict]]:
    """The rows before the last key, and the rows of the last key (more may come next page)."""
    ultima = filas[-1].get(clave)
    corte = len(filas)
    while corte > 0 and filas[corte - 1].get(clave) == ultima:
        corte -= 1
    if corte == 0:  # a whole page of one key: decide it now
        return filas, []
    return filas[:corte], filas[corte:]


def _sincronizar_por_ventana(
    *,
    conjunto: str,
    dataset: str,
    campo_fecha: str,
    clave: str,
    select: Iterable[str],
    filtros: list[str],
    guardar: Callable[[Sincronizacion, list[dict], IndiceRegistro], Cuentas],
    desde: datetime.date | None,
    cliente: ClienteSocrata | None,
) -> Sincronizacion:
    cliente = cliente or ClienteSocrata()
    tamano = settings.SECOP_PAGINA
    with _candado(conjunto):
        _cerrar_interrumpidas(conjunto)
        anterior = None if desde else _para_reanudar(conjunto)
        despues_de = anterior.punto_reanudacion.get("clave") if anterior else None
        inicio = anterior.desde if anterior else (desde or inicio_de_ventana(conjunto))
        corrida = Sincronizacion.objects.create(
            conjunto=conjunto, fuente=Fuente.API, desde=inicio, reanuda=anterior
        )
        condiciones = [f"{campo_fecha} >= {literal(inicio.isoformat() + 'T00:00:00')}", *filtros]
        if despues_de:
            condiciones.append(f"{clave} > {literal(despues_de)}")
        with _registrar_fallas(corrida):
            indice = IndiceRegistro.cargar()
            retenidas: list[dict] = []
            paginas = cliente.paginas(
                dataset,
                select=select,
                where=" AND ".join(condiciones),
                order=f"{clave},:id",
                tamano=tamano,
            )
            for pagina in paginas:
                filas = retenidas + pagina
                if len(pagina) == tamano and filas:
                    filas, retenidas = _separar_ultima_clave(filas, clave)
                else:
                    retenidas = []
                _guardar_pagina(corrida, filas, indice, guardar, clave, leidas=len(pagina))
            if retenidas:
                _guardar_pagina(corrida, retenidas, indice, guardar, clave, leidas=0, paginas=0)
            if conjunto == Conjunto.CONTRATOS:
                with transaction.atomic():
                    corrida.actualizadas += asociar_por_nit(indice)
                    _guardar_corrida(corrida)
    return corrida


def _guardar_pagina(corrida, filas, indice, guardar, clave, *, leidas, paginas=1):
    with transaction.atomic():
        cuentas = guardar(corrida, filas, indice) if filas else Cuentas()
        cuentas.filas_leidas += leidas
        cuentas.paginas += paginas
        cuentas.sumar_a(corrida)
        claves = [f.get(clave) for f in filas if f.get(clave)]
        if claves:
            corrida.punto_reanudacion = {"clave": str(claves[-1])}
        _guardar_corrida(corrida)


# Contracts ------------------------------------------------------------------------------------


def sincronizar_contratos(
    *, desde: datetime.date | None = None, cliente: ClienteSocrata | None = None
) -> Sincronizacion:
    """Read jbjy-vk9h's contracts signed since `desde` (or the overlap window) with a NIT-type
    supplier; keep those of the registry's Juntas (by NIT) and propose name candidates."""
    return _sincronizar_por_ventana(
        conjunto=Conjunto.CONTRATOS,
        dataset=settings.SECOP_DATASET_CONTRATOS,
        campo_fecha="fecha_de_firma",
        clave="id_contrato",
        select=CAMPOS_CONTRATOS,
        filtros=["tipodocproveedor = 'NIT'"],
        guardar=_guardar_contratos,
        desde=desde,
        cliente=cliente,
    )


def _guardar_contratos(
    corrida: Sincronizacion, filas: list[dict], indice: IndiceRegistro, *, estricto: bool = False
) -> Cuentas:
    """Upsert one page of contract rows: match, compare, write what changed, propose candidates.
    Most rows are other suppliers': they are matched on the supplier alone and never fully
    read."""
    cuentas = Cuentas()
    por_clave = {}
    for fila in filas:
        clave = texto(fila.get("id_contrato"), 100)
        if not clave:
            cuentas.ajenas += 1
            continue
        if clave in por_clave:
            cuentas.duplicadas += 1
        por_clave[clave] = fila  # the last one wins
    # Locked until the page commits, so a decision staff take meanwhile is never overwritten
    # with what was read before it (`confirmar_candidato` locks the contract too).
    existentes = {
        fila["id_contrato"]: fila
        for fila in Contrato.objects.select_for_update()
        .filter(id_contrato__in=por_clave)
        .values("pk", "id_contrato", *CAMPOS_DE_CONTRATO)
    }
    candidatos_previos = _candidatos_por_contrato([f["pk"] for f in existentes.values()])
    ahora = timezone.now()
    a_escribir, sin_cambio, propuestas, descartar = [], [], {}, []
    for clave, fila in por_clave.items():
        existente = existentes.get(clave)
        previos = candidatos_previos.get(existente["pk"], {}) if existente else {}
        nit, nombre = proveedor_de(fila)
        junta = indice.junta_por_nit(nit)
        confirmado = existente and existente["coincidencia"] == Coincidencia.NOMBRE
        candidatas = []
        if junta is None and not confirmado:
            candidatas = indice.candidatas(nombre)
        if existente is None and junta is None and not candidatas:
            cuentas.ajenas += 1
            continue
        normalizada = normalizar_contrato(fila, estricto=estricto)
        datos = dict(normalizada.datos)
        nuevas = [pk for pk in candidatas if pk not in previos]
        if confirmado:
            datos["organizacion_id"] = existente["organizacion_id"]
            datos["coincidencia"] = Coincidencia.NOMBRE
        elif junta is not None:
            datos["organizacion_id"], datos["coincidencia"] = junta, Coincidencia.NIT
            descartar += [pk for pk, estado in previos.items() if estado == "pendiente"]
            nuevas = []
        else:
            pendientes = nuevas or [pk for pk, e in previos.items() if e == "pendiente"]
            datos["organizacion_id"] = None
            datos["coincidencia"] = Coincidencia.PENDIENTE if pendientes else Coincidencia.NINGUNA
        if nuevas:
            propuestas[clave] = (nuevas, normalizada)
        if datos["fechas_anomalas"]:
            cuentas.con_fechas_anomalas += 1
        if existente and all(existente[c] == datos[c] for c in CAMPOS_DE_CONTRATO):
            sin_cambio.append(clave)
            cuentas.sin_cambios += 1
            continue
        if existente:
            cuentas.actualizadas += 1
        else:
            cuentas.creadas += 1
        a_escribir.append(
            Contrato(
                id_contrato=clave,
                fuente=corrida.fuente,
                visto_primero=ahora,
                actualizado=ahora,
                sincronizacion=corrida,
                **datos,
            )
        )
    _upsert(Contrato, a_escribir, "id_contrato", CAMPOS_DE_CONTRATO)
    _marcar_escritas(a_escribir, existentes, "id_contrato", "organizacion_id")
    if sin_cambio:
        Contrato.objects.filter(id_contrato__in=sin_cambio).update(sincronizacion=corrida)
    cuentas.candidatos = _proponer(propuestas)
    _descartar(descartar, _("El NIT del contrato coincidió con una Junta del registro."))
    return cuentas


def _marcar_escritas(escritas, existentes, clave, campo):
    """Rows upserted in bulk (no signals): mark the summary buckets of the Juntas they were
    (`existentes`, by `clave`) and are now linked to through `campo`."""
    resumenes.marcar_juntas(
        {getattr(fila, campo) for fila in escritas}
        | {
            existentes[getattr(fila, clave)][campo]
            for fila in escritas
            if getattr(fila, clave) in existentes
        }
    )


def _upsert(modelo, objetos, clave, campos):
    """INSERT … ON CONFLICT (key) DO UPDATE: new and changed rows in one statement."""
    if not objetos:
        return
    actualizar = [c.removesuffix("_id") for c in campos] + [
        "fuente",
        "actualizado",
        "sincronizacion",
    ]
    modelo.objects.bulk_create(
        objetos,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=[clave],
        update_fields=actualizar,
    )


def _candidatos_por_contrato(pks: list[int]) -> dict[int, dict[int, str]]:
    """contract pk → {organization pk: candidate state}."""
    resultado: dict[int, dict[int, str]] = {}
    if not pks:
        return resultado
    for contrato_id, organizacion_id, estado in CandidatoPorNombre.objects.filter(
        contrato_id__in=pks
    ).values_list("contrato_id", "organizacion_id", "estado"):
        resultado.setdefault(contrato_id, {})[organizacion_id] = estado
    return resultado


def _proponer(propuestas: dict) -> int:
    """Create the new name candidates (with their history: «propuesto por la sincronización»)."""
    if not propuestas:
        return 0
    pks = dict(Contrato.objects.filter(id_contrato__in=propuestas).values_list("id_contrato", "pk"))
    nuevos = [
        CandidatoPorNombre(
            contrato_id=pks[clave],
            organizacion_id=organizacion_id,
            nombre_proveedor=normalizada.nombre_proveedor,
            nit_proveedor=normalizada.nit_proveedor,
        )
        for clave, (organizaciones, normalizada) in propuestas.items()
        for organizacion_id in organizaciones
    ]
    bulk_create_with_history(
        nuevos,
        CandidatoPorNombre,
        batch_size=500,
        default_change_reason="Propuesto por la sincronización con SECOP II",
    )
    return len(nuevos)


def _descartar(pks: list[int], motivo: str, *, usuario=None):
    for candidato in CandidatoPorNombre.objects.filter(pk__in=pks, estado="pendiente"):
        candidato.estado = CandidatoPorNombre.Estado.DESCARTADO
        candidato.nota = motivo[:300]
        candidato.decidido_por = usuario
        candidato.decidido_en = timezone.now()
        candidato._history_user = usuario
        candidato._change_reason = motivo
        candidato.save()


@transaction.atomic
def asociar_por_nit(indice: IndiceRegistro | None = None) -> int:
    """Bring the stored contracts in line with the registry's current NITs (a NIT corrected or
    added after the contract was read): link by NIT, or unlink a NIT match that no longer
    holds. A link staff confirmed by name is never changed. Returns how many changed."""
    indice = indice or IndiceRegistro.cargar()
    cambios = []
    filas = Contrato.objects.filter(
        coincidencia__in=[Coincidencia.NIT, Coincidencia.PENDIENTE, Coincidencia.NINGUNA]
    ).values_list("pk", "nit_proveedor", "organizacion_id", "coincidencia")
    previas = {}  # contract → the Junta it was linked to
    for pk, nit, organizacion_id, coincidencia in filas.iterator(chunk_size=5000):
        previas[pk] = organizacion_id
        junta = indice.junta_por_nit(nit)
        if junta is not None and (coincidencia != Coincidencia.NIT or organizacion_id != junta):
            cambios.append((pk, junta, Coincidencia.NIT))
        elif junta is None and coincidencia == Coincidencia.NIT:
            cambios.append((pk, None, None))
    if not cambios:
        return 0
    # Lock what changes, and leave out a contract staff linked by name since it was read.
    confirmados = {
        pk
        for pk, coincidencia in Contrato.objects.select_for_update()
        .filter(pk__in=[pk for pk, _j, _c in cambios])
        .values_list("pk", "coincidencia")
        if coincidencia == Coincidencia.NOMBRE
    }
    cambios = [cambio for cambio in cambios if cambio[0] not in confirmados]
    pendientes = set(
        CandidatoPorNombre.objects.filter(
            contrato_id__in=[pk for pk, _j, c in cambios if c is None], estado="pendiente"
        ).values_list("contrato_id", flat=True)
    )
    ahora = timezone.now()
    objetos = []
    for pk, junta, coincidencia in cambios:
        if coincidencia is None:
            coincidencia = Coincidencia.PENDIENTE if pk in pendientes else Coincidencia.NINGUNA
        objetos.append(
            Contrato(pk=pk, organizacion_id=junta, coincidencia=coincidencia, actualizado=ahora)
        )
    Contrato.objects.bulk_update(
        objetos, ["organizacion", "coincidencia", "actualizado"], batch_size=1000
    )
    resumenes.marcar_juntas({o.organizacion_id for o in objetos} | set(previas.values()))
    enlazados = [pk for pk, junta, _c in cambios if junta is not None]
    _descartar(
        list(
            CandidatoPorNombre.objects.filter(
                contrato_id__in=enlazados, estado="pendiente"
            ).values_list("pk", flat=True)
        ),
        _("El NIT del contrato coincidió con una Junta del registro."),
    )
    logger.info("SECOP contracts re-linked to the registry's NITs: %d", len(cambios))
    return len(cambios)


# The CSV upload --------------------------------------------------------------------------------


def cargar_csv_contratos(contenido: bytes, nombre: str, *, usuario) -> Sincronizacion:
    """Load a contracts file exported from datos.gov.co (CSV, or XLSX) with the API's rules.
    All or nothing: on any problem `ErroresDeCarga` names its line and column and nothing is
    written."""
    try:
        tabla = leer_tabla(contenido, nombre)
    except ArchivoIlegible as error:
        raise ErroresDeCarga([error.mensaje]) from None
    columnas = mapear_columnas(
        tabla.encabezados, ETIQUETAS_CSV_CONTRATOS, requeridas=REQUERIDAS_CSV_CONTRATOS
    )
    if columnas.faltan:
        raise ErroresDeCarga(
            [
                _(
                    "Faltan las columnas %(columnas)s. Exporte el conjunto «SECOP II - Contratos "
                    "Electrónicos» de datos.gov.co con todas sus columnas."
                )
                % {"columnas": ", ".join(f"«{c}»" for c in columnas.faltan)}
            ]
        )
    filas, errores = [], []
    for fila in tabla.filas:
        datos = {campo: columnas.valor(fila, campo) for campo in columnas.indices}
        for campo, mensaje in normalizar_contrato(datos, estricto=True).errores:
            indice_columna = columnas.indices[campo]
            errores.append(
                _("Línea %(linea)d, columna %(letra)s («%(titulo)s»): %(mensaje)s")
                % {
                    "linea": fila.linea,
                    "letra": letra_de_columna(indice_columna),
                    "titulo": tabla.encabezados[indice_columna],
                    "mensaje": mensaje,
                }
            )
        filas.append(datos)
    if errores:
        if len(errores) > ERRORES_MOSTRADOS:
            resto = len(errores) - ERRORES_MOSTRADOS
            errores = errores[:ERRORES_MOSTRADOS] + [_("… y %(n)d errores más.") % {"n": resto}]
        raise ErroresDeCarga(errores)
    return cargar_filas(
        Conjunto.CONTRATOS, filas, fuente=Fuente.CSV, usuario=usuario, archivo=nombre
    )


def cargar_filas(
    conjunto: str, filas: list[dict], *, fuente: str, usuario=None, archivo: str = ""
) -> Sincronizacion:
    """Rows already in hand — a CSV's, or the demo's synthetic ones (`Fuente.DEMO`) — through
    the sync's rules (matching, upsert, candidates), in one transaction. `filas` use the
    dataset's field names, as the API serves them."""
    with _candado(conjunto), transaction.atomic():
        corrida = Sincronizacion.objects.create(
            conjunto=conjunto, fuente=fuente, usuario=usuario, archivo=archivo[:255]
        )
        indice = IndiceRegistro.cargar()
        if conjunto == Conjunto.CONTRATOS:
            cuentas = _guardar_contratos(corrida, filas, indice, estricto=fuente == Fuente.CSV)
        elif conjunto == Conjunto.PROCESOS:
            cuentas = _guardar_procesos(corrida, filas, indice)
        else:
            cuentas = Cuentas()
            _guardar_cuentas(corrida, filas, indice, cuentas)
        cuentas.filas_leidas, cuentas.paginas = len(filas), 1
        cuentas.sumar_a(corrida)
        if conjunto == Conjunto.CONTRATOS:
            corrida.actualizadas += asociar_por_nit(indice)
        _cerrar(corrida, Estado.EXITOSA)
    return corrida


# Processes --------------------------------------------------------------------------------------


def sincronizar_procesos(
    *, desde: datetime.date | None = None, cliente: ClienteSocrata | None = None
) -> Sincronizacion:
    """Read p6dx-8zbt's processes published since `desde` (or the overlap window) by entities of
    `SECOP_CIUDAD` in the modalities `SECOP_MODALIDADES_PROCESOS` (mínima cuantía): the
    opportunity radar's rows."""
    filtros = []
    if settings.SECOP_MODALIDADES_PROCESOS:
        modalidades = ", ".join(literal(m) for m in settings.SECOP_MODALIDADES_PROCESOS)
        filtros.append(f"modalidad_de_contratacion in ({modalidades})")
    if settings.SECOP_CIUDAD:
        ciudades = ", ".join(literal(c) for c in settings.SECOP_CIUDAD)
        filtros.append(f"ciudad_entidad in ({ciudades})")
    return _sincronizar_por_ventana(
        conjunto=Conjunto.PROCESOS,
        dataset=settings.SECOP_DATASET_PROCESOS,
        campo_fecha="fecha_de_publicacion_del",
        clave="id_del_proceso",
        select=CAMPOS_PROCESOS,
        filtros=filtros,
        guardar=_guardar_procesos,
        desde=desde,
        cliente=cliente,
    )


def _guardar_procesos(corrida, filas, indice) -> Cuentas:
    cuentas = Cuentas()
    por_clave = {}
    for fila in filas:
        normalizada = normalizar_proceso(fila)
        if not normalizada.clave:
            cuentas.ajenas += 1
            continue
        if normalizada.clave in por_clave:
            cuentas.duplicadas += 1
        por_clave[normalizada.clave] = normalizada
    existentes = {
        fila["id_del_proceso"]: fila
        for fila in Proceso.objects.filter(id_del_proceso__in=por_clave).values(
            "id_del_proceso", *CAMPOS_DE_PROCESO
        )
    }
    zona = timezone.get_default_timezone()
    ahora = timezone.now()
    a_escribir, sin_cambio = [], []
    for clave, normalizada in por_clave.items():
        datos = dict(normalizada.datos)
        if datos["fecha_limite"] is not None:
            datos["fecha_limite"] = timezone.make_aware(datos["fecha_limite"], zona)
        datos["organizacion_adjudicada_id"] = indice.junta_por_nit(normalizada.nit_proveedor)
        if datos["fechas_anomalas"]:
            cuentas.con_fechas_anomalas += 1
        existente = existentes.get(clave)
        if existente and all(existente[c] == datos[c] for c in CAMPOS_DE_PROCESO):
            sin_cambio.append(clave)
            cuentas.sin_cambios += 1
            continue
        if existente:
            cuentas.actualizadas += 1
        else:
            cuentas.creadas += 1
        a_escribir.append(
            Proceso(
                id_del_proceso=clave,
                fuente=corrida.fuente,
                visto_primero=ahora,
                actualizado=ahora,
                sincronizacion=corrida,
                **datos,
            )
        )
    _upsert(Proceso, a_escribir, "id_del_proceso", CAMPOS_DE_PROCESO)
    _marcar_escritas(a_escribir, existentes, "id_del_proceso", "organizacion_adjudicada_id")
    if sin_cambio:
        Proceso.objects.filter(id_del_proceso__in=sin_cambio).update(sincronizacion=corrida)
    return cuentas


# Supplier accounts -----------------------------------------------------------------------------


def sincronizar_proveedores(
    *, cliente: ClienteSocrata | None = None, solo_sin_cuenta: bool = True
) -> Sincronizacion:
    """Ask qmzu-gj57 for the registry's NITs, `SECOP_LOTE_NIT` at a time (each written the
    ways the dataset may hold it), and record the Juntas that have a supplier account. By
    default only the Juntas without a known account are asked for, so a daily run stays small.
    Resumable by NIT, like the other syncs."""
    cliente = cliente or ClienteSocrata()
    conjunto = Conjunto.PROVEEDORES
    with _candado(conjunto):
        _cerrar_interrumpidas(conjunto)
        anterior = _para_reanudar(conjunto)
        corrida = Sincronizacion.objects.create(
            conjunto=conjunto, fuente=Fuente.API, reanuda=anterior
        )
        with _registrar_fallas(corrida):
            indice = IndiceRegistro.cargar()
            nits = indice.por_nit
            if solo_sin_cuenta:
                con_cuenta = set(CuentaProveedor.objects.values_list("organizacion_id", flat=True))
                nits = {n: pk for n, pk in nits.items() if pk not in con_cuenta}
            pendientes = sorted(nits)
            if anterior:
                pendientes = [n for n in pendientes if n > anterior.punto_reanudacion["clave"]]
            lote = max(1, settings.SECOP_LOTE_NIT)
            for inicio in range(0, len(pendientes), lote):
                parte = pendientes[inicio : inicio + lote]
                valores = ", ".join(literal(v) for n in parte for v in variantes_nit(n))
                filas = []
                cuentas = Cuentas()
                for pagina in cliente.paginas(
                    settings.SECOP_DATASET_PROVEEDORES,
                    select=CAMPOS_PROVEEDORES,
                    where=f"nit in ({valores})",
                    order="nit,:id",
                    tamano=settings.SECOP_PAGINA,
                ):
                    filas += pagina
                    cuentas.paginas += 1
                with transaction.atomic():
                    _guardar_cuentas(corrida, filas, indice, cuentas)
                    cuentas.filas_leidas += len(filas)
                    cuentas.sumar_a(corrida)
                    corrida.punto_reanudacion = {"clave": parte[-1]}
                    _guardar_corrida(corrida)
    return corrida


def _guardar_cuentas(corrida, filas, indice, cuentas: Cuentas):
    por_junta = {}
    for fila in filas:
        normalizada = normalizar_proveedor(fila)
        junta = indice.junta_por_nit(normalizada.nit_proveedor)
        if junta is None:
            cuentas.ajenas += 1
            continue
        if junta in por_junta:
            cuentas.duplicadas += 1
        por_junta[junta] = normalizada.datos
    existentes = {
        c.organizacion_id: c for c in CuentaProveedor.objects.filter(organizacion_id__in=por_junta)
    }
    ahora = timezone.now()
    nuevas = []
    for junta, datos in por_junta.items():
        cuenta = existentes.get(junta)
        if cuenta is None:
            nuevas.append(
                CuentaProveedor(
                    organizacion_id=junta,
                    visto_primero=ahora,
                    visto_ultimo=ahora,
                    sincronizacion=corrida,
                    **datos,
                )
            )
            cuentas.creadas += 1
            continue
        cambia = any(getattr(cuenta, c) != datos[c] for c in CAMPOS_DE_CUENTA)
        for campo, valor in datos.items():
            setattr(cuenta, campo, valor)
        cuenta.visto_ultimo, cuenta.sincronizacion = ahora, corrida
        cuenta.save()
        if cambia:
            cuentas.actualizadas += 1
        else:
            cuentas.sin_cambios += 1
    CuentaProveedor.objects.bulk_create(nuevas, batch_size=500)
    resumenes.marcar_juntas([c.organizacion_id for c in nuevas])


# Staff's decisions on name candidates ----------------------------------------------------------


@transaction.atomic
def confirmar_candidato(candidato: CandidatoPorNombre, *, usuario, nota: str = ""):
    """Staff confirm that the contract is this Junta's: the contract is linked («por nombre»),
    the other pending candidates of the contract are set aside. Recorded in the history."""
    candidato = _pendiente(candidato)
    contrato = Contrato.objects.select_for_update().get(pk=candidato.contrato_id)
    if contrato.organizacion_id and contrato.coincidencia in (
        Coincidencia.NIT,
        Coincidencia.NOMBRE,
    ):
        raise DecisionInvalida(
            _("El contrato %(c)s ya está asociado a %(j)s.")
            % {"c": contrato.id_contrato, "j": contrato.organizacion}
        )
    _decidir(candidato, CandidatoPorNombre.Estado.CONFIRMADO, usuario, nota)
    contrato.organizacion_id = candidato.organizacion_id
    contrato.coincidencia = Coincidencia.NOMBRE
    contrato.actualizado = timezone.now()
    contrato.save(update_fields=["organizacion", "coincidencia", "actualizado"])
    otros = contrato.candidatos.filter(estado="pendiente").exclude(pk=candidato.pk)
    _descartar(
        list(otros.values_list("pk", flat=True)),
        _("Se confirmó otra Junta para este contrato."),
        usuario=usuario,
    )
    return candidato


@transaction.atomic
def rechazar_candidato(candidato: CandidatoPorNombre, *, usuario, nota: str = ""):
    """Staff say the contract is not this Junta's. Without other pending candidates the
    contract stays without Junta (and the sync does not propose this pair again)."""
    candidato = _pendiente(candidato)
    _decidir(candidato, CandidatoPorNombre.Estado.RECHAZADO, usuario, nota)
    contrato = Contrato.objects.select_for_update().get(pk=candidato.contrato_id)
    quedan = contrato.candidatos.filter(estado="pendiente").exists()
    if contrato.coincidencia == Coincidencia.PENDIENTE and not quedan:
        contrato.coincidencia = Coincidencia.NINGUNA
        contrato.actualizado = timezone.now()
        contrato.save(update_fields=["coincidencia", "actualizado"])
    return candidato


def _pendiente(candidato):
    candidato = CandidatoPorNombre.objects.select_for_update().get(pk=candidato.pk)
    if candidato.estado != CandidatoPorNombre.Estado.PENDIENTE:
        raise DecisionInvalida(
            _("El candidato «%(c)s» ya fue decidido (%(e)s).")
            % {"c": candidato, "e": candidato.get_estado_display().lower()}
        )
    return candidato


def _decidir(candidato, estado, usuario, nota):
    candidato.estado = estado
    candidato.decidido_por = usuario
    candidato.decidido_en = timezone.now()
    candidato.nota = (nota or "")[:300]
    candidato._history_user = usuario
    candidato._change_reason = f"{candidato.get_estado_display()} por la Secretaría"
    candidato.save()


# ---------------------------------------------------------------------------------------------
# The dossier (expediente de contratación)


class ExpedienteIncompleto(Exception):
    """Requirements of the route are missing or expired: `bloqueos` lists (fila, what to do)."""

    def __init__(self, bloqueos):
        super().__init__(f"{len(bloqueos)} requirements block the dossier")
        self.bloqueos = bloqueos


def generar_expediente(
    *, organizacion, ruta, usuario, url_de: Callable[[str], str], por_la_secretaria=False, hoy=None
) -> Expediente:
    """Assemble and store the Junta's dossier for `ruta`: the PDF (cover letter, index, each
    document of the route in order, the code and a QR to `url_de(codigo)` on every page), the
    ZIP of the originals, and a snapshot row per document (name, dates, SHA-256).

    Refuses (`ExpedienteIncompleto`) while a requirement of the route is missing, expired,
    waiting for verification or without a file; `expedientes.DocumentoIlegible` when a PDF
    cannot be read. The files are built before the one transaction that stores the rows."""
    hoy = hoy or timezone.localdate()
    datos = preparar_expediente(organizacion, ruta, hoy)
    if datos["bloqueos"]:
        raise ExpedienteIncompleto(datos["bloqueos"])
    expediente = Expediente(
        organizacion=organizacion,
        ruta=ruta,
        generado_por=usuario,
        por_la_secretaria=por_la_secretaria,
        indice=datos["preparacion"].indice,
    )
    url = url_de(expediente.codigo)
    documentos = []
    for orden, fila in enumerate(datos["documentos"], start=1):
        archivo = fila.estado.archivo
        try:
            with archivo.open("rb") as abierto:
                contenido = abierto.read()
        except FileNotFoundError as error:
            raise expedientes.DocumentoIlegible(fila.requisito.nombre) from error
        item = ItemExpediente(
            orden=orden,
            requisito=fila.requisito,
            requisito_codigo=fila.requisito.codigo,
            nombre=fila.requisito.nombre,
            fecha_expedicion=fila.estado.fecha_expedicion,
            fecha_vencimiento=fila.estado.fecha_vencimiento,
            peso=fila.peso or 0,
            sha256=expedientes.sha256(contenido),
            archivo=archivo.name,
        )
        try:
            item.paginas = expedientes.paginas_de(contenido, archivo.name)
        except expedientes.DocumentoIlegible as error:
            raise expedientes.DocumentoIlegible(fila.requisito.nombre) from error
        documentos.append({"item": item, "contenido": contenido})
    presidente = (
        junta_directiva(organizacion)
        .filter(cargo=Dignatario.Cargo.PRESIDENTE, suplente=False)
        .first()
    )
    pdf = expedientes.armar_pdf(
        expediente=expediente,
        junta=organizacion,
        presidente=presidente,
        documentos=documentos,
        url=url,
        hoy=hoy,
    )
    contenido_zip = expedientes.armar_zip(expediente=expediente, documentos=documentos, pdf=pdf)
    with transaction.atomic():
        expediente.sha256_pdf = expedientes.sha256(pdf)
        expediente.pdf.save(f"expediente-{expediente.codigo}.pdf", ContentFile(pdf), save=False)
        expediente.zip.save(
            f"expediente-{expediente.codigo}.zip", ContentFile(contenido_zip), save=False
        )
        expediente.save()
        for documento in documentos:
            documento["item"].expediente = expediente
        ItemExpediente.objects.bulk_create([d["item"] for d in documentos])
    logger.info(
        "Dossier %s generated for organization %s, route %s, %d documents",
        expediente.codigo,
        organizacion.pk,
        ruta,
        len(documentos),
    )
    return expediente
