"""Summary rows of the registry (`nucleo.resumenes`): what /tablero/, /transparencia/ and the
commitment's indicators show, added up from about 130 rows instead of 64,000 organizations and
790,000 requirement rows.

Both classes split the organizations by id range (`TAMANO` ids a bucket), so a bucket is
recomputed from a few thousand rows, and a Junta that moves to another territory only changes its
own bucket (each bucket's figures are broken down by the territory its organizations are in now).

- «registro»: how many Juntas per territory (localidad and UCG), by type, state and participation,
  and the Asociaciones. Fed by `Organizacion`.
- «vigencias»: what depends on the day: documents in force or expiring, the readiness score and
  how many Juntas reach the threshold, boards' periods ending. Fed by `RequisitoJunta`,
  `Organizacion` (type, end of period) and `Requisito` (weights, active: every bucket).

Nothing is baked in for a given day. A «vigencias» bucket is computed for an *anchor* day `a` (the
day it was computed, kept while it is at most `ANCLA_VIGENTE` days old so that a rebuild compares
like with like): the figures on `a`, and by day offset the changes that follow (a document that
expires, a Junta that drops below the threshold) for `VALIDEZ` days, plus `ALCANCE` days more for
the expiry windows. A reader applies `hoy` to it when `a <= hoy <= a + VALIDEZ`; a bucket outside
that range (a long time without changes, or a day in the past) is computed from the raw rows for
`hoy` by the reader itself (nothing is written), and if many are, the caller falls back to the raw
selectors. The daily `manage.py actualizar_puntajes` re-anchors on today the buckets older than
`REANCLAR` days, so the stored rows stay usable however long nobody touches a bucket.

Buckets pending in a read (a change whose recompute has not run yet; in tests, every change) are
computed together, in the same few queries whatever their number.
"""

import datetime
from collections import defaultdict
from types import SimpleNamespace

from asgiref.local import Local
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Subquery, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Least
from django.db.models.signals import pre_delete
from django.utils import timezone

from nucleo import resumenes
from nucleo.models import Resumen

from .models import Organizacion, PesoRequisitoRuta, Requisito, RequisitoJunta

REGISTRO = "registro"
VIGENCIAS = "vigencias"
TAMANO = 500  # organization ids per bucket: ~130 buckets at 64,000 organizations
VALIDEZ = 14  # days after its anchor a «vigencias» bucket answers for
ALCANCE = 90  # the longest expiry window the dashboards show (selectors.VENTANAS_DIAS)
ANCLA_VIGENTE = 7  # a recompute keeps the bucket's anchor while it is at most this old
REANCLAR = 3  # the daily job re-anchors buckets older than this
UMBRAL = 80  # the readiness threshold the dashboards count («listas para contratar»)

# Order of a territory's counts in a «registro» bucket.
REGISTRADAS, JAC, JVC, ACTIVAS, PARTICIPANTES, ASOCIACIONES = range(6)


def cubeta(organizacion_id) -> str:
    return str(organizacion_id // TAMANO)


def territorio(localidad_id, unidad_comunera_id) -> str:
    return f"{localidad_id or ''}:{unidad_comunera_id or ''}"


def de_territorio(clave) -> tuple[int | None, int | None]:
    localidad, ucg = clave.split(":")
    return (int(localidad) if localidad else None, int(ucg) if ucg else None)


def _rangos(claves, campo):
    """Q for the ids of these buckets, contiguous buckets merged into one range."""
    numeros = sorted({int(c) for c in claves})
    tramos = []
    for n in numeros:
        if tramos and tramos[-1][1] == n:
            tramos[-1][1] = n + 1
        else:
            tramos.append([n, n + 1])
    condicion = Q(pk__in=[])
    for desde, hasta in tramos:
        condicion |= Q(**{f"{campo}__gte": desde * TAMANO, f"{campo}__lt": hasta * TAMANO})
    return condicion


def _claves():
    """Every bucket that holds an organization now."""
    return [
        str(c)
        for c in Organizacion.objects.annotate(c=F("id") / TAMANO)
        .values_list("c", flat=True)
        .distinct()
        .order_by()
    ]


# Computing buckets from the raw rows -----------------------------------------------------------


def calcular_registro(claves) -> dict[str, dict]:
    """{bucket: {"t": {territory: [registradas, jac, jvc, activas, participantes,
    asociaciones]}}} for these buckets, in one grouped query."""
    datos = {str(c): {} for c in claves}
    filas = (
        Organizacion.objects.filter(_rangos(claves, "id"))
        .annotate(c=F("id") / TAMANO)
        .values_list("c", "localidad_id", "unidad_comunera_id", "tipo", "estado", "participa")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for c, localidad, ucg, tipo, estado, participa, n in filas:
        cuentas = (
            datos[str(c)]
            .setdefault("t", {})
            .setdefault(territorio(localidad, ucg), [0, 0, 0, 0, 0, 0])
        )
        if tipo == Organizacion.Tipo.ASOJAC:
            cuentas[ASOCIACIONES] += n
            continue
        cuentas[REGISTRADAS] += n
        cuentas[JAC] += n if tipo == Organizacion.Tipo.JAC else 0
        cuentas[JVC] += n if tipo == Organizacion.Tipo.JVC else 0
        cuentas[ACTIVAS] += n if estado == Organizacion.Estado.ACTIVA else 0
        cuentas[PARTICIPANTES] += n if participa else 0
    return datos


def _por_dia(cuentas, largo) -> list:
    """{offset: n} as a list indexed by offset, without the trailing zeros."""
    lista = [cuentas.get(dia, 0) for dia in range(largo)]
    while lista and not lista[-1]:
        lista.pop()
    return lista


def _sql_de_dias(columna):
    """(days from a date parameter to `columna`, the smaller-of and larger-of functions) in
    this database's SQL: PostgreSQL subtracts dates; SQLite (`make run`) has julianday and
    the many-argument MIN/MAX."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({columna}) - julianday(%s) AS INTEGER)", "MIN", "MAX"
    return f"({columna} - %s)", "LEAST", "GREATEST"


def calcular_vigencias(claves, ancla: datetime.date) -> dict[str, dict]:
    """{bucket: its day-dependent figures anchored on `ancla`} for these buckets (three grouped
    queries, none of them joining the organizations). Offsets are days after the anchor; a
    «caídas» list, indexed by offset, holds what stops counting from the day after
    `ancla + offset` on (what it holds on `ancla + i`: the first number minus `caídas[:i]`).

    - a: the anchor; w: the active requirements' total weight the score was computed with;
      n: Juntas (not Asociaciones) in the bucket.
    - p: [score on a, caídas]: the weight of the met, in force, active requirements of the Juntas.
    - l: [Juntas reaching UMBRAL on a, caídas].
    - r: {requirement: [Juntas meeting it on a, caídas]} (every requirement, active or not).
    - d: [documents met and expired before a, how many expire on each offset
      0..VALIDEZ+ALCANCE] (every organization's, as the expiry alerts count them).
    - f: [[offset, organizations whose board's period ends that day]] for 0..VALIDEZ+ALCANCE.
    """
    claves = [str(c) for c in claves]
    horizonte = VALIDEZ + ALCANCE
    cubetas = {
        c: {"organizaciones": 0, "n": 0, "f": defaultdict(int), "d": defaultdict(int),
            "r": {}, "p": defaultdict(int), "l": defaultdict(int)}
        for c in claves
    }  # fmt: skip
    # The active requirements' total weight comes with the organizations (one subquery).
    activos = Requisito.objects.filter(activo=True).order_by().values("activo")
    peso_total, asociaciones = 0, []
    organizaciones = (
        Organizacion.objects.filter(_rangos(claves, "id"))
        .annotate(
            c=F("id") / TAMANO,
            id_asociacion=Case(When(tipo=Organizacion.Tipo.ASOJAC, then=F("id"))),
            w=Coalesce(Subquery(activos.annotate(t=Sum("peso")).values("t")), 0),
        )
        .values_list("c", "id_asociacion", "periodo_fin", "w")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for c, asociacion, fin, peso, n in organizaciones:
        peso_total = peso
        datos = cubetas[str(c)]
        datos["organizaciones"] += n
        if asociacion is None:
            datos["n"] += n
        else:
            asociaciones.append(asociacion)
        if fin is not None and 0 <= (dia := (fin - ancla).days) <= horizonte:
            datos["f"][dia] += n
    minimo = peso_total * UMBRAL / 100
    # Days from the anchor to the expiry, in SQL: -1 for expired, past the windows as their end.
    columna = f"{RequisitoJunta._meta.db_table}.fecha_vencimiento"
    dias, menor, mayor = _sql_de_dias(columna)
    dia = RawSQL(dias, [ancla])
    filas = RequisitoJunta.objects.filter(
        _rangos(claves, "organizacion_id"), estado=RequisitoJunta.Estado.CUMPLE
    ).annotate(c=F("organizacion_id") / TAMANO)
    # Documents (every organization's) and requirements met (the Juntas'), in one pass.
    por_requisito = (
        filas.annotate(
            dia_=RawSQL(
                f"CASE WHEN {columna} IS NULL THEN NULL ELSE {menor}({mayor}({dias}, -1), %s) END",
                [ancla, horizonte + 1],
                output_field=IntegerField(),
            ),
            junta=Case(When(organizacion_id__in=asociaciones, then=Value(False)), default=True)
            if asociaciones
            else Value(True),
        )
        .values_list("c", "requisito_id", "junta", "dia_")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for c, requisito, junta, dia_, n in por_requisito:
        datos = cubetas[str(c)]
        if dia_ is not None and dia_ <= horizonte:
            datos["d"][dia_] += n
        if junta and (dia_ is None or dia_ >= 0):
            cuentas = datos["r"].setdefault(str(requisito), defaultdict(int))
            cuentas[VALIDEZ if dia_ is None else min(dia_, VALIDEZ)] += n
    # What counts for the Juntas: in force on the anchor; past the VALIDEZ days, as «no caída».
    vigentes = (
        filas.exclude(organizacion_id__in=asociaciones)
        .filter(Q(fecha_vencimiento__isnull=True) | Q(fecha_vencimiento__gte=ancla))
        .annotate(
            dia=Coalesce(Least(dia, Value(VALIDEZ), output_field=IntegerField()), Value(VALIDEZ))
        )
    )
    por_junta = defaultdict(dict)
    for organizacion, dia_, peso in (
        vigentes.filter(requisito__activo=True)
        .values_list("organizacion_id", "dia")
        .annotate(peso=Sum("requisito__peso"))
        .order_by()
    ):
        por_junta[organizacion][dia_] = peso
    for organizacion, pesos in por_junta.items():
        datos = cubetas[cubeta(organizacion)]
        for dia_, peso in pesos.items():
            datos["p"][dia_] += peso
        puntaje = sum(pesos.values())
        if not peso_total or puntaje < minimo:
            continue
        datos["l"][VALIDEZ] += 1
        for dia_ in sorted(pesos):
            puntaje -= pesos[dia_]
            if dia_ < VALIDEZ and puntaje < minimo:
                datos["l"][VALIDEZ] -= 1
                datos["l"][dia_] += 1
                break
    totales_ruta, por_ruta = _preparacion_por_ruta(claves, vigentes)
    resultado = {}
    for clave, datos in cubetas.items():
        if not datos["organizaciones"]:
            resultado[clave] = {}
            continue
        resultado[clave] = {
            "a": ancla.isoformat(),
            "w": peso_total,
            "n": datos["n"],
            "p": _inicial_y_caidas(datos["p"]),
            "l": _inicial_y_caidas(datos["l"]),
            "r": {r: _inicial_y_caidas(cuentas) for r, cuentas in datos["r"].items()},
            "d": [datos["d"].get(-1, 0), _por_dia(datos["d"], horizonte + 1)],
            "f": sorted([dia_, n] for dia_, n in datos["f"].items()),
            "wr": totales_ruta,
            "q": por_ruta.get(clave, {}),
        }
    return resultado


# Order of a route's figures in a localidad («q»): Juntas, Juntas that pursue it, then
# [on the anchor, caídas] pairs of the weight met, the Juntas ready, the ready that pursue it.
Q_JUNTAS, Q_PERSIGUEN, Q_SUMA, Q_LISTAS, Q_PERSIGUEN_LISTAS = range(5)


def _preparacion_por_ruta(claves, vigentes):
    """(route → total weight of its active requirements, {bucket: {localidad: {route:
    figures}}}): the readiness per route (`selectors.preparacion_agregada`) of the buckets'
    Juntas, with the days their scores drop. Three queries."""
    totales = dict(
        PesoRequisitoRuta.objects.filter(requisito__activo=True)
        .values_list("ruta")
        .annotate(t=Sum("peso"))
        .order_by()
    )
    if not totales:
        return {}, {}
    pesos = defaultdict(lambda: defaultdict(dict))  # Junta → route → {offset: weight}
    for organizacion, ruta, dia_, peso in (
        vigentes.filter(requisito__activo=True, requisito__pesos_ruta__isnull=False)
        .values_list("organizacion_id", "requisito__pesos_ruta__ruta", "dia")
        .annotate(peso=Sum("requisito__pesos_ruta__peso"))
        .order_by()
    ):
        pesos[organizacion][ruta][dia_] = peso
    cubetas = defaultdict(dict)
    for pk, localidad, persigue in (
        Organizacion.objects.filter(_rangos(claves, "id"))
        .exclude(tipo=Organizacion.Tipo.ASOJAC)
        .values_list("pk", "localidad_id", "ruta")
        .order_by()
    ):
        por_localidad = cubetas[cubeta(pk)].setdefault(str(localidad or ""), {})
        for ruta, total in totales.items():
            cifras = por_localidad.setdefault(
                ruta, [0, 0, defaultdict(int), defaultdict(int), defaultdict(int)]
            )
            propios = pesos.get(pk, {}).get(ruta, {})
            cifras[Q_JUNTAS] += 1
            cifras[Q_PERSIGUEN] += persigue == ruta
            for dia_, peso in propios.items():
                cifras[Q_SUMA][dia_] += peso
            # The day the Junta stops reaching the threshold (VALIDEZ: not within the window).
            puntaje = sum(propios.values())
            if puntaje * 100 < UMBRAL * total:
                continue
            cae = VALIDEZ
            for dia_ in sorted(propios):
                puntaje -= propios[dia_]
                if dia_ < VALIDEZ and puntaje * 100 < UMBRAL * total:
                    cae = dia_
                    break
            cifras[Q_LISTAS][cae] += 1
            if persigue == ruta:
                cifras[Q_PERSIGUEN_LISTAS][cae] += 1
    return totales, {
        clave: {
            localidad: {
                ruta: [c[0], c[1], *(_inicial_y_caidas(c[i]) for i in range(2, 5))]
                for ruta, c in rutas.items()
            }
            for localidad, rutas in por_localidad.items()
        }
        for clave, por_localidad in cubetas.items()
    }


def _inicial_y_caidas(por_dia) -> list:
    """{offset: amount that stops counting after it (VALIDEZ: not within the window)} as
    [all of it on the anchor, caídas by offset]."""
    return [sum(por_dia.values()), _por_dia(por_dia, VALIDEZ)]


def _anclas(claves, hoy) -> dict[str, datetime.date]:
    """Each bucket's anchor for a recompute: the stored one while at most ANCLA_VIGENTE days old
    (a rebuild then compares like with like), else `hoy`."""
    anclas = {}
    guardadas = Resumen.objects.filter(clase=VIGENCIAS, clave__in=list(claves))
    for clave, ancla in guardadas.values_list("clave", "datos__a"):
        try:
            ancla = datetime.date.fromisoformat(ancla)
        except (TypeError, ValueError):
            continue
        if 0 <= (hoy - ancla).days <= ANCLA_VIGENTE:
            anclas[clave] = ancla
    return {str(c): anclas.get(str(c), hoy) for c in claves}


def _vigencias_guardando(claves) -> dict[str, dict]:
    """For a writer's recompute or a rebuild: each bucket on its own anchor (on today's when
    `refrescar` asks)."""
    hoy = timezone.localdate()
    anclas = _anclas(claves, hoy)
    reanclar = getattr(_lectura, "reanclar", None) or set()
    for clave in reanclar & set(anclas):
        anclas[clave] = hoy
        reanclar.discard(clave)
    por_ancla = defaultdict(list)
    for clave, ancla in anclas.items():
        por_ancla[ancla].append(clave)
    datos = {}
    for ancla, grupo in por_ancla.items():
        datos.update(calcular_vigencias(grupo, ancla))
    return datos


# A rebuild asked by `refrescar` re-anchors the buckets it names on today.
_lectura = Local()


# Within a request the dashboards ask for the same figures several times (/tablero/ reads the
# «vigencias» buckets for the alerts, the index, the requirements and the indicators): the first
# read is kept until the request ends, or until this thread writes to the registry.
_peticion = Local()


def _empieza(**kwargs):
    _peticion.lecturas = {}


def _termina(**kwargs):
    _peticion.lecturas = None


def _olvidar_lecturas():
    if getattr(_peticion, "lecturas", None):
        _peticion.lecturas = {}


def _en_peticion(clave, calcular):
    lecturas = getattr(_peticion, "lecturas", None)
    if lecturas is None:
        return calcular()
    if clave not in lecturas:
        lecturas[clave] = calcular()
    return lecturas[clave]


def leer_registro() -> dict[str, list]:
    """{territory: counts} added up over every bucket (two queries, once per request). The
    caller must not change it."""
    return _en_peticion(REGISTRO, _leer_registro)


def _leer_registro():
    territorios = {}
    for datos in resumenes.leer(REGISTRO).values():
        for clave, cuentas in datos.get("t", {}).items():
            suma = territorios.setdefault(clave, [0] * len(cuentas))
            for i, n in enumerate(cuentas):
                suma[i] += n
    return territorios


def leer_vigencias(hoy, peso_total=None) -> list[tuple[int, dict]] | None:
    """[(days from the bucket's anchor to `hoy`, bucket)] for every bucket, each usable for `hoy`
    (two queries, once per request; buckets anchored too far from `hoy`, or scored with other
    weights than `peso_total` when given, are computed here for `hoy`, five queries more). None
    when that would be many of them (a day long past): the caller reads the raw rows instead.
    The caller must not change it."""
    cubetas = _en_peticion(
        (VIGENCIAS, hoy),
        lambda: resumenes.leer(VIGENCIAS, calcular=lambda claves: calcular_vigencias(claves, hoy)),
    )
    return _en_peticion((VIGENCIAS, hoy, peso_total), lambda: _usables(cubetas, hoy, peso_total))


def _usables(cubetas, hoy, peso_total):
    listas, otras = [], []
    for clave, datos in cubetas.items():
        dias = (hoy - datetime.date.fromisoformat(datos["a"])).days
        # A bucket stored before its class held the readiness per route («q») is computed.
        vigente = peso_total is None or datos["w"] == peso_total
        if 0 <= dias <= VALIDEZ and vigente and "q" in datos:
            listas.append((dias, datos))
        else:
            otras.append(clave)
    if len(otras) > max(4, len(cubetas) // 4):
        return None
    if otras:
        listas.extend((0, datos) for datos in calcular_vigencias(otras, hoy).values() if datos)
    return listas


def antes_de(dias, par) -> int:
    """What a [on the anchor, caídas] pair holds `dias` days after the anchor."""
    inicial, caidas = par
    return inicial - sum(caidas[:dias])


def en_ventana(caidas, desde, hasta) -> int:
    return sum(n for dia, n in caidas if desde <= dia <= hasta)


# What marks a bucket --------------------------------------------------------------------------

_AUSENTE = object()


def _guardar_previo(instancia, campos, atributo):
    """Keep on the instance the stored values of `campos` (one query by primary key), for the
    receivers after the save to tell whether anything counted changed."""
    fila = type(instancia)._base_manager.filter(pk=instancia.pk).values(*campos).first()
    previa = None if fila is None else SimpleNamespace(**fila)
    setattr(instancia, atributo, previa)
    return previa


def _previo(campos, atributo):
    """An `antes` that only keeps the stored values (the bucket never changes: it is the id's)."""

    def antes(instancia):
        _guardar_previo(instancia, campos, atributo)
        return []

    return antes


def _cambio(atributo, firma):
    """Whether a save or delete changes what `firma` (what a row counts for) says: a save that
    leaves it as stored marks nothing (a Junta's phone number, a renewal waiting for review)."""

    def cambia(instancia):
        previa = instancia.__dict__.get(atributo, _AUSENTE)
        if previa is _AUSENTE or previa is None:
            return True
        return firma(previa) != firma(instancia)

    return cambia


def _firma_registro(organizacion):
    return (
        organizacion.tipo,
        organizacion.estado,
        organizacion.participa,
        organizacion.localidad_id,
        organizacion.unidad_comunera_id,
    )


def _firma_vigencias(organizacion):
    return (
        organizacion.tipo == Organizacion.Tipo.ASOJAC,
        organizacion.periodo_fin,
        organizacion.localidad_id,  # readiness per route by localidad
        organizacion.ruta,
    )


def _firma_fila(fila):
    if fila.estado != RequisitoJunta.Estado.CUMPLE:
        return None
    return (fila.organizacion_id, fila.requisito_id, fila.fecha_vencimiento)


def _firma_requisito(requisito):
    return (requisito.peso, requisito.activo)


ORGANIZACION = "_resumen_organizacion_previa"
FILA = "_resumen_fila_previa"
REQUISITO = "_resumen_requisito_previo"
_CAMPOS_ORGANIZACION = (
    "tipo",
    "estado",
    "participa",
    "localidad_id",
    "unidad_comunera_id",
    "periodo_fin",
    "ruta",
)


def _olvidar_previo(sender, instance, **kwargs):
    """A delete is always a change: forget the values kept by an earlier save."""
    for atributo in (ORGANIZACION, FILA, REQUISITO):
        instance.__dict__.pop(atributo, None)


def _organizacion(firma):
    cambia = _cambio(ORGANIZACION, firma)

    def claves_de(organizacion):
        _olvidar_lecturas()
        return [cubeta(organizacion.pk)] if cambia(organizacion) else []

    return claves_de


def _fila(fila):
    _olvidar_lecturas()
    if not _cambio(FILA, _firma_fila)(fila) or _firma_fila(fila) is None:
        return []
    return [cubeta(fila.organizacion_id)]


def _fila_antes(fila):
    """The bucket a requirement row leaves when it moves to another organization, or stops
    counting."""
    campos = ("organizacion_id", "requisito_id", "estado", "fecha_vencimiento")
    previa = _guardar_previo(fila, campos, FILA)
    if previa is None or _firma_fila(previa) is None or _firma_fila(previa) == _firma_fila(fila):
        return []
    return [cubeta(previa.organizacion_id)]


def _requisito(requisito):
    # A weight or the active flag changes every Junta's score and the threshold: every bucket.
    _olvidar_lecturas()
    if _cambio(REQUISITO, _firma_requisito)(requisito):
        return _claves()
    return []


def refrescar() -> int:
    """Recompute on today's anchor the «vigencias» buckets anchored more than REANCLAR days
    before today (or after it), in the caller's transaction; returns how many (daily, from
    `actualizar_puntajes`: about a second at 64,000 Juntas)."""
    hoy = timezone.localdate()
    viejas = []
    guardadas = Resumen.objects.filter(clase=VIGENCIAS).exclude(clave=resumenes.CONSTRUIDO)
    for clave, ancla in guardadas.values_list("clave", "datos__a"):
        try:
            dias = (hoy - datetime.date.fromisoformat(ancla)).days
        except (TypeError, ValueError):
            dias = None
        if dias is None or not 0 <= dias <= REANCLAR:
            viejas.append(clave)
    _lectura.reanclar = set(viejas)
    try:
        resumenes.actualizar(VIGENCIAS, viejas)
    finally:
        _lectura.reanclar = None
    return len(viejas)


# Classes bucketed by organization id as these are (`cubeta`): the registry's, and those of
# the apps above that register themselves here (`contratacion.resumenes`).
POR_ORGANIZACION = [REGISTRO, VIGENCIAS]


def marcar_organizaciones(ids):
    """For writes that skip the signals (the registry's bulk import): the buckets of these
    organizations, in every class bucketed by organization."""
    _olvidar_lecturas()
    claves = {cubeta(pk) for pk in ids if pk is not None}
    for nombre in POR_ORGANIZACION:
        resumenes.marcar(nombre, claves)


# For the apps above whose classes are bucketed like these.
rangos = _rangos
todas_las_claves = _claves
en_peticion = _en_peticion


def valores_guardados(organizacion, campos) -> tuple[bool, tuple | None]:
    """(read?, values): the stored values of `campos` (some of `_CAMPOS_ORGANIZACION`) as the
    registry read them before this save (one query for every class that needs them), None
    for a row not in the database; (False, None) when the registry did not read them (the
    caller reads them itself)."""
    previa = organizacion.__dict__.get(ORGANIZACION, _AUSENTE)
    if previa is _AUSENTE:
        return False, None
    if previa is None:
        return True, None
    return True, tuple(getattr(previa, c) for c in campos)


def si_cambia(firma):
    """`claves_de` for `Organizacion`: its bucket when a create, delete or save changes what
    `firma(organizacion)` says (known from the values the registry keeps before each save)."""
    return _organizacion(firma)


def conectar():
    """Register the registry's summary classes and what feeds them (called from `ready()`)."""
    resumenes.registrar(
        REGISTRO,
        calcular_varias=calcular_registro,
        claves=_claves,
    )
    resumenes.registrar(
        VIGENCIAS,
        calcular_varias=_vigencias_guardando,
        claves=_claves,
    )
    # One query before an organization's save reads what both classes compare with.
    resumenes.depende(
        REGISTRO,
        Organizacion,
        _organizacion(_firma_registro),
        antes=_previo(_CAMPOS_ORGANIZACION, ORGANIZACION),
    )
    resumenes.depende(VIGENCIAS, Organizacion, _organizacion(_firma_vigencias))
    resumenes.depende(VIGENCIAS, RequisitoJunta, _fila, antes=_fila_antes)
    resumenes.depende(
        VIGENCIAS, Requisito, _requisito, antes=_previo(("peso", "activo"), REQUISITO)
    )
    # A route's weight changes every Junta's readiness for that route: every bucket.
    resumenes.depende(VIGENCIAS, PesoRequisitoRuta, lambda _peso: _claves())
    request_started.connect(_empieza, dispatch_uid="resumenes-registro-inicio")
    request_finished.connect(_termina, dispatch_uid="resumenes-registro-fin")
    for modelo in (Organizacion, RequisitoJunta, Requisito):
        pre_delete.connect(
            _olvidar_previo, sender=modelo, dispatch_uid=f"resumen-previo-{modelo.__name__}"
        )
