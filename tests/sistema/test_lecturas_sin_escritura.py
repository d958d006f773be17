"""Reads never write: every page a monitor or a citizen reads (the dashboards, the public page,
their exports) issues no INSERT, UPDATE or DELETE — on the demo data, a day after it was loaded,
when documents have expired since their summaries were computed.

Walks every URL pattern without parameters under /tablero/ and /transparencia/ and the home,
so a new dashboard is checked without touching this file.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

ESCRITURAS = ("INSERT", "UPDATE", "DELETE")
# Django's own bookkeeping of a signed-in request is not the page's doing.
PROPIAS_DE_DJANGO = ("django_session", "axes_")


def _rutas(patrones=None, prefijo=""):
    for patron in patrones if patrones is not None else get_resolver().url_patterns:
        texto = prefijo + str(patron.pattern)
        if isinstance(patron, URLResolver):
            yield from _rutas(patron.url_patterns, texto)
        elif isinstance(patron, URLPattern) and "<" not in texto and "(?P" not in texto:
            yield "/" + texto.lstrip("^").rstrip("$")


LEIDAS = sorted({r for r in _rutas() if r.startswith(("/tablero/", "/transparencia/"))} | {"/"})


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--juntas", "3", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


def test_the_walk_covers_the_dashboards():
    assert {"/", "/tablero/", "/transparencia/", "/tablero/diagnostico/"} <= set(LEIDAS)
    assert len(LEIDAS) >= 10


@pytest.mark.django_db
def test_reading_pages_writes_nothing(demo, client, monkeypatch):
    # Tomorrow and beyond: documents expire after their kept summaries were computed.
    manana = timezone.localdate() + datetime.timedelta(days=400)
    monkeypatch.setattr(timezone, "localdate", lambda *args: manana)
    escritas = {}
    for quien, url in [("anónimo", u) for u in LEIDAS] + [("monitor", u) for u in LEIDAS]:
        if quien == "monitor" and "_auth_user_id" not in client.session:
            client.force_login(User.objects.get(username="monitor"))
        with CaptureQueriesContext(connection) as consultas:
            respuesta = client.get(url)
        assert respuesta.status_code < 500, (quien, url)
        sql = [
            q["sql"]
            for q in consultas.captured_queries
            if q["sql"].lstrip().upper().startswith(ESCRITURAS)
            and not any(t in q["sql"] for t in PROPIAS_DE_DJANGO)
        ]
        if sql:
            escritas[(quien, url)] = sql[0][:200]
    assert escritas == {}
