"""The survey engine's pure rules: which questions show (conditions, which may chain), what
counts as answered, which required questions are missing and how an answer scores. No query and no
write: services (saving, submitting, training's evaluations) and selectors (results, progress) all
use them, so none imports another.
"""

from decimal import Decimal

from .models.encuesta import Pregunta, RespuestaPregunta


def valor_para_condicion(respuesta_pregunta: RespuestaPregunta | None) -> set[str]:
    """What a condition compares: the chosen code(s)."""
    if respuesta_pregunta is None:
        return set()
    if respuesta_pregunta.valores:
        return set(respuesta_pregunta.valores)
    return {respuesta_pregunta.valor} if respuesta_pregunta.valor else set()


def visibles(preguntas: list[Pregunta], respuestas: dict[int, RespuestaPregunta]) -> list[Pregunta]:
    """Questions whose condition holds, given answers by question id (conditions may chain)."""
    por_id = {p.pk: p for p in preguntas}
    cache = {}

    def visible(pregunta):
        if pregunta.pk in cache:
            return cache[pregunta.pk]
        cache[pregunta.pk] = True  # guards against cycles
        padre = por_id.get(pregunta.condicion_pregunta_id)
        resultado = padre is None or (
            visible(padre)
            and pregunta.condicion_valor in valor_para_condicion(respuestas.get(padre.pk))
        )
        cache[pregunta.pk] = resultado
        return resultado

    return [p for p in preguntas if visible(p)]


def puntaje(pregunta: Pregunta, respuesta_pregunta: RespuestaPregunta) -> Decimal | None:
    """0-100 for scored types, None for numbers, dates and text."""
    tipo = pregunta.tipo
    if tipo == Pregunta.Tipo.SI_NO:
        return {"si": Decimal(100), "no": Decimal(0)}.get(respuesta_pregunta.valor)
    if tipo == Pregunta.Tipo.LIKERT and respuesta_pregunta.valor:
        return Decimal((int(respuesta_pregunta.valor) - 1) * 25)
    puntajes = {o.codigo: o.puntaje for o in pregunta.opciones.all()}
    if tipo == Pregunta.Tipo.UNICA and respuesta_pregunta.valor in puntajes:
        return Decimal(puntajes[respuesta_pregunta.valor])
    if tipo == Pregunta.Tipo.MULTIPLE and respuesta_pregunta.valores:
        return Decimal(min(100, sum(puntajes.get(c, 0) for c in respuesta_pregunta.valores)))
    return None


def respondida(pregunta: Pregunta, respuesta_pregunta: RespuestaPregunta | None) -> bool:
    """Whether the row holds an answer (a choice, text, a number or a date)."""
    if respuesta_pregunta is None:
        return False
    return bool(
        respuesta_pregunta.valor
        or respuesta_pregunta.valores
        or respuesta_pregunta.texto
        or respuesta_pregunta.numero is not None
        or respuesta_pregunta.fecha
    )


def faltantes(
    preguntas: list[Pregunta], respuestas: dict[int, RespuestaPregunta]
) -> list[Pregunta]:
    """Visible required questions without an answer, given answers by question id."""
    return [
        p
        for p in visibles(preguntas, respuestas)
        if p.obligatoria and not respondida(p, respuestas.get(p.pk))
    ]
