"""Session evaluations (/evaluacion/<código>/) are no oracle and no open ballot box: the page
answers the same for an unknown document, a registered absentee, an attendee and a repeat; only
attendees of a held session are stored, once; posts are rate-limited per address and session."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import Evaluacion, Inscripcion, Modulo, Persona, Sesion
from capacitacion.views import formacion as views
from demo.capacitacion import sembrar_estrategia

SATISFECHO = {f"p_{c}": "5" for c in ("utilidad", "claridad", "materiales", "logistica")}
DATOS = {"momento": "satisfaccion", **SATISFECHO, "p_aplicacion": "4"}


def _sesion(inicio, estado=Sesion.Estado.REALIZADA):
    return Sesion.objects.create(
        modulo=Modulo.objects.get(nombre="SECOP II paso a paso"),
        inicio=inicio,
        fin=inicio + datetime.timedelta(hours=4),
        lugar="Casa de la Cultura de Manga",
        facilitador_organizacion="Universidad",
        cupo=40,
        estado=estado,
    )


@pytest.fixture
def sesion(db):
    sembrar_estrategia()
    return _sesion(timezone.now() - datetime.timedelta(hours=5))


def _inscrita(sesion, junta, documento, asistio):
    persona, _creada = Persona.objects.get_or_create(
        documento=documento,
        defaults={"nombres": "Rosa", "apellidos": "Julio", "organizacion": junta},
    )
    Inscripcion.objects.create(sesion=sesion, persona=persona, organizacion=junta, asistio=asistio)
    return persona


def _url(sesion):
    return reverse("publico:evaluacion", args=[sesion.codigo_evaluacion])


def _sin_token(respuesta):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", respuesta.content.decode())


@pytest.mark.django_db
def test_the_answer_is_the_same_for_unknown_absent_present_and_repeated_documents(
    client, sesion, junta
):
    presente = _inscrita(sesion, junta, "1047555666", asistio=True)
    _inscrita(sesion, junta, "1047000111", asistio=False)
    casos = {
        "desconocido": "99999999",
        "ausente": "1047000111",
        "presente": presente.documento,
        "repetido": presente.documento,
    }
    respuestas = {
        caso: client.post(_url(sesion), {**DATOS, "documento": d}) for caso, d in casos.items()
    }
    estados = {caso: r.status_code for caso, r in respuestas.items()}
    assert set(estados.values()) == {200}
    paginas = {_sin_token(r) for r in respuestas.values()}
    assert len(paginas) == 1
    assert "si usted asistió a esta sesión, su evaluación quedó registrada" in paginas.pop()
    assert list(Evaluacion.objects.values_list("persona", flat=True)) == [presente.pk]


@pytest.mark.django_db
def test_sessions_not_yet_held_store_nothing_even_for_a_recorded_attendee(client, sesion, junta):
    futura = _sesion(timezone.now() + datetime.timedelta(days=2), estado=Sesion.Estado.PROGRAMADA)
    _inscrita(futura, junta, "1047555666", asistio=True)
    pagina = client.get(_url(futura)).content.decode()
    assert "Las evaluaciones se abren cuando empieza la sesión" in pagina
    respuesta = client.post(_url(futura), {**DATOS, "documento": "1047555666"})
    assert respuesta.status_code == 200
    assert not Evaluacion.objects.exists()


@pytest.mark.django_db
def test_posts_are_limited_per_client_address(client, sesion, junta):
    presente = _inscrita(sesion, junta, "1047555666", asistio=True)
    for n in range(10):
        respuesta = client.post(_url(sesion), {**DATOS, "documento": f"{55500000 + n}"})
        assert respuesta.status_code == 200
    bloqueada = client.post(_url(sesion), {**DATOS, "documento": presente.documento})
    assert bloqueada.status_code == 429
    assert "Espere un minuto" in bloqueada.content.decode()
    assert not Evaluacion.objects.exists()  # a blocked post stores nothing
    # Reading the page is not limited, and another address may still post.
    assert client.get(_url(sesion)).status_code == 200
    otra = client.post(
        _url(sesion), {**DATOS, "documento": presente.documento}, REMOTE_ADDR="10.0.0.7"
    )
    assert otra.status_code == 200
    assert Evaluacion.objects.count() == 1


@pytest.mark.django_db
def test_posts_are_limited_per_session_across_addresses(client, sesion, junta, monkeypatch):
    monkeypatch.setattr(views, "EVALUACIONES_POR_SESION", "5/h")
    otra_sesion = _sesion(timezone.now() - datetime.timedelta(hours=3))
    for n in range(5):
        direccion = f"10.0.1.{n}"
        assert client.post(_url(sesion), DATOS, REMOTE_ADDR=direccion).status_code == 200
    assert client.post(_url(sesion), DATOS, REMOTE_ADDR="10.0.2.1").status_code == 429
    assert client.post(_url(otra_sesion), DATOS, REMOTE_ADDR="10.0.2.1").status_code == 200
