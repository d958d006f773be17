"""Background jobs: progress, cancellation, failure with nothing written, the e-mail at the end,
stale jobs, one import at a time (jobs run eagerly here: Huey's immediate mode, see
tests/conftest.py; test_trabajador.py runs a real worker)."""

import datetime
import io
import threading
import time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from juntas.models import Organizacion
from tests import archivos
from tests.factories import OrganizacionFactory, crear_secretaria
from trabajos import cola, registro, services
from trabajos.models import Trabajo, almacen_privado

ENCABEZADOS = ["Código de registro", "Nombre de la Junta", "Tipo", "Barrio"]


@pytest.fixture
def tipo_de_prueba():
    """Register kinds of job for one test, and forget them after."""
    nombres = []

    def _registrar(nombre, ejecutar, **kwargs):
        nombres.append(nombre)
        return registro.registrar(nombre, titulo=f"Prueba {nombre}", ejecutar=ejecutar, **kwargs)

    yield _registrar
    for nombre in nombres:
        registro.TIPOS.pop(nombre, None)


@pytest.fixture
def rapido(settings):
    settings.TRABAJOS_INTERVALO_AVANCE = 0.02


def _esperar(condicion, segundos=5.0):
    fin = time.monotonic() + segundos
    while time.monotonic() < fin:
        if condicion():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_on_the_json_endpoint_while_the_job_runs(
    client, tipo_de_prueba, rapido
):
    secretaria = crear_secretaria()
    client.force_login(secretaria)
    vistos = []

    def trabajar(ejecucion):
        ejecucion.avance(0, 10)
        for hechas in range(1, 4):
            ejecucion.avance(hechas)
        url = reverse("trabajos:estado", args=[ejecucion.trabajo.pk])
        assert _esperar(lambda: client.get(url).json()["hechos"] == 3)
        vistos.append(client.get(url).json())
        return {"mensaje": "listo"}

    tipo_de_prueba("pruebas.avance", trabajar)
    trabajo = cola.encolar("pruebas.avance", usuario=secretaria)
    estado = vistos[0]
    assert estado["estado"] == "en_curso" and estado["activo"] is True
    assert (estado["hechos"], estado["total"], estado["porcentaje"]) == (3, 10, 30.0)
    assert estado["avance_texto"] == "3 de 10 filas (30,0 %)"
    assert estado["restante"] != "—"  # an estimate once rows are done
    trabajo.refresh_from_db()
    assert trabajo.estado == "terminado" and trabajo.porcentaje == 100.0
    pagina = client.get(trabajo.get_absolute_url()).content.decode()
    assert "listo" in pagina and 'http-equiv="refresh"' not in pagina  # ended: no refresh


@pytest.mark.django_db
def test_a_running_job_page_refreshes_itself_without_javascript_and_loads_the_poller(
    client, secretaria
):
    trabajo = Trabajo.objects.create(
        tipo="juntas.importar_registro", titulo="Importación", creado_por=secretaria,
        estado="en_curso", iniciado=timezone.now(), total=400, hechos=100,
    )  # fmt: skip
    client.force_login(secretaria)
    html = client.get(trabajo.get_absolute_url()).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert "js/trabajos.js" in html and 'data-estado-url="/tablero/trabajos/' in html
    assert "100 de 400 filas (25,0 %)" in html
    assert "Cancelar el trabajo" in html and "data-confirmar" in html


@pytest.mark.django_db(transaction=True)
def test_a_job_cancelled_while_running_stops_and_writes_nothing(client, tipo_de_prueba, rapido):
    secretaria = crear_secretaria()

    def trabajar(ejecucion):
        OrganizacionFactory(codigo_registro="JAC-CANCELADA")
        url = reverse("trabajos:cancelar", args=[ejecucion.trabajo.pk])

        def clic_en_cancelar():  # the clerk, in another request (another connection)
            client.force_login(secretaria)
            client.post(url)
            connection.close()

        hilo = threading.Thread(target=clic_en_cancelar)
        hilo.start()
        hilo.join()
        for fila in range(10_000):
            ejecucion.avance(fila, 10_000)
            time.sleep(0.005)
        return {"mensaje": "no debía terminar"}

    tipo_de_prueba("pruebas.cancelar", trabajar)
    trabajo = cola.encolar("pruebas.cancelar", usuario=secretaria)
    assert trabajo.estado == "cancelado"
    assert trabajo.hechos < 10_000  # stopped at the first progress report after the click
    assert "No se escribió nada" in trabajo.error
    assert not Organizacion.objects.filter(codigo_registro="JAC-CANCELADA").exists()


@pytest.mark.django_db
def test_a_queued_job_is_cancelled_at_once_and_never_runs(client, secretaria, tipo_de_prueba):
    corrio = []
    tipo_de_prueba("pruebas.en_cola", lambda ejecucion: corrio.append(1))
    trabajo = services.crear("pruebas.en_cola", usuario=secretaria, archivo=(b"x", "a.csv"))
    client.force_login(secretaria)
    respuesta = client.post(reverse("trabajos:cancelar", args=[trabajo.pk]), follow=True)
    assert "Se pidió cancelar el trabajo" in respuesta.content.decode()
    services.ejecutar(trabajo.pk)  # the worker picks it up later
    trabajo.refresh_from_db()
    assert trabajo.estado == "cancelado" and corrio == []
    assert not almacen_privado.exists(trabajo.archivo_entrada.name)


@pytest.mark.django_db
def test_a_finished_job_cannot_be_cancelled(client, secretaria):
    trabajo = Trabajo.objects.create(
        tipo="x", titulo="x", creado_por=secretaria, estado="terminado"
    )
    client.force_login(secretaria)
    respuesta = client.post(reverse("trabajos:cancelar", args=[trabajo.pk]), follow=True)
    assert "ya había terminado" in respuesta.content.decode()
    trabajo.refresh_from_db()
    assert trabajo.estado == "terminado" and not trabajo.cancelacion_pedida


@pytest.mark.django_db
def test_a_job_that_fails_midway_writes_nothing_and_says_why_in_spanish(
    client, secretaria, tipo_de_prueba
):
    def trabajar(ejecucion):
        OrganizacionFactory(codigo_registro="JAC-A-MEDIAS")
        ejecucion.guardar_archivo(b"parcial", "parcial.xlsx")
        raise ValueError("disco lleno")

    tipo_de_prueba("pruebas.falla", trabajar)
    trabajo = cola.encolar("pruebas.falla", usuario=secretaria)
    assert trabajo.estado == "fallido"
    assert trabajo.error.startswith("El trabajo falló por un error inesperado")
    assert "No se escribió nada" in trabajo.error
    assert not Organizacion.objects.filter(codigo_registro="JAC-A-MEDIAS").exists()
    assert not trabajo.archivo_resultado  # no half-made file either
    client.force_login(secretaria)
    assert "disco lleno" in client.get(trabajo.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_job_with_row_errors_lists_them_paginated(client, secretaria, tipo_de_prueba):
    errores = [{"linea": n, "columna": "C (NIT)", "motivo": f"Motivo {n}"} for n in range(2, 80)]

    def trabajar(ejecucion):
        OrganizacionFactory()
        raise services.FalloDelTrabajo("78 errores: no se importó nada.", errores=errores)

    tipo_de_prueba("pruebas.errores", trabajar)
    trabajo = cola.encolar("pruebas.errores", usuario=secretaria)
    assert Organizacion.objects.count() == 0
    client.force_login(secretaria)
    html = client.get(trabajo.get_absolute_url()).content.decode()
    assert "78 errores en el archivo" in html and "<td>2</td><td>C (NIT)</td>" in html
    assert "Motivo 51" in html and "Motivo 52" not in html and "Página 1 de 2" in html


@pytest.mark.django_db
def test_the_clerk_gets_an_email_when_a_long_job_ends(settings, secretaria, tipo_de_prueba):
    secretaria.email = "ana@example.org"
    secretaria.save()
    tipo_de_prueba("pruebas.corto", lambda ejecucion: {"mensaje": "hecho"})
    settings.TRABAJOS_AVISO_SEGUNDOS = 60
    cola.encolar("pruebas.corto", usuario=secretaria)
    assert mail.outbox == []  # a short job: no e-mail
    settings.TRABAJOS_AVISO_SEGUNDOS = 0
    trabajo = cola.encolar("pruebas.corto", usuario=secretaria, titulo="Exportación grande")
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == ["ana@example.org"]
    assert "Exportación grande" in correo.subject and "terminado" in correo.subject
    assert settings.SITIO_URL + f"/tablero/trabajos/{trabajo.pk}/" in correo.body


@pytest.mark.django_db
def test_a_running_job_whose_heartbeat_stopped_is_marked_failed(settings, secretaria):
    settings.TRABAJOS_LATIDO_VENCIDO = 60
    hace = timezone.now() - datetime.timedelta(seconds=61)
    muerto = Trabajo.objects.create(
        tipo="juntas.importar_registro", titulo="i", estado="en_curso", iniciado=hace, latido=hace
    )
    vivo = Trabajo.objects.create(
        tipo="juntas.importar_registro", titulo="i", estado="en_curso",
        iniciado=hace, latido=timezone.now(),
    )  # fmt: skip
    assert services.marcar_abandonados() == 1
    muerto.refresh_from_db()
    vivo.refresh_from_db()
    assert muerto.estado == "fallido" and "se detuvo sin terminarlo" in muerto.error
    assert "No se escribió nada" in muerto.error
    assert vivo.estado == "en_curso"


# One registry import at a time ------------------------------------------------------------------


def _csv(*codigos):
    return archivos.excel_csv([ENCABEZADOS, *[[c, f"Junta {c}", "JAC", "Manga"] for c in codigos]])


@pytest.mark.django_db
def test_a_second_import_of_the_registry_is_refused_naming_the_running_one(client, secretaria):
    otra = crear_secretaria("otra-secretaria")
    otra.first_name, otra.last_name = "Beatriz", "Pérez"
    otra.save()
    corriendo = Trabajo.objects.create(
        tipo="juntas.importar_registro", titulo="Importación de «grande.xlsx»", creado_por=otra,
        estado="en_curso", clave_bloqueo="juntas.registro", iniciado=timezone.now(),
    )  # fmt: skip
    client.force_login(secretaria)
    previa = client.post(
        reverse("admin:juntas_organizacion_import"),
        {"archivo": SimpleUploadedFile("j.csv", _csv("JAC-901"))},
        follow=True,
    ).context["trabajo"]
    assert previa.estado == "terminado"  # previews may run meanwhile: they write nothing
    respuesta = client.post(
        reverse("admin:juntas_organizacion_process_import"), {"trabajo": previa.pk}, follow=True
    )
    html = respuesta.content.decode()
    assert f"Ya hay un trabajo igual en curso: #{corriendo.pk}" in html
    assert "«Importación de «grande.xlsx»»" in html and "Beatriz Pérez" in html
    assert not Organizacion.objects.filter(codigo_registro="JAC-901").exists()
    assert Trabajo.objects.filter(tipo="juntas.importar_registro").count() == 1

    corriendo.estado = "terminado"
    corriendo.save()
    client.post(reverse("admin:juntas_organizacion_process_import"), {"trabajo": previa.pk})
    assert Organizacion.objects.filter(codigo_registro="JAC-901").exists()


@pytest.mark.django_db
def test_the_database_refuses_two_active_jobs_with_the_same_key(secretaria):
    """Two clicks at once pass the check together: the partial unique index stops the second."""
    primero = services.crear("juntas.importar_registro", usuario=secretaria)
    with pytest.raises(services.TrabajoOcupado) as ocupado:
        services.crear("juntas.importar_registro", usuario=secretaria)
    assert f"#{primero.pk}" in ocupado.value.mensaje
    Trabajo.objects.filter(pk=primero.pk).update(estado="fallido")
    services.crear("juntas.importar_registro", usuario=secretaria)  # free again


@pytest.mark.django_db
def test_the_command_queues_the_import_in_the_background(tmp_path):
    ruta = tmp_path / "j.csv"
    ruta.write_bytes(_csv("JAC-911", "JAC-912"))
    salida = io.StringIO()
    call_command("importar_juntas", str(ruta), "--en-segundo-plano", stdout=salida)
    trabajo = Trabajo.objects.get(tipo="juntas.importar_registro")
    assert f"Trabajo #{trabajo.pk} en la cola" in salida.getvalue()
    assert trabajo.estado == "terminado" and trabajo.resultado["nuevas"] == 2
    assert Organizacion.objects.filter(codigo_registro__in=["JAC-911", "JAC-912"]).count() == 2


# Launching work that needs no input ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretaria_launches_the_summary_rebuild_from_a_page(client, secretaria):
    client.force_login(secretaria)
    pagina = client.get(reverse("trabajos:lanzar")).content.decode()
    assert "Reconstruir los resúmenes de los tableros" in pagina
    respuesta = client.post(
        reverse("trabajos:lanzar"), {"tipo": "nucleo.reconstruir_resumenes"}, follow=True
    )
    trabajo = respuesta.context["trabajo"]
    assert trabajo.estado == "terminado" and trabajo.creado_por == secretaria
    assert trabajo.resultado["mensaje"] in respuesta.content.decode()
    assert "clases de resumen" in respuesta.content.decode()


@pytest.mark.django_db
def test_reconstruir_resumenes_can_queue_itself():
    salida = io.StringIO()
    call_command("reconstruir_resumenes", "--en-segundo-plano", stdout=salida)
    trabajo = Trabajo.objects.get(tipo="nucleo.reconstruir_resumenes")
    assert f"Trabajo #{trabajo.pk} en la cola" in salida.getvalue()
    assert trabajo.estado == "terminado"


@pytest.mark.django_db
def test_the_whole_registry_is_exported_as_a_job_in_batches(client, secretaria, monkeypatch):
    import openpyxl

    from juntas import trabajos as trabajos_del_registro

    monkeypatch.setattr(trabajos_del_registro, "LOTE_EXPORTACION", 2)
    OrganizacionFactory.create_batch(5)
    OrganizacionFactory(nombre='=HIPERVINCULO("http://x")')
    client.force_login(secretaria)
    pagina = client.post(
        reverse("trabajos:lanzar"), {"tipo": "juntas.exportar_registro"}, follow=True
    )
    trabajo = pagina.context["trabajo"]
    assert trabajo.estado == "terminado" and (trabajo.hechos, trabajo.total) == (6, 6)
    assert "6 organizaciones exportadas." in pagina.content.decode()
    archivo = client.get(reverse("trabajos:archivo", args=[trabajo.pk, "resultado"]))
    libro = openpyxl.load_workbook(io.BytesIO(b"".join(archivo.streaming_content)))
    filas = [list(f) for f in libro.active.values]
    assert len(filas) == 7 and "codigo_registro" in filas[0]
    nombres = [f[filas[0].index("nombre")] for f in filas[1:]]
    assert '\'=HIPERVINCULO("http://x")' in nombres  # text cells never open as formulas
    assert trabajo.nombre_resultado.startswith("organizaciones-")


class _EjecucionQueAnota:
    """What a job's function gets, noting each progress report."""

    def __init__(self, contenido, nombre="registro.csv"):
        self.parametros, self.usuario, self.nombre_entrada = {}, None, nombre
        self._contenido, self.avances = contenido, []

    def contenido_entrada(self):
        return self._contenido

    def avance(self, hechos, total=None):
        self.avances.append((hechos, total))

    def comprobar(self):
        pass

    def guardar_filas(self, filas, por_pagina=50):
        return {"filas_total": len(list(filas))}


@pytest.mark.django_db
def test_the_registry_preview_shows_a_total_before_reading_the_file():
    """Reading 64,000 rows takes seconds: the bar gets the line count first, then the rows."""
    from juntas import trabajos as trabajos_del_registro

    contenido = archivos.excel_csv(
        [
            ENCABEZADOS,
            ["JAC-1", "Junta\nde dos líneas", "JAC", "Manga"],
            ["JAC-2", "Otra", "JAC", "Manga"],
        ]
    )
    assert trabajos_del_registro.filas_estimadas(contenido) == 3  # a quoted line break counts
    ejecucion = _EjecucionQueAnota(contenido)
    resumen = trabajos_del_registro.previsualizar(ejecucion)
    assert ejecucion.avances[:2] == [(0, 3), (0, 2)]  # the estimate, then the rows read
    assert resumen["nuevas"] == 2
    assert trabajos_del_registro.filas_estimadas(archivos.xlsx([ENCABEZADOS])) == 0


@pytest.mark.django_db(transaction=True)
def test_the_total_reaches_the_page_at_once_not_an_interval_later(client, tipo_de_prueba, settings):
    """The heartbeat writes every TRABAJOS_INTERVALO_AVANCE seconds, but the first total as
    soon as the job knows it: the bar shows «0 de N filas» right away."""
    settings.TRABAJOS_INTERVALO_AVANCE = 30
    secretaria = crear_secretaria()
    client.force_login(secretaria)
    vistos = []

    def trabajar(ejecucion):
        ejecucion.avance(0, 64000)
        url = reverse("trabajos:estado", args=[ejecucion.trabajo.pk])
        assert _esperar(lambda: client.get(url).json()["total"] == 64000, segundos=3)
        vistos.append(client.get(url).json()["avance_texto"])
        return {}

    tipo_de_prueba("pruebas.total_pronto", trabajar)
    inicio = time.monotonic()
    trabajo = cola.encolar("pruebas.total_pronto", usuario=secretaria)
    assert time.monotonic() - inicio < 10  # not the 30 s interval
    assert vistos == ["0 de 64.000 filas (0,0 %)"]
    trabajo.refresh_from_db()
    assert trabajo.estado == "terminado"
