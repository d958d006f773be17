"""A reclamo de supresión answered with «Suprimir»: what goes, what the law keeps, and the answer
that says which is which."""

import pytest
from django.urls import reverse

from capacitacion.models import Certificado, Evaluacion, Inscripcion, Persona
from privacidad import services
from privacidad.models import SolicitudHabeas
from tests.factories import DignatarioFactory, crear_lider

from .conftest import asistir, certificar, evaluar, radicar, sesion_realizada


def _titular(persona):
    return (persona.nombre_completo, persona.tipo_documento, persona.documento)


@pytest.mark.django_db
def test_participant_without_certificates_is_deleted_with_registrations_and_history(
    junta, lider, secretaria, persona_de_junta, modulo
):
    sesion = sesion_realizada(modulo)
    asistir(sesion, persona_de_junta)
    evaluar(sesion, persona_de_junta)
    pk = persona_de_junta.pk
    solicitud = radicar(junta, lider, tipo="supresion", titular=_titular(persona_de_junta))
    services.responder(
        solicitud=solicitud, usuario=secretaria, respuesta="Atendemos su reclamo.", suprimir=True
    )
    assert not Persona.objects.filter(pk=pk).exists()
    assert not Inscripcion.objects.filter(persona_id=pk).exists()
    assert not Evaluacion.objects.filter(persona_id=pk).exists()
    historia = Persona.history.filter(id=pk)
    assert historia.count() >= 2  # creation and deletion stay in the audit...
    assert not historia.filter(documento="1047555111").exists()  # ...without the data
    assert not historia.exclude(telefono="").exists() and not historia.exclude(correo="").exists()
    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudHabeas.Estado.RESPONDIDA
    assert solicitud.respondida_por == secretaria and solicitud.respondida_en
    assert solicitud.respuesta.startswith("Atendemos su reclamo.")
    assert "1 inscripciones y 1 evaluaciones" in solicitud.respuesta


@pytest.mark.django_db
def test_participant_with_a_certificate_keeps_name_document_and_its_attendance(
    client, junta, lider, secretaria, persona_de_junta, modulo
):
    from capacitacion.models import Modulo

    respaldo = asistir(sesion_realizada(modulo, dias_atras=40), persona_de_junta)
    otro_modulo = Modulo.objects.create(nombre="Formulación", objetivos="x", horas=20)
    sin_certificado = asistir(sesion_realizada(otro_modulo), persona_de_junta)
    evaluar(respaldo.sesion, persona_de_junta)
    certificado = certificar(persona_de_junta, modulo)
    solicitud = radicar(junta, lider, tipo="supresion", titular=_titular(persona_de_junta))
    services.responder(
        solicitud=solicitud, usuario=secretaria, respuesta="Respuesta.", suprimir=True
    )
    persona_de_junta.refresh_from_db()
    assert (persona_de_junta.nombres, persona_de_junta.documento) == ("Rosa", "1047555111")
    assert persona_de_junta.telefono == "" and persona_de_junta.correo == ""
    assert list(Inscripcion.objects.filter(persona=persona_de_junta)) == [respaldo]
    assert not Inscripcion.objects.filter(pk=sin_certificado.pk).exists()
    assert not Evaluacion.objects.filter(persona=persona_de_junta).exists()
    assert not Persona.history.filter(id=persona_de_junta.pk).exclude(telefono="").exists()
    assert Certificado.objects.filter(pk=certificado.pk).exists()
    solicitud.refresh_from_db()
    assert certificado.codigo in solicitud.respuesta
    assert "certificados expedidos deben poder verificarse" in solicitud.respuesta
    assert "1 asistencias" in solicitud.respuesta
    # The certificate is still verifiable by anyone.
    verificacion = client.get(reverse("publico:certificado", args=[certificado.codigo]))
    assert verificacion.status_code == 200 and "Rosa" in verificacion.content.decode()


@pytest.mark.django_db
def test_current_dignatario_is_kept_and_the_answer_says_so(junta, lider, secretaria):
    tesorera = DignatarioFactory(organizacion=junta, cargo="tesorero", telefono="3011112222")
    titular = (tesorera.nombre_completo, tesorera.tipo_documento, tesorera.documento)
    solicitud = radicar(junta, lider, tipo="supresion", titular=titular)
    services.responder(solicitud=solicitud, usuario=secretaria, respuesta="R.", suprimir=True)
    tesorera.refresh_from_db()
    assert tesorera.telefono == "3011112222" and tesorera.activo
    solicitud.refresh_from_db()
    assert "no se pueden suprimir mientras ejerza el cargo" in solicitud.respuesta
    assert "rectificación" in solicitud.respuesta


@pytest.mark.django_db
def test_former_dignatario_loses_contact_data_and_account(junta, lider, secretaria):
    antigua = crear_lider(junta, username="antigua")
    cargo = antigua.dignatarios.get()
    cargo.activo = False
    cargo.save()
    titular = (cargo.nombre_completo, cargo.tipo_documento, cargo.documento)
    solicitud = radicar(junta, lider, tipo="supresion", titular=titular)
    services.responder(solicitud=solicitud, usuario=secretaria, respuesta="R.", suprimir=True)
    cargo.refresh_from_db()
    antigua.refresh_from_db()
    assert cargo.telefono == "" and cargo.correo == "" and cargo.documento  # registry history
    assert not antigua.is_active and antigua.email == ""
    solicitud.refresh_from_db()
    assert "Decreto 1377 de 2013" in solicitud.respuesta  # proof of authorization kept


@pytest.mark.django_db
def test_only_a_suppression_reclamo_suppresses_and_an_answer_is_final(
    junta, lider, secretaria, persona_de_junta
):
    from django.core.exceptions import ValidationError

    consulta = radicar(junta, lider, titular=_titular(persona_de_junta))
    with pytest.raises(ValidationError):
        services.responder(solicitud=consulta, usuario=secretaria, respuesta="R.", suprimir=True)
    assert Persona.objects.filter(pk=persona_de_junta.pk).exists()
    services.responder(solicitud=consulta, usuario=secretaria, respuesta="Primera.")
    with pytest.raises(ValidationError, match="ya fue respondida"):
        services.responder(solicitud=consulta, usuario=secretaria, respuesta="Otra.")
    consulta.refresh_from_db()
    assert consulta.respuesta == "Primera."
