"""Staff build instruments in the admin; answered instruments are locked and versioned instead."""

import pytest
from django.urls import reverse

from capacitacion.models import Instrumento
from capacitacion.services import encuesta as services


@pytest.mark.django_db
def test_staff_edit_questions_of_an_unanswered_instrument(client, secretaria, instrumento):
    client.force_login(secretaria)
    pregunta = instrumento.preguntas.get(codigo="rut-vigente")
    pagina = client.get(reverse("admin:capacitacion_pregunta_change", args=[pregunta.pk]))
    assert pagina.context["has_change_permission"] is True


@pytest.mark.django_db
def test_questions_of_an_answered_instrument_are_read_only(client, secretaria, junta, instrumento):
    services.respuesta_de_junta(junta, instrumento)
    client.force_login(secretaria)
    pregunta = instrumento.preguntas.get(codigo="rut-vigente")
    url = reverse("admin:capacitacion_pregunta_change", args=[pregunta.pk])
    assert client.get(url).context["has_change_permission"] is False
    client.post(url, {"texto": "Cambiada", "codigo": "rut-vigente"})
    pregunta.refresh_from_db()
    assert pregunta.texto != "Cambiada"
    instrumento_url = reverse("admin:capacitacion_instrumento_change", args=[instrumento.pk])
    inline = client.get(instrumento_url).context["inline_admin_formsets"][0]
    assert inline.has_change_permission is False and inline.has_add_permission is False


@pytest.mark.django_db
def test_duplicate_action_creates_a_draft_new_version(client, secretaria, junta, instrumento):
    services.respuesta_de_junta(junta, instrumento)
    client.force_login(secretaria)
    respuesta = client.post(
        reverse("admin:capacitacion_instrumento_changelist"),
        {"action": "duplicar", "_selected_action": [instrumento.pk]},
        follow=True,
    )
    assert "Creada la versión 2" in respuesta.content.decode()
    nueva = Instrumento.objects.get(nombre=instrumento.nombre, ronda=instrumento.ronda, version=2)
    assert nueva.estado == Instrumento.Estado.BORRADOR
    assert nueva.preguntas.count() == instrumento.preguntas.count()


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["monitor", "lider"])
def test_only_staff_reach_the_survey_admin(client, request, instrumento, rol):
    client.force_login(request.getfixturevalue(rol))
    respuesta = client.get(reverse("admin:capacitacion_instrumento_changelist"))
    assert respuesta.status_code == 302
