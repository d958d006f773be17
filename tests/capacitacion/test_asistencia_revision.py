"""A meeting report goes through a review screen before anything is written: staff see matched,
ambiguous and unmatched lines with their minutes, confirm or correct each, may change the share
of the session that counts, and only «Confirmar» records attendance (and certificates), once."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import Certificado, Inscripcion, Modulo, Programa, Sesion
from demo.capacitacion import sembrar_estrategia
from tests.factories import crear_secretaria

from . import muestras_asistencia as muestras


@pytest.fixture
def sesion(db, junta, otra_junta):
    """A 60-minute online session held today from 9:00, of a one-hour module (so attending it
    completes the module), with the five people of the sample meeting registered."""
    sembrar_estrategia()
    modulo = Modulo.objects.create(
        programa=Programa.objects.first(), nombre="Taller corto en línea", horas=1,
        modalidad="virtual",
    )  # fmt: skip
    inicio = timezone.make_aware(datetime.datetime.combine(_dia(), datetime.time(9)))
    sesion = Sesion.objects.create(
        modulo=modulo,
        inicio=inicio,
        fin=inicio + datetime.timedelta(minutes=60),
        modalidad="virtual",
        enlace="https://zoom.us/j/81234567890",
        facilitador_organizacion="Universidad de Cartagena",
        cupo=40,
        cupo_por_junta=10,
    )
    muestras.inscribir_muestra(sesion, junta, otra_junta)
    return sesion


def _dia():
    """Today, or yesterday before 10:00, so the 9:00–10:00 session has started."""
    ahora = timezone.localtime()
    return ahora.date() if ahora.hour >= 10 else ahora.date() - datetime.timedelta(days=1)


def _inscripcion(sesion, datos):
    return sesion.inscripciones.get(
        persona__correo=datos["correo"], persona__nombres=datos["nombres"]
    )


def _subir(client, sesion, contenido, nombre="participantes.csv"):
    return client.post(
        reverse("estrategia:importar_asistencia", args=[sesion.pk]),
        {"archivo": SimpleUploadedFile(nombre, contenido)},
    )


def _abrir(client, sesion, contenido, **kwargs):
    """Upload a report: the job that reads it (run eagerly) ends with a link to the review,
    which copies the report into the clerk's session. Returns the review's URL."""
    respuesta = _subir(client, sesion, contenido, **kwargs)
    assert respuesta.status_code == 302, respuesta.content.decode()[:2000]
    pagina = client.get(respuesta.url)
    trabajo = pagina.context["trabajo"]
    assert trabajo.estado == "terminado", trabajo.error
    enlace = reverse("estrategia:revisar_asistencia_trabajo", args=[sesion.pk, trabajo.pk])
    html = pagina.content.decode()
    assert enlace in html and "Todavía no se ha guardado nada." in html
    abierta = client.get(enlace)
    assert abierta.status_code == 302
    return abierta.url


def _revisar(client, sesion, **kwargs):
    return _abrir(client, sesion, muestras.zoom(_dia()), **kwargs)


def _elecciones(html):
    """The choice each select shows (name → value), as the browser would send it back."""
    elecciones = {}
    for nombre, cuerpo in re.findall(r'<select name="(fila_\d+)"[^>]*>(.*?)</select>', html, re.S):
        elegida = re.search(r'<option value="([^"]*)"[^>]*selected', cuerpo)
        elecciones[nombre] = elegida.group(1) if elegida else ""
    return elecciones


def _fila(html, nombre_en_informe):
    """The index of the review line that shows `nombre_en_informe`."""
    filas = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    lineas = [f for f in filas if 'name="fila_' in f]
    for fila in lineas:
        if f">{nombre_en_informe}<" in fila:
            return re.search(r'name="(fila_\d+)"', fila).group(1)
    raise AssertionError(nombre_en_informe)


def _presentes(sesion):
    return set(sesion.inscripciones.filter(asistio=True).values_list("persona__nombres", flat=True))


@pytest.mark.django_db
def test_zoom_report_opens_the_review_and_writes_nothing(client, secretaria, sesion):
    client.force_login(secretaria)
    url = _revisar(client, sesion)
    assert not Inscripcion.objects.filter(asistio=True).exists()
    respuesta = client.get(url)
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Todavía no se ha guardado nada" in html
    assert "Informe de Zoom" in html and "reunión iniciada el" in html
    # Connected minutes per line: Ana's three connections, the guest's 40 minutes.
    assert "50 min" in html and "3 conexiones" in html and "líneas 6, 9, 12" in html
    assert "40 min" in html and "invitado" in html
    # The rule, on the screen: 75 % of 60 minutes is 45.
    assert (
        "Con el 75 % de 1 h, cuenta como asistencia quien estuvo conectado al menos 45 min" in html
    )
    assert "2 por correo" in html and "1 por nombre" in html
    assert "1 ambigua" in html and "1 ambiguas" not in html and "2 sin coincidencia" in html
    # Matched lines come chosen, ambiguous ones wait for a choice, unmatched are left out.
    elecciones = _elecciones(html)
    ana = _inscripcion(sesion, muestras.ANA)
    assert elecciones[_fila(html, "Ana Pérez")] == str(ana.pk)
    assert elecciones[_fila(html, "Carmen Julio")] == ""
    assert elecciones[_fila(html, "iPhone de Pedro")] == "no"
    # The result before confirming: José Luis with 40 minutes does not reach 45.
    assert re.search(r"José Luis Núñez Castro.*?40 min.*?No alcanza", html, re.S)
    assert re.search(r"Ana María Pérez Gómez.*?50 min.*?Presente", html, re.S)


@pytest.mark.django_db
def test_confirming_writes_attendance_and_certificates_once(client, secretaria, sesion):
    client.force_login(secretaria)
    url = _revisar(client, sesion)
    html = client.get(url).content.decode()
    elecciones = _elecciones(html)
    carmen = _inscripcion(sesion, muestras.CARMEN_1)
    elecciones[_fila(html, "Carmen Julio")] = str(carmen.pk)
    datos = {**elecciones, "porcentaje": "75", "accion": "confirmar", "segundos_0": "999999"}
    respuesta = client.post(url, datos, follow=True)
    assert respuesta.redirect_chain[-1][0] == reverse("estrategia:asistencia", args=[sesion.pk])
    html = respuesta.content.decode()
    assert "Asistencia guardada: 3 personas más quedaron presentes" in html
    assert "No alcanzaron el mínimo y no se marcaron: José Luis Núñez Castro (40 min)" in html
    assert _presentes(sesion) == {"Ana María", "Rosa Elena", "Carmen"}
    assert sesion.inscripciones.get(pk=carmen.pk).asistencia_por == secretaria
    sesion.refresh_from_db()
    assert sesion.estado == Sesion.Estado.REALIZADA
    # A one-hour module attended whole: the certificates, as the sheet issues them.
    certificadas = set(
        Certificado.objects.filter(modulo=sesion.modulo).values_list("persona__nombres", flat=True)
    )
    assert certificadas == {"Ana María", "Rosa Elena", "Carmen"}
    # A second confirmation of the same upload (back button, double click) writes nothing.
    antes = list(Inscripcion.objects.order_by("pk").values_list("asistencia_en", flat=True))
    otra = client.post(url, datos, follow=True)
    assert "Este informe ya se guardó: no se registró nada de nuevo." in otra.content.decode()
    assert list(Inscripcion.objects.order_by("pk").values_list("asistencia_en", flat=True)) == antes
    assert Certificado.objects.filter(modulo=sesion.modulo).count() == 3


@pytest.mark.django_db
def test_an_ambiguous_line_must_be_decided_before_anything_is_written(client, secretaria, sesion):
    client.force_login(secretaria)
    url = _revisar(client, sesion)
    elecciones = _elecciones(client.get(url).content.decode())
    respuesta = client.post(url, {**elecciones, "porcentaje": "75", "accion": "confirmar"})
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Hay un problema" in html
    assert "«Carmen Julio»: Elija a quién corresponde esta línea o «No incluir»." in html
    assert not Inscripcion.objects.filter(asistio=True).exists()


@pytest.mark.django_db
def test_staff_correct_a_line_and_lower_the_share_for_this_session(client, secretaria, sesion):
    """The phone line was José Luis's too (his laptop and phone overlap 9:10–9:30), and the
    facilitator ended early: at 60 % (36 min) his 40 minutes count."""
    client.force_login(secretaria)
    url = _revisar(client, sesion)
    html = client.get(url).content.decode()
    elecciones = _elecciones(html)
    jose = _inscripcion(sesion, muestras.JOSE)
    elecciones[_fila(html, "iPhone de Pedro")] = str(jose.pk)
    elecciones[_fila(html, "Carmen Julio")] = "no"
    recalculo = client.post(url, {**elecciones, "porcentaje": "60", "accion": "recalcular"})
    html = recalculo.content.decode()
    assert (
        "Con el 60 % de 1 h, cuenta como asistencia quien estuvo conectado al menos 36 min" in html
    )
    # 9:05–9:45 and 9:10–9:30 overlap: still 40 minutes, not 60.
    assert re.search(r"José Luis Núñez Castro.*?40 min.*?Presente", html, re.S)
    assert not Inscripcion.objects.filter(asistio=True).exists()  # recalculating writes nothing
    client.post(url, {**elecciones, "porcentaje": "60", "accion": "confirmar"})
    assert _presentes(sesion) == {"Ana María", "Rosa Elena", "José Luis"}


@pytest.mark.django_db
@pytest.mark.parametrize("porcentaje", ["0", "101", "abc", ""])
def test_a_share_out_of_range_is_refused_in_spanish(client, secretaria, sesion, porcentaje):
    client.force_login(secretaria)
    url = _revisar(client, sesion)
    elecciones = _elecciones(client.get(url).content.decode())
    respuesta = client.post(url, {**elecciones, "porcentaje": porcentaje, "accion": "confirmar"})
    assert "Escriba un número entero de 1 a 100." in respuesta.content.decode()
    assert not Inscripcion.objects.filter(asistio=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("muestra", "herramienta"),
    [
        (lambda: muestras.teams(_dia(), idioma="es"), "Microsoft Teams"),
        (lambda: muestras.teams(_dia(), idioma="en"), "Microsoft Teams"),
        (lambda: muestras.meet(_dia()), "Google Meet"),
    ],
)
def test_teams_and_meet_reports_open_the_review_too(
    client, secretaria, sesion, muestra, herramienta
):
    client.force_login(secretaria)
    html = client.get(_abrir(client, sesion, muestra())).content.decode()
    assert f"Informe de {herramienta}" in html
    assert re.search(r"Ana María Pérez Gómez.*?(50|58) min.*?Presente", html, re.S)
    assert not Inscripcion.objects.filter(asistio=True).exists()


@pytest.mark.django_db
def test_a_report_of_another_day_is_flagged(client, secretaria, sesion):
    client.force_login(secretaria)
    url = _abrir(client, sesion, muestras.zoom(_dia() - datetime.timedelta(days=7)))
    html = client.get(url).content.decode()
    assert "otro día que el de la sesión: revise que sea el archivo correcto" in html


@pytest.mark.django_db
def test_a_pdf_upload_says_it_is_not_a_spreadsheet(client, secretaria, sesion):
    client.force_login(secretaria)
    respuesta = _subir(client, sesion, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "asistencia.pdf")
    pagina = client.get(respuesta.url)
    html = pagina.content.decode()
    assert pagina.context["trabajo"].estado == "fallido"
    assert "«asistencia.pdf» es un PDF, no una hoja de cálculo" in html
    assert "No se importó nada." in html
    assert reverse("estrategia:importar_asistencia", args=[sesion.pk]) in html  # upload again


@pytest.mark.django_db
def test_an_unreadable_line_in_a_report_is_an_error_and_nothing_is_kept(client, secretaria, sesion):
    client.force_login(secretaria)
    contenido = muestras.meet(_dia()).replace(b"58 min", b"casi una hora")
    respuesta = _subir(client, sesion, contenido)
    pagina = client.get(respuesta.url)
    html = pagina.content.decode()
    trabajo = pagina.context["trabajo"]
    assert trabajo.estado == "fallido" and "no se guardó nada" in trabajo.error
    assert (
        "<td>2</td><td></td><td>no se entiende la duración «casi una hora» de la columna "
        "«Duración».</td>" in html
    )
    assert "reporte" not in trabajo.resultado
    assert "reportes_de_asistencia" not in client.session


@pytest.mark.django_db
def test_a_session_not_started_refuses_the_report(client, secretaria, sesion):
    sesion.inicio = timezone.now() + datetime.timedelta(days=2)
    sesion.fin = sesion.inicio + datetime.timedelta(hours=1)
    sesion.save()
    client.force_login(secretaria)
    respuesta = _subir(client, sesion, muestras.zoom(_dia()))
    assert respuesta.status_code == 200
    assert "la asistencia se toma desde esa hora" in respuesta.content.decode()
    assert "reportes_de_asistencia" not in client.session


@pytest.mark.django_db
def test_another_clerks_or_an_unknown_review_is_not_found(client, secretaria, sesion):
    client.force_login(secretaria)
    url = _revisar(client, sesion)
    otra = Sesion.objects.create(
        modulo=sesion.modulo, inicio=sesion.inicio, fin=sesion.fin, modalidad="virtual",
        enlace="https://zoom.us/j/1", facilitador_organizacion="U", cupo=5,
    )  # fmt: skip
    clave = url.rstrip("/").rsplit("/", 1)[1]
    ajena = reverse("estrategia:revisar_asistencia", args=[otra.pk, clave])
    assert client.get(ajena).status_code == 404  # the key belongs to another session
    assert (
        client.get(reverse("estrategia:revisar_asistencia", args=[sesion.pk, "x"])).status_code
        == 404
    )
    client.force_login(crear_secretaria("colega"))
    assert client.get(url).status_code == 404  # kept in the uploader's own session


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "estado"),
    [("anonimo", 302), ("lider", 403), ("lider_otra", 403), ("monitor", 403)],
)
def test_only_staff_upload_and_review_reports(client, request, secretaria, sesion, rol, estado):
    client.force_login(secretaria)
    url = _revisar(client, sesion)
    elecciones = _elecciones(client.get(url).content.decode())
    client.logout()
    if rol != "anonimo":
        client.force_login(request.getfixturevalue(rol))
    subir = reverse("estrategia:importar_asistencia", args=[sesion.pk])
    assert client.get(subir).status_code == estado
    assert _subir(client, sesion, muestras.zoom(_dia())).status_code == estado
    assert client.get(url).status_code == estado
    confirmar = client.post(url, {**elecciones, "porcentaje": "75", "accion": "confirmar"})
    assert confirmar.status_code == estado
    assert not Inscripcion.objects.filter(asistio=True).exists()
