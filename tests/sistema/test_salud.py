"""/salud/ answers 200 with the database up and 503 without it; pages fail friendly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]

# A server that refuses connections at once: PostgreSQL "down" without touching the real one.
CAIDA = "postgres://postgres@127.0.0.1:1/jac_portal"

PEDIR = """
import os, json, django
os.environ['DJANGO_SETTINGS_MODULE'] = 'jac_portal.settings'
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
c = Client(raise_request_exception=False)
r = c.get('{url}')
print(r.status_code)
print(r.content.decode())
"""


def _pedir_con_bd_caida(url):
    env = {
        **os.environ,
        "DATABASE_URL": CAIDA,
        "DEBUG": "False",
        "SECRET_KEY": "x" * 20 + "Q8w!e3R#t5Y^u7I*o9P(a1S)d2F-g4H",
        "SECURE_SSL_REDIRECT": "False",
    }
    resultado = subprocess.run(
        [sys.executable, "-c", PEDIR.format(url=url)],
        cwd=RAIZ,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resultado.returncode == 0, resultado.stderr
    estado, _, cuerpo = resultado.stdout.partition("\n")
    return int(estado), cuerpo


@pytest.mark.django_db
def test_health_ok(client):
    respuesta = client.get("/salud/")
    assert respuesta.status_code == 200
    assert respuesta.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in respuesta["Cache-Control"]


def test_health_503_when_database_is_down():
    estado, cuerpo = _pedir_con_bd_caida("/salud/")
    assert estado == 503
    assert '"database": "unreachable"' in cuerpo


def test_pages_show_friendly_error_without_traceback_when_database_is_down():
    estado, cuerpo = _pedir_con_bd_caida("/")
    assert estado == 503  # try again: the database is restarting, nothing is broken
    assert "El portal no está disponible por un momento" in cuerpo
    assert "Traceback" not in cuerpo and "OperationalError" not in cuerpo


def test_other_errors_keep_the_500_page(client, settings):
    from nucleo.views import error_500

    try:
        raise ValueError("un error de programación")
    except ValueError:
        respuesta = error_500(None)
    assert respuesta.status_code == 500
    assert "El portal tuvo un problema" in respuesta.content.decode()
