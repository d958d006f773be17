"""The survey engine's reads: a Junta's steps and progress, its profile, and the results
dashboard (progress by territory, scores by dimension, heat map, answers per option, rounds).

Knows nothing of training.
"""

import math
from decimal import Decimal, localcontext

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from juntas.models import Dignatario, Localidad, Organizacion, UnidadComunera
from nucleo.numeros import es_co

from ..forms.encuesta import nombre_campo
from ..models.encuesta import (
    Dimension,
    Instrumento,
    Pregunta,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
    Seleccion,
)
from ..reglas import respondida, visibles
from ..resumenes import encuesta as resumen


def pasos(preguntas: list[Pregunta]) -> list[tuple]:
    """[(dimension, questions)] in order: one page per dimension that has questions."""
    por_dimension = {}
    for pregunta in preguntas:
        por_dimension.setdefault(pregunta.dimension, []).append(pregunta)
    return sorted(por_dimension.items(), key=lambda par: (par[0].orden, par[0].pk))


def progreso(preguntas: list[Pregunta], respuestas: dict[int, RespuestaPregunta]) -> int:
    """Share (0-100) of the visible questions already answered."""
    mostradas = visibles(preguntas, respuestas)
    if not mostradas:
        return 0
    hechas = sum(respondida(p, respuestas.get(p.pk)) for p in mostradas)
    return round(100 * hechas / len(mostradas))


def condiciones_del_paso(preguntas: list[Pregunta]) -> dict[str, list[str]]:
    """For the page's script: field → (field it depends on, value that shows it)."""
    codigos = {p.pk: p for p in preguntas}
    return {
        nombre_campo(p): [nombre_campo(codigos[p.condicion_pregunta_id]), p.condicion_valor]
        for p in preguntas
        if p.condicion_pregunta_id in codigos
    }


def texto_de_respuesta(pregunta: Pregunta, fila: RespuestaPregunta | None) -> str:
    """An answer as the person chose it: the options' texts, not their codes; es-CO numbers
    and dates; "" when unanswered."""
    if fila is None or not respondida(pregunta, fila):
        return ""
    textos = {o.codigo: o.texto for o in pregunta.opciones.all()}
    if fila.valores:
        return ", ".join(textos.get(codigo, codigo) for codigo in fila.valores)
    if fila.valor:
        return textos.get(fila.valor, fila.valor)
    if fila.numero is not None:
        return es_co(fila.numero)
    if fila.fecha is not None:
        return fila.fecha.strftime("%d/%m/%Y")
    return fila.texto


def resumen_de_respuestas(
    preguntas: list[Pregunta], respuestas: dict[int, RespuestaPregunta]
) -> list[dict]:
    """Step by step, each question the Junta sees with its answer ("" when unanswered), for the
    review before sending."""
    mostradas = {p.pk for p in visibles(preguntas, respuestas)}
    resumen_por_paso = []
    for numero, (dimension, del_paso) in enumerate(pasos(preguntas), start=1):
        filas = [
            {"pregunta": p, "respuesta": texto_de_respuesta(p, respuestas.get(p.pk))}
            for p in del_paso
            if p.pk in mostradas
        ]
        if filas:
            resumen_por_paso.append({"numero": numero, "dimension": dimension, "filas": filas})
    return resumen_por_paso


def primer_paso_pendiente(preguntas: list[Pregunta], faltan: list[Pregunta]) -> int | None:
    """The number of the first step with a required question still unanswered, or None."""
    pendientes = {p.dimension_id for p in faltan}
    for numero, (dimension, _del_paso) in enumerate(pasos(preguntas), start=1):
        if dimension.pk in pendientes:
            return numero
    return None


def respuesta_existente(organizacion: Organizacion, instrumento: Instrumento) -> Respuesta | None:
    """The Junta's response to the instrument, if it started one."""
    return Respuesta.objects.filter(organizacion=organizacion, instrumento=instrumento).first()


def encuestas_de_junta(organizacion: Organizacion) -> list[dict]:
    """Instruments a Junta may answer or has answered, with its response if any (two queries)."""
    respuestas = {
        r.instrumento_id: r
        for r in Respuesta.objects.filter(organizacion=organizacion).select_related("instrumento")
    }
    instrumentos = Instrumento.objects.filter(
        proposito=Instrumento.Proposito.DIAGNOSTICO, estado__in=["publicado", "cerrado"]
    ).order_by("-abre")
    return [
        {"instrumento": i, "respuesta": respuestas.get(i.pk), "abierto": i.abierto()}
        for i in instrumentos
        if i.abierto() or i.pk in respuestas
    ]


def perfil(respuesta: Respuesta) -> list[dict]:
    """The response's dimension scores, weakest first, with the need (100 − score)."""
    filas = (
        PuntajeDimension.objects.filter(respuesta=respuesta)
        .select_related("dimension")
        .order_by("puntaje", "dimension__orden")
    )
    return [
        {"dimension": f.dimension, "puntaje": f.puntaje, "necesidad": 100 - f.puntaje}
        for f in filas
    ]


# Results dashboard ---------------------------------------------------------------------------


def instrumentos_con_resultados() -> QuerySet[Instrumento]:
    """Needs-survey instruments past their draft, latest first (the dashboard's choices)."""
    return (
        Instrumento.objects.filter(proposito=Instrumento.Proposito.DIAGNOSTICO)
        .exclude(estado=Instrumento.Estado.BORRADOR)
        .order_by("-abre", "-version")
    )


def juntas_filtradas(filtros: dict) -> QuerySet[Organizacion]:
    """Participating first-grade Juntas, narrowed by the dashboard's filters."""
    juntas = Organizacion.objects.juntas().filter(participa=True)
    if filtros.get("tipo"):
        juntas = juntas.filter(tipo=filtros["tipo"])
    if filtros.get("localidad"):
        juntas = juntas.filter(localidad=filtros["localidad"])
    if filtros.get("ucg"):
        juntas = juntas.filter(unidad_comunera=filtros["ucg"])
    return juntas


def _enviadas(instrumento, prefijo=""):
    return Q(**{f"{prefijo}instrumento": instrumento, f"{prefijo}estado__in": Respuesta.ENVIADAS})


def avance(instrumento: Instrumento, juntas: QuerySet[Organizacion]) -> dict:
    """Submitted / participating, overall, by localidad and by UCG (three grouped queries)."""
    enviadas = Count(
        "respuestas_diagnostico",
        filter=_enviadas(instrumento, "respuestas_diagnostico__"),
    )

    def con_porcentaje(fila):
        fila["porcentaje"] = (
            round(100 * fila["enviadas"] / fila["participantes"]) if fila["participantes"] else 0
        )
        return fila

    def agrupado(campo):
        filas = (
            juntas.values(campo)
            .annotate(participantes=Count("pk", distinct=True), enviadas=enviadas)
            .order_by(F(campo).asc(nulls_last=True))  # rural Juntas (no UCG) last
        )
        return [con_porcentaje(fila) for fila in filas]

    total = con_porcentaje(
        juntas.aggregate(participantes=Count("pk", distinct=True), enviadas=enviadas)
    )
    return {
        "total": total,
        "por_localidad": agrupado("localidad__nombre"),
        "por_ucg": agrupado("unidad_comunera__numero"),
    }


def pendientes(instrumento: Instrumento, juntas: QuerySet[Organizacion]) -> QuerySet[Organizacion]:
    """Participating Juntas that have not submitted, with their president (staff only: phones)."""
    presidentes = Prefetch(
        "dignatarios",
        queryset=Dignatario.objects.filter(cargo=Dignatario.Cargo.PRESIDENTE, activo=True),
        to_attr="presidentes",
    )
    enviaron = Respuesta.objects.filter(_enviadas(instrumento)).values("organizacion")
    borradores = Respuesta.objects.filter(
        instrumento=instrumento, estado=Respuesta.Estado.BORRADOR
    ).values("organizacion")
    return (
        juntas.exclude(pk__in=enviaron)
        .select_related("localidad", "unidad_comunera")
        .prefetch_related(presidentes)
        .annotate(en_borrador=Exists(borradores.filter(organizacion=OuterRef("pk"))))
        .order_by("localidad__codigo", "unidad_comunera__numero", "nombre")
    )


def por_dimension(instrumento: Instrumento, juntas: QuerySet[Organizacion]) -> list[dict]:
    """Average score and spread (standard deviation) per dimension, in one query.

    The spread is derived from AVG(x²) − AVG(x)², which every database computes.
    """
    filas = (
        PuntajeDimension.objects.filter(
            respuesta__in=Respuesta.objects.filter(_enviadas(instrumento), organizacion__in=juntas)
        )
        .values("dimension__pk", "dimension__nombre", "dimension__orden")
        .annotate(
            promedio=Avg("puntaje"),
            cuadrados=Avg(F("puntaje") * F("puntaje")),
            n=Count("pk"),
        )
        .order_by("dimension__orden")
    )
    resultado = []
    for fila in filas:
        promedio = float(fila["promedio"])
        varianza = max(0.0, float(fila["cuadrados"]) - promedio**2)
        resultado.append(
            {
                "dimension": fila["dimension__nombre"],
                "promedio": round(promedio, 1),
                "desviacion": round(math.sqrt(varianza), 1),
                "necesidad": round(100 - promedio, 1),
                "n": fila["n"],
            }
        )
    return resultado


def mapa_de_calor(
    instrumento: Instrumento, juntas: QuerySet[Organizacion], por: str = "localidad"
) -> dict:
    """Average score per dimension × territory (localidad or UCG), one query."""
    campo = (
        "respuesta__organizacion__unidad_comunera__numero"
        if por == "ucg"
        else "respuesta__organizacion__localidad__nombre"
    )
    filas = (
        PuntajeDimension.objects.filter(
            respuesta__in=Respuesta.objects.filter(_enviadas(instrumento), organizacion__in=juntas)
        )
        .values("dimension__nombre", "dimension__orden", campo)
        .annotate(promedio=Avg("puntaje"))
        .order_by("dimension__orden", campo)
    )
    columnas, celdas, dimensiones = [], {}, []
    for fila in filas:
        territorio = fila[campo]
        if territorio not in columnas:
            columnas.append(territorio)
        if fila["dimension__nombre"] not in dimensiones:
            dimensiones.append(fila["dimension__nombre"])
        celdas[(fila["dimension__nombre"], territorio)] = round(float(fila["promedio"]))
    columnas.sort(key=lambda c: (c is None, c))
    return {
        "columnas": columnas,
        "filas": [
            {"dimension": d, "valores": [celdas.get((d, c)) for c in columnas]} for d in dimensiones
        ],
    }


def distribucion(instrumento: Instrumento, juntas: QuerySet[Organizacion]) -> list[dict]:
    """Per question, how many submitted responses chose each option (three grouped queries)."""
    respuestas = Respuesta.objects.filter(_enviadas(instrumento), organizacion__in=juntas)
    simples = (
        RespuestaPregunta.objects.filter(respuesta__in=respuestas)
        .exclude(valor="")
        .values("pregunta_id", "valor")
        .annotate(n=Count("pk"))
    )
    multiples = (
        Seleccion.objects.filter(respuesta_pregunta__respuesta__in=respuestas)
        .values("pregunta_id", "codigo")
        .annotate(n=Count("pk"))
    )
    con_eleccion = (
        RespuestaPregunta.objects.filter(respuesta__in=respuestas)
        .exclude(valores=[])
        .values("pregunta_id")
        .annotate(n=Count("pk"))
    )
    conteos = {(f["pregunta_id"], f["valor"]): f["n"] for f in simples}
    conteos.update({(f["pregunta_id"], f["codigo"]): f["n"] for f in multiples})
    return _distribucion(instrumento, conteos, {f["pregunta_id"]: f["n"] for f in con_eleccion})


def _distribucion(instrumento, conteos, juntas_multiples):
    """Per question: its options' labels and counts, `total` (choices) and `juntas` (Juntas that
    answered it: one response per Junta; on a multiple-choice question a Junta may choose
    several options, so `total` may be larger)."""
    preguntas = instrumento.preguntas.exclude(
        tipo__in=[Pregunta.Tipo.NUMERO, Pregunta.Tipo.FECHA, Pregunta.Tipo.TEXTO_CORTO,
                  Pregunta.Tipo.TEXTO_LARGO]
    ).select_related("dimension").prefetch_related("opciones")  # fmt: skip
    resultado = []
    for pregunta in preguntas:
        etiquetas = _etiquetas(pregunta)
        valores = [conteos.get((pregunta.pk, codigo), 0) for codigo, _texto in etiquetas]
        resultado.append(
            {
                "pregunta": pregunta,
                "etiquetas": [texto for _codigo, texto in etiquetas],
                "valores": valores,
                "total": sum(valores),
                "juntas": (
                    juntas_multiples.get(pregunta.pk, 0)
                    if pregunta.tipo == Pregunta.Tipo.MULTIPLE
                    else sum(valores)
                ),
            }
        )
    return resultado


def _etiquetas(pregunta):
    if pregunta.tipo == Pregunta.Tipo.SI_NO:
        return [("si", "Sí"), ("no", "No")]
    if pregunta.tipo == Pregunta.Tipo.LIKERT:
        return [(str(i), str(i)) for i in range(1, 6)]
    return [(o.codigo, o.texto) for o in pregunta.opciones.all()]


def comparacion_rondas(juntas: QuerySet[Organizacion], nombre: str | None = None) -> list[dict]:
    """Per dimension, baseline vs follow-up averages for Juntas that submitted both rounds."""
    enviadas = Respuesta.objects.filter(estado__in=Respuesta.ENVIADAS, organizacion__in=juntas)
    if nombre:
        enviadas = enviadas.filter(instrumento__nombre=nombre)
    base = enviadas.filter(instrumento__ronda=Instrumento.Ronda.LINEA_BASE)
    seguimiento = enviadas.filter(instrumento__ronda=Instrumento.Ronda.SEGUIMIENTO)
    ambas = base.filter(organizacion__in=seguimiento.values("organizacion")).values("organizacion")
    filas = (
        PuntajeDimension.objects.filter(respuesta__in=enviadas, respuesta__organizacion__in=ambas)
        .values("dimension__nombre", "dimension__orden")
        .annotate(
            # `enviadas` already narrows to the instrument family: a join on the round suffices
            # (a subquery per row here took minutes at 64,000 Juntas).
            base=Avg(
                "puntaje", filter=Q(respuesta__instrumento__ronda=Instrumento.Ronda.LINEA_BASE)
            ),
            seguimiento=Avg(
                "puntaje", filter=Q(respuesta__instrumento__ronda=Instrumento.Ronda.SEGUIMIENTO)
            ),
            juntas=Count("respuesta__organizacion", distinct=True),
        )
        .order_by("dimension__orden")
    )
    return [
        {
            "dimension": f["dimension__nombre"],
            "base": round(float(f["base"]), 1),
            "seguimiento": round(float(f["seguimiento"]), 1),
            "cambio": round(float(f["seguimiento"] - f["base"]), 1),
            "juntas": f["juntas"],
        }
        for f in filas
        if f["base"] is not None and f["seguimiento"] is not None
    ]


def linea_base_vigente() -> Instrumento | None:
    """The most recent baseline instrument with results."""
    return (
        Instrumento.objects.filter(ronda=Instrumento.Ronda.LINEA_BASE)
        .exclude(estado=Instrumento.Estado.BORRADOR)
        .order_by("-abre", "-version")
        .first()
    )


def resumen_de_encuestas_directo() -> dict:
    """Juntas that submitted each round of the needs survey, and the mean change of the capacity
    index among those that submitted both (two queries over the responses: the reference for
    `resumen_de_encuestas`)."""
    diagnostico = Q(instrumento__proposito=Instrumento.Proposito.DIAGNOSTICO)
    enviadas = Respuesta.objects.filter(diagnostico, estado__in=Respuesta.ENVIADAS)
    encuestas = enviadas.aggregate(
        linea_base=Count(
            "organizacion",
            filter=Q(instrumento__ronda=Instrumento.Ronda.LINEA_BASE),
            distinct=True,
        ),
        seguimiento=Count(
            "organizacion",
            filter=Q(instrumento__ronda=Instrumento.Ronda.SEGUIMIENTO),
            distinct=True,
        ),
    )
    pares = (
        enviadas.values("organizacion")
        .annotate(
            base=Avg("indice", filter=Q(instrumento__ronda=Instrumento.Ronda.LINEA_BASE)),
            seguimiento=Avg("indice", filter=Q(instrumento__ronda=Instrumento.Ronda.SEGUIMIENTO)),
        )
        .filter(base__isnull=False, seguimiento__isnull=False)
        .order_by()
    )
    cambio = pares.aggregate(cambio=Avg(F("seguimiento") - F("base")), juntas=Count("organizacion"))
    return {
        "encuestas_linea_base": encuestas["linea_base"],
        "encuestas_seguimiento": encuestas["seguimiento"],
        "cambio_indice_capacidad": cambio["cambio"],
        "juntas_con_dos_rondas": cambio["juntas"],
    }


# The same figures from the summary rows (`resumenes.encuesta`) ----------------------------------
# What the dashboard and the milestones read: a few hundred summary rows and the small territory
# and dimension tables instead of every answer. Each returns exactly what its raw counterpart
# above returns (the property test in tests/resumenes checks it).


def _id(valor):
    return getattr(valor, "pk", valor) or None


def _celdas_del_tablero(celdas: dict[str, dict], filtros: dict) -> list[tuple]:
    """The cells `juntas_filtradas(filtros)` spans: [(localidad id, UCG id, data)]."""
    tipo = filtros.get("tipo") or None
    localidad, ucg = _id(filtros.get("localidad")), _id(filtros.get("ucg"))
    elegidas = []
    for clave, datos in celdas.items():
        tipo_celda, localidad_celda, ucg_celda, participa = resumen.partes(clave)
        if (
            not participa
            or tipo_celda == Organizacion.Tipo.ASOJAC
            or (tipo and tipo_celda != tipo)
            or (localidad and localidad_celda != localidad)
            or (ucg and ucg_celda != ucg)
        ):
            continue
        elegidas.append((localidad_celda, ucg_celda, datos))
    return elegidas


def _promedio(suma, escala, n):
    return resumen.promedio(Decimal(suma).scaleb(-escala), escala, n)[0]


def _porcentaje(fila):
    fila["porcentaje"] = (
        round(100 * fila["enviadas"] / fila["participantes"]) if fila["participantes"] else 0
    )
    return fila


def tablero_diagnostico(instrumento: Instrumento, filtros: dict, por: str = "localidad") -> dict:
    """The results dashboard's figures for the Juntas `juntas_filtradas(filtros)` selects:
    {"avance", "dimensiones", "mapa", "distribucion", "comparacion"}, as `avance`,
    `por_dimension`, `mapa_de_calor`, `distribucion` and `comparacion_rondas` (of the
    instrument's family) return them, from the summary rows (seven queries, whatever the
    number of Juntas)."""
    celdas = _celdas_del_tablero(resumen.leer_celdas(), filtros)
    localidades = {
        pk: (posicion, nombre)
        for posicion, (pk, nombre) in enumerate(
            Localidad.objects.order_by("nombre").values_list("pk", "nombre")
        )
    }
    ucgs = dict(UnidadComunera.objects.values_list("pk", "numero"))
    dimensiones = {d["pk"]: d for d in Dimension.objects.values("pk", "nombre", "orden").order_by()}
    clave_instrumento = str(instrumento.pk)
    del_instrumento = [
        (localidad, ucg, datos.get("i", {}).get(clave_instrumento, {}))
        for localidad, ucg, datos in celdas
    ]
    return {
        "avance": _avance(celdas, clave_instrumento, localidades, ucgs),
        "dimensiones": _por_dimension(del_instrumento, dimensiones),
        "mapa": _mapa(del_instrumento, dimensiones, localidades, ucgs, por),
        "distribucion": _distribucion_resumida(instrumento, del_instrumento),
        "comparacion": _comparacion(celdas, instrumento.nombre),
    }


def _avance(celdas, clave_instrumento, localidades, ucgs):
    def fila(campo, valor):
        return {campo: valor, "participantes": 0, "enviadas": 0}

    total = {"participantes": 0, "enviadas": 0}
    por_localidad, por_ucg = {}, {}
    for localidad, ucg, datos in celdas:
        enviadas = datos.get("i", {}).get(clave_instrumento, {}).get("e", 0)
        nombre = localidades[localidad][1] if localidad else None
        numero = ucgs[ucg] if ucg else None
        for grupo in (
            total,
            por_localidad.setdefault(localidad, fila("localidad__nombre", nombre)),
            por_ucg.setdefault(numero, fila("unidad_comunera__numero", numero)),
        ):
            grupo["participantes"] += datos["n"]
            grupo["enviadas"] += enviadas
    # The raw query orders by name as the database collates it (the order of this query's
    # `Localidad` rows), and puts the rural Juntas (no UCG) last.
    return {
        "total": _porcentaje(total),
        "por_localidad": [
            _porcentaje(por_localidad[k])
            for k in sorted(por_localidad, key=lambda k: (k is None, localidades.get(k)))
        ],
        "por_ucg": [_porcentaje(por_ucg[k]) for k in sorted(por_ucg, key=lambda k: (k is None, k))],
    }


def _sumar_dimensiones(del_instrumento, grupo_de):
    """{group: [n, Σ, Σ²]} adding up the cells' dimension scores."""
    sumas = {}
    for localidad, ucg, datos in del_instrumento:
        for dimension, (n, suma, cuadrados) in datos.get("d", {}).items():
            grupo = grupo_de(int(dimension), localidad, ucg)
            acumulado = sumas.setdefault(grupo, [0, 0, 0])
            acumulado[0] += n
            acumulado[1] += suma
            acumulado[2] += cuadrados
    return sumas


def _por_dimension(del_instrumento, dimensiones):
    sumas = _sumar_dimensiones(del_instrumento, lambda dimension, _l, _u: dimension)
    resultado = []
    for pk in sorted(sumas, key=lambda pk: (dimensiones[pk]["orden"], pk)):
        n, suma, cuadrados = sumas[pk]
        promedio = float(_promedio(suma, 2, n))
        varianza = max(0.0, float(_promedio(cuadrados, 4, n)) - promedio**2)
        resultado.append(
            {
                "dimension": dimensiones[pk]["nombre"],
                "promedio": round(promedio, 1),
                "desviacion": round(math.sqrt(varianza), 1),
                "necesidad": round(100 - promedio, 1),
                "n": n,
            }
        )
    return resultado


def _mapa(del_instrumento, dimensiones, localidades, ucgs, por):
    def territorio(localidad, ucg):
        if por == "ucg":
            return ucgs[ucg] if ucg else None
        return localidades[localidad][1] if localidad else None

    def grupo_de(dimension, localidad, ucg):
        d = dimensiones[dimension]
        return d["orden"], d["nombre"], territorio(localidad, ucg)

    posiciones = {nombre: posicion for posicion, nombre in localidades.values()}

    def orden_territorio(valor):
        if valor is None:
            return (1, 0)
        return (0, valor if por == "ucg" else posiciones[valor])

    sumas = _sumar_dimensiones(del_instrumento, grupo_de)
    columnas, celdas, nombres = [], {}, []
    # The raw query's order: dimension order, then territory as the database sorts it.
    for grupo in sorted(sumas, key=lambda g: (g[0], orden_territorio(g[2]), g[1])):
        _orden, nombre, lugar = grupo
        n, suma, _cuadrados = sumas[grupo]
        if lugar not in columnas:
            columnas.append(lugar)
        if nombre not in nombres:
            nombres.append(nombre)
        celdas[(nombre, lugar)] = round(float(_promedio(suma, 2, n)))
    columnas.sort(key=lambda c: (c is None, c))
    return {
        "columnas": columnas,
        "filas": [
            {"dimension": d, "valores": [celdas.get((d, c)) for c in columnas]} for d in nombres
        ],
    }


def _distribucion_resumida(instrumento, del_instrumento):
    simples, multiples, juntas = {}, {}, {}
    for _localidad, _ucg, datos in del_instrumento:
        for destino, origen in ((simples, datos.get("v", {})), (multiples, datos.get("m", {}))):
            for pregunta, valores in origen.items():
                for valor, n in valores.items():
                    llave = (int(pregunta), valor)
                    destino[llave] = destino.get(llave, 0) + n
        for pregunta, n in datos.get("j", {}).items():
            juntas[int(pregunta)] = juntas.get(int(pregunta), 0) + n
    return _distribucion(instrumento, {**simples, **multiples}, juntas)


def _comparacion(celdas, familia):
    sumas = {}
    for _localidad, _ucg, datos in celdas:
        for grupo, piezas in datos.get("f", {}).get(familia, {}).items():
            acumulado = sumas.setdefault(grupo, [0, 0, 0, 0, 0])
            for i, valor in enumerate(piezas):
                acumulado[i] += valor
    filas = []
    for grupo, (n_base, base, n_seguimiento, seguimiento, juntas) in sumas.items():
        if not (n_base and n_seguimiento):
            continue
        orden, nombre = grupo.split("|", 1)
        filas.append((int(orden), nombre, n_base, base, n_seguimiento, seguimiento, juntas))
    resultado = []
    for _orden, nombre, n_base, base, n_seguimiento, seguimiento, juntas in sorted(filas):
        base, seguimiento = _promedio(base, 2, n_base), _promedio(seguimiento, 2, n_seguimiento)
        resultado.append(
            {
                "dimension": nombre,
                "base": round(float(base), 1),
                "seguimiento": round(float(seguimiento), 1),
                "cambio": round(float(seguimiento - base), 1),
                "juntas": juntas,
            }
        )
    return resultado


def resumen_de_encuestas() -> dict:
    """Juntas that submitted each round of the needs survey, and the mean change of the capacity
    index among those that submitted both: `resumen_de_encuestas_directo` from the summary rows
    (two queries)."""
    con_base = con_seguimiento = pares = escala = 0
    suma = Decimal(0)
    with localcontext() as contexto:
        contexto.prec = 200
        for datos in resumen.leer_celdas().values():
            if "r" not in datos:
                continue
            base, seguimiento, cambio, escala_cambio, juntas = datos["r"]
            con_base += base
            con_seguimiento += seguimiento
            suma += Decimal(cambio)
            escala = max(escala, escala_cambio)
            pares += juntas
    return {
        "encuestas_linea_base": con_base,
        "encuestas_seguimiento": con_seguimiento,
        "cambio_indice_capacidad": resumen.promedio(suma, escala, pares)[0] if pares else None,
        "juntas_con_dos_rondas": pares,
    }
