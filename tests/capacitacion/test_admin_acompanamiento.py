"""The admin pages staff use for accompaniment, plans, evaluations and certificates."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import AccionPlan, Acompanamiento, Certificado, Modulo, Persona, Sesion
from demo.capacitacion import sembrar_estrategia
from juntas.models import Requisito

PAGINAS = [
    "capacitacion_acompanamiento",
    "capacitacion_accionplan",
    "capacitacion_evaluacion",
    "capacitacion_certificado",
]


@pytest.mark.django_db
@pytest.mark.parametrize("pagina", PAGINAS)
def test_changelists_open_for_staff_and_are_closed_to_others(
    cliente_de, secretaria, monitor, lider, pagina
):
    url = reverse(f"admin:{pagina}_changelist")
    assert cliente_de(secretaria).get(url).status_code == 200
    for usuario in (monitor, lider):
        respuesta = cliente_de(usuario).get(url)
        assert respuesta.status_code == 302 and "/admin/login/" in respuesta["Location"]


@pytest.mark.django_db
def test_staff_record_a_visit_and_an_action_and_their_author_is_kept(cliente_de, secretaria, junta):
    cliente = cliente_de(secretaria)
    cliente.post(
        reverse("admin:capacitacion_acompanamiento_add"),
        {"organizacion": junta.pk, "fecha": timezone.localdate().strftime("%d/%m/%Y"),
         "modalidad": "visita", "tema": "SECOP II", "asesor": "Equipo",
         "descripcion": "Registro de la Junta"},
    )  # fmt: skip
    assert Acompanamiento.objects.get().registrado_por == secretaria
    respuesta = cliente.post(
        reverse("admin:capacitacion_accionplan_add"),
        {"organizacion": junta.pk, "descripcion": "Obtener el RUT", "responsable": "Tesorera",
         "vence": "31/12/2030", "estado": "pendiente"},
    )  # fmt: skip
    assert "requisito de habilitación o con una dimensión" in respuesta.content.decode()
    cliente.post(
        reverse("admin:capacitacion_accionplan_add"),
        {"organizacion": junta.pk, "descripcion": "Obtener el RUT", "responsable": "Tesorera",
         "vence": "31/12/2030", "estado": "pendiente",
         "requisito": Requisito.objects.get(codigo="rut").pk},
    )  # fmt: skip
    assert AccionPlan.objects.get().creada_por == secretaria


@pytest.mark.django_db
def test_session_actions_invite_and_issue_certificates(cliente_de, secretaria, junta):
    sembrar_estrategia()
    modulo = Modulo.objects.get(nombre="Organización comunal y la Ley 2166 de 2021")
    inicio = timezone.now() - datetime.timedelta(days=3)
    sesion = Sesion.objects.create(
        modulo=modulo, inicio=inicio, fin=inicio + datetime.timedelta(hours=24), lugar="Sede",
        facilitador_organizacion="U", cupo=10, estado="realizada",
    )  # fmt: skip
    persona = Persona.objects.create(
        documento="123456", nombres="A", apellidos="B", organizacion=junta
    )
    sesion.inscripciones.create(persona=persona, organizacion=junta, asistio=True)
    url = reverse("admin:capacitacion_sesion_changelist")
    cliente = cliente_de(secretaria)
    cliente.post(url, {"action": "emitir_certificados", "_selected_action": [sesion.pk]})
    assert Certificado.objects.filter(persona=persona, modulo=modulo).exists()
    cliente.post(url, {"action": "invitar", "_selected_action": [sesion.pk]})
    assert mail.outbox == []  # a held session is not invited to


@pytest.mark.django_db
def test_certificates_cannot_be_typed_in_only_annulled(cliente_de, secretaria):
    cliente = cliente_de(secretaria)
    assert cliente.get(reverse("admin:capacitacion_certificado_add")).status_code == 403
