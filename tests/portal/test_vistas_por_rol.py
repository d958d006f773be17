"""Every portal view for each role: anonymous, leader of this Junta, leader of another, monitor,
staff. Leaders' URLs carry no Junta id: each leader always gets their own Junta."""

import pytest
from django.urls import reverse

from tests.factories import DignatarioFactory, RequisitoJuntaFactory

PORTAL = [
    reverse("portal:inicio"),
    reverse("portal:autorizacion"),
    reverse("portal:junta"),
    reverse("portal:contacto"),
    reverse("portal:cargar_requisito", args=["rut"]),
]
TABLERO = [reverse("tablero:inicio")]


@pytest.fixture
def usuarios(lider, lider_otra, monitor, secretaria):
    return {
        "anonimo": None,
        "lider": lider,
        "lider_otra": lider_otra,
        "monitor": monitor,
        "secretaria": secretaria,
    }


ESPERADO_PORTAL = {
    "anonimo": 302,
    "lider": 200,
    "lider_otra": 200,
    "monitor": 403,
    "secretaria": 403,
}
ESPERADO_TABLERO = {
    "anonimo": 302,
    "lider": 403,
    "lider_otra": 403,
    "monitor": 200,
    "secretaria": 200,
}


@pytest.mark.django_db
@pytest.mark.parametrize("rol", list(ESPERADO_PORTAL))
@pytest.mark.parametrize("url", PORTAL)
def test_portal_views_by_role(client, usuarios, rol, url):
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    respuesta = client.get(url)
    assert respuesta.status_code == ESPERADO_PORTAL[rol]
    if respuesta.status_code == 200:
        _sin_sintaxis_de_plantilla(respuesta)
    if rol == "anonimo":
        assert respuesta["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("rol", list(ESPERADO_TABLERO))
@pytest.mark.parametrize("url", TABLERO)
def test_tablero_views_by_role(client, usuarios, rol, url):
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    respuesta = client.get(url)
    assert respuesta.status_code == ESPERADO_TABLERO[rol]
    if respuesta.status_code == 200:
        _sin_sintaxis_de_plantilla(respuesta)


def _sin_sintaxis_de_plantilla(respuesta):
    """A template comment or tag that leaks into the page means a broken template."""
    contenido = respuesta.content.decode()
    assert "{#" not in contenido and "{%" not in contenido


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["anonimo", "lider", "monitor", "secretaria"])
def test_public_pages_open_to_everyone(client, usuarios, rol):
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    for url in [reverse("inicio"), reverse("salud")]:
        respuesta = client.get(url)
        assert respuesta.status_code == 200
        _sin_sintaxis_de_plantilla(respuesta)


@pytest.mark.django_db
def test_login_page_for_anonymous_and_redirect_home_for_users(client, lider):
    _sin_sintaxis_de_plantilla(client.get(reverse("login")))
    client.force_login(lider)
    assert client.get(reverse("login"))["Location"] == reverse("portal:inicio")


@pytest.mark.django_db
def test_leader_sees_own_junta_with_name_in_h1(client, lider, junta):
    client.force_login(lider)
    contenido = client.get(reverse("portal:junta")).content.decode()
    assert f'<h1 class="h3">{junta.nombre}</h1>' in contenido


@pytest.mark.django_db
def test_leader_never_sees_other_juntas_data(client, junta, otra_junta, lider_otra):
    DignatarioFactory(organizacion=junta, documento="73111222", telefono="3019998877")
    client.force_login(lider_otra)
    for url in PORTAL:
        contenido = client.get(url).content.decode()
        assert junta.nombre not in contenido
        assert "73111222" not in contenido
        assert "3019998877" not in contenido
    assert otra_junta.nombre in client.get(reverse("portal:junta")).content.decode()


@pytest.mark.django_db
def test_leader_sees_personal_data_of_own_board(client, junta, lider):
    DignatarioFactory(organizacion=junta, documento="73111222", telefono="3019998877")
    client.force_login(lider)
    contenido = client.get(reverse("portal:junta")).content.decode()
    assert "73111222" in contenido and "3019998877" in contenido


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["anonimo", "monitor"])
def test_no_personal_data_on_public_and_monitor_pages(client, usuarios, junta, rol):
    DignatarioFactory(organizacion=junta, documento="73111222", telefono="3019998877")
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    urls = [reverse("inicio")] + (TABLERO if rol == "monitor" else [])
    for url in urls:
        contenido = client.get(url).content.decode()
        assert "73111222" not in contenido
        assert "3019998877" not in contenido
        assert junta.nombre not in contenido


@pytest.mark.django_db
def test_portal_home_shows_index_and_missing_requirements(client, junta, lider):
    RequisitoJuntaFactory(organizacion=junta)  # RUT: 9 of 100 points
    client.force_login(lider)
    respuesta = client.get(reverse("portal:inicio"))
    contenido = respuesta.content.decode()
    assert respuesta.context["indice"] == 9
    assert "9 / 100" in contenido
    assert "Registro como proveedor en SECOP II" in contenido  # missing, listed
    faltantes = [f.requisito.codigo for f in respuesta.context["faltantes"]]
    assert "rut" not in faltantes and "secop-ii" in faltantes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dias", "aviso"),
    [
        (-3, "El periodo de la directiva terminó"),
        (40, "El periodo de la directiva termina"),
        (400, None),
    ],
)
def test_portal_home_warns_about_the_boards_period(client, lider, junta, dias, aviso):
    import datetime

    from django.utils import timezone

    junta.periodo_fin = timezone.localdate() + datetime.timedelta(days=dias)
    junta.save()
    client.force_login(lider)
    contenido = client.get(reverse("portal:inicio")).content.decode()
    if aviso:
        assert aviso in contenido
    else:
        assert "El periodo de la directiva" not in contenido
