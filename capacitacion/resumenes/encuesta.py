"""Summary rows of the encuesta domain: the needs-survey dashboard's figures per territory cell.

Class `diagnostico`: a bucket is a *cell* of organizations, those of one type, localidad, UCG and
participation (`JAC|3|14|1`). The dashboard's filters (type, localidad, UCG) and its rule
(participating first-grade Juntas) are unions of cells, and the milestones' survey figures
(every organization) are the sum of all of them: 75 cells at 64,000 Juntas, which the
dashboard reads and adds up.

A cell is too big to recompute from the raw rows on every write (4,500 Juntas and 150,000
answers in the largest at 64,000: half a second), so it is the sum of its *blocks*, class
`bloques-diagnostico`: the cell's organizations by ranges of `TAMANO_BLOQUE` primary keys
(`JAC|3|14|1#7`). A write recomputes its block from the raw rows (a few hundred Juntas at most),
then the cell from its blocks' stored rows.

What a cell or a block holds (JSON; ids as strings, scores as integers in hundredths so sums
stay exact; every piece adds up from blocks to cells to the dashboard's filters):

- ``n``: organizations.
- ``i``: per instrument, ``e`` submitted responses; ``d`` per dimension [n, Σ puntaje,
  Σ puntaje²] of their dimension scores; ``v`` answers per (question, value) and ``m`` choices
  per (question, code), as `selectors.encuesta.distribucion` counts them; ``j`` per
  multiple-choice question, the responses (Juntas) that chose something.
- ``f``: per instrument family (name), per dimension group «orden|nombre», [n base, Σ base,
  n follow-up, Σ follow-up, Juntas] over the Juntas that submitted both rounds.
- ``r``: [Juntas with a submitted baseline, with a submitted follow-up, Σ of each Junta's index
  change (as PostgreSQL computes it, see `promedio`), its scale, Juntas with both].

Only submitted responses count, so saving a draft (every survey step) marks nothing and costs
no query: each row's response is read from the instance when Django already holds it, and a
response's loaded state is noted when it is loaded (`post_init`), so a save can tell what it
changed without asking the database.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, localcontext

from asgiref.local import Local
from django.db.models import Count, F, Max, Q
from django.db.models.signals import post_init, pre_delete, pre_save

from juntas.models import Organizacion
from nucleo import resumenes
from nucleo.models import Resumen

from ..models.encuesta import (
    Dimension,
    Instrumento,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
    Seleccion,
)

# The cells, what dashboards read; and their blocks, what writes recompute (the name sorts first:
# `reconstruir()` rebuilds the blocks before the cells made of them).
CLASE = "diagnostico"
BLOQUES = "bloques-diagnostico"
# Organizations by primary key: a cell's organizations split into blocks of at most this many
# (a block is what one write recomputes from the raw rows; a cell, the sum of its blocks).
TAMANO_BLOQUE = 2048
# Blocks (or cells) computed per batch of queries: a rebuild holds at most this many blocks' raw
# rows at once; a read computes up to this many pending ones in the same queries.
LOTE = 64
ENVIADAS = tuple(Respuesta.ENVIADAS)
BASE, SEGUIMIENTO = Instrumento.Ronda.LINEA_BASE, Instrumento.Ronda.SEGUIMIENTO


# PostgreSQL's AVG over numeric, reproduced ---------------------------------------------------
# The raw selectors return AVG(numeric) as PostgreSQL rounds it (`numeric_div`: at least 16
# significant digits, half away from zero), and some return it unrounded (the index change):
# the summaries add exact sums and divide the same way, so both give the same Decimal.


def _peso(valor: Decimal) -> tuple[int, int]:
    """PostgreSQL's weight (power of 10000) and first base-10000 digit of a number."""
    if not valor:
        return 0, 0
    valor = abs(valor)
    peso = valor.adjusted() // 4
    return peso, int(valor.scaleb(-4 * peso))


def promedio(suma, escala: int, n: int) -> tuple[Decimal, int]:
    """(suma / n, its scale) as PostgreSQL's AVG returns it for a numeric sum of scale `escala`
    over `n` rows (`select_div_scale` and `div_var` with rounding)."""
    suma = Decimal(suma)
    peso1, cifra1 = _peso(suma)
    peso2, cifra2 = _peso(Decimal(n))
    cociente = peso1 - peso2 - (1 if cifra1 <= cifra2 else 0)
    escala_resultado = min(max(16 - 4 * cociente, escala, 0), 1000)
    with localcontext() as contexto:
        contexto.prec = 200
        valor = (suma / Decimal(n)).quantize(
            Decimal(1).scaleb(-escala_resultado), rounding=ROUND_HALF_UP
        )
    return valor, escala_resultado


def _exacto(valor, escala: int) -> int:
    """A numeric sum of `escala` decimals as an integer (hundredths, ten-thousandths)."""
    return int((valor or 0) * 10**escala)


# Cells and blocks ------------------------------------------------------------------------------


def clave(tipo, localidad_id, unidad_comunera_id, participa) -> str:
    return f"{tipo}|{localidad_id or '-'}|{unidad_comunera_id or '-'}|{int(bool(participa))}"


def partes(clave_celda: str) -> tuple[str, int | None, int | None, bool]:
    """(tipo, localidad id, UCG id, participa) of a cell."""
    tipo, localidad, ucg, participa = clave_celda.split("|")
    return (
        tipo,
        None if localidad == "-" else int(localidad),
        None if ucg == "-" else int(ucg),
        participa == "1",
    )


def clave_de(organizacion: Organizacion) -> str:
    """The organization's cell."""
    return clave(*(getattr(organizacion, c) for c in CAMPOS_CELDA))


def bloque(celda: str, organizacion_id: int) -> str:
    return f"{celda}#{organizacion_id // TAMANO_BLOQUE}"


def celda_de_bloque(clave_bloque: str) -> str:
    return clave_bloque.split("#")[0]


def bloque_de(organizacion: Organizacion) -> str:
    return bloque(clave_de(organizacion), organizacion.pk)


CAMPOS_CELDA = ("tipo", "localidad_id", "unidad_comunera_id", "participa")


def _bloque_de_organizacion(organizacion_id) -> str | None:
    fila = Organizacion.objects.filter(pk=organizacion_id).values_list(*CAMPOS_CELDA).first()
    return bloque(clave(*fila), organizacion_id) if fila else None


def _en_bloque(clave_bloque: str) -> dict:
    celda, numero = clave_bloque.split("#")
    tipo, localidad, ucg, participa = partes(celda)
    desde = int(numero) * TAMANO_BLOQUE
    return {
        "tipo": tipo,
        "localidad_id": localidad,  # None filters IS NULL
        "unidad_comunera_id": ucg,
        "participa": participa,
        "pk__gte": desde,
        "pk__lt": desde + TAMANO_BLOQUE,
    }


def claves() -> list[str]:
    """Every cell holding organizations now."""
    return sorted({celda_de_bloque(b) for b in claves_de_bloques()})


def claves_de_bloques() -> list[str]:
    """Every block holding organizations now."""
    filas = (
        Organizacion.objects.annotate(numero=F("pk") / TAMANO_BLOQUE)
        .values_list(*CAMPOS_CELDA, "numero")
        .distinct()
        .order_by()
    )
    return [f"{clave(*celda)}#{numero}" for *celda, numero in filas]


def leer_celdas() -> dict[str, dict]:
    """Every cell's figures, current (`nucleo.resumenes.leer`: two queries)."""
    return resumenes.leer(CLASE)


def calcular_celdas(celdas: list[str]) -> dict[str, dict]:
    """Cells' figures: each the sum of its blocks' (stored, or computed from the raw rows if
    pending, all in the same queries; four queries however many cells)."""
    ultimo = Organizacion.objects.aggregate(ultimo=Max("pk"))["ultimo"] or 0
    numeros = range(ultimo // TAMANO_BLOQUE + 1)
    bloques = resumenes.leer(BLOQUES, [f"{celda}#{n}" for celda in celdas for n in numeros])
    de_celda = {}
    for clave_bloque, datos in bloques.items():
        de_celda.setdefault(celda_de_bloque(clave_bloque), []).append(datos)
    return {celda: sumar(de_celda.get(celda, ())) for celda in celdas}


def sumar(partes_: Iterable[dict]) -> dict:
    """Figures of a union of organizations from those of its parts (cells or blocks): counts and
    sums add up; Juntas are counted once because the parts do not share any."""
    total = {}
    for datos in partes_:
        total["n"] = total.get("n", 0) + datos["n"]
        for instrumento, suyo in datos.get("i", {}).items():
            mio = total.setdefault("i", {}).setdefault(
                instrumento, {"e": 0, "d": {}, "v": {}, "m": {}, "j": {}}
            )
            mio["e"] += suyo["e"]
            for dimension, piezas in suyo["d"].items():
                _sumar_lista(mio["d"], dimension, piezas)
            for tipo in ("v", "m"):
                for pregunta, conteos in suyo[tipo].items():
                    destino = mio[tipo].setdefault(pregunta, {})
                    for valor, n in conteos.items():
                        destino[valor] = destino.get(valor, 0) + n
            for pregunta, n in suyo.get("j", {}).items():
                mio["j"][pregunta] = mio["j"].get(pregunta, 0) + n
        for familia, grupos in datos.get("f", {}).items():
            destino = total.setdefault("f", {}).setdefault(familia, {})
            for grupo, piezas in grupos.items():
                _sumar_lista(destino, grupo, piezas)
        if "r" in datos:
            base, seguimiento, cambio, escala, pares = datos["r"]
            anterior = total.get("r", [0, 0, "0", 0, 0])
            with localcontext() as contexto:
                contexto.prec = 200
                suma = str(Decimal(anterior[2]) + Decimal(cambio))
            total["r"] = [
                anterior[0] + base,
                anterior[1] + seguimiento,
                suma,
                max(anterior[3], escala),
                anterior[4] + pares,
            ]
    return total


def _sumar_lista(destino, clave_, piezas):
    acumulado = destino.setdefault(clave_, [0] * len(piezas))
    for i, valor in enumerate(piezas):
        acumulado[i] += valor


def _en_bloques(claves_bloques) -> Q:
    condicion = Q()
    for clave_bloque in claves_bloques:
        condicion |= Q(**_en_bloque(clave_bloque))
    return condicion


def calcular_bloques(claves_bloques: list[str]) -> dict[str, dict]:
    """Blocks' figures from the raw rows, all of them in the same queries (seven at most; small
    ones by primary key, none joins the responses' table, which would make PostgreSQL read it
    whole). A rebuild asks for them `LOTE` at a time."""
    if not claves_bloques:
        return {}
    bloque_de_org = {
        pk: bloque(clave(*celda), pk)
        for pk, *celda in Organizacion.objects.filter(_en_bloques(claves_bloques)).values_list(
            "pk", *CAMPOS_CELDA
        )
    }
    pedidos = set(claves_bloques)
    bloque_de_org = {pk: b for pk, b in bloque_de_org.items() if b in pedidos}
    datos = {}
    for b in bloque_de_org.values():
        datos.setdefault(b, {"n": 0})["n"] += 1
    if not datos:
        return {}
    respuestas = list(
        Respuesta.objects.filter(estado__in=ENVIADAS, organizacion_id__in=list(bloque_de_org))
        .values_list("pk", "instrumento_id", "organizacion_id", "indice")
        .order_by()
    )
    if not respuestas:
        return datos
    bloque_de_respuesta = {pk: bloque_de_org[org] for pk, _i, org, _x in respuestas}
    instrumento_de = {pk: instrumento_id for pk, instrumento_id, _org, _indice in respuestas}
    instrumentos = {}  # block → instrument → figures
    for pk, instrumento_id, _org, _indice in respuestas:
        suyo = instrumentos.setdefault(bloque_de_respuesta[pk], {}).setdefault(
            str(instrumento_id), {"e": 0, "d": {}, "v": {}, "m": {}, "j": {}}
        )
        suyo["e"] += 1

    def de_respuesta(respuesta_id):
        return instrumentos[bloque_de_respuesta[respuesta_id]][str(instrumento_de[respuesta_id])]

    # Dimension scores, a row each (a few per response): summed here, and for the rounds.
    puntajes = list(
        PuntajeDimension.objects.filter(respuesta_id__in=list(instrumento_de))
        .values_list("respuesta_id", "dimension_id", "puntaje")
        .order_by()
    )
    for respuesta_id, dimension_id, puntaje in puntajes:
        centesimas = _exacto(puntaje, 2)
        piezas = de_respuesta(respuesta_id)["d"].setdefault(str(dimension_id), [0, 0, 0])
        piezas[0] += 1
        piezas[1] += centesimas
        piezas[2] += centesimas * centesimas
    respondidas = RespuestaPregunta.objects.filter(respuesta_id__in=list(instrumento_de))
    simples = (
        respondidas.exclude(valor="")
        .values_list("respuesta_id", "pregunta_id", "valor")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for respuesta_id, pregunta_id, valor, cuantas in simples:
        conteos = de_respuesta(respuesta_id)["v"].setdefault(str(pregunta_id), {})
        conteos[valor] = conteos.get(valor, 0) + cuantas
    # Choices exist only on answers that hold them in `valores` (`Seleccion`'s one writer
    # keeps both in step): looking only there keeps the lookup on the index.
    multiples = (
        Seleccion.objects.filter(
            respuesta_pregunta__in=respondidas.exclude(valores=[]).values("pk")
        )
        .values_list("respuesta_pregunta__respuesta_id", "pregunta_id", "codigo")
        .annotate(n=Count("pk"))
        .order_by()
    )
    respondieron = set()  # (response, multiple-choice question) with a choice
    for respuesta_id, pregunta_id, codigo, cuantas in multiples:
        suyo = de_respuesta(respuesta_id)
        conteos = suyo["m"].setdefault(str(pregunta_id), {})
        conteos[codigo] = conteos.get(codigo, 0) + cuantas
        if (respuesta_id, pregunta_id) not in respondieron:
            respondieron.add((respuesta_id, pregunta_id))
            suyo["j"][str(pregunta_id)] = suyo["j"].get(str(pregunta_id), 0) + 1
    meta = {
        pk: (nombre, ronda, proposito)
        for pk, nombre, ronda, proposito in Instrumento.objects.filter(
            pk__in=set(instrumento_de.values())
        ).values_list("pk", "nombre", "ronda", "proposito")
    }
    por_bloque = {}
    for fila in respuestas:
        por_bloque.setdefault(bloque_de_respuesta[fila[0]], []).append(fila)
    puntajes_de = {}
    for fila in puntajes:
        puntajes_de.setdefault(bloque_de_respuesta[fila[0]], []).append(fila)
    dimensiones = None
    for b, suyas in por_bloque.items():
        datos[b]["i"] = instrumentos[b]
        if dimensiones is None and _con_ambas(suyas, meta):
            dimensiones = {
                pk: f"{orden}|{nombre}"
                for pk, orden, nombre in Dimension.objects.values_list("pk", "orden", "nombre")
            }
        familias = _familias(suyas, meta, puntajes_de.get(b, ()), dimensiones)
        if familias:
            datos[b]["f"] = familias
        rondas = _rondas(suyas, meta)
        if rondas:
            datos[b]["r"] = rondas
    return datos


def _con_ambas(respuestas, meta) -> bool:
    """Whether some Junta of these responses submitted both rounds of an instrument family."""
    rondas = {}
    for _pk, instrumento_id, organizacion_id, _indice in respuestas:
        nombre, ronda, _proposito = meta[instrumento_id]
        rondas.setdefault((nombre, organizacion_id), set()).add(ronda)
    return any({BASE, SEGUIMIENTO} <= suyas for suyas in rondas.values())


def _familias(respuestas, meta, puntajes, dimensiones) -> dict:
    """Baseline vs follow-up pieces per instrument family, as `comparacion_rondas` groups them:
    dimension scores of the family's submitted responses (any round) of the Juntas that
    submitted both rounds of it, per dimension name and order."""
    rondas = {}  # (family, org) → rounds submitted
    for _pk, instrumento_id, organizacion_id, _indice in respuestas:
        nombre, ronda, _proposito = meta[instrumento_id]
        rondas.setdefault((nombre, organizacion_id), set()).add(ronda)
    ambas = {par for par, suyas in rondas.items() if {BASE, SEGUIMIENTO} <= suyas}
    de_ambas = {
        pk: (meta[instrumento_id][0], meta[instrumento_id][1], organizacion_id)
        for pk, instrumento_id, organizacion_id, _indice in respuestas
        if (meta[instrumento_id][0], organizacion_id) in ambas
    }
    if not de_ambas:
        return {}
    sumas, juntas = {}, {}
    for respuesta_id, dimension_id, puntaje in puntajes:
        if respuesta_id not in de_ambas:
            continue
        familia, ronda, organizacion_id = de_ambas[respuesta_id]
        grupo = dimensiones[dimension_id]
        piezas = sumas.setdefault(familia, {}).setdefault(grupo, [0, 0, 0, 0, 0])
        if ronda == BASE:
            piezas[0] += 1
            piezas[1] += _exacto(puntaje, 2)
        elif ronda == SEGUIMIENTO:
            piezas[2] += 1
            piezas[3] += _exacto(puntaje, 2)
        juntas.setdefault((familia, grupo), set()).add(organizacion_id)
    for (familia, grupo), de_juntas in juntas.items():
        sumas[familia][grupo][4] = len(de_juntas)
    return sumas


def _rondas(respuestas, meta) -> list | None:
    """The pieces of `resumen_de_encuestas`: Juntas with each round of the needs survey, and the
    sum of each Junta's index change (its follow-up average minus its baseline average, each as
    PostgreSQL's AVG gives it) over those with an index in both."""
    por_junta = {}  # org → {round: [responses, indices, Σ index]}
    for _pk, instrumento_id, organizacion_id, indice in respuestas:
        _nombre, ronda, proposito = meta[instrumento_id]
        if proposito != Instrumento.Proposito.DIAGNOSTICO or ronda not in (BASE, SEGUIMIENTO):
            continue
        piezas = por_junta.setdefault(organizacion_id, {}).setdefault(ronda, [0, 0, Decimal(0)])
        piezas[0] += 1
        if indice is not None:
            piezas[1] += 1
            piezas[2] += indice
    if not por_junta:
        return None
    con_base = con_seguimiento = pares = escala = 0
    suma = Decimal(0)
    with localcontext() as contexto:
        contexto.prec = 200
        for suyas in por_junta.values():
            con_base += BASE in suyas
            con_seguimiento += SEGUIMIENTO in suyas
            base, seguimiento = suyas.get(BASE), suyas.get(SEGUIMIENTO)
            if base and seguimiento and base[1] and seguimiento[1]:
                valor_base, escala_base = promedio(base[2], 2, base[1])
                valor_seguimiento, escala_seguimiento = promedio(seguimiento[2], 2, seguimiento[1])
                suma += valor_seguimiento - valor_base
                escala = max(escala, escala_base, escala_seguimiento)
                pares += 1
    return [con_base, con_seguimiento, str(suma), escala, pares]


# What feeds the summaries ----------------------------------------------------------------------
# Each write names the blocks it changes (below); `_marcar_bloques` marks them in the blocks' class
# and returns their cells, which `depende` marks in the cells' class: after the commit the blocks
# are recomputed from the raw rows, then their cells from the blocks.
#
# Answers, choices and scores count only through a submitted response; the block is the
# response's organization's. Django usually holds the response on the row already (rows reached
# through `respuesta.respuestas`/`respuesta.puntajes`, or built with it): then no query is made.
# Rows deleted in cascade have their response noted by `pre_delete` (`_borrando`).

_borrando = Local()  # {model: {pk: block or None}} of responses and answers being deleted


def _borrandose(modelo) -> dict:
    if getattr(_borrando, "filas", None) is None:
        _borrando.filas = {}
    return _borrando.filas.setdefault(modelo, {})


def _estado_cargado(sender, instance, **kwargs):
    """A response's state as loaded (or built): lets a save tell what it changed."""
    valores = instance.__dict__
    if "estado" in valores and "organizacion_id" in valores and "instrumento_id" in valores:
        instance._diagnostico_cargado = _estado(instance)


# What a response that is not stored yet "was": nothing, counted nowhere.
NADA = (False, None, None, None)


def _nueva(sender, instance, raw=False, **kwargs):
    """A response about to be created was nothing before (not what it was built with)."""
    if instance._state.adding:
        instance._diagnostico_cargado = NADA


def _estado(respuesta):
    return (
        respuesta.estado in ENVIADAS,
        respuesta.organizacion_id,
        respuesta.instrumento_id,
        respuesta.indice,
    )


def _bloque_de_respuesta_guardada(respuesta: Respuesta) -> str | None:
    if Respuesta.organizacion.is_cached(respuesta) and respuesta.organizacion is not None:
        return bloque_de(respuesta.organizacion)
    return _bloque_de_organizacion(respuesta.organizacion_id)


def bloques_de_respuesta(respuesta: Respuesta) -> list[str]:
    """The blocks a response's save or delete changes: none while it stays a draft, none when
    a review only changes its submitted state (enviada → aprobada)."""
    ahora = _estado(respuesta)
    antes = respuesta.__dict__.get("_diagnostico_cargado")
    borrada = respuesta.__dict__.pop("_diagnostico_borrada", False)
    respuesta._diagnostico_cargado = ahora
    if borrada:
        _borrandose(Respuesta).pop(respuesta.pk, None)
        if ahora[0] or (antes and antes[0]):
            return [_bloque_de_respuesta_guardada(respuesta)]
        return []
    if antes == ahora:
        return []
    bloques = []
    if ahora[0]:
        bloques.append(_bloque_de_respuesta_guardada(respuesta))
    if antes is None:
        # Loaded without its state (`only()`, `defer()`): `antes_de_respuesta` read the old row.
        bloques.extend(respuesta.__dict__.pop("_diagnostico_previos", []))
    elif antes[0]:
        bloques.append(_bloque_de_organizacion(antes[1]))
    return bloques


def _bloque_de_respuesta_enviada(**filtro) -> str | None:
    fila = (
        Respuesta.objects.filter(estado__in=ENVIADAS, **filtro)
        .values_list(*(f"organizacion__{c}" for c in CAMPOS_CELDA), "organizacion_id")
        .first()
    )
    return bloque(clave(*fila[:-1]), fila[-1]) if fila else None


def antes_de_respuesta(respuesta: Respuesta) -> list[str]:
    """Only for a response loaded without its state: the block its old row counted in."""
    if respuesta.__dict__.get("_diagnostico_cargado") is None:
        respuesta._diagnostico_previos = [_bloque_de_respuesta_enviada(pk=respuesta.pk)]
    return []


def _respuesta_borrandose(sender, instance, **kwargs):
    """Before a delete (its own or in cascade): note the response's block for the rows that
    go with it, and that it is leaving."""
    instance._diagnostico_borrada = True
    antes = instance.__dict__.get("_diagnostico_cargado")
    enviada = instance.estado in ENVIADAS or bool(antes and antes[0])
    _borrandose(Respuesta)[instance.pk] = (
        _bloque_de_respuesta_guardada(instance) if enviada else None
    )


def _bloque_de_respuesta_id(respuesta_id) -> str | None:
    """The block of a stored response if it is submitted (one query, or none while it is
    being deleted)."""
    borrandose = _borrandose(Respuesta)
    if respuesta_id in borrandose:
        return borrandose[respuesta_id]
    return _bloque_de_respuesta_enviada(pk=respuesta_id)


def _bloque_por_respuesta(fila) -> str | None:
    """The block of a row that belongs to a response (answer, dimension score)."""
    if type(fila).respuesta.is_cached(fila):
        respuesta = fila.respuesta
        if respuesta.estado not in ENVIADAS:
            return None
        return _bloque_de_respuesta_guardada(respuesta)
    return _bloque_de_respuesta_id(fila.respuesta_id)


def bloques_de_fila(fila) -> list[str]:
    return [_bloque_por_respuesta(fila)]


def bloques_de_respuesta_pregunta(fila: RespuestaPregunta) -> list[str]:
    _borrandose(RespuestaPregunta).pop(fila.pk, None)
    return bloques_de_fila(fila)


def _respuesta_pregunta_borrandose(sender, instance, **kwargs):
    _borrandose(RespuestaPregunta)[instance.pk] = _bloque_por_respuesta(instance)


def bloques_de_seleccion(seleccion: Seleccion) -> list[str]:
    if Seleccion.respuesta_pregunta.is_cached(seleccion):
        return [_bloque_por_respuesta(seleccion.respuesta_pregunta)]
    borrandose = _borrandose(RespuestaPregunta)
    if seleccion.respuesta_pregunta_id in borrandose:
        return [borrandose[seleccion.respuesta_pregunta_id]]
    return [_bloque_de_respuesta_enviada(respuestas__pk=seleccion.respuesta_pregunta_id)]


# Organizations: their own block on create and delete; both blocks when one moves (a save that
# changes no cell field, a phone say, marks nothing).


def antes_de_organizacion(organizacion: Organizacion) -> list[str]:
    anterior = _bloque_de_organizacion(organizacion.pk)
    organizacion._diagnostico_bloque_anterior = anterior
    return [anterior] if anterior != bloque_de(organizacion) else []


def bloques_de_organizacion(organizacion: Organizacion) -> list[str]:
    anterior = organizacion.__dict__.pop("_diagnostico_bloque_anterior", False)
    actual = bloque_de(organizacion)
    return [] if anterior == actual else [actual]


# Instruments and dimensions: a family (name), round or purpose, or a dimension's name or order,
# is part of every cell's figures: changing one rebuilds them all.


def _guardadas(clase):
    return list(
        Resumen.objects.filter(clase=clase)
        .exclude(clave=resumenes.CONSTRUIDO)
        .values_list("clave", flat=True)
    )


def _si_cambia(modelo, campos):
    def antes(instancia):
        fila = modelo.objects.filter(pk=instancia.pk).values_list(*campos).first()
        if fila is None or fila == tuple(getattr(instancia, c) for c in campos):
            return []
        return claves_de_bloques() + _guardadas(BLOQUES)

    return antes


def _marcar_bloques(bloques_de):
    """`bloques_de(instance)` → blocks: marks them (blocks' class) and returns their cells
    (for `depende` to mark in the cells' class, after them)."""

    def celdas_de(instancia):
        bloques = {b for b in bloques_de(instancia) or () if b}
        if not bloques:
            return []
        resumenes.marcar(BLOQUES, bloques)
        return sorted({celda_de_bloque(b) for b in bloques})

    return celdas_de


def conectar():
    """Register this domain's summary classes and what feeds them (called from `ready()`)."""
    resumenes.registrar(
        BLOQUES, calcular_varias=calcular_bloques, claves=claves_de_bloques, lote=LOTE
    )
    resumenes.registrar(CLASE, calcular_varias=calcular_celdas, claves=claves, lote=LOTE)
    post_init.connect(_estado_cargado, sender=Respuesta, dispatch_uid="diagnostico-cargado")
    pre_save.connect(_nueva, sender=Respuesta, dispatch_uid="diagnostico-respuesta-nueva")
    pre_delete.connect(
        _respuesta_borrandose, sender=Respuesta, dispatch_uid="diagnostico-borrando-respuesta"
    )
    pre_delete.connect(
        _respuesta_pregunta_borrandose,
        sender=RespuestaPregunta,
        dispatch_uid="diagnostico-borrando-respuesta-pregunta",
    )
    for modelo, bloques_de, antes in [
        (Respuesta, bloques_de_respuesta, antes_de_respuesta),
        (PuntajeDimension, bloques_de_fila, None),
        (RespuestaPregunta, bloques_de_respuesta_pregunta, None),
        (Seleccion, bloques_de_seleccion, None),
        (Organizacion, bloques_de_organizacion, antes_de_organizacion),
        (Instrumento, None, _si_cambia(Instrumento, ("nombre", "ronda", "proposito"))),
        (Dimension, None, _si_cambia(Dimension, ("nombre", "orden"))),
    ]:
        resumenes.depende(
            CLASE,
            modelo,
            _marcar_bloques(bloques_de or (lambda instancia: [])),
            antes=_marcar_bloques(antes) if antes else None,
        )
