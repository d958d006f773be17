"""Completion rules, personal and «Junta fortalecida» certificates, the PDF, the public page."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from capacitacion import certificados
from capacitacion.models import (
    AjustePlan,
    Certificado,
    Estrategia,
    Inscripcion,
    Modulo,
    Persona,
    Sesion,
)
from capacitacion.services import asistencia as services_asistencia
from capacitacion.services import formacion as services_formacion
from demo.capacitacion import sembrar_estrategia
from tests.factories import crear_lider


def _sesion_realizada(modulo, horas, dias_atras=30):
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


def _asistir(sesion, persona, asistio=True):
    return Inscripcion.objects.create(
        sesion=sesion, persona=persona, organizacion=persona.organizacion, asistio=asistio
    )


@pytest.fixture
def modulo(db):
    sembrar_estrategia()
    modulo = Modulo.objects.get(nombre="Organización comunal y la Ley 2166 de 2021")
    assert modulo.horas == 24
    return modulo


@pytest.fixture
def persona(junta):
    return Persona.objects.create(
        documento="1047123456", nombres="Ana María", apellidos="Pérez Julio", organizacion=junta
    )


@pytest.mark.django_db
def test_completion_needs_the_strategy_minimum_share_of_the_module_hours(modulo, persona):
    """24-hour module, 80 % rule: 19.2 hours needed. 16 hours are not enough; 20 are."""
    assert Estrategia.vigente().asistencia_minima == 80
    primera = _sesion_realizada(modulo, 8, dias_atras=40)
    segunda = _sesion_realizada(modulo, 8, dias_atras=33)
    _asistir(primera, persona)
    _asistir(segunda, persona)
    _asistir(_sesion_realizada(modulo, 8, dias_atras=26), persona, asistio=False)
    assert certificados.emitir() == (0, 0)
    _asistir(_sesion_realizada(modulo, 4, dias_atras=19), persona)
    personales, _juntas = certificados.emitir()
    assert personales == 1
    certificado = Certificado.objects.get(persona=persona, modulo=modulo)
    assert certificado.horas == 20
    assert certificado.organizacion == persona.organizacion
    assert certificados.emitir() == (0, 0)  # idempotent


@pytest.mark.django_db
def test_the_minimum_is_configurable_and_cancelled_or_planned_sessions_do_not_count(
    modulo, persona
):
    estrategia = Estrategia.vigente()
    estrategia.asistencia_minima = 50
    estrategia.save()
    _asistir(_sesion_realizada(modulo, 8), persona)
    programada = _sesion_realizada(modulo, 8, dias_atras=2)
    programada.estado = Sesion.Estado.PROGRAMADA
    programada.save()
    _asistir(programada, persona)
    assert certificados.emitir()[0] == 0  # 8 of 24 h held and attended: below 50 %
    _asistir(_sesion_realizada(modulo, 4, dias_atras=10), persona)
    assert certificados.emitir()[0] == 1  # 12 of 24 h = 50 %


@pytest.mark.django_db
def test_saving_attendance_issues_the_certificate(modulo, persona, secretaria):
    for dias in (40, 30):
        _asistir(_sesion_realizada(modulo, 8, dias_atras=dias), persona)
    ultima = _sesion_realizada(modulo, 8, dias_atras=20)
    inscripcion = _asistir(ultima, persona, asistio=False)
    services_asistencia.registrar_asistencia(
        ultima, presentes={inscripcion.pk}, nuevos=[], usuario=secretaria
    )
    assert Certificado.objects.filter(persona=persona, modulo=modulo).exists()


@pytest.mark.django_db
def test_junta_is_strengthened_when_its_delegates_complete_every_module_of_its_plan(
    modulo, persona, junta, secretaria
):
    otro = Modulo.objects.get(nombre="SECOP II paso a paso")
    services_formacion.ajustar_plan(junta, modulo, incluido=True, usuario=secretaria)
    services_formacion.ajustar_plan(junta, otro, incluido=True, usuario=secretaria)
    colega = Persona.objects.create(
        documento="1047000999", nombres="Luis", apellidos="Marrugo", organizacion=junta
    )
    for dias in (50, 40, 30):
        _asistir(_sesion_realizada(modulo, 8, dias_atras=dias), persona)
    assert certificados.emitir() == (1, 0)  # one module of two: not yet
    for dias in (20, 13, 6):
        ultima = _sesion_realizada(otro, 16, dias_atras=dias)
        _asistir(ultima, colega)
    assert certificados.emitir() == (1, 1)
    fortalecida = Certificado.objects.get(tipo=Certificado.Tipo.JUNTA)
    assert fortalecida.organizacion == junta
    assert fortalecida.persona is None and fortalecida.modulo is None
    assert fortalecida.emitido == timezone.localdate(ultima.fin)  # when the route was completed
    assert certificados.emitir() == (0, 0)


@pytest.mark.django_db
def test_a_junta_without_a_plan_is_never_strengthened(modulo, persona, junta):
    assert AjustePlan.objects.count() == 0
    for dias in (50, 40, 30):
        _asistir(_sesion_realizada(modulo, 8, dias_atras=dias), persona)
    assert certificados.emitir() == (1, 0)


def _certificado(persona, modulo):
    return Certificado.objects.create(
        tipo=Certificado.Tipo.MODULO,
        persona=persona,
        modulo=modulo,
        organizacion=persona.organizacion,
        horas=24,
        emitido=datetime.date(2023, 9, 15),
    )


@pytest.mark.django_db
def test_public_page_confirms_with_the_document_masked(client, modulo, persona):
    certificado = _certificado(persona, modulo)
    assert len(certificado.codigo) == 14
    respuesta = client.get(reverse("publico:certificado", args=[certificado.codigo]))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Ana María Pérez Julio" in html
    assert modulo.nombre in html
    assert "15/09/2023" in html
    assert "*******456" in html
    assert "1047123456" not in html
    assert "es válido" in html


@pytest.mark.django_db
def test_public_page_unknown_code_is_404_and_annulled_says_so(client, modulo, persona):
    assert client.get(reverse("publico:certificado", args=["AAAA-BBBB-CCCC"])).status_code == 404
    certificado = _certificado(persona, modulo)
    certificado.anulado = True
    certificado.save()
    html = client.get(reverse("publico:certificado", args=[certificado.codigo])).content.decode()
    assert "fue anulado" in html and "es válido: lo emitió" not in html


@pytest.mark.django_db
def test_verification_form_redirects_or_explains(client, modulo, persona):
    certificado = _certificado(persona, modulo)
    url = reverse("publico:verificar")
    respuesta = client.get(url, {"codigo": f" {certificado.codigo.lower()} "})
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("publico:certificado", args=[certificado.codigo])
    respuesta = client.get(url, {"codigo": "2345"})
    assert respuesta.status_code == 200
    assert "tiene doce caracteres" in respuesta.content.decode()


@pytest.mark.django_db
def test_pdf_carries_the_code_and_only_staff_and_own_leaders_get_it(
    cliente_de, modulo, persona, junta, otra_junta, lider, lider_otra, monitor, secretaria
):
    certificado = _certificado(persona, modulo)
    url = reverse("capacitacion_portal:certificado_pdf", args=[certificado.codigo])
    anonimo = cliente_de(None).get(url)
    assert anonimo.status_code == 302 and "/cuentas/ingresar/" in anonimo["Location"]
    for usuario, esperado in ((lider_otra, 404), (monitor, 404), (lider, 200), (secretaria, 200)):
        respuesta = cliente_de(usuario).get(url)
        assert respuesta.status_code == esperado, usuario
        if esperado == 200:
            assert respuesta["Content-Type"] == "application/pdf"
            assert respuesta.content.startswith(b"%PDF")
            assert certificado.codigo in respuesta["Content-Disposition"]


@pytest.mark.django_db
def test_pdf_text_names_the_holder_and_the_verification_url(modulo, persona):
    certificado = _certificado(persona, modulo)
    url = f"https://portal.example.org/certificados/{certificado.codigo}/"
    contenido = certificados.pdf(certificado, url)
    assert contenido.startswith(b"%PDF")
    assert len(contenido) > 2000
    # Streams and metadata are compressed: read the document as a viewer does.
    documento = PdfReader(io.BytesIO(contenido))
    assert documento.metadata.title == f"Certificado {certificado.codigo}"
    texto = " ".join(documento.pages[0].extract_text().split())
    assert persona.nombre_completo in texto and url in texto


@pytest.mark.django_db
def test_leader_route_page_lists_own_certificates_only(cliente_de, modulo, persona, otra_junta):
    propio = _certificado(persona, modulo)
    ajeno = _certificado(
        Persona.objects.create(
            documento="7788990", nombres="Otra", apellidos="Persona", organizacion=otra_junta
        ),
        modulo,
    )
    lider = crear_lider(persona.organizacion, username="lider-ruta")
    html = cliente_de(lider).get(reverse("capacitacion_portal:ruta")).content.decode()
    assert propio.codigo in html
    assert ajeno.codigo not in html


def test_masking_keeps_only_the_last_three_digits():
    assert certificados.enmascarar("1047123456") == "*******456"
    assert certificados.enmascarar("123") == "123"
    assert certificados.enmascarar("") == ""


@pytest.mark.django_db
def test_issue_command_issues_what_was_earned_once(modulo, persona):
    import io

    from django.core.management import call_command

    for dias in (40, 30, 20):
        _asistir(_sesion_realizada(modulo, 8, dias_atras=dias), persona)
    salida = io.StringIO()
    call_command("emitir_certificados", stdout=salida)
    assert salida.getvalue().startswith("1 certificado personal y 0 de Junta")
    call_command("emitir_certificados", stdout=salida)
    assert Certificado.objects.filter(persona=persona).count() == 1


@pytest.mark.django_db
def test_two_sheets_issuing_the_same_certificate_at_once_do_not_fail(modulo, persona, monkeypatch):
    """Two attendance saves at once both find the certificate missing: the second insert is
    skipped by the unique constraint instead of raising (seen 3 times in 849 writes of the
    benchmark's mixed phase)."""
    _asistir(_sesion_realizada(modulo, 24), persona)
    assert certificados.emitir(modulos=[modulo.pk], personas=[persona.pk])[0] == 1
    # The other transaction's view: it read before the first one committed.
    monkeypatch.setattr(certificados, "ya_emitidos", lambda *args: set())
    certificados.emitir(modulos=[modulo.pk], personas=[persona.pk])
    assert Certificado.objects.filter(persona=persona, modulo=modulo).count() == 1


@pytest.mark.django_db
def test_issuing_for_a_sheets_people_reads_only_their_registrations(modulo, persona, junta):
    otra = Persona.objects.create(
        documento="1047999888", nombres="Luis", apellidos="Ortega", organizacion=junta
    )
    sesion = _sesion_realizada(modulo, 24)
    _asistir(sesion, persona)
    _asistir(sesion, otra)
    assert certificados.emitir(modulos=[modulo.pk], personas=[persona.pk])[0] == 1
    assert not Certificado.objects.filter(persona=otra).exists()
    assert certificados.emitir(modulos=[modulo.pk])[0] == 1  # the rest of the module
