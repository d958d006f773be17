"""The attendance upload as a background job (`capacitacion.importar_asistencia`): progress
as rows are written, all or nothing (a refused row, an error or a cancellation mid-write leave
nothing), one upload per session at a time, and who may upload and open the review. Jobs run
eagerly here (Huey's immediate mode, tests/conftest.py)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from capacitacion import trabajos_asistencia as trabajos_de_capacitacion
from capacitacion.models import Inscripcion, Modulo, Persona, Sesion
from capacitacion.services import asistencia as services
from demo.capacitacion import sembrar_estrategia
from tests import archivos
from tests.factories import crear_secretaria
from trabajos import services as trabajos_services
from trabajos.models import Trabajo

from . import muestras_asistencia as muestras

ENCABEZADO = ["documento", "nombres", "apellidos", "codigo_registro"]


@pytest.fixture
def sesion(db):
    return muestras.sesion_virtual_empezada(cupo=200)


def _lista(junta, n):
    filas = [ENCABEZADO]
    filas += [
        [str(40000000 + i), f"Nombre{i}", f"Apellido{i}", junta.codigo_registro] for i in range(n)
    ]
    return archivos.excel_csv(filas)


def _url(sesion):
    return reverse("estrategia:importar_asistencia", args=[sesion.pk])


def _subir(client, sesion, contenido, nombre="asistencia.csv", **kwargs):
    return client.post(_url(sesion), {"archivo": SimpleUploadedFile(nombre, contenido)}, **kwargs)


def _nada_escrito():
    return not Inscripcion.objects.exists() and not Persona.objects.exists()


class EjecucionDePrueba:
    """What the job's function gets, recording its progress reports."""

    def __init__(self, sesion, contenido, usuario, nombre="asistencia.csv"):
        self.parametros = {"sesion": sesion.pk}
        self.usuario = usuario
        self.nombre_entrada = nombre
        self._contenido = contenido
        self.avances = []

    def contenido_entrada(self):
        return self._contenido

    def avance(self, hechos, total=None):
        self.avances.append((hechos, total))


@pytest.mark.django_db
def test_the_upload_opens_the_job_page_whose_bar_counts_the_rows_written(
    client, secretaria, sesion, junta
):
    client.force_login(secretaria)
    respuesta = _subir(client, sesion, _lista(junta, 30))
    trabajo = Trabajo.objects.get()
    assert respuesta.status_code == 302 and respuesta.url == trabajo.get_absolute_url()
    assert trabajo.tipo == trabajos_de_capacitacion.IMPORTAR_ASISTENCIA
    assert trabajo.estado == "terminado" and trabajo.creado_por == secretaria
    assert (trabajo.hechos, trabajo.total) == (30, 30)
    assert trabajo.clave_bloqueo == f"capacitacion.importar_asistencia.{sesion.pk}"
    html = client.get(respuesta.url).content.decode()
    assert "30 asistentes importados." in html
    assert reverse("estrategia:asistencia", args=[sesion.pk]) in html
    assert Inscripcion.objects.filter(sesion=sesion, asistio=True).count() == 30
    estado = client.get(reverse("trabajos:estado", args=[trabajo.pk])).json()
    assert estado["porcentaje"] == 100.0 and estado["estado"] == "terminado"


@pytest.mark.django_db
def test_progress_is_reported_row_by_row_with_the_total_first(secretaria, sesion, junta):
    ejecucion = EjecucionDePrueba(sesion, _lista(junta, 5), secretaria)
    resultado = trabajos_de_capacitacion.importar_asistencia(ejecucion)
    assert ejecucion.avances[0] == (0, 5)
    assert [h for h, _t in ejecucion.avances[1:]] == [1, 2, 3, 4, 5]
    assert resultado["importados"] == 5 and resultado["sesion"] == sesion.pk


@pytest.mark.django_db
def test_one_bad_row_among_many_writes_nothing_and_names_line_and_column(
    client, secretaria, sesion, junta
):
    contenido = archivos.excel_csv(
        [
            *[[*f] for f in [ENCABEZADO]],
            ["45111222", "José Luis", "Núñez", junta.codigo_registro],
            ["45111223", "", "Díaz", junta.codigo_registro],
            ["45111224", "Ana", "Pérez", "NO-EXISTE"],
        ]
    )
    client.force_login(secretaria)
    pagina = _subir(client, sesion, contenido, follow=True)
    trabajo = pagina.context["trabajo"]
    assert trabajo.estado == "fallido"
    assert trabajo.error == (
        "2 errores en el archivo: no se importó nada. Corrija las filas y cárguelo de nuevo."
    )
    assert trabajo.errores == [
        {"linea": 3, "columna": "B (nombres)", "motivo": "persona nueva sin nombres o apellidos."},
        {
            "linea": 4,
            "columna": "D (codigo_registro)",
            "motivo": "no hay una Junta con código «NO-EXISTE».",
        },
    ]
    html = pagina.content.decode()
    assert "<td>4</td><td>D (codigo_registro)</td>" in html
    assert _nada_escrito()


@pytest.mark.django_db
def test_an_error_half_way_through_the_writes_leaves_nothing(
    client, secretaria, sesion, junta, monkeypatch
):
    original = services._asistente_nuevo
    llamadas = []

    def falla_en_la_tercera(*args, **kwargs):
        llamadas.append(1)
        if len(llamadas) == 3:
            raise RuntimeError("disco lleno")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_asistente_nuevo", falla_en_la_tercera)
    client.force_login(secretaria)
    pagina = _subir(client, sesion, _lista(junta, 5), follow=True)
    trabajo = pagina.context["trabajo"]
    assert trabajo.estado == "fallido" and "No se escribió nada." in trabajo.error
    assert len(llamadas) == 3 and _nada_escrito()
    sesion.refresh_from_db()
    assert sesion.estado == Sesion.Estado.PROGRAMADA


@pytest.mark.django_db
def test_a_cancellation_seen_mid_write_leaves_nothing(
    client, secretaria, sesion, junta, monkeypatch
):
    original = services._asistente_nuevo

    def cancelar_en_la_segunda(sesion_, datos, usuario, ahora):
        if Persona.objects.count() == 1:
            trabajo = Trabajo.objects.get()
            trabajos_services.cancelar(trabajo, secretaria)
            raise trabajos_services.Cancelado  # what `avance` raises after the heartbeat saw it
        return original(sesion_, datos, usuario, ahora)

    monkeypatch.setattr(services, "_asistente_nuevo", cancelar_en_la_segunda)
    client.force_login(secretaria)
    trabajo = _subir(client, sesion, _lista(junta, 4), follow=True).context["trabajo"]
    assert trabajo.estado == "cancelado" and "No se escribió nada." in trabajo.error
    assert _nada_escrito()


@pytest.mark.django_db
def test_an_unreadable_file_or_a_report_fails_the_job_with_the_reason(client, secretaria, sesion):
    client.force_login(secretaria)
    pagina = _subir(client, sesion, b"%PDF-1.7\n", "lista.pdf", follow=True)
    trabajo = pagina.context["trabajo"]
    assert trabajo.estado == "fallido"
    assert trabajo.error.startswith("lista.pdf: «lista.pdf» es un PDF, no una hoja de cálculo")
    assert _nada_escrito()


@pytest.mark.django_db
def test_one_upload_per_session_at_a_time(client, secretaria, sesion, junta):
    otro = trabajos_services.crear(
        trabajos_de_capacitacion.IMPORTAR_ASISTENCIA,
        usuario=crear_secretaria("colega"),
        parametros={"sesion": sesion.pk},
        clave_bloqueo=trabajos_de_capacitacion.clave_de_asistencia(sesion.pk),
    )
    client.force_login(secretaria)
    respuesta = _subir(client, sesion, _lista(junta, 2))
    assert respuesta.status_code == 200
    assert f"Ya hay un trabajo igual en curso: #{otro.pk}" in respuesta.content.decode()
    assert Trabajo.objects.count() == 1 and _nada_escrito()
    # Another session's upload is not held up.
    otra = Sesion.objects.create(
        modulo=sesion.modulo, inicio=sesion.inicio, fin=sesion.fin, modalidad="virtual",
        enlace="https://zoom.us/j/1", facilitador_organizacion="U", cupo=5, cupo_por_junta=5,
    )  # fmt: skip
    assert _subir(client, otra, _lista(junta, 2)).status_code == 302


def _dia():
    ahora = timezone.localtime()
    return ahora.date() if ahora.hour >= 10 else ahora.date() - datetime.timedelta(days=1)


@pytest.fixture
def sesion_en_linea(db, junta, otra_junta):
    sembrar_estrategia()
    inicio = timezone.make_aware(datetime.datetime.combine(_dia(), datetime.time(9)))
    sesion = Sesion.objects.create(
        modulo=Modulo.objects.get(nombre="SECOP II paso a paso"), inicio=inicio,
        fin=inicio + datetime.timedelta(minutes=60), modalidad="virtual",
        enlace="https://zoom.us/j/81234567890", facilitador_organizacion="U", cupo=40,
        cupo_por_junta=10,
    )  # fmt: skip
    muestras.inscribir_muestra(sesion, junta, otra_junta)
    return sesion


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "subir", "revisar"),
    [
        ("anonimo", 302, 302),
        ("lider", 403, 403),
        ("monitor", 403, 403),
        ("otra_secretaria", 302, 404),  # may upload; another clerk's job is not found
        ("secretaria", 302, 302),
    ],
)
def test_who_may_upload_and_open_a_jobs_review(
    client, request, secretaria, sesion_en_linea, rol, subir, revisar
):
    client.force_login(secretaria)
    respuesta = _subir(client, sesion_en_linea, muestras.zoom(_dia()), "zoom.csv")
    trabajo = Trabajo.objects.get()
    assert trabajo.estado == "terminado" and trabajo.resultado["reporte"]["herramienta"] == "zoom"
    assert not Inscripcion.objects.filter(asistio=True).exists()
    enlace = reverse("estrategia:revisar_asistencia_trabajo", args=[sesion_en_linea.pk, trabajo.pk])
    client.logout()
    if rol == "otra_secretaria":
        client.force_login(crear_secretaria("otra"))
    elif rol != "anonimo":
        client.force_login(request.getfixturevalue(rol))
    respuesta = _subir(client, sesion_en_linea, muestras.zoom(_dia()), "zoom.csv")
    assert respuesta.status_code == subir
    if rol == "anonimo":
        assert "/ingresar/" in respuesta.url or "login" in respuesta.url
    abierta = client.get(enlace)
    assert abierta.status_code == revisar
    if rol == "secretaria":
        assert "/asistencia/importar/trabajo-" in abierta.url
        assert client.get(abierta.url).status_code == 200
    assert not Inscripcion.objects.filter(asistio=True).exists()


@pytest.mark.django_db
def test_the_review_link_of_another_session_or_a_list_job_is_not_found(
    client, secretaria, sesion, junta
):
    client.force_login(secretaria)
    _subir(client, sesion, _lista(junta, 1))
    lista = Trabajo.objects.get()
    assert lista.estado == "terminado"
    url = reverse("estrategia:revisar_asistencia_trabajo", args=[sesion.pk, lista.pk])
    assert client.get(url).status_code == 404  # a list has no review
