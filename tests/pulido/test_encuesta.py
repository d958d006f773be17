"""The survey as a leader meets it: looking creates nothing, «Continuar» opens the next step
with something missing, the review shows the answers before sending."""

import pytest
from django.urls import reverse

from capacitacion.models import Pregunta, Respuesta
from tests.capacitacion.test_diagnostico import _contestar_todo, _paso


def _contestar_paso(client, instrumento, numero):
    formulario = client.get(_paso(instrumento, numero)).context["form"]
    datos = {"seguir": ""}
    for nombre, campo in formulario.fields.items():
        tipo = campo.pregunta.tipo
        if tipo == Pregunta.Tipo.SI_NO:
            datos[nombre] = "si"
        elif tipo == Pregunta.Tipo.LIKERT:
            datos[nombre] = "4"
        elif tipo == Pregunta.Tipo.UNICA:
            datos[nombre] = campo.choices[0][0]
        elif tipo == Pregunta.Tipo.MULTIPLE:
            datos[nombre] = [campo.choices[0][0]]
        elif tipo == Pregunta.Tipo.NUMERO:
            datos[nombre] = "3"
        else:
            datos[nombre] = "Falta experiencia."
    assert client.post(_paso(instrumento, numero), datos).status_code == 302


@pytest.mark.django_db
def test_opening_a_step_or_the_review_creates_no_draft(
    client,
    lider,
    junta,
    instrumento,
    secretaria,
):
    client.force_login(lider)
    assert client.get(_paso(instrumento, 1)).status_code == 200
    assert client.get(reverse("diagnostico:revision", args=[instrumento.pk])).status_code == 200
    assert client.get(reverse("diagnostico:resultado", args=[instrumento.pk])).status_code == 302
    assert not Respuesta.objects.filter(organizacion=junta).exists()
    inicio = client.get(reverse("diagnostico:inicio")).content.decode()
    assert "Empezar" in inicio and "Borrador" not in inicio
    # Staff opening a Junta's survey on its behalf: nothing either.
    client.force_login(secretaria)
    url = reverse(
        "diagnostico:paso_junta",
        kwargs={"junta_id": junta.pk, "instrumento_id": instrumento.pk, "numero": 1},
    )
    assert client.get(url).status_code == 200
    assert not Respuesta.objects.filter(organizacion=junta).exists()
    # The first answers saved make the draft.
    client.force_login(lider)
    client.post(_paso(instrumento, 1), {"p_asamblea-ultimo-anio": "si", "salir": ""})
    assert Respuesta.objects.get(organizacion=junta).estado == Respuesta.Estado.BORRADOR


@pytest.mark.django_db
def test_continuar_opens_the_next_step_with_something_missing(
    client,
    lider,
    junta,
    instrumento,
):
    client.force_login(lider)
    # Step 1 answered in full, step 2 not yet.
    _contestar_paso(client, instrumento, 1)
    html = client.get(reverse("diagnostico:inicio")).content.decode()
    assert f'href="{_paso(instrumento, 2)}"' in html and "Continuar" in html
    # Everything answered: «Continuar» is the review before sending.
    _contestar_todo(client, instrumento)
    html = client.get(reverse("diagnostico:inicio")).content.decode()
    assert f'href="{reverse("diagnostico:revision", args=[instrumento.pk])}"' in html


@pytest.mark.django_db
def test_review_summarises_the_answers_before_sending(
    client,
    lider,
    junta,
    instrumento,
):
    client.force_login(lider)
    _contestar_todo(client, instrumento)
    pagina = client.get(reverse("diagnostico:revision", args=[instrumento.pk]))
    html = pagina.content.decode()
    resumen = pagina.context["resumen"]
    assert len(resumen) == 7  # one block per step
    pregunta = instrumento.preguntas.get(codigo="asamblea-ultimo-anio")
    assert pregunta.texto in html
    fila = next(f for p in resumen for f in p["filas"] if f["pregunta"].pk == pregunta.pk)
    texto_si = pregunta.opciones.get(codigo="si").texto if pregunta.opciones.exists() else "si"
    assert fila["respuesta"] == texto_si
    assert "Falta experiencia." in html  # a long text answer
    assert f'href="{_paso(instrumento, 2)}"' in html  # «Cambiar» per step
    assert "Enviar la encuesta" in html
