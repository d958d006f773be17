"""The survey engine knows nothing of training, yet an instrument that attendees already answered
(training's evaluations, registered with the survey at start-up) is locked like one a Junta
answered: its questions cannot change, the admin shows them read-only and counts the answers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import Evaluacion, Inscripcion, Instrumento, Modulo, Persona, Sesion
from demo.capacitacion import sembrar_estrategia


@pytest.fixture
def evaluada(db, junta):
    """A module's knowledge test answered by one attendee of a held session, and no Junta."""
    sembrar_estrategia()
    prueba = Instrumento.objects.create(
        nombre="Prueba SECOP",
        proposito=Instrumento.Proposito.CONOCIMIENTO,
        abre=datetime.date(2023, 1, 1),
        cierra=datetime.date(2030, 1, 1),
        estado=Instrumento.Estado.PUBLICADO,
    )
    pregunta = prueba.preguntas.create(codigo="q1", texto="¿Qué es SECOP II?", tipo="si_no")
    inicio = timezone.now() - datetime.timedelta(hours=5)
    modulo = Modulo.objects.get(nombre="SECOP II paso a paso")
    sesion = Sesion.objects.create(
        modulo=modulo, inicio=inicio, fin=inicio + datetime.timedelta(hours=4),
        lugar="Casa de la Cultura de Manga", facilitador_organizacion="Universidad", cupo=40,
        estado=Sesion.Estado.REALIZADA,
    )  # fmt: skip
    persona = Persona.objects.create(
        documento="1047555666", nombres="Rosa", apellidos="Julio", organizacion=junta
    )
    Inscripcion.objects.create(sesion=sesion, persona=persona, organizacion=junta, asistio=True)
    Evaluacion.objects.create(
        instrumento=prueba, sesion=sesion, persona=persona, modulo=modulo,
        momento=Evaluacion.Momento.ENTRADA, respuestas={"q1": "si"},
    )  # fmt: skip
    return prueba, pregunta


@pytest.mark.django_db
def test_an_instrument_only_attendees_answered_has_answers_and_locks_its_questions(evaluada):
    prueba, pregunta = evaluada
    assert not prueba.respuestas.exists()  # no Junta answered it
    assert prueba.tiene_respuestas()
    pregunta.texto = "Otra cosa"
    with pytest.raises(ValidationError, match="duplíquelo como nueva versión"):
        pregunta.full_clean()


@pytest.mark.django_db
def test_an_unanswered_instrument_can_still_change(db):
    nueva = Instrumento.objects.create(
        nombre="Satisfacción 2025",
        proposito=Instrumento.Proposito.SATISFACCION,
        abre=datetime.date(2025, 1, 1),
        cierra=datetime.date(2025, 12, 31),
    )
    pregunta = nueva.preguntas.create(codigo="utilidad", texto="¿Le sirvió?", tipo="likert")
    assert not nueva.tiene_respuestas()
    pregunta.texto = "¿Le fue útil?"
    pregunta.full_clean()


@pytest.mark.django_db
def test_admin_counts_attendees_answers_and_shows_the_questions_read_only(
    cliente_de, secretaria, evaluada
):
    prueba, pregunta = evaluada
    cliente = cliente_de(secretaria)
    lista = cliente.get(reverse("admin:capacitacion_instrumento_changelist"), {"q": "Prueba SECOP"})
    assert lista.status_code == 200
    assert '<td class="field-n_respuestas">1</td>' in lista.content.decode()
    pagina = cliente.get(reverse("admin:capacitacion_pregunta_change", args=[pregunta.pk]))
    assert pagina.status_code == 200
    assert 'name="texto"' not in pagina.content.decode()  # read-only: no input to edit
