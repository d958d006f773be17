"""Backups: the PostgreSQL database (pg_dump, custom format) and the uploaded files, in one tar.

A backup is `jac-respaldo-AAAAMMDD-HHMMSS.tar` holding `base.dump` (restorable with pg_restore,
table by table) and `media.tar.gz` (MEDIA_ROOT). Restoring replaces the database's objects and
unpacks the files over MEDIA_ROOT; nothing else is touched.
"""

import datetime
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections


class ErrorDeRespaldo(RuntimeError):
    pass


def _conexion(alias="default", nombre=None):
    """pg_dump/pg_restore arguments and environment for a database of settings.DATABASES."""
    datos = settings.DATABASES[alias]
    if datos["ENGINE"] != "django.db.backends.postgresql":
        raise ErrorDeRespaldo("Los respaldos necesitan PostgreSQL (DATABASE_URL=postgres://…).")
    argumentos = ["--dbname", nombre or datos["NAME"]]
    if datos.get("HOST"):
        argumentos += ["--host", datos["HOST"]]
    if datos.get("PORT"):
        argumentos += ["--port", str(datos["PORT"])]
    if datos.get("USER"):
        argumentos += ["--username", datos["USER"]]
    entorno = {**os.environ}
    if datos.get("PASSWORD"):
        entorno["PGPASSWORD"] = datos["PASSWORD"]
    return argumentos, entorno


def _correr(comando, entorno):
    resultado = subprocess.run(comando, env=entorno, capture_output=True, text=True)
    if resultado.returncode != 0:
        raise ErrorDeRespaldo(f"{comando[0]} falló: {resultado.stderr.strip()[:2000]}")
    return resultado


def respaldar(destino_dir, alias="default", ahora=None):
    """Write a backup under `destino_dir` and return its path."""
    ahora = ahora or datetime.datetime.now()
    destino_dir = Path(destino_dir)
    destino_dir.mkdir(parents=True, exist_ok=True)
    destino = destino_dir / f"jac-respaldo-{ahora:%Y%m%d-%H%M%S}.tar"
    argumentos, entorno = _conexion(alias)
    with tempfile.TemporaryDirectory() as temporal:
        volcado = Path(temporal) / "base.dump"
        _correr(["pg_dump", "--format=custom", "--no-owner", "--file", str(volcado), *argumentos],
                entorno)  # fmt: skip
        archivos = Path(temporal) / "media.tar.gz"
        with tarfile.open(archivos, "w:gz") as tar:
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                tar.add(media, arcname="media")
        parcial = destino.with_suffix(".tar.parcial")
        with tarfile.open(parcial, "w") as tar:
            tar.add(volcado, arcname="base.dump")
            tar.add(archivos, arcname="media.tar.gz")
        parcial.rename(destino)  # a backup is either whole or absent
    return destino


def restaurar(origen, alias="default", nombre=None):
    """Restore a backup into the database (`nombre`, else the configured one) and MEDIA_ROOT."""
    origen = Path(origen)
    if not origen.is_file():
        raise ErrorDeRespaldo(f"No existe el respaldo {origen}.")
    argumentos, entorno = _conexion(alias, nombre)
    with tempfile.TemporaryDirectory() as temporal, tarfile.open(origen) as tar:
        nombres = set(tar.getnames())
        if not {"base.dump", "media.tar.gz"} <= nombres:
            raise ErrorDeRespaldo(f"{origen} no es un respaldo del portal.")
        tar.extractall(temporal, filter="data")
        connections[alias].close()
        _correr(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                 "--exit-on-error", *argumentos, str(Path(temporal) / "base.dump")],
                entorno)  # fmt: skip
        with tarfile.open(Path(temporal) / "media.tar.gz") as archivos:
            media = Path(settings.MEDIA_ROOT)
            media.parent.mkdir(parents=True, exist_ok=True)
            miembros = [
                m for m in archivos.getmembers() if m.name == "media" or m.name.startswith("media/")
            ]
            with tempfile.TemporaryDirectory(dir=media.parent) as destino:
                archivos.extractall(destino, members=miembros, filter="data")
                _copiar_sobre(Path(destino) / "media", media)


def _copiar_sobre(origen, destino):
    if not origen.is_dir():
        return
    for ruta in origen.rglob("*"):
        final = destino / ruta.relative_to(origen)
        if ruta.is_dir():
            final.mkdir(parents=True, exist_ok=True)
        else:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(ruta, final)
