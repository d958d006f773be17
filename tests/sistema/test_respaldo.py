"""Backups: `respaldar` dumps the database and the uploaded files; restoring the dump into a new
database gives the same rows in every table, and the files come back."""

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command

from nucleo import respaldo
from tests.factories import DignatarioFactory, RequisitoJuntaFactory

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump only sees committed rows


def _parametros(nombre):
    datos = settings.DATABASES["default"]
    return {
        "dbname": nombre,
        "host": datos.get("HOST") or None,
        "port": datos.get("PORT") or None,
        "user": datos.get("USER") or None,
        "password": datos.get("PASSWORD") or None,
    }


def _conteos(nombre):
    with psycopg2.connect(**_parametros(nombre)) as conexion, conexion.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tablas = [fila[0] for fila in cursor.fetchall()]
        resultado = {}
        for tabla in tablas:
            cursor.execute(f'SELECT COUNT(*) FROM "{tabla}"')
            resultado[tabla] = cursor.fetchone()[0]
    conexion.close()
    return resultado


@pytest.fixture
def base_nueva():
    nombre = f"{settings.DATABASES['default']['NAME']}_copia"
    conexion = psycopg2.connect(**_parametros("postgres"))
    conexion.autocommit = True
    with conexion.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{nombre}"')
        cursor.execute(f'CREATE DATABASE "{nombre}"')
    yield nombre
    with conexion.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
    conexion.close()


def test_backup_restores_into_a_new_database_with_the_same_row_counts(tmp_path, base_nueva):
    junta = DignatarioFactory().organizacion
    RequisitoJuntaFactory(organizacion=junta)
    documento = settings.MEDIA_ROOT / "requisitos" / "2026" / "rut.pdf"
    documento.parent.mkdir(parents=True)
    documento.write_bytes(b"%PDF-1.4 rut")

    ruta = respaldo.respaldar(tmp_path / "respaldos")
    assert ruta.name.startswith("jac-respaldo-") and ruta.suffix == ".tar"
    documento.unlink()

    respaldo.restaurar(ruta, nombre=base_nueva)
    original = _conteos(settings.DATABASES["default"]["NAME"])
    copia = _conteos(base_nueva)
    assert copia == original
    assert copia["juntas_organizacion"] >= 1 and copia["juntas_requisitojunta"] == 1
    assert documento.read_bytes() == b"%PDF-1.4 rut"


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    falso = tmp_path / "otro.tar"
    import tarfile

    with tarfile.open(falso, "w"):
        pass
    with pytest.raises(respaldo.ErrorDeRespaldo, match="no es un respaldo"):
        respaldo.restaurar(falso)
    with pytest.raises(respaldo.ErrorDeRespaldo, match="No existe"):
        respaldo.restaurar(tmp_path / "no-existe.tar")


def test_backup_command_prints_the_file(tmp_path, capsys):
    call_command("respaldar", "--destino", str(tmp_path))
    salida = capsys.readouterr().out.strip()
    assert salida.endswith(".tar") and (tmp_path / salida.split("/")[-1]).is_file()


def test_restore_command_asks_and_restores_into_another_database(tmp_path, base_nueva, monkeypatch):
    from django.core.management.base import CommandError

    DignatarioFactory()
    ruta = respaldo.respaldar(tmp_path)
    monkeypatch.setattr("builtins.input", lambda pregunta: "n")
    with pytest.raises(CommandError, match="Cancelado"):
        call_command("restaurar", str(ruta), "--base", base_nueva)
    assert "juntas_organizacion" not in _conteos(base_nueva)
    call_command("restaurar", str(ruta), "--base", base_nueva, "--si")
    assert _conteos(base_nueva)["juntas_organizacion"] >= 1
