"""Summary rows of SECOP II outcomes (`nucleo.resumenes`): what /tablero/contratacion/,
/transparencia/ and milestone 5's indicator show, added up from about 130 rows instead of
64,000 organizations, 50,000 contracts and every attendance and certificate row.

One class, «contratacion», split by organization id like the registry's (`juntas.resumenes`:
`TAMANO` ids a bucket; figures broken down by the territory each Junta is in now). A bucket
holds, for its Juntas (not Asociaciones):

- t: {territory: [Juntas, trained, with a supplier account, bid, contracted, and the last three
  among the trained]}; v: {territory: value of their contracts (pesos, text)}.
- r: {route: [contracts, Juntas with one, value]} (`selectors.Ruta`).
- d: {day: trained Juntas whose training day it is} (the median is the reference date of the
  Juntas not yet trained; it is taken over every bucket at read time).
- k: [trained Juntas, with a contract in the 12 months before their training day, after it].
- u: for each Junta not yet trained that has signed contracts, its signature days (ordinals):
  whether it signed before and after the reference date is told at read time.
- x: {day: trained Juntas whose first contract signed on or after their training day was
  signed that day} (the indicator counts those up to the day asked for).

«Trained» and «training day» are `selectors.comparacion`'s: the first held session someone of
the Junta attended, else its first valid certificate. Fed by contracts, processes awarded,
supplier accounts, registrations, sessions, certificates and the Juntas themselves; the
SECOP II sync writes in bulk and marks the buckets it touched (`marcar_juntas`).
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from capacitacion.models import Certificado, Inscripcion, Sesion
from juntas import resumenes as resumenes_juntas
from juntas.models import Organizacion
from nucleo import resumenes

from .models import Contrato, CuentaProveedor, Proceso
from .rutas import expresion_ruta

CONTRATACION = "contratacion"
DIAS_VENTANA = 365  # «12 months» before and after, as `selectors.DIAS_VENTANA`

# Order of a territory's counts.
JUNTAS, FORMADA, CON_CUENTA, OFERTO, CONTRATO = range(5)
ETAPAS = ("formada", "con_cuenta", "oferto", "contrato")


def _cubeta(organizacion_id) -> str:
    return resumenes_juntas.cubeta(organizacion_id)


def _en(claves, campo):
    return resumenes_juntas.rangos(claves, campo)


def calcular(claves) -> dict[str, dict]:
    """{bucket: its figures (module docstring)} for these buckets from the raw rows, in six
    grouped queries whatever their number."""
    claves = [str(c) for c in claves]
    juntas = {
        pk: (localidad, ucg)
        for pk, localidad, ucg in Organizacion.objects.filter(_en(claves, "id"))
        .exclude(tipo=Organizacion.Tipo.ASOJAC)
        .values_list("pk", "localidad_id", "unidad_comunera_id")
        .order_by()
    }
    if not juntas:
        return {c: {} for c in claves}
    zona = timezone.get_current_timezone()
    asistencia = dict(
        Inscripcion.objects.filter(
            _en(claves, "organizacion_id"), asistio=True, sesion__estado=Sesion.Estado.REALIZADA
        )
        .values("organizacion_id")
        .annotate(dia=Min(TruncDate("sesion__inicio", tzinfo=zona)))
        .values_list("organizacion_id", "dia")
        .order_by()
    )
    certificado = dict(
        Certificado.objects.filter(_en(claves, "organizacion_id"), anulado=False)
        .values("organizacion_id")
        .annotate(dia=Min("emitido"))
        .values_list("organizacion_id", "dia")
        .order_by()
    )
    con_cuenta = set(
        CuentaProveedor.objects.filter(_en(claves, "organizacion_id"))
        .values_list("organizacion_id", flat=True)
        .order_by()
    )
    adjudicadas = set(
        Proceso.objects.filter(_en(claves, "organizacion_adjudicada_id"))
        .values_list("organizacion_adjudicada_id", flat=True)
        .distinct()
        .order_by()
    )
    contratos = defaultdict(list)  # Junta → [(signature day, value, route)]
    for organizacion, firma, valor, ruta in (
        Contrato.objects.filter(_en(claves, "organizacion_id"))
        .annotate(ruta_=expresion_ruta())
        .values_list("organizacion_id", "fecha_firma", "valor", "ruta_")
        .order_by()
    ):
        contratos[organizacion].append((firma, valor, ruta))

    cubetas = {c: _vacia() for c in claves}
    for pk, (localidad, ucg) in juntas.items():
        datos = cubetas[_cubeta(pk)]
        datos["n"] += 1
        territorio = resumenes_juntas.territorio(localidad, ucg)
        dia = asistencia.get(pk) or certificado.get(pk)
        formada = dia is not None
        propios = contratos.get(pk, [])
        marcas = [
            True,
            formada,
            pk in con_cuenta,
            bool(propios) or pk in adjudicadas,
            bool(propios),
        ]
        cuentas = datos["t"].setdefault(territorio, [0] * 8)
        for i, marca in enumerate(marcas):
            cuentas[i] += marca
        if formada:
            for i, etapa in enumerate(marcas[CON_CUENTA:]):
                cuentas[CONTRATO + 1 + i] += etapa
        if propios:
            datos["v"][territorio] += sum((v for _f, v, _r in propios if v is not None), Decimal())
        for ruta in {r for _f, _v, r in propios}:
            datos["r"][ruta][1] += 1
        for _firma, valor, ruta in propios:
            datos["r"][ruta][0] += 1
            datos["r"][ruta][2] += valor or Decimal()
        firmas = sorted({f for f, _v, _r in propios if f is not None})
        if formada:
            datos["d"][dia.isoformat()] += 1
            desde, hasta = (
                dia - datetime.timedelta(DIAS_VENTANA),
                dia + datetime.timedelta(DIAS_VENTANA),
            )
            datos["k"][0] += 1
            datos["k"][1] += any(desde <= f < dia for f in firmas)
            datos["k"][2] += any(dia <= f < hasta for f in firmas)
            if tras := [f for f in firmas if f >= dia]:
                datos["x"][tras[0].isoformat()] += 1
        elif firmas:
            datos["u"].append([f.toordinal() for f in firmas])
    return {c: _guardable(datos) for c, datos in cubetas.items()}


def _vacia():
    return {
        "n": 0,
        "t": {},
        "v": defaultdict(Decimal),
        "r": defaultdict(lambda: [0, 0, Decimal()]),
        "d": defaultdict(int),
        "k": [0, 0, 0],
        "u": [],
        "x": defaultdict(int),
    }


def _guardable(datos) -> dict:
    if not datos["n"]:
        return {}
    return {
        "n": datos["n"],
        "t": datos["t"],
        "v": {t: str(v) for t, v in datos["v"].items()},
        "r": {r: [c, j, str(v)] for r, (c, j, v) in datos["r"].items()},
        "d": dict(datos["d"]),
        "k": datos["k"],
        "u": sorted(datos["u"]),
        "x": dict(datos["x"]),
    }


def _claves():
    return resumenes_juntas.todas_las_claves()


# Reading ---------------------------------------------------------------------------------------


def plegar(cubetas) -> dict:
    """Buckets folded into one of the same shape (what the readers below add up)."""
    if not cubetas:
        return {}
    total = {"n": 0, "t": {}, "v": defaultdict(Decimal), "r": {}, "d": defaultdict(int),
             "k": [0, 0, 0], "u": [], "x": defaultdict(int)}  # fmt: skip
    for datos in cubetas:
        total["n"] += datos["n"]
        for territorio, cuentas in datos["t"].items():
            suma = total["t"].setdefault(territorio, [0] * len(cuentas))
            total["t"][territorio] = [a + b for a, b in zip(suma, cuentas, strict=True)]
        for territorio, valor in datos["v"].items():
            total["v"][territorio] += Decimal(valor)
        for ruta, (contratos, juntas, valor) in datos["r"].items():
            c, j, v = total["r"].get(ruta, (0, 0, Decimal()))
            total["r"][ruta] = (c + contratos, j + juntas, v + Decimal(valor))
        for clave in ("d", "x"):
            for dia, n in datos[clave].items():
                total[clave][dia] += n
        total["k"] = [a + b for a, b in zip(total["k"], datos["k"], strict=True)]
        total["u"].extend(datos["u"])
    # The Juntas not yet trained, told against the reference date once here: the fold keeps
    # their counts («c»), not every signature day.
    dia = referencia([total])
    antes = despues = 0
    if dia is not None:
        centro = dia.toordinal()
        for firmas in total["u"]:
            antes += any(centro - DIAS_VENTANA <= f < centro for f in firmas)
            despues += any(centro <= f < centro + DIAS_VENTANA for f in firmas)
    return {
        **total,
        "v": {t: str(v) for t, v in total["v"].items()},
        "r": {r: [c, j, str(v)] for r, (c, j, v) in total["r"].items()},
        "d": dict(total["d"]),
        "u": [],
        "c": [dia.isoformat() if dia else None, antes, despues],
        "x": dict(total["x"]),
    }


def leer() -> list[dict]:
    """Every bucket's figures folded into one (`plegar`): one query when nothing is pending,
    once per request. The caller must not change them."""

    def plegado():
        datos = resumenes.leer_plegado(CONTRATACION)
        return [datos] if datos else []

    return resumenes_juntas.en_peticion((CONTRATACION,), plegado)


def por_territorio(cubetas) -> dict[str, tuple[list[int], Decimal]]:
    """{territory: (counts, value)} added up over the buckets."""
    territorios = {}
    for datos in cubetas:
        for territorio, cuentas in datos["t"].items():
            suma, valor = territorios.get(territorio, ([0] * len(cuentas), Decimal()))
            territorios[territorio] = (
                [a + b for a, b in zip(suma, cuentas, strict=True)],
                valor + Decimal(datos["v"].get(territorio, "0")),
            )
    return territorios


def por_ruta(cubetas) -> dict[str, tuple[int, int, Decimal]]:
    rutas = {}
    for datos in cubetas:
        for ruta, (contratos, juntas, valor) in datos["r"].items():
            c, j, v = rutas.get(ruta, (0, 0, Decimal()))
            rutas[ruta] = (c + contratos, j + juntas, v + Decimal(valor))
    return rutas


def referencia(cubetas) -> datetime.date | None:
    """The median training day (PostgreSQL's percentile_disc(0.5): the first day at which
    half the trained Juntas were trained)."""
    dias = defaultdict(int)
    for datos in cubetas:
        for dia, n in datos["d"].items():
            dias[dia] += n
    total = sum(dias.values())
    if not total:
        return None
    acumulado = 0
    for dia in sorted(dias):
        acumulado += dias[dia]
        if 2 * acumulado >= total:
            return datetime.date.fromisoformat(dia)
    return None  # pragma: no cover (the loop always reaches half)


def comparacion(cubetas) -> tuple[datetime.date | None, dict[bool, dict]]:
    """(reference day, {trained?: {juntas, antes_n, despues_n}})."""
    dia = referencia(cubetas)
    if dia is None:
        return None, {}
    centro = dia.toordinal()
    desde, hasta = centro - DIAS_VENTANA, centro + DIAS_VENTANA
    formadas = [0, 0, 0]
    no_formadas = [0, 0, 0]
    for datos in cubetas:
        for i, n in enumerate(datos["k"]):
            formadas[i] += n
        no_formadas[0] += datos["n"] - datos["k"][0]
        if "c" in datos:  # a fold: counted against its own reference, which is this one
            no_formadas[1] += datos["c"][1]
            no_formadas[2] += datos["c"][2]
        for firmas in datos["u"]:
            no_formadas[1] += any(desde <= f < centro for f in firmas)
            no_formadas[2] += any(centro <= f < hasta for f in firmas)
    return dia, {
        True: dict(zip(("juntas", "antes_n", "despues_n"), formadas, strict=True)),
        False: dict(zip(("juntas", "antes_n", "despues_n"), no_formadas, strict=True)),
    }


def contrataron_tras_formacion(cubetas, hoy: datetime.date) -> int:
    limite = hoy.isoformat()
    return sum(n for datos in cubetas for dia, n in datos["x"].items() if dia <= limite)


# What marks a bucket ---------------------------------------------------------------------------


def marcar_juntas(ids):
    """For the writes that skip the signals (the SECOP II sync's bulk upserts): the buckets of
    these organizations."""
    resumenes.marcar(CONTRATACION, {_cubeta(pk) for pk in ids if pk is not None})


def _por(campo):
    def claves_de(fila):
        valor = getattr(fila, campo)
        return [] if valor is None else [_cubeta(valor)]

    return claves_de


def _antes_por(modelo, campo):
    """The bucket a row leaves when its organization changes (one query by primary key)."""

    def antes(fila):
        previa = modelo._base_manager.filter(pk=fila.pk).values_list(campo, flat=True).first()
        if previa is None or previa == getattr(fila, campo):
            return []
        return [_cubeta(previa)]

    return antes


def _inscripcion_antes(inscripcion):
    """Known from what the registration was loaded with (`capacitacion.resumenes.formacion`
    keeps it, post_init), else read."""
    previa = getattr(inscripcion, "_identidad_cargada", None)
    if previa is None or None in previa:
        return _antes_por(Inscripcion, "organizacion_id")(inscripcion)
    organizacion = previa[1]
    if organizacion == inscripcion.organizacion_id:
        return []
    return [_cubeta(organizacion)]


def _sesion_antes(sesion):
    """A session held or no longer held, or moved to another day, changes its attendees'
    training day."""
    previa = Sesion.objects.filter(pk=sesion.pk).values_list("estado", "inicio").first()
    if previa is None:
        return []
    estado, inicio = previa
    realizada = Sesion.Estado.REALIZADA
    if (estado == realizada) == (sesion.estado == realizada) and (
        estado != realizada or inicio == sesion.inicio
    ):
        return []
    return {
        _cubeta(pk)
        for pk in Inscripcion.objects.filter(sesion_id=sesion.pk, asistio=True)
        .values_list("organizacion_id", flat=True)
        .distinct()
        .order_by()
        if pk is not None
    }


def _firma_organizacion(organizacion):
    return (
        organizacion.tipo == Organizacion.Tipo.ASOJAC,
        organizacion.localidad_id,
        organizacion.unidad_comunera_id,
    )


def conectar():
    """Register the class and what feeds it (called from `ready()`)."""
    resumenes.registrar(CONTRATACION, calcular_varias=calcular, claves=_claves, plegar=plegar)
    resumenes_juntas.POR_ORGANIZACION.append(CONTRATACION)
    for modelo, campo in (
        (Contrato, "organizacion_id"),
        (CuentaProveedor, "organizacion_id"),
        (Proceso, "organizacion_adjudicada_id"),
        (Certificado, "organizacion_id"),
    ):
        resumenes.depende(CONTRATACION, modelo, _por(campo), antes=_antes_por(modelo, campo))
    resumenes.depende(CONTRATACION, Inscripcion, _por("organizacion_id"), antes=_inscripcion_antes)
    resumenes.depende(CONTRATACION, Sesion, lambda _sesion: [], antes=_sesion_antes)
    # The registry keeps what an organization was saved with (one query before its save).
    resumenes.depende(CONTRATACION, Organizacion, resumenes_juntas.si_cambia(_firma_organizacion))
