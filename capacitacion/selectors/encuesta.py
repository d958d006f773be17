"""The survey engine's reads: a Junta's steps and progress, its profile, and the results
dashboard (progress by territory, scores by dimension, heat map, answers per option, rounds).

Knows nothing of training.
"""

import math

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from juntas.models import Dignatario, Organizacion

from ..forms.encuesta import nombre_campo
from ..models.encuesta import (
    Instrumento,
    Pregunta,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
    Seleccion,
)
from ..reglas import respondida, visibles


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
    """Per question, how many submitted responses chose each option (two grouped queries)."""
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
    conteos = {(f["pregunta_id"], f["valor"]): f["n"] for f in simples}
    conteos.update({(f["pregunta_id"], f["codigo"]): f["n"] for f in multiples})
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


def resumen_de_encuestas() -> dict:
    """Juntas that submitted each round of the needs survey, and the mean change of the capacity
    index among those that submitted both (two queries)."""
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
