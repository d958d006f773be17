"""Every model of the app, as Django and the migrations look them up (`capacitacion.models`).

Two domains in one app (one label, one set of tables): the survey engine in `encuesta`, which
imports nothing of training, and the training programme in `formacion`, which uses the survey's
instruments for its evaluations. Code of the app imports the domain module itself.
"""

from .encuesta import (
    Q_ENVIADA,
    Dimension,
    Instrumento,
    Opcion,
    Pregunta,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
    Seleccion,
)
from .formacion import (
    AccionPlan,
    Acompanamiento,
    AjustePlan,
    Certificado,
    Estrategia,
    Evaluacion,
    Inscripcion,
    Material,
    Modulo,
    Persona,
    Programa,
    Sesion,
    SolicitudPersona,
    codigo_aleatorio,
    codigo_certificado,
    normalizar_codigo_certificado,
)
from .textos import TEXTO_DESCRIPCION, TEXTO_RESPUESTA, limite

__all__ = [
    "Q_ENVIADA",
    "TEXTO_DESCRIPCION",
    "TEXTO_RESPUESTA",
    "AccionPlan",
    "Acompanamiento",
    "AjustePlan",
    "Certificado",
    "Dimension",
    "Estrategia",
    "Evaluacion",
    "Inscripcion",
    "Instrumento",
    "Material",
    "Modulo",
    "Opcion",
    "Persona",
    "Pregunta",
    "Programa",
    "PuntajeDimension",
    "Respuesta",
    "RespuestaPregunta",
    "Seleccion",
    "Sesion",
    "SolicitudPersona",
    "codigo_aleatorio",
    "codigo_certificado",
    "limite",
    "normalizar_codigo_certificado",
]
