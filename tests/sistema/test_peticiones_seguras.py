"""The pieces behind «no request breaks the portal», each with the case that once gave a 500
or took a visitor off the portal: junk ids, NUL bytes, junk in admin filters and history
addresses, redirect targets from request data, and free texts without a length limit."""

import datetime

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import Modulo, Sesion
from demo.capacitacion import sembrar_estrategia
from hitos import services as servicios_hitos
from hitos.forms import (
    ActualizacionForm,
    DevolucionForm,
    EvidenciaForm,
    ObservacionForm,
    PropuestaForm,
    RespuestaForm,
)
from hitos.models import Observacion, PropuestaNivel
from juntas.models import Organizacion
from nucleo.peticiones import destino_seguro, entero_o_404, entero_o_none, objeto_o_404, pagina
from tests.factories import OrganizacionFactory, crear_lider
from tests.hitos.conftest import crear_compromiso, crear_hito

AFUERA = ["https://evil.example/", "//evil.example", "/\\evil.example", "https:evil.example"]


# The helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "valor", ["abc", "1e5", "-1", "0", "", None, "99999999999999999999", "١٢", ["1"], "1\x00"]
)
def test_junk_ids_are_none_and_404(valor):
    assert entero_o_none(valor) is None
    with pytest.raises(Http404):
        entero_o_404(valor)


def test_plain_ids_are_numbers():
    assert entero_o_none(" 42 ") == 42
    assert entero_o_404(7) == 7


@pytest.mark.django_db
def test_an_id_of_nothing_and_a_junk_id_get_the_same_404(junta):
    for valor in ["abc", str(junta.pk + 1000), "99999999999999999999"]:
        with pytest.raises(Http404):
            objeto_o_404(Organizacion.objects.all(), valor)
    assert objeto_o_404(Organizacion.objects.all(), str(junta.pk)) == junta


@pytest.mark.parametrize("numero", ["abc", "-1", "0", "99999999999999999999", None, "2\x00"])
def test_junk_page_numbers_give_the_first_page(numero):
    assert pagina(list(range(100)), 10, numero).number == 1


def test_a_page_past_the_end_gives_the_last_one():
    assert pagina(list(range(100)), 10, "50").number == 10


@pytest.mark.parametrize("destino", AFUERA)
def test_external_targets_fall_back_to_the_default(destino):
    peticion = RequestFactory().get("/")
    assert destino_seguro(peticion, destino, "/portal/") == "/portal/"


@pytest.mark.parametrize("destino", ["abc", "portal:inicio", "http://testserver/portal/", None])
def test_only_paths_are_targets(destino):
    """A bare word would be taken by `redirect()` for a view's name (a 500 when it is none)."""
    assert destino_seguro(RequestFactory().get("/"), destino, "/portal/") == "/portal/"


def test_a_path_on_the_portal_is_kept():
    assert destino_seguro(RequestFactory().get("/"), "/portal/junta/", "/") == "/portal/junta/"


# NUL bytes: one middleware for every view -------------------------------------------------


@pytest.mark.django_db
def test_a_nul_byte_anywhere_gets_the_friendly_400(client, monitor):
    client.force_login(monitor)
    for respuesta in [
        client.get(reverse("transparencia:inicio"), {"compromiso": "a\x00b"}),
        client.get(reverse("tablero:inicio"), {"compromiso": "a\x00b"}),
        client.post(reverse("login"), {"username": "a\x00b", "password": "x"}),
    ]:
        assert respuesta.status_code == 400
        assert "No pudimos leer la solicitud" in respuesta.content.decode()


# Junk ids on the milestone page ------------------------------------------------------------


@pytest.fixture
def hito(db):
    return crear_hito(crear_compromiso(), 1, datetime.date(2023, 1, 2), datetime.date(2023, 1, 31))


@pytest.mark.django_db
@pytest.mark.parametrize("valor", ["abc", "1e5", "99999999999999999999", "", "-1"])
def test_junk_proposal_or_observation_ids_are_404(client, hito, monitor, secretaria, valor):
    url = reverse("tablero:hito", args=[hito.numero])
    client.force_login(monitor)
    assert client.post(url, {"accion": "verificar", "propuesta": valor}).status_code == 404
    assert client.post(url, {"accion": "devolver", "propuesta": valor}).status_code == 404
    client.force_login(secretaria)
    respuesta = client.post(url, {"accion": "responder", "observacion": valor, "texto": "Sí"})
    assert respuesta.status_code == 404


@pytest.mark.django_db
def test_a_proposal_of_another_milestone_is_404(client, hito, monitor, secretaria):
    otro = crear_hito(hito.compromiso, 2, datetime.date(2023, 2, 1), datetime.date(2023, 2, 28))
    servicios_hitos.proponer_nivel(
        otro, nivel="sustancial", avance=50, justificacion="Hecho", usuario=secretaria
    )
    propuesta = PropuestaNivel.objects.get(hito=otro)
    client.force_login(monitor)
    url = reverse("tablero:hito", args=[hito.numero])
    assert client.post(url, {"accion": "verificar", "propuesta": propuesta.pk}).status_code == 404
    propuesta.refresh_from_db()
    assert propuesta.estado == PropuestaNivel.Estado.PENDIENTE


# The admin: custom filters and history addresses ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("valor", ["abc", "1e5", "-1", "99999999999999999999"])
def test_junk_in_the_association_filter_is_the_admin_notice(client, secretaria, junta, valor):
    client.force_login(secretaria)
    url = reverse("admin:juntas_organizacion_changelist")
    respuesta = client.get(url, {"asociacion": valor})
    assert respuesta.status_code in (200, 302)
    if respuesta.status_code == 302:
        assert respuesta["Location"].endswith("?e=1")


@pytest.mark.django_db
def test_a_date_hierarchy_year_too_big_is_the_admin_notice(client, secretaria):
    client.force_login(secretaria)
    url = reverse("admin:juntas_requisitojunta_changelist")
    respuesta = client.get(url, {"fecha_vencimiento__year": "99999999999999999999"})
    assert respuesta.status_code == 302 and respuesta["Location"].endswith("?e=1")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ruta", ["abc/history/", "abc/history/abc/", "{pk}/history/abc/", "{pk}/history/1e5/"]
)
def test_junk_in_history_addresses_is_404(client, secretaria, junta, ruta):
    client.force_login(secretaria)
    base = reverse("admin:juntas_organizacion_changelist")
    assert client.get(base + ruta.format(pk=junta.pk)).status_code == 404
    hito_url = reverse("admin:hitos_compromiso_changelist") + ruta.format(pk=1)
    assert client.get(hito_url).status_code == 404


# Redirect targets from request data -------------------------------------------------------


def _afuera(respuesta):
    destino = respuesta.get("Location", "")
    return "evil.example" in destino.replace("\\", "/")


@pytest.mark.django_db
@pytest.mark.parametrize("destino", AFUERA)
def test_data_authorization_never_redirects_off_site(client, junta, destino):
    lider = crear_lider(junta, username="lider-sin-autorizar", autorizado=False)
    client.force_login(lider)
    url = reverse("portal:autorizacion")
    pagina_html = client.get(url, {"next": destino}).content.decode()
    assert "evil.example" not in pagina_html
    respuesta = client.post(url, {"acepto": "on", "next": destino})
    assert respuesta.status_code == 302 and not _afuera(respuesta)
    assert respuesta["Location"] == reverse("portal:inicio")


@pytest.mark.django_db
def test_data_authorization_keeps_a_target_on_the_portal(client, junta):
    lider = crear_lider(junta, username="lider-sin-autorizar", autorizado=False)
    client.force_login(lider)
    respuesta = client.post(
        reverse("portal:autorizacion"), {"acepto": "on", "next": reverse("portal:junta")}
    )
    assert respuesta["Location"] == reverse("portal:junta")


@pytest.mark.django_db
@pytest.mark.parametrize("destino", AFUERA)
def test_log_in_never_redirects_off_site(client, lider, destino):
    respuesta = client.post(
        reverse("login"),
        {"username": lider.username, "password": "clave-de-prueba-123", "next": destino},
    )
    assert respuesta.status_code == 302 and not _afuera(respuesta)


@pytest.mark.django_db
@pytest.mark.parametrize("destino", AFUERA)
def test_session_invitation_never_redirects_off_site(client, secretaria, destino):
    sembrar_estrategia()
    inicio = timezone.now() + datetime.timedelta(days=3)
    sesion = Sesion.objects.create(
        modulo=Modulo.objects.order_by("pk").first(),
        inicio=inicio,
        fin=inicio + datetime.timedelta(hours=4),
        lugar="Casa de la Cultura",
        facilitador_organizacion="Universidad",
        cupo=40,
    )
    client.force_login(secretaria)
    respuesta = client.post(reverse("estrategia:invitar", args=[sesion.pk]), {"volver": destino})
    assert respuesta.status_code == 302 and not _afuera(respuesta)


# Length limits on free texts ----------------------------------------------------------------


LARGO = "a" * 2345


@pytest.mark.parametrize(
    ("formulario", "campo", "otros"),
    [
        (PropuestaForm, "justificacion", {"nivel": "sustancial", "avance": "50"}),
        (DevolucionForm, "observacion", {}),
        (ObservacionForm, "texto", {}),
        (RespuestaForm, "texto", {}),
        (ActualizacionForm, "texto", {"fecha": "2023-05-01"}),
        (EvidenciaForm, "descripcion", {"titulo": "Acta", "fecha": "2023-05-01"}),
    ],
)
def test_free_texts_stop_at_2000_characters_with_a_spanish_message(formulario, campo, otros):
    form = formulario(data={**otros, campo: LARGO})
    assert not form.is_valid()
    assert form.errors[campo] == ["Máximo 2.000 caracteres (escribió 2.345). Acorte el texto y "
                                  "envíelo de nuevo."]  # fmt: skip
    assert formulario(data={**otros, campo: "a" * 2000}).errors.get(campo) is None
    assert 'maxlength="2000"' in str(form[campo])


@pytest.mark.django_db
def test_a_too_long_observation_is_refused_on_the_page(client, hito, monitor):
    client.force_login(monitor)
    respuesta = client.post(
        reverse("tablero:hito", args=[hito.numero]), {"accion": "observar", "texto": LARGO}
    )
    assert respuesta.status_code == 200
    assert "Máximo 2.000 caracteres (escribió 2.345)" in respuesta.content.decode()
    assert not Observacion.objects.exists()


@pytest.fixture
def junta(db):
    return OrganizacionFactory(nombre="Junta de Acción Comunal El Cabrero")
