import datetime

import pytest
from django.utils import timezone

from capacitacion.models import (
    Certificado,
    Evaluacion,
    Inscripcion,
    Instrumento,
    Modulo,
    Persona,
    Sesion,
)
from privacidad import services
from privacidad.models import SolicitudHabeas


def sesion_realizada(modulo, dias_atras=20, horas=8):
    inicio = timezone.now() - datetime.timedelta(days=dias_atras)
    return Sesion.objects.create(
        modulo=modulo,
        inicio=inicio,
        fin=inicio + datetime.timedelta(hours=horas),
        lugar="Casa de la Cultura",
        facilitador_organizacion="Universidad",
        cupo=40,
        estado=Sesion.Estado.REALIZADA,
    )


def asistir(sesion, persona, asistio=True):
    return Inscripcion.objects.create(
        sesion=sesion, persona=persona, organizacion=persona.organizacion, asistio=asistio
    )


def evaluar(sesion, persona):
    return Evaluacion.objects.create(
        instrumento=Instrumento.satisfaccion_vigente(),
        sesion=sesion,
        persona=persona,
        modulo=sesion.modulo,
        momento=Evaluacion.Momento.SATISFACCION,
        respuestas={"utilidad": "5"},
    )


def certificar(persona, modulo):
    return Certificado.objects.create(
        tipo=Certificado.Tipo.MODULO,
        persona=persona,
        modulo=modulo,
        organizacion=persona.organizacion,
        horas=8,
        emitido=timezone.localdate(),
    )


def radicar(junta, usuario, tipo=SolicitudHabeas.Tipo.CONSULTA, titular=None, **kwargs):
    dignatario = usuario.dignatarios.get(activo=True) if titular is None else None
    titular = titular or (
        dignatario.nombre_completo,
        dignatario.tipo_documento,
        dignatario.documento,
    )
    return services.radicar(
        organizacion=junta,
        usuario=usuario,
        tipo=tipo,
        titular=titular,
        dato=kwargs.pop("dato", "teléfono"),
        texto=kwargs.pop("texto", "¿Qué datos míos tiene el portal?"),
        **kwargs,
    )


@pytest.fixture
def modulo(db):
    return Modulo.objects.create(nombre="Contratación pública", objetivos="SECOP II", horas=8)


@pytest.fixture
def persona_de_junta(junta):
    return Persona.objects.create(
        documento="1047555111",
        nombres="Rosa",
        apellidos="Caraballo",
        telefono="3015550001",
        correo="rosa@example.org",
        organizacion=junta,
    )
