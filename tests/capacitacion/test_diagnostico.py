"""Answering the needs survey: validation per type, conditions, drafts, submit, review, scores."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from capacitacion import reglas
from capacitacion.models import (
    Instrumento,
    Opcion,
    Pregunta,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
)
from capacitacion.services import encuesta as services


def _paso(instrumento, numero):
    return reverse("diagnostico:paso", args=[instrumento.pk, numero])


def _respuesta(junta, instrumento):
    return Respuesta.objects.get(organizacion=junta, instrumento=instrumento)


def _contestar_todo(client, instrumento, valor_si="si"):
    """Answer every page with plausible values (yes, the highest option, Likert 4, numbers)."""
    pasos = len({p.dimension_id for p in instrumento.preguntas.all()})
    for numero in range(1, pasos + 1):
        formulario = client.get(_paso(instrumento, numero)).context["form"]
        datos = {"seguir": ""}
        for nombre, campo in formulario.fields.items():
            pregunta = campo.pregunta
            if pregunta.tipo == Pregunta.Tipo.SI_NO:
                datos[nombre] = valor_si
            elif pregunta.tipo == Pregunta.Tipo.LIKERT:
                datos[nombre] = "4"
            elif pregunta.tipo == Pregunta.Tipo.UNICA:
                datos[nombre] = campo.choices[0][0]
            elif pregunta.tipo == Pregunta.Tipo.MULTIPLE:
                datos[nombre] = [campo.choices[0][0]]
            elif pregunta.tipo == Pregunta.Tipo.NUMERO:
                datos[nombre] = "3"
            else:
                datos[nombre] = "Falta experiencia."
        respuesta = client.post(_paso(instrumento, numero), datos)
        assert respuesta.status_code == 302, respuesta.context["form"].errors


@pytest.mark.django_db
def test_default_instrument_has_about_30_questions_over_seven_dimensions(instrumento):
    assert 28 <= instrumento.preguntas.count() <= 35
    assert instrumento.preguntas.values("dimension").distinct().count() == 7
    tipos = set(instrumento.preguntas.values_list("tipo", flat=True))
    assert {"si_no", "likert", "unica", "multiple", "numero", "texto_largo"} <= tipos


@pytest.mark.django_db
def test_each_step_saves_a_draft_that_survives_leaving(client, lider, junta, instrumento):
    client.force_login(lider)
    client.post(
        _paso(instrumento, 1),
        {"p_asamblea-ultimo-anio": "si", "p_plan-accion-aprobado": "no", "salir": ""},
    )
    respuesta = _respuesta(junta, instrumento)
    assert respuesta.estado == Respuesta.Estado.BORRADOR
    client.logout()
    client.force_login(lider)
    formulario = client.get(_paso(instrumento, 1)).context["form"]
    assert formulario["p_asamblea-ultimo-anio"].initial == "si"
    assert formulario["p_plan-accion-aprobado"].initial == "no"


@pytest.mark.django_db
def test_draft_is_shared_by_the_juntas_leaders(client, lider, junta, instrumento):
    from tests.factories import crear_lider

    client.force_login(lider)
    client.post(_paso(instrumento, 1), {"p_asamblea-ultimo-anio": "si", "salir": ""})
    client.force_login(crear_lider(junta, username="vicepresidente"))
    formulario = client.get(_paso(instrumento, 1)).context["form"]
    assert formulario["p_asamblea-ultimo-anio"].initial == "si"


@pytest.mark.django_db
def test_required_questions_are_flagged_next_to_the_field(client, lider, junta, instrumento):
    client.force_login(lider)
    respuesta = client.post(_paso(instrumento, 1), {"p_asamblea-ultimo-anio": "si", "seguir": ""})
    assert respuesta.status_code == 200
    errores = respuesta.context["form"].errors
    assert "p_plan-accion-aprobado" in errores
    assert errores["p_plan-accion-aprobado"] == ["Esta pregunta es obligatoria."]
    assert "p_asamblea-ultimo-anio" not in errores
    # What was answered is saved anyway.
    assert RespuestaPregunta.objects.filter(pregunta__codigo="asamblea-ultimo-anio").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("campo", "valor", "mensaje"),
    [
        ("p_directiva-completa", "todos", "Escoja una opción válida"),
        ("p_asamblea-ultimo-anio", "quizas", "Escoja una opción válida"),
    ],
)
def test_invalid_choices_are_rejected(client, lider, instrumento, campo, valor, mensaje):
    client.force_login(lider)
    respuesta = client.post(_paso(instrumento, 1), {campo: valor, "seguir": ""})
    assert mensaje in str(respuesta.context["form"].errors[campo])
    assert not RespuestaPregunta.objects.filter(pregunta__codigo=campo[2:]).exists()


@pytest.mark.django_db
def test_number_limits_and_likert_range(client, lider, instrumento):
    client.force_login(lider)
    respuesta = client.post(_paso(instrumento, 2), {"p_personas-con-oficio": "900", "seguir": ""})
    assert "menor o igual a 500" in str(respuesta.context["form"].errors["p_personas-con-oficio"])
    respuesta = client.post(_paso(instrumento, 2), {"p_personas-con-oficio": "muchas"})
    assert "Ingrese un número" in str(respuesta.context["form"].errors["p_personas-con-oficio"])
    respuesta = client.post(_paso(instrumento, 3), {"p_conoce-plan-desarrollo": "7"})
    assert "Escoja una opción válida" in str(
        respuesta.context["form"].errors["p_conoce-plan-desarrollo"]
    )


@pytest.mark.django_db
def test_date_and_short_text_questions(client, lider, junta, instrumento):
    dimension = instrumento.preguntas.first().dimension
    Pregunta.objects.create(
        instrumento=instrumento, dimension=dimension, codigo="fecha-asamblea",
        texto="¿Fecha de la última asamblea?", tipo="fecha", orden=99,
    )  # fmt: skip
    Pregunta.objects.create(
        instrumento=instrumento, dimension=dimension, codigo="nombre-fiscal",
        texto="¿Nombre del fiscal?", tipo="texto_corto", orden=100, obligatoria=False,
    )  # fmt: skip
    client.force_login(lider)
    malo = client.post(_paso(instrumento, 1), {"p_fecha-asamblea": "31/02/2024"})
    assert "Ingrese una fecha válida" in str(malo.context["form"].errors["p_fecha-asamblea"])
    client.post(
        _paso(instrumento, 1), {"p_fecha-asamblea": "2024-03-15", "p_nombre-fiscal": "  Rosa  "}
    )
    filas = {r.pregunta.codigo: r for r in _respuesta(junta, instrumento).respuestas.all()}
    assert filas["fecha-asamblea"].fecha == datetime.date(2024, 3, 15)
    assert filas["nombre-fiscal"].texto == "Rosa"
    assert filas["fecha-asamblea"].puntaje is None


@pytest.mark.django_db
def test_conditional_question_shows_only_with_its_answer(client, lider, junta, instrumento):
    client.force_login(lider)
    pagina = client.get(_paso(instrumento, 3))
    assert "p_respuesta-peticion" in pagina.context["ocultas"]
    client.post(
        _paso(instrumento, 3), {"p_derecho-peticion": "si", "p_respuesta-peticion": "siempre"}
    )
    pagina = client.get(_paso(instrumento, 3))
    assert "p_respuesta-peticion" not in pagina.context["ocultas"]
    # Changing the answer hides it again and drops the now-hidden answer.
    client.post(
        _paso(instrumento, 3), {"p_derecho-peticion": "no", "p_respuesta-peticion": "siempre"}
    )
    codigos = set(
        _respuesta(junta, instrumento).respuestas.values_list("pregunta__codigo", flat=True)
    )
    assert "respuesta-peticion" not in codigos and "derecho-peticion" in codigos


@pytest.mark.django_db
def test_hidden_required_question_does_not_block_submit(client, lider, junta, instrumento):
    client.force_login(lider)
    _contestar_todo(client, instrumento, valor_si="no")
    faltan = services.faltantes(_respuesta(junta, instrumento))
    assert faltan == []


@pytest.mark.django_db
def test_review_lists_missing_required_with_links(client, lider, junta, instrumento):
    client.force_login(lider)
    client.post(_paso(instrumento, 1), {"p_asamblea-ultimo-anio": "si", "salir": ""})
    pagina = client.get(reverse("diagnostico:revision", args=[instrumento.pk]))
    pendientes = pagina.context["pendientes"]
    assert pendientes[0]["pregunta"].codigo == "plan-accion-aprobado"
    assert pendientes[0]["url"] == _paso(instrumento, 1)
    enviar = client.post(reverse("diagnostico:revision", args=[instrumento.pk]), follow=True)
    assert "Faltan" in enviar.content.decode()
    assert _respuesta(junta, instrumento).estado == Respuesta.Estado.BORRADOR


@pytest.mark.django_db
def test_submit_makes_it_read_only_and_staff_can_reopen(
    client, lider, junta, instrumento, secretaria
):
    client.force_login(lider)
    _contestar_todo(client, instrumento)
    enviada = client.post(reverse("diagnostico:revision", args=[instrumento.pk]))
    assert enviada["Location"] == reverse("diagnostico:resultado", args=[instrumento.pk])
    respuesta = _respuesta(junta, instrumento)
    assert respuesta.estado == Respuesta.Estado.ENVIADA and respuesta.enviada_por == lider
    # Read-only: steps redirect to the profile and a forged POST changes nothing.
    assert client.get(_paso(instrumento, 1))["Location"].endswith("/resultado/")
    client.post(_paso(instrumento, 1), {"p_asamblea-ultimo-anio": "no"})
    assert respuesta.respuestas.get(pregunta__codigo="asamblea-ultimo-anio").valor == "si"
    with pytest.raises(ValidationError):
        services.guardar_paso(respuesta, [], {}, usuario=lider)
    services.reabrir(respuesta, usuario=secretaria)
    assert client.get(_paso(instrumento, 1)).status_code == 200


@pytest.mark.django_db
def test_scores_per_dimension_and_index(client, lider, junta, instrumento):
    client.force_login(lider)
    _contestar_todo(client, instrumento)
    client.post(reverse("diagnostico:revision", args=[instrumento.pk]))
    respuesta = _respuesta(junta, instrumento)
    puntajes = {
        p.dimension.codigo: p.puntaje for p in PuntajeDimension.objects.filter(respuesta=respuesta)
    }
    assert len(puntajes) == 7
    # informacion: 2 yes (100 each), «siempre» (100) and Likert 4 (75) → 93.75.
    assert puntajes["informacion"] == Decimal("93.75")
    assert respuesta.indice == (sum(puntajes.values()) / 7).quantize(Decimal("0.01"))
    pagina = client.get(reverse("diagnostico:resultado", args=[instrumento.pk]))
    perfil = pagina.context["puntajes"]
    assert [p["puntaje"] for p in perfil] == sorted(p["puntaje"] for p in perfil)  # weakest first


@pytest.mark.django_db
def test_scoring_rules_by_type(instrumento):
    pregunta = Pregunta(tipo=Pregunta.Tipo.LIKERT)
    assert reglas.puntaje(pregunta, RespuestaPregunta(valor="1")) == 0
    assert reglas.puntaje(pregunta, RespuestaPregunta(valor="5")) == 100
    multiple = instrumento.preguntas.get(codigo="equipos")
    assert reglas.puntaje(multiple, RespuestaPregunta(valores=["computador", "internet"])) == 70
    assert (
        reglas.puntaje(
            multiple, RespuestaPregunta(valores=[c.codigo for c in multiple.opciones.all()])
        )
        == 100
    )
    si_no = instrumento.preguntas.get(codigo="rut-vigente")
    assert reglas.puntaje(si_no, RespuestaPregunta(valor="no")) == 0


@pytest.mark.django_db
def test_one_response_per_junta_and_instrument(junta, instrumento):
    services.respuesta_de_junta(junta, instrumento)
    assert services.respuesta_de_junta(junta, instrumento) == _respuesta(junta, instrumento)
    with pytest.raises(IntegrityError):
        Respuesta.objects.create(organizacion=junta, instrumento=instrumento)


@pytest.mark.django_db
def test_questions_of_an_answered_instrument_cannot_change(junta, instrumento):
    services.respuesta_de_junta(junta, instrumento)
    pregunta = instrumento.preguntas.get(codigo="rut-vigente")
    pregunta.texto = "Otra cosa"
    with pytest.raises(ValidationError, match="duplíquelo como nueva versión"):
        pregunta.full_clean()


@pytest.mark.django_db
def test_duplicate_as_new_version_keeps_codes_options_and_conditions(instrumento):
    nuevo = services.duplicar_como_nueva_version(instrumento)
    assert nuevo.version == 2 and nuevo.estado == Instrumento.Estado.BORRADOR
    assert nuevo.version_anterior == instrumento
    assert set(nuevo.preguntas.values_list("codigo", flat=True)) == set(
        instrumento.preguntas.values_list("codigo", flat=True)
    )
    assert (
        Opcion.objects.filter(pregunta__instrumento=nuevo).count()
        == Opcion.objects.filter(pregunta__instrumento=instrumento).count()
    )
    condicionada = nuevo.preguntas.get(codigo="respuesta-peticion")
    assert condicionada.condicion_pregunta.instrumento == nuevo
    assert condicionada.condicion_pregunta.codigo == "derecho-peticion"


@pytest.mark.django_db
def test_closed_or_draft_instrument_cannot_be_started(client, lider, instrumento):
    client.force_login(lider)
    instrumento.estado = Instrumento.Estado.BORRADOR
    instrumento.save()
    assert client.get(_paso(instrumento, 1)).status_code == 404
    instrumento.estado = Instrumento.Estado.PUBLICADO
    instrumento.cierra = instrumento.abre
    instrumento.abre = instrumento.abre - datetime.timedelta(days=30)
    instrumento.save()
    assert client.get(_paso(instrumento, 1)).status_code == 404
    assert "No hay encuestas abiertas" in client.get(reverse("diagnostico:inicio")).content.decode()


@pytest.mark.django_db
def test_staff_answer_on_a_juntas_behalf_is_recorded(client, secretaria, junta, instrumento):
    client.force_login(secretaria)
    url = reverse("diagnostico:paso_junta", args=[instrumento.pk, junta.pk, 1])
    assert "en nombre de" in client.get(url).content.decode()
    client.post(url, {"p_asamblea-ultimo-anio": "si", "salir": ""})
    respuesta = _respuesta(junta, instrumento)
    assert respuesta.por_la_secretaria
    ultimo = respuesta.history.first()
    assert ultimo.history_user == secretaria
    assert ultimo.history_change_reason == "Diligenciada por la Secretaría"


@pytest.mark.django_db
def test_staff_review_with_comment_the_leaders_see(client, lider, junta, instrumento, secretaria):
    client.force_login(lider)
    _contestar_todo(client, instrumento)
    client.post(reverse("diagnostico:revision", args=[instrumento.pk]))
    respuesta = _respuesta(junta, instrumento)
    services.revisar(
        respuesta, usuario=secretaria, estado=Respuesta.Estado.CON_OBSERVACIONES,
        comentario="Revisen la pregunta de la cuenta bancaria.",
    )  # fmt: skip
    for url in (
        reverse("diagnostico:inicio"),
        reverse("diagnostico:resultado", args=[instrumento.pk]),
    ):
        assert "Revisen la pregunta de la cuenta bancaria." in client.get(url).content.decode()


@pytest.mark.django_db
def test_admin_review_action(client, lider, junta, instrumento, secretaria):
    client.force_login(lider)
    _contestar_todo(client, instrumento)
    client.post(reverse("diagnostico:revision", args=[instrumento.pk]))
    respuesta = _respuesta(junta, instrumento)
    client.force_login(secretaria)
    client.post(
        reverse("admin:capacitacion_respuesta_changelist"),
        {"action": "aprobar", "_selected_action": [respuesta.pk]},
    )
    respuesta.refresh_from_db()
    assert respuesta.estado == Respuesta.Estado.APROBADA and respuesta.revisada_por == secretaria


@pytest.mark.django_db
def test_a_clerk_cannot_approve_a_survey_they_sent_another_clerk_can(
    client, junta, instrumento, secretaria
):
    """Two keys on the survey too: a paper survey typed in and sent by a clerk is reviewed by
    another person of the Secretaría."""
    from capacitacion.services import encuesta as services
    from tests.factories import crear_secretaria

    respuesta = services.respuesta_de_junta(junta, instrumento)
    Respuesta.objects.filter(pk=respuesta.pk).update(
        estado=Respuesta.Estado.ENVIADA, enviada_por=secretaria
    )
    client.force_login(secretaria)
    pagina = client.post(
        reverse("admin:capacitacion_respuesta_changelist"),
        {"action": "aprobar", "_selected_action": [respuesta.pk]},
        follow=True,
    )
    respuesta.refresh_from_db()
    assert respuesta.estado == Respuesta.Estado.ENVIADA and respuesta.revisada_por is None
    assert "debe revisarla otra persona" in pagina.content.decode()

    otra = crear_secretaria("otra-secretaria")
    client.force_login(otra)
    client.post(
        reverse("admin:capacitacion_respuesta_changelist"),
        {"action": "aprobar", "_selected_action": [respuesta.pk]},
    )
    respuesta.refresh_from_db()
    assert respuesta.estado == Respuesta.Estado.APROBADA and respuesta.revisada_por == otra
