"""A survey step never loses what a leader saved: a bad value is shown back, the rest is saved.

Page 2 of the default instrument («recursos») holds `personas-con-oficio` (a number between 0
and 500), `ingresos-propios` (sí/no) and `equipos` (several options).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from capacitacion.forms.encuesta import PasoForm
from capacitacion.forms.formacion import EvaluacionForm
from capacitacion.models import Pregunta, Respuesta, RespuestaPregunta
from nucleo.numeros import numero_es_co

NUMERO = "p_personas-con-oficio"


def _paso(instrumento, numero=2):
    return reverse("diagnostico:paso", args=[instrumento.pk, numero])


def _guardado(codigo):
    return RespuestaPregunta.objects.filter(pregunta__codigo=codigo).first()


@pytest.fixture
def con_respuestas(client, lider, instrumento):
    """A leader who already saved page 2: 12 people, income «sí», a computer."""
    client.force_login(lider)
    respuesta = client.post(
        _paso(instrumento),
        {NUMERO: "12", "p_ingresos-propios": "si", "p_equipos": ["computador"], "salir": ""},
    )
    assert respuesta.status_code == 302
    assert _guardado("personas-con-oficio").numero == Decimal("12")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("campo", "tecleado", "codigo", "mensaje"),
    [
        (NUMERO, "900", "personas-con-oficio", "menor o igual a 500"),
        (NUMERO, "-3", "personas-con-oficio", "mayor o igual a 0"),
        # Read as 1234,5 (dots are thousands), which is above the question's maximum.
        (NUMERO, "1.234,5", "personas-con-oficio", "menor o igual a 500"),
        (NUMERO, "doce", "personas-con-oficio", "Ingrese un número"),
        (NUMERO, "1,234.5", "personas-con-oficio", "Ingrese un número"),
        ("p_ingresos-propios", "quizas", "ingresos-propios", "Escoja una opción válida"),
        ("p_equipos", "nave-espacial", "equipos", "Escoja una opción válida"),
    ],
)
def test_an_invalid_value_keeps_the_stored_answer_and_is_shown_back(
    con_respuestas, instrumento, campo, tecleado, codigo, mensaje
):
    antes = _guardado(codigo)
    respuesta = con_respuestas.post(_paso(instrumento), {
        NUMERO: "12", "p_ingresos-propios": "si", "p_equipos": ["computador"],
        campo: tecleado, "seguir": "",
    })  # fmt: skip
    assert respuesta.status_code == 200
    assert mensaje in str(respuesta.context["form"].errors[campo])
    despues = _guardado(codigo)
    assert despues is not None, "the invalid value erased the saved answer"
    assert (despues.pk, despues.numero, despues.valor) == (antes.pk, antes.numero, antes.valor)
    html = respuesta.content.decode()
    assert "sigue guardada la respuesta que tenían antes" in html
    if campo == NUMERO:
        assert f'value="{tecleado}"' in html
    else:
        # A code that is no option has no radio to show it: the stored answer stays checked,
        # so pressing «Guardar» again does not send «nothing chosen» and clear it.
        mostrado = respuesta.context["form"][campo].value()
        assert mostrado in (antes.valor, antes.valores)
        assert despues.valores == antes.valores


@pytest.mark.django_db
def test_the_valid_fields_of_the_same_post_are_saved(con_respuestas, instrumento):
    respuesta = con_respuestas.post(
        _paso(instrumento),
        {NUMERO: "900", "p_ingresos-propios": "no", "p_equipos": ["internet", "celular"]},
    )
    assert NUMERO in respuesta.context["form"].errors
    assert _guardado("personas-con-oficio").numero == Decimal("12")
    assert _guardado("ingresos-propios").valor == "no"
    assert sorted(_guardado("equipos").valores) == ["celular", "internet"]
    # The page shows what was typed, not the stored 12 nor the validated «no» lost.
    formulario = respuesta.context["form"]
    assert formulario[NUMERO].value() == "900"
    assert formulario["p_ingresos-propios"].value() == "no"


@pytest.mark.django_db
def test_clearing_a_field_on_purpose_still_deletes_the_answer(con_respuestas, instrumento):
    """The fix must not turn an empty, valid field into «keep the old answer»."""
    con_respuestas.post(
        _paso(instrumento),
        {NUMERO: "12", "p_ingresos-propios": "si", "p_equipos": [], "salir": ""},
    )
    assert _guardado("equipos") is None
    assert _guardado("personas-con-oficio").numero == Decimal("12")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tecleado", "guardado"),
    [("12,5", "12.5"), ("1234.5", "1234.5"), ("1.234", "1234"), ("4 5", "45"), ("7", "7")],
)
def test_es_co_decimals_are_accepted_and_stored_as_decimal(
    client, lider, instrumento, tecleado, guardado, settings
):
    # A question with room for thousands and decimals, as staff may configure one.
    Pregunta.objects.filter(codigo="personas-con-oficio").update(maximo=Decimal("5000"))
    client.force_login(lider)
    respuesta = client.post(
        _paso(instrumento), {NUMERO: tecleado, "p_ingresos-propios": "si", "salir": ""}
    )
    assert respuesta.status_code == 302, respuesta.context["form"].errors
    numero = _guardado("personas-con-oficio").numero
    assert isinstance(numero, Decimal) and numero == Decimal(guardado)


@pytest.mark.django_db
def test_a_stored_decimal_is_shown_the_colombian_way_and_resubmits_unchanged(
    client, lider, junta, instrumento
):
    Pregunta.objects.filter(codigo="personas-con-oficio").update(maximo=Decimal("5000"))
    client.force_login(lider)
    client.post(_paso(instrumento), {NUMERO: "1.234,5", "p_ingresos-propios": "si", "salir": ""})
    html = client.get(_paso(instrumento)).content.decode()
    assert 'value="1.234,5"' in html
    client.post(_paso(instrumento), {NUMERO: "1.234,5", "p_ingresos-propios": "si", "salir": ""})
    assert _guardado("personas-con-oficio").numero == Decimal("1234.5")
    assert Respuesta.objects.get(organizacion=junta).estado == Respuesta.Estado.BORRADOR


@pytest.mark.django_db
def test_number_field_is_a_decimal_text_box_carrying_the_range(client, lider, instrumento):
    client.force_login(lider)
    html = client.get(_paso(instrumento)).content.decode()
    inicio = html.index(f'name="{NUMERO}"')
    etiqueta = html[html.rindex("<input", 0, inicio) : html.index(">", inicio)]
    assert 'type="text"' in etiqueta  # a number input would drop «12,5» on many phones
    assert 'inputmode="decimal"' in etiqueta
    assert 'data-minimo="0.00"' in etiqueta and 'data-maximo="500.00"' in etiqueta
    assert "pattern=" in etiqueta
    assert "Entre 0 y 500." in html
    assert "el punto separa miles (1.234)" in html


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("1.234,5", "1234.5"),
        ("12.345.678", "12345678"),
        ("12,5", "12.5"),
        ("1234.5", "1234.5"),
        ("12.5", "12.5"),
        ("1.234", "1234"),
        ("-1.500", "-1500"),
        ("1,234.5", None),
        ("1.23.4", None),
        ("12,5,0", None),
        ("doce", None),
    ],
)
def test_reading_numbers_as_typed_in_colombia(texto, esperado):
    assert numero_es_co(texto) == esperado


def _pregunta_numero():
    return Pregunta(
        codigo="horas", texto="¿Cuántas horas?", tipo=Pregunta.Tipo.NUMERO,
        minimo=Decimal("0"), maximo=Decimal("2000"), obligatoria=True,
    )  # fmt: skip


@pytest.mark.django_db
def test_evaluation_form_accepts_es_co_decimals():
    pregunta = _pregunta_numero()
    form = EvaluacionForm(
        {"documento": "1047123456", "p_horas": "1.080,5"}, preguntas=[pregunta], respuestas={}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["p_horas"] == Decimal("1080.5")
    form = EvaluacionForm(
        {"documento": "1047123456", "p_horas": "2.500"}, preguntas=[pregunta], respuestas={}
    )
    assert not form.is_valid()
    assert "menor o igual a 2.000" in str(form.errors["p_horas"])
    assert 'value="2.500"' in str(form["p_horas"])


@pytest.mark.django_db
def test_paso_form_keeps_only_validated_fields_in_its_values():
    pregunta = _pregunta_numero()
    pregunta.pk = 77
    form = PasoForm({"p_horas": "mil"}, preguntas=[pregunta], respuestas={})
    assert not form.is_valid()
    assert form.valores() == {}


@pytest.mark.django_db
def test_a_non_option_in_a_plain_dict_form_shows_the_stored_choice():
    pregunta = Pregunta(codigo="sino", texto="¿Sí?", tipo=Pregunta.Tipo.SI_NO, pk=78)
    guardada = RespuestaPregunta(valor="si")
    form = PasoForm({"p_sino": "tal-vez"}, preguntas=[pregunta], respuestas={78: guardada})
    assert not form.is_valid()
    assert form["p_sino"].value() == "si"
    assert form.valores() == {}
