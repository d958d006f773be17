"""Settings read from the environment; production refuses weak secrets and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

RAIZ = Path(__file__).resolve().parents[2]
CLAVE_FUERTE = "k" * 20 + "9f3Lq!xZ0pW2#rT7vB5nM8sD4gH6jK1aQ"


# The test process sets these for Playwright or the suite; a deployed process would not.
_AJENAS = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _entorno(**valores):
    return {**{k: v for k, v in os.environ.items() if k not in _AJENAS}, **valores}


def _python(codigo, **entorno):
    env = _entorno(**entorno)
    return subprocess.run(
        [sys.executable, "-c", codigo],
        cwd=RAIZ,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


PREAMBULO = (
    "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'jac_portal.settings'; "
    "django.setup();"
)
ARRANCAR = PREAMBULO + "print('ok')"


def test_suite_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_production_refuses_to_start_without_secret_key():
    resultado = _python(ARRANCAR, DEBUG="False")
    assert resultado.returncode != 0
    assert "SECRET_KEY is required when DEBUG=False" in resultado.stderr


@pytest.mark.parametrize("clave", ["corta", "django-insecure-" + "x" * 60, "a" * 60])
def test_production_refuses_weak_secret_key(clave):
    resultado = _python(ARRANCAR, DEBUG="False", SECRET_KEY=clave)
    assert resultado.returncode != 0
    assert "SECRET_KEY is too weak" in resultado.stderr


def test_production_starts_with_a_real_secret_key():
    resultado = _python(ARRANCAR, DEBUG="False", SECRET_KEY=CLAVE_FUERTE)
    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.strip() == "ok"


def test_development_starts_without_secret_key():
    assert _python(ARRANCAR, DEBUG="True").returncode == 0


def test_deploy_checklist_passes_in_production():
    resultado = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=RAIZ,
        env=_entorno(DEBUG="False", SECRET_KEY=CLAVE_FUERTE),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr


def test_environment_configures_database_email_and_time_zone():
    codigo = (
        PREAMBULO + "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.EMAIL_BACKEND, s.EMAIL_HOST, s.TIME_ZONE,"
        " s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS)"
    )
    resultado = _python(
        codigo,
        DATABASE_URL="postgres://u:p@db.example.org:5432/jac",
        EMAIL_URL="smtp+tls://u:p@smtp.example.org:587",
        TIME_ZONE="America/Bogota",
        ALLOWED_HOSTS="portal.example.org",
        CSRF_TRUSTED_ORIGINS="https://portal.example.org",
    )
    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.split()[:4] == [
        "django.db.backends.postgresql",
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "America/Bogota",
    ]
    assert "portal.example.org" in resultado.stdout


def test_defaults_are_sqlite_and_console_email():
    codigo = (
        PREAMBULO + "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.EMAIL_BACKEND)"
    )
    env = {k: v for k, v in _entorno().items() if k not in {"DATABASE_URL", "EMAIL_URL"}}
    resultado = subprocess.run(
        [sys.executable, "-c", codigo],
        cwd=RAIZ,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resultado.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.mail.backends.console.EmailBackend",
    ]
