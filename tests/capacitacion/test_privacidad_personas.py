"""Registration by document number (/portal/capacitacion/) is no window on other Juntas' people:
a document of someone else answers like any unknown one, never moves or renames them and becomes
a request staff resolve; a leader never changes a stored person; nothing is saved before every
check passed; sessions not called for the Junta are refused; junk ids are 404; the .ics is only
for staff and the called Juntas' leaders; staff's walk-ins keep stored names."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from capacitacion.forms.encuesta import PasoForm
from capacitacion.models import (
    Inscripcion,
    Modulo,
    Persona,
    Pregunta,
    RespuestaPregunta,
    Sesion,
    SolicitudPersona,
)
from capacitacion.services import formacion as services
from demo.capacitacion import sembrar_estrategia
from juntas.models import Barrio, Localidad
from tests.factories import DignatarioFactory, OrganizacionFactory

PORTAL = reverse("capacitacion_portal:inicio")
LUIS = {"nombres": "Luis", "apellidos": "Marrugo", "telefono": "3001112233"}


def _sesion(**campos):
    inicio = timezone.now() + datetime.timedelta(days=5)
    datos = {
        "modulo": Modulo.objects.get(nombre="SECOP II paso a paso"),
        "inicio": inicio,
        "fin": inicio + datetime.timedelta(hours=4),
        "lugar": "Casa de la Cultura de Manga",
        "facilitador_organizacion": "Universidad de Cartagena",
        "cupo": 10,
        "cupo_por_junta": 3,
        **campos,
    }
    return Sesion.objects.create(**datos)


@pytest.fixture
def sesion(db):
    sembrar_estrategia()
    return _sesion()


@pytest.fixture
def ajena(otra_junta):
    """Someone of another Junta, with the data certificates print."""
    return Persona.objects.create(
        documento="73111222", nombres="Carmen", apellidos="Villa", telefono="3005556677",
        organizacion=otra_junta,
    )  # fmt: skip


def _post(client, sesion, documento, **datos):
    prefijo = f"s{sesion.pk}"
    campos = {f"{prefijo}-{k}": v for k, v in {"documento": documento, **datos}.items()}
    return client.post(PORTAL, {"sesion": sesion.pk, **campos})


def _normalizado(respuesta, *documentos):
    """The page's bytes without what legitimately differs: the CSRF token and the typed
    document echoed back in the form."""
    html = respuesta.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    for documento in documentos:
        html = html.replace(documento, "DOCUMENTO")
    return html


def _mensajes(respuesta):
    """The messages the leader reads on the page the registration leads to."""
    if respuesta.status_code == 302:
        respuesta = respuesta.client.get(respuesta["Location"])
    return [str(m) for m in respuesta.context["messages"]]


def _congelada(persona):
    persona.refresh_from_db()
    return (persona.nombres, persona.apellidos, persona.telefono, persona.organizacion_id)


@pytest.mark.django_db
def test_another_juntas_document_without_names_answers_exactly_like_an_unknown_one(
    client, lider, sesion, ajena, otra_junta
):
    antes = _congelada(ajena)
    client.force_login(lider)
    desconocido = _post(client, sesion, "98765432")
    de_otra_junta = _post(client, sesion, ajena.documento)
    assert desconocido.status_code == de_otra_junta.status_code == 200
    assert _normalizado(desconocido, "98765432") == _normalizado(de_otra_junta, ajena.documento)
    assert "Carmen" not in de_otra_junta.content.decode()
    assert "Villa" not in de_otra_junta.content.decode()
    assert _congelada(ajena) == antes
    assert not Inscripcion.objects.exists()
    assert not SolicitudPersona.objects.exists()  # nothing to ask staff without names


@pytest.mark.django_db
def test_another_juntas_document_with_names_answers_like_a_new_person_and_asks_staff(
    client, lider, junta, sesion, ajena, otra_junta
):
    antes = _congelada(ajena)
    otra_sesion = _sesion()
    client.force_login(lider)
    nueva = _post(client, sesion, "98765432", **LUIS)
    mensajes_nueva = _mensajes(nueva)
    de_otra_junta = _post(client, otra_sesion, ajena.documento, **LUIS)
    assert nueva.status_code == de_otra_junta.status_code == 302
    assert nueva["Location"] == de_otra_junta["Location"]
    assert mensajes_nueva == _mensajes(de_otra_junta)
    assert mensajes_nueva == [
        "Recibimos la inscripción de Luis Marrugo. Si la Secretaría necesita revisar los datos "
        "de esta persona, lo hará antes de la sesión."
    ]
    # The Junta's page shows both sessions alike: the typed name, one seat less.
    items = {i["sesion"].pk: i for i in client.get(PORTAL).context["sesiones"]}
    vista = [(i["libres"], [p["nombre"] for p in i["propias"]]) for i in items.values()]
    assert vista == [(9, ["Luis Marrugo"]), (9, ["Luis Marrugo"])]
    assert "Carmen" not in client.get(PORTAL).content.decode()
    # The new person is registered; the other Junta's is neither moved nor renamed, and waits.
    assert Persona.objects.get(documento="98765432").organizacion == junta
    assert _congelada(ajena) == antes
    assert not Inscripcion.objects.filter(persona=ajena).exists()
    solicitud = SolicitudPersona.objects.get()
    assert (solicitud.tipo, solicitud.estado, solicitud.sesion, solicitud.persona) == (
        "vincular", "pendiente", otra_sesion, ajena,
    )  # fmt: skip
    assert (solicitud.organizacion, solicitud.nombres, solicitud.creada_por) == (
        junta, "Luis", lider,
    )  # fmt: skip


@pytest.mark.django_db
def test_repeating_a_document_answers_alike_whether_new_or_of_another_junta(
    client, lider, sesion, ajena
):
    otra_sesion = _sesion()
    client.force_login(lider)
    _mensajes(_post(client, sesion, "98765432", **LUIS))
    _mensajes(_post(client, otra_sesion, ajena.documento, **LUIS))
    # The same document again for the same session, then without names for a third session.
    otra_vez = [_post(client, sesion, "98765432"), _post(client, otra_sesion, ajena.documento)]
    for respuesta in otra_vez:
        assert respuesta.status_code == 200
        assert (
            respuesta.context["sesiones"][0]["form"].errors
            or respuesta.context["sesiones"][1]["form"].errors
        )
        assert "Luis Marrugo ya está inscrito(a) en esta sesión." in respuesta.content.decode()
    tercera = _sesion()
    sin_nombres = [_mensajes(_post(client, tercera, doc)) for doc in ("98765432", ajena.documento)]
    assert sin_nombres == [["Luis Marrugo quedó inscrito(a)."]] * 2
    # At most one pending request per session; the other Junta's person still untouched.
    assert SolicitudPersona.objects.filter(sesion=otra_sesion).count() == 1
    assert Persona.objects.get(pk=ajena.pk).nombres == "Carmen"


@pytest.mark.django_db
def test_a_person_with_no_junta_is_not_taken_either(client, lider, sesion):
    suelta = Persona.objects.create(documento="55443322", nombres="Rosa", apellidos="Julio")
    client.force_login(lider)
    _post(client, sesion, suelta.documento, **LUIS)
    suelta.refresh_from_db()
    assert suelta.organizacion is None and suelta.nombres == "Rosa"
    assert SolicitudPersona.objects.get().persona == suelta


@pytest.mark.django_db
def test_a_leader_never_changes_a_stored_person_differences_go_to_staff(
    client, lider, junta, sesion
):
    propia = Persona.objects.create(
        documento="11122233", nombres="Ana", apellidos="Pérez", telefono="3000000000",
        organizacion=junta,
    )  # fmt: skip
    client.force_login(lider)
    respuesta = _post(
        client, sesion, propia.documento, nombres="Anita", apellidos="Pérez", telefono="3119998877"
    )
    assert respuesta.status_code == 302
    (mensaje,) = _mensajes(respuesta)
    assert "Ana Pérez quedó inscrito(a)." in mensaje
    assert "la Secretaría revisará la corrección" in mensaje
    propia.refresh_from_db()
    assert (propia.nombres, propia.telefono) == ("Ana", "3000000000")
    assert Inscripcion.objects.filter(sesion=sesion, persona=propia, organizacion=junta).exists()
    correccion = SolicitudPersona.objects.get(tipo="corregir")
    assert (correccion.nombres, correccion.telefono, correccion.persona) == (
        "Anita", "3119998877", propia,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_dignatario_is_registered_without_touching_the_stored_person(
    client, lider, junta, sesion, otra_junta
):
    dignatario = DignatarioFactory(organizacion=junta, documento="45111222", nombres="Pedro")
    ya_registrada = Persona.objects.create(
        documento="45111222", nombres="Pedro José", apellidos="Ruiz", organizacion=otra_junta
    )
    client.force_login(lider)
    respuesta = client.post(
        PORTAL, {"sesion": sesion.pk, f"s{sesion.pk}-dignatario": dignatario.pk}
    )
    assert _mensajes(respuesta) == [f"{dignatario.nombre_completo} quedó inscrito(a)."]
    ya_registrada.refresh_from_db()
    assert (ya_registrada.nombres, ya_registrada.organizacion) == ("Pedro José", otra_junta)
    assert Inscripcion.objects.get(persona=ya_registrada).organizacion == junta


@pytest.mark.django_db
def test_a_refused_registration_leaves_no_person_nor_request_behind(
    client, lider, lider_otra, otra_junta, sesion, ajena
):
    sesion.cupo = 1
    sesion.save()
    services.inscribir(
        sesion, Persona.objects.create(documento="99988877", nombres="X", apellidos="Y",
                                       organizacion=otra_junta),
        otra_junta, usuario=lider_otra,
    )  # fmt: skip
    client.force_login(lider)
    for documento in ("98765432", ajena.documento):
        respuesta = _post(client, sesion, documento, **LUIS)
        assert respuesta.status_code == 200
        assert "La sesión no tiene cupos disponibles." in respuesta.content.decode()
    assert not Persona.objects.filter(documento="98765432").exists()
    assert not SolicitudPersona.objects.exists()
    assert Inscripcion.objects.count() == 1


@pytest.mark.django_db
def test_a_typed_value_the_model_refuses_saves_nothing(lider, junta, sesion):
    with pytest.raises(ValidationError):
        services.inscribir_delegado(
            sesion=sesion, organizacion=junta, usuario=lider,
            documento="98765432", nombres="Luis", apellidos="M" * 150,
        )  # fmt: skip
    assert not Persona.objects.filter(documento="98765432").exists()
    assert not Inscripcion.objects.exists()


@pytest.mark.django_db
def test_pending_requests_hold_the_seat_until_staff_reject_them(
    client, lider, junta, sesion, ajena
):
    sesion.cupo_por_junta = 1
    sesion.save()
    client.force_login(lider)
    _post(client, sesion, ajena.documento, **LUIS)
    respuesta = _post(client, sesion, "98765432", **LUIS)
    assert "Su Junta ya usó su cupo en esta sesión." in respuesta.content.decode()
    # The leader withdraws it like any registration (named by session and document).
    client.post(PORTAL, {"sesion": sesion.pk, "cancelar": ajena.documento})
    assert SolicitudPersona.objects.get().estado == "retirada"
    assert _post(client, sesion, "98765432", **LUIS).status_code == 302


@pytest.mark.django_db
def test_registration_for_a_session_not_called_for_the_junta_is_refused(
    client, lider, junta, sesion
):
    otra = Localidad.objects.exclude(pk=junta.localidad_id).first()
    ajena = _sesion(convocatoria=Sesion.Convocatoria.LOCALIDAD, convocatoria_localidad=otra)
    client.force_login(lider)
    respuesta = _post(client, ajena, "98765432", **LUIS)
    assert respuesta.status_code == 200
    assert "Esta sesión no convoca a su Junta" in respuesta.content.decode()
    assert not Persona.objects.exists() and not Inscripcion.objects.exists()
    # The rule lives in the service, not only in the page.
    persona = Persona.objects.create(documento="12312312", nombres="A", apellidos="B")
    with pytest.raises(services.InscripcionError, match="no convoca"):
        services.inscribir(ajena, persona, junta, usuario=lider)
    no_participa = OrganizacionFactory(participa=False)
    with pytest.raises(services.InscripcionError, match="no convoca"):
        services.inscribir(sesion, persona, no_participa, usuario=lider)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "datos",
    [
        {"cancelar": "abc", "sesion": "1"},
        {"cancelar": "11111", "sesion": "1e5"},
        {"cancelar": "11111"},
        {"sesion": "1e5"},
        {"sesion": "abc", "s1-documento": "98765432"},
        {},
        {"sesion": "99999999"},
    ],
)
def test_junk_ids_are_404_with_the_friendly_page(client, lider, sesion, datos):
    client.force_login(lider)
    datos = {k: v.replace("1", str(sesion.pk), 1) if v == "1" else v for k, v in datos.items()}
    respuesta = client.post(PORTAL, datos)
    assert respuesta.status_code == 404
    assert "No encontramos" in respuesta.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "estado"),
    [
        ("anonimo", 302),
        ("lider", 200),
        ("lider_otra", 404),
        ("monitor", 404),
        ("secretaria", 200),
    ],
)
def test_ics_only_for_staff_and_leaders_of_called_juntas(
    client, request, junta, otra_junta, rol, estado
):
    sembrar_estrategia()
    otra_junta.barrio = Barrio.objects.filter(tipo="barrio").exclude(localidad=junta.localidad_id)[
        0
    ]
    otra_junta.save()
    assert otra_junta.localidad_id != junta.localidad_id
    sesion = _sesion(
        convocatoria=Sesion.Convocatoria.LOCALIDAD, convocatoria_localidad_id=junta.localidad_id
    )
    if rol != "anonimo":
        client.force_login(request.getfixturevalue(rol))
    respuesta = client.get(reverse("capacitacion_portal:calendario", args=[sesion.pk]))
    assert respuesta.status_code == estado
    if estado == 200:
        assert respuesta["Content-Type"].startswith("text/calendar")


@pytest.mark.django_db
def test_staff_admin_links_merges_or_rejects_requests(
    client, secretaria, lider, junta, sesion, ajena
):
    client.force_login(lider)
    _post(client, sesion, ajena.documento, **LUIS)
    solicitud = SolicitudPersona.objects.get()
    client.force_login(secretaria)
    url = reverse("admin:capacitacion_solicitudpersona_changelist")
    assert client.get(url).status_code == 200
    ficha = client.get(reverse("admin:capacitacion_solicitudpersona_change", args=[solicitud.pk]))
    assert "Carmen Villa" in ficha.content.decode()  # staff compare stored and typed data
    client.post(url, {"action": "vincular", "_selected_action": [solicitud.pk]})
    solicitud.refresh_from_db()
    ajena.refresh_from_db()
    assert (solicitud.estado, solicitud.resuelta_por) == ("vinculada", secretaria)
    assert (ajena.organizacion, ajena.nombres) == (junta, "Carmen")  # linked, name kept
    assert Inscripcion.objects.get(persona=ajena).sesion == sesion
    # A correction merged takes the typed data; a rejected one changes nothing.
    client.force_login(lider)
    _post(client, _sesion(), ajena.documento, nombres="Carmen Rosa", apellidos="Villa")
    _post(client, _sesion(), "98765432", **LUIS)
    correccion = SolicitudPersona.objects.get(tipo="corregir")
    client.force_login(secretaria)
    client.post(url, {"action": "fusionar", "_selected_action": [correccion.pk]})
    ajena.refresh_from_db()
    assert ajena.nombres == "Carmen Rosa"
    assert SolicitudPersona.objects.get(pk=correccion.pk).estado == "fusionada"


@pytest.mark.django_db
def test_staff_rejection_frees_the_seat_and_changes_no_one(secretaria, lider, junta, sesion, ajena):
    services.inscribir_delegado(
        sesion=sesion, organizacion=junta, usuario=lider, documento=ajena.documento, **LUIS
    )
    solicitud = SolicitudPersona.objects.get()
    services.resolver_solicitud(solicitud, accion="rechazar", usuario=secretaria)
    solicitud.refresh_from_db()
    assert solicitud.estado == "rechazada"
    assert Persona.objects.get(pk=ajena.pk).organizacion != junta
    assert not Inscripcion.objects.exists()
    with pytest.raises(ValidationError, match="ya fue resuelta"):
        services.resolver_solicitud(solicitud, accion="vincular", usuario=secretaria)


@pytest.mark.django_db
def test_staff_walk_ins_keep_stored_names_and_say_who_existed(
    client, secretaria, junta, otra_junta, sesion, ajena
):
    sesion.inicio = timezone.now() - datetime.timedelta(hours=1)  # attendance once it started
    sesion.save(update_fields=["inicio"])
    client.force_login(secretaria)
    url = reverse("estrategia:asistencia", args=[sesion.pk])
    respuesta = client.post(
        url,
        {
            "nuevo-TOTAL_FORMS": 3, "nuevo-INITIAL_FORMS": 0,
            "nuevo-0-documento": ajena.documento, "nuevo-0-nombres": "Otra",
            "nuevo-0-apellidos": "Persona", "nuevo-0-organizacion": junta.pk,
        },
        follow=True,
    )  # fmt: skip
    ajena.refresh_from_db()
    assert (ajena.nombres, ajena.apellidos, ajena.organizacion) == ("Carmen", "Villa", junta)
    html = respuesta.content.decode()
    assert "Ya estaban registradas y se conservaron sus datos" in html
    assert "Carmen Villa (73111222)" in html
    # The CSV import does the same.
    csv = (
        "documento,nombres,apellidos,codigo_registro\n"
        f"{ajena.documento},Nombre,Distinto,{otra_junta.codigo_registro}\n"
    )
    url = reverse("estrategia:importar_asistencia", args=[sesion.pk])
    respuesta = client.post(
        url, {"archivo": SimpleUploadedFile("a.csv", csv.encode())}, follow=True
    )
    ajena.refresh_from_db()
    assert (ajena.nombres, ajena.organizacion) == ("Carmen", otra_junta)
    assert "Carmen Villa (73111222)" in respuesta.content.decode()


@pytest.mark.django_db
def test_free_text_answers_have_a_ceiling_with_a_spanish_message(instrumento):
    pregunta = Pregunta.objects.filter(instrumento=instrumento, tipo="texto_largo").first()
    if pregunta is None:
        pregunta = Pregunta.objects.create(
            instrumento=instrumento, dimension=instrumento.preguntas.first().dimension,
            codigo="comentario_largo", texto="Comentarios", tipo="texto_largo", obligatoria=False,
        )  # fmt: skip
    form = PasoForm({f"p_{pregunta.codigo}": "x" * 2001}, preguntas=[pregunta], respuestas={})
    assert not form.is_valid()
    assert "Escriba como máximo 2000 caracteres" in form.errors[f"p_{pregunta.codigo}"][0]
    fila = RespuestaPregunta(pregunta=pregunta, texto="x" * 2001)
    with pytest.raises(ValidationError, match="como máximo 2000"):
        fila.clean_fields(exclude=["respuesta"])


@pytest.mark.django_db
def test_invitation_redirect_stays_on_the_portal(client, secretaria, sesion):
    client.force_login(secretaria)
    url = reverse("estrategia:invitar", args=[sesion.pk])
    junk = ("https://malo.example/robar", "//malo.example/", "javascript:alert(1)", "abc", "1e5")
    for volver in junk:
        respuesta = client.post(url, {"volver": volver})
        assert respuesta["Location"] == reverse("estrategia:sesiones")
    assert client.post(url, {"volver": "/admin/"})["Location"] == "/admin/"


@pytest.mark.django_db
def test_portal_query_count_stays_constant_with_pending_requests(client, lider, junta, sesion):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(lider)

    def contar():
        with CaptureQueriesContext(connection) as consultas:
            assert client.get(PORTAL).status_code == 200
        return len(consultas)

    antes = contar()
    for i in range(6):
        otra = _sesion()
        ajena = Persona.objects.create(
            documento=f"8{i}00000", nombres="N", apellidos="M", organizacion=OrganizacionFactory()
        )
        services.inscribir_delegado(
            sesion=otra, organizacion=junta, usuario=lider, documento=ajena.documento, **LUIS
        )
    assert SolicitudPersona.objects.count() == 6
    assert contar() == antes
