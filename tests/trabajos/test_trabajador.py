"""A real worker: `manage.py run_huey` as its own process, on a SQLite queue file, against the
test database. The rest of the suite runs jobs eagerly (Huey's immediate mode), which cannot
show what this shows: a worker killed with SIGKILL in the middle of a registry import, after
it wrote its first batch of rows inside the job's transaction, leaves nothing in the registry,
and the next worker to start marks the job failed with the reason; that worker then runs the
next job from the queue to its end."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from juntas.models import Organizacion
from tests import archivos
from tests.factories import crear_secretaria
from trabajos import cola
from trabajos.models import Trabajo

RAIZ = Path(settings.BASE_DIR)
ENCABEZADOS = ["Código de registro", "Nombre de la Junta", "Tipo", "Barrio"]
FILAS = 12_000  # several batches of 2,000: the first ones are written long before the end


@pytest.fixture
def cola_en_archivo(tmp_path):
    """The test process and the workers share a SQLite queue in a throwaway file."""
    archivo = tmp_path / "cola.sqlite3"
    HUEY.immediate = False
    HUEY.storage = SqliteStorage(name=HUEY.name, filename=str(archivo))
    yield archivo
    HUEY.immediate = True


def _trabajador(archivo_cola, tmp_path, nombre):
    base = connection.settings_dict
    url = f"postgres://{base['USER']}@{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}"
    entorno = {
        **os.environ,
        "DATABASE_URL": f"{url}/{base['NAME']}",
        "HUEY_URL": f"sqlite:///{archivo_cola}",
        "TRABAJOS_ARCHIVOS_ROOT": str(settings.TRABAJOS_ARCHIVOS_ROOT),
        "TRABAJOS_INTERVALO_AVANCE": "0.2",
        "TRABAJOS_LATIDO_VENCIDO": "2",
        "HUEY_INMEDIATO": "false",
    }
    if base.get("PASSWORD"):
        entorno["DATABASE_URL"] = (
            f"postgres://{base['USER']}:{base['PASSWORD']}@"
            + (entorno["DATABASE_URL"].split("@", 1)[1])
        )
    registro = open(tmp_path / f"{nombre}.log", "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1", "--worker-type", "thread"],
        cwd=RAIZ,
        env=entorno,
        stdout=registro,
        stderr=subprocess.STDOUT,
    )


def _esperar(condicion, segundos):
    fin = time.monotonic() + segundos
    while time.monotonic() < fin:
        valor = condicion()
        if valor:
            return valor
        time.sleep(0.1)
    return None


def _archivo(prefijo, n):
    filas = [[f"{prefijo}-{i:05d}", f"Junta {prefijo} {i}", "JAC", "Manga"] for i in range(n)]
    return archivos.excel_csv([ENCABEZADOS, *filas])


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_nothing_and_the_next_one_fails_the_job(
    tmp_path, cola_en_archivo
):
    secretaria = crear_secretaria()
    trabajo = cola.encolar(
        "juntas.importar_registro",
        usuario=secretaria,
        archivo=(_archivo("JAC", FILAS), "grande.csv"),
    )
    primero = _trabajador(cola_en_archivo, tmp_path, "primero")
    try:
        # Past the first batch (2,000 rows, written in bulk inside the job's transaction).
        avanzado = _esperar(
            lambda: (
                Trabajo.objects.filter(pk=trabajo.pk, estado="en_curso", hechos__gt=2500)
                .values_list("hechos", flat=True)
                .first()
            ),
            120,
        )
        assert avanzado, (tmp_path / "primero.log").read_text()[-3000:]
        primero.send_signal(signal.SIGKILL)
        primero.wait(10)
    finally:
        if primero.poll() is None:
            primero.kill()
    trabajo.refresh_from_db()
    assert trabajo.estado == "en_curso" and trabajo.hechos < FILAS
    # The killed process's transaction dies with its connection: nothing half-written.
    assert _esperar(lambda: Organizacion.objects.count() == 0 or None, 10)

    time.sleep(2.5)  # its heartbeat is now older than TRABAJOS_LATIDO_VENCIDO (2 s)
    pequeno = cola.encolar(
        "juntas.importar_registro",
        usuario=secretaria,
        archivo=(_archivo("JVC", 3), "pequeno.csv"),
        clave_bloqueo="",  # the dead job still holds the registry's key until it is failed
    )
    segundo = _trabajador(cola_en_archivo, tmp_path, "segundo")
    try:
        fallido = _esperar(
            lambda: Trabajo.objects.filter(pk=trabajo.pk, estado="fallido").first(), 30
        )
        assert fallido, (tmp_path / "segundo.log").read_text()[-3000:]
        assert "se detuvo sin terminarlo" in fallido.error
        assert "No se escribió nada" in fallido.error
        terminado = _esperar(
            lambda: Trabajo.objects.filter(pk=pequeno.pk, estado="terminado").first(), 60
        )
        assert terminado, (tmp_path / "segundo.log").read_text()[-3000:]
        assert terminado.resultado["nuevas"] == 3
        assert Organizacion.objects.count() == 3
    finally:
        segundo.send_signal(signal.SIGINT)  # Huey's graceful stop
        try:
            segundo.wait(20)
        except subprocess.TimeoutExpired:
            segundo.kill()
            segundo.wait(5)
