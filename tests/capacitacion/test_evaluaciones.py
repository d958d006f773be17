"""Evaluations through the survey engine: satisfaction per session, knowledge test before and
after a module, answered without log-in by registered attendees; the learning gain."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import (
    Evaluacion,
    Inscripcion,
    Instrumento,
    Modulo,
    Opcion,
    Persona,
    Pregunta,
    Sesion,
)
from capacitacion.selectors import encuesta as selectors_encuesta
from capacitacion.selectors import formacion as selectors_formacion
from capacitacion.services import formacion as services
from demo.capacitacion import sembrar_estrategia

SATISFECHO = {f"p_{c}": "5" for c in ("utilidad", "claridad", "materiales", "logistica")}


@pytest.fixture
def sesion(db):
    sembrar_estrategia()
    inicio = timezone.now() - datetime.timedelta(hours=5)
    return Sesion.objects.create(
        modulo=Modulo.objects.get(nombre="SECOP II paso a paso"),
        inicio=inicio,
        fin=inicio + datetime.timedelta(hours=4),
        lugar="Casa de la Cultura de Manga",
        facilitador_organizacion="Universidad",
        cupo=40,
        estado=Sesion.Estado.REALIZADA,
    )


@pytest.fixture
def asistente(sesion, junta):
    persona = Persona.objects.create(
        documento="1047555666", nombres="Rosa", apellidos="Julio", organizacion=junta
    )
    Inscripcion.objects.create(sesion=sesion, persona=persona, organizacion=junta, asistio=True)
    return persona


@pytest.fixture
def prueba(sesion):
    prueba = Instrumento.objects.create(
        nombre="Prueba SECOP",
        proposito=Instrumento.Proposito.CONOCIMIENTO,
        abre=datetime.date(2023, 1, 1),
        cierra=datetime.date(2030, 1, 1),
        estado=Instrumento.Estado.PUBLICADO,
    )
    for orden in (1, 2):
        pregunta = Pregunta.objects.create(
            instrumento=prueba, codigo=f"q{orden}", texto=f"Pregunta {orden}", tipo="unica"
        )
        Opcion.objects.create(pregunta=pregunta, codigo="bien", texto="Bien", puntaje=100)
        Opcion.objects.create(pregunta=pregunta, codigo="mal", texto="Mal", puntaje=0)
    sesion.modulo.prueba = prueba
    sesion.modulo.save()
    return prueba


def _url(sesion, momento=None):
    url = reverse("publico:evaluacion", args=[sesion.codigo_evaluacion])
    return f"{url}?momento={momento}" if momento else url


@pytest.mark.django_db
def test_an_attendee_answers_the_satisfaction_survey_without_logging_in(client, sesion, asistente):
    assert "Cómo le pareció" in client.get(_url(sesion)).content.decode()
    respuesta = client.post(
        _url(sesion),
        {"momento": "satisfaccion", "documento": asistente.documento, **SATISFECHO,
         "p_aplicacion": "3", "p_mejoras": "Más ejemplos"},
    )  # fmt: skip
    assert respuesta.status_code == 200
    assert "su evaluación quedó registrada" in respuesta.content.decode()
    evaluacion = Evaluacion.objects.get()
    assert evaluacion.persona == asistente and evaluacion.sesion == sesion
    assert evaluacion.respuestas["mejoras"] == "Más ejemplos"
    # Likert 5 scores 100 and 3 scores 50, as in the needs survey; text is not scored.
    assert evaluacion.puntaje == 90


@pytest.mark.django_db
def test_missing_answers_are_refused_and_unknown_documents_or_repeats_not_stored(
    client, sesion, asistente
):
    respuesta = client.post(_url(sesion), {"momento": "satisfaccion", "documento": "99999"})
    html = respuesta.content.decode()
    assert "Responda esta pregunta" in html
    assert Evaluacion.objects.count() == 0
    datos = {"momento": "satisfaccion", **SATISFECHO, "p_aplicacion": "4"}
    # An unknown document and a repeat get the thank-you page too (see test_evaluacion_abuso),
    # but only the attendee's first answer is stored.
    client.post(_url(sesion), {**datos, "documento": "99999"})
    client.post(_url(sesion), {**datos, "documento": asistente.documento})
    client.post(_url(sesion), {**datos, "documento": asistente.documento})
    assert list(Evaluacion.objects.values_list("persona", flat=True)) == [asistente.pk]


@pytest.mark.django_db
def test_knowledge_test_before_and_after_gives_the_learning_gain(
    client, sesion, asistente, junta, prueba
):
    otra = Persona.objects.create(
        documento="2233445", nombres="Pedro", apellidos="Ruiz", organizacion=junta
    )
    Inscripcion.objects.create(sesion=sesion, persona=otra, organizacion=junta, asistio=True)
    respuestas = {
        (asistente, "entrada"): ("mal", "mal"),  # 0
        (otra, "entrada"): ("bien", "mal"),  # 50
        (asistente, "salida"): ("bien", "bien"),  # 100
        (otra, "salida"): ("bien", "mal"),  # 50
    }
    for (persona, momento), (q1, q2) in respuestas.items():
        client.post(
            _url(sesion),
            {"momento": momento, "documento": persona.documento, "p_q1": q1, "p_q2": q2},
        )
    assert Evaluacion.objects.filter(instrumento=prueba).count() == 4
    fila = next(
        f
        for f in selectors_formacion.cifras_capacitacion()["modulos"]
        if f["modulo"] == sesion.modulo
    )
    assert fila["entrada"]["promedio"] == 25
    assert fila["salida"]["promedio"] == 75
    assert fila["ganancia"] == 50
    # The same test once per person and moment: a second answer is not stored.
    client.post(
        _url(sesion),
        {"momento": "entrada", "documento": otra.documento, "p_q1": "bien", "p_q2": "bien"},
    )
    assert Evaluacion.objects.get(persona=otra, momento="entrada").puntaje == 50


@pytest.mark.django_db
def test_unknown_or_cancelled_session_codes_are_404(client, sesion):
    assert client.get(reverse("publico:evaluacion", args=["no-existe"])).status_code == 404
    sesion.estado = Sesion.Estado.CANCELADA
    sesion.save()
    assert client.get(_url(sesion)).status_code == 404


@pytest.mark.django_db
def test_evaluation_instruments_stay_out_of_the_needs_survey(cliente_de, lider, sesion):
    satisfaccion = Instrumento.satisfaccion_vigente()
    assert satisfaccion is not None
    assert all(
        e["instrumento"].proposito == "diagnostico"
        for e in selectors_encuesta.encuestas_de_junta(lider.dignatarios.first().organizacion)
    )
    url = reverse("diagnostico:paso", args=[satisfaccion.pk, 1])
    assert cliente_de(lider).get(url).status_code == 404


def test_diagnostic_questions_need_a_dimension_and_evaluations_no_round(db):
    from django.core.exceptions import ValidationError

    satisfaccion = Instrumento.satisfaccion_vigente()
    satisfaccion.ronda = "linea_base"
    with pytest.raises(ValidationError, match="no tienen ronda"):
        satisfaccion.full_clean()
    base = Instrumento.objects.get(ronda="linea_base", version=1)
    pregunta = Pregunta(instrumento=base, codigo="nueva", texto="¿?", tipo="si_no")
    with pytest.raises(ValidationError, match="deben tener una dimensión"):
        pregunta.full_clean()


@pytest.mark.django_db
def test_staff_attendance_page_shows_the_evaluation_link_and_qr(cliente_de, secretaria, sesion):
    html = (
        cliente_de(secretaria)
        .get(reverse("estrategia:asistencia", args=[sesion.pk]))
        .content.decode()
    )
    assert sesion.codigo_evaluacion in html
    assert "<svg" in html


def test_evaluation_services_list_what_applies(db, sesion, prueba):
    momentos = [m for m, _i in services.evaluaciones_de(sesion)]
    assert momentos == ["entrada", "salida", "satisfaccion"]
    prueba.estado = Instrumento.Estado.BORRADOR
    prueba.save()
    assert [m for m, _i in services.evaluaciones_de(sesion)] == ["satisfaccion"]
