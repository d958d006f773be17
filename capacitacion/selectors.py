"""Read queries for the survey pages and dashboards."""

from .forms import nombre_campo
from .models import Instrumento, PuntajeDimension, Respuesta
from .services import respondida, visibles


def pasos(preguntas):
    """[(dimension, questions)] in order: one page per dimension that has questions."""
    por_dimension = {}
    for pregunta in preguntas:
        por_dimension.setdefault(pregunta.dimension, []).append(pregunta)
    return sorted(por_dimension.items(), key=lambda par: (par[0].orden, par[0].pk))


def progreso(preguntas, respuestas):
    """Share (0-100) of the visible questions already answered."""
    mostradas = visibles(preguntas, respuestas)
    if not mostradas:
        return 0
    hechas = sum(respondida(p, respuestas.get(p.pk)) for p in mostradas)
    return round(100 * hechas / len(mostradas))


def condiciones_del_paso(preguntas):
    """For the page's script: field → (field it depends on, value that shows it)."""
    codigos = {p.pk: p for p in preguntas}
    return {
        nombre_campo(p): [nombre_campo(codigos[p.condicion_pregunta_id]), p.condicion_valor]
        for p in preguntas
        if p.condicion_pregunta_id in codigos
    }


def respuesta_existente(organizacion, instrumento):
    return Respuesta.objects.filter(organizacion=organizacion, instrumento=instrumento).first()


def encuestas_de_junta(organizacion):
    """Instruments a Junta may answer or has answered, with its response if any (two queries)."""
    respuestas = {
        r.instrumento_id: r
        for r in Respuesta.objects.filter(organizacion=organizacion).select_related("instrumento")
    }
    instrumentos = Instrumento.objects.filter(estado__in=["publicado", "cerrado"]).order_by("-abre")
    return [
        {"instrumento": i, "respuesta": respuestas.get(i.pk), "abierto": i.abierto()}
        for i in instrumentos
        if i.abierto() or i.pk in respuestas
    ]


def perfil(respuesta):
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
