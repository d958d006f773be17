"""Nothing the clerk typed on the attendance sheet is lost: a session that has not started is
refused before anything is written (sheet, service and CSV import); a bad walk-in among 40
ticks brings back an error summary that links to the box to correct, with every tick and typed
walk-in still there; a CSV row with missing trailing fields is a line-numbered error, not a 500."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import Inscripcion, Modulo, Persona, Sesion
from capacitacion.services import asistencia as services
from demo.capacitacion import sembrar_estrategia


def _sesion(inicio, cupo=50):
    return Sesion.objects.create(
        modulo=Modulo.objects.get(nombre="SECOP II paso a paso"),
        inicio=inicio,
        fin=inicio + datetime.timedelta(hours=4),
        lugar="Casa de la Cultura de Manga",
        facilitador_organizacion="Universidad de Cartagena",
        cupo=cupo,
        cupo_por_junta=50,
    )


@pytest.fixture
def empezada(db):
    sembrar_estrategia()
    return _sesion(timezone.now() - datetime.timedelta(hours=1))


@pytest.fixture
def futura(db):
    sembrar_estrategia()
    return _sesion(timezone.now() + datetime.timedelta(days=3))


def _inscritas(sesion, junta, cuantas):
    return [
        Inscripcion.objects.create(
            sesion=sesion,
            organizacion=junta,
            persona=Persona.objects.create(
                documento=f"{1047000000 + n}",
                nombres=f"Persona{n}",
                apellidos="Julio",
                organizacion=junta,
            ),
        )
        for n in range(cuantas)
    ]


def _hoja(presentes, nuevos=()):
    datos = {
        "presente": [i.pk for i in presentes],
        "nuevo-TOTAL_FORMS": 3,
        "nuevo-INITIAL_FORMS": 0,
    }
    for n, nuevo in enumerate(nuevos):
        datos.update({f"nuevo-{n}-{campo}": valor for campo, valor in nuevo.items()})
    return datos


def _marcadas(html):
    return {int(pk) for pk in re.findall(r'name="presente" value="(\d+)"[^>]*checked', html)}


@pytest.mark.django_db
def test_future_session_attendance_is_refused_by_the_service_with_nothing_written(
    futura, junta, secretaria
):
    inscripcion = _inscritas(futura, junta, 1)[0]
    nuevo = {"documento": "55555", "nombres": "Rosa", "apellidos": "Julio", "organizacion": junta}
    with pytest.raises(ValidationError, match="La sesión empieza el .* la asistencia se toma"):
        services.registrar_asistencia(
            futura, presentes={inscripcion.pk}, nuevos=[nuevo], usuario=secretaria
        )
    inscripcion.refresh_from_db()
    futura.refresh_from_db()
    assert inscripcion.asistio is False
    assert not Persona.objects.filter(documento="55555").exists()
    assert futura.estado == Sesion.Estado.PROGRAMADA


@pytest.mark.django_db
def test_future_session_sheet_warns_on_get_and_refuses_the_post(client, futura, junta, secretaria):
    inscripcion = _inscritas(futura, junta, 1)[0]
    client.force_login(secretaria)
    url = reverse("estrategia:asistencia", args=[futura.pk])
    inicio = timezone.localtime(futura.inicio)
    aviso = f"La sesión empieza el {inicio:%d/%m/%Y} a las {inicio:%H:%M}"
    assert aviso in client.get(url).content.decode()
    respuesta = client.post(
        url,
        _hoja(
            [inscripcion],
            [
                {
                    "documento": "55555",
                    "nombres": "Rosa",
                    "apellidos": "Julio",
                    "organizacion": junta.pk,
                }
            ],
        ),
    )
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert aviso in html and "No se guardó nada." in html
    assert _marcadas(html) == {inscripcion.pk}
    assert 'value="55555"' in html
    inscripcion.refresh_from_db()
    assert inscripcion.asistio is False
    assert not Persona.objects.filter(documento="55555").exists()


@pytest.mark.django_db
def test_future_session_csv_import_is_refused_with_nothing_written(
    client, futura, junta, secretaria
):
    with pytest.raises(ValidationError, match="La sesión empieza el"):
        services.importar_asistencia(
            futura,
            f"documento,nombres,apellidos,codigo_registro\n55555,Rosa,Julio,{junta.codigo_registro}\n".encode(),
            usuario=secretaria,
        )
    client.force_login(secretaria)
    csv = f"documento,nombres,apellidos,codigo_registro\n55555,Rosa,Julio,{junta.codigo_registro}\n"
    respuesta = client.post(
        reverse("estrategia:importar_asistencia", args=[futura.pk]),
        {"archivo": SimpleUploadedFile("a.csv", csv.encode())},
    )
    assert respuesta.status_code == 200
    assert "la asistencia se toma desde esa hora" in respuesta.content.decode()
    assert not Inscripcion.objects.exists() and not Persona.objects.exists()


@pytest.mark.django_db
def test_one_bad_walk_in_among_40_ticks_keeps_every_tick_and_links_to_the_box(
    client, empezada, junta, secretaria
):
    inscritas = _inscritas(empezada, junta, 40)
    marcadas = inscritas[:25]
    client.force_login(secretaria)
    url = reverse("estrategia:asistencia", args=[empezada.pk])
    respuesta = client.post(
        url,
        _hoja(
            marcadas,
            [
                {"documento": "12ab", "nombres": "Luis", "organizacion": junta.pk},
                {
                    "documento": "66666",
                    "nombres": "Rosa",
                    "apellidos": "Díaz",
                    "organizacion": junta.pk,
                },
            ],
        ),
    )
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert re.search(r'<div[^>]*role="alert"[^>]*data-resumen-errores', html)
    assert "Hay un problema" in html
    assert 'href="#id_nuevo-0-documento"' in html
    assert 'id="id_nuevo-0-documento"' in html
    assert _marcadas(html) == {i.pk for i in marcadas}
    assert 'value="12ab"' in html and 'value="Luis"' in html and 'value="Díaz"' in html
    assert "js/resumen_errores.js" in html
    assert not Inscripcion.objects.filter(asistio=True).exists()
    assert not Persona.objects.filter(documento="66666").exists()


@pytest.mark.django_db
def test_walk_in_refused_by_the_service_is_pinned_to_its_field_and_ticks_survive(
    client, empezada, junta, secretaria
):
    """An unknown document without names passes the form but not the service: the summary
    still links to the walk-in's own box, and the rolled-back ticks are on the page."""
    inscritas = _inscritas(empezada, junta, 5)
    client.force_login(secretaria)
    url = reverse("estrategia:asistencia", args=[empezada.pk])
    respuesta = client.post(
        url,
        _hoja(
            inscritas[:3],
            [
                {
                    "documento": "66666",
                    "nombres": "Rosa",
                    "apellidos": "Díaz",
                    "organizacion": junta.pk,
                },
                {"documento": "77777", "organizacion": junta.pk},
            ],
        ),
    )
    html = respuesta.content.decode()
    assert 'href="#id_nuevo-1-nombres"' in html
    assert "No hay nadie registrado con el documento 77777" in html
    assert _marcadas(html) == {i.pk for i in inscritas[:3]}
    assert not Inscripcion.objects.filter(asistio=True).exists()
    assert not Persona.objects.filter(documento__in=["66666", "77777"]).exists()


@pytest.mark.django_db
def test_get_renders_stored_ticks_and_no_summary(client, empezada, junta, secretaria):
    inscritas = _inscritas(empezada, junta, 3)
    services.registrar_asistencia(
        empezada, presentes={inscritas[1].pk}, nuevos=[], usuario=secretaria
    )
    client.force_login(secretaria)
    html = client.get(reverse("estrategia:asistencia", args=[empezada.pk])).content.decode()
    assert _marcadas(html) == {inscritas[1].pk}
    assert "Hay un problema" not in html and "resumen_errores.js" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("rol", "estado"), [("lider", 403), ("lider_otra", 403), ("monitor", 403)])
def test_only_staff_can_post_attendance(client, request, empezada, junta, rol, estado):
    inscripcion = _inscritas(empezada, junta, 1)[0]
    client.force_login(request.getfixturevalue(rol))
    respuesta = client.post(
        reverse("estrategia:asistencia", args=[empezada.pk]), _hoja([inscripcion])
    )
    assert respuesta.status_code == estado
    inscripcion.refresh_from_db()
    assert inscripcion.asistio is False


@pytest.mark.django_db
def test_csv_row_with_missing_trailing_fields_names_line_and_columns(
    client, empezada, junta, secretaria
):
    csv = (
        "documento,nombres,apellidos,codigo_registro\n"
        f"11111,Ana,Pérez,{junta.codigo_registro}\n"
        "22222,Luis\n"
        "\n"
        "33333\n"
        f"44444,Rosa,Julio,{junta.codigo_registro},sobra\n"
    )
    cantidad, errores, _existentes = services.importar_asistencia(
        empezada, csv.encode(), usuario=secretaria
    )
    assert cantidad == 0
    assert errores[0] == (3, "faltan columnas: apellidos, codigo_registro.")
    assert errores[1] == (5, "faltan columnas: nombres, apellidos, codigo_registro.")
    assert errores[2][0] == 6 and "más valores que el encabezado" in errores[2][1]
    client.force_login(secretaria)
    respuesta = client.post(
        reverse("estrategia:importar_asistencia", args=[empezada.pk]),
        {"archivo": SimpleUploadedFile("a.csv", csv.encode())},
        follow=True,
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    fila = "<td>3</td><td>C (apellidos)</td><td>faltan columnas: apellidos, codigo_registro.</td>"
    assert fila in html
    assert "<td>6</td><td>E</td><td>la fila tiene más valores que el encabezado" in html
    assert respuesta.context["trabajo"].estado == "fallido"
    assert not Inscripcion.objects.exists() and not Persona.objects.exists()
