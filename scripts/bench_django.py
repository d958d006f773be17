#!/usr/bin/env python3
"""Helpers the benchmark runs inside Django, against the database in $DATABASE_URL.

  bench_django.py sesiones          JSON {role: Cookie header} for monitor, secretaria, lider
  bench_django.py consultas         JSON {page: SQL queries} for every benchmarked page
  bench_django.py exportar FILE     the registry as an XLSX file (import benchmark)

Pages and roles are defined once here (PAGINAS) and used by scripts/bench.py too.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jac_portal.settings")

# page name → (path, role or None for anonymous)
PAGINAS = {
    "base (/salud/)": ("/salud/", None),
    "/transparencia/": ("/transparencia/", None),
    "/tablero/": ("/tablero/", "monitor"),
    "/tablero/diagnostico/": ("/tablero/diagnostico/", "monitor"),
    "/tablero/capacitacion/": ("/tablero/capacitacion/", "monitor"),
    "/portal/ (líder)": ("/portal/", "lider"),
    "admin: Juntas, filtro y búsqueda": (
        "/admin/juntas/organizacion/?localidad__id__exact=1&q=Barrio", "secretaria",
    ),
}  # fmt: skip


def _django():
    import django

    django.setup()


def sesion_para(usuario):
    """A session cookie for `usuario`, created directly (the log-in form is tested elsewhere);
    signed with this process's SECRET_KEY, which must be the server's."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    sesion = import_module(settings.SESSION_ENGINE).SessionStore()
    sesion[SESSION_KEY] = str(usuario.pk)
    sesion[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    sesion[HASH_SESSION_KEY] = usuario.get_session_auth_hash()
    sesion.create()
    return sesion.session_key


def galleta_de_navegador(usuario):
    """The Cookie header a browser sends once signed in: the session and the CSRF cookie
    (every signed-in page carries the log-out form, so the browser holds one)."""
    from django.middleware.csrf import _get_new_csrf_string

    return f"sessionid={sesion_para(usuario)}; csrftoken={_get_new_csrf_string()}"


def sesiones():
    """Browser cookies for the demo accounts, with the data policy accepted."""
    from django.contrib.auth import get_user_model

    from juntas.models import AutorizacionDatos

    galletas = {}
    for usuario in get_user_model().objects.filter(username__in=["monitor", "secretaria", "lider"]):
        AutorizacionDatos.objects.get_or_create(
            usuario=usuario, version=AutorizacionDatos.VERSION_VIGENTE
        )
        galletas[usuario.username] = galleta_de_navegador(usuario)
    return galletas


def consultas(veces=10):
    """Per page: SQL queries and in-process time when it is rendered (every cache empty, as
    after a change to the data) and when it is served warm, as a browser would see it."""
    import time

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from juntas.models import AutorizacionDatos

    settings.ALLOWED_HOSTS = ["*"]
    usuarios = {u.username: u for u in get_user_model().objects.all() if u.username in
                {"monitor", "secretaria", "lider"}}  # fmt: skip
    resultado = {}
    for nombre, (ruta, rol) in PAGINAS.items():
        cliente = Client()
        if rol:
            AutorizacionDatos.objects.get_or_create(
                usuario=usuarios[rol], version=AutorizacionDatos.VERSION_VIGENTE
            )
            cliente.force_login(usuarios[rol])
        cliente.get(ruta, secure=True)  # the browser's first visit: it gets its CSRF cookie
        frio = 0.0
        for _vez in range(veces):
            for alias in caches:  # the shared cache and this process's own copies
                caches[alias].clear()
            with CaptureQueriesContext(connection) as frias:
                inicio = time.perf_counter()
                respuesta = cliente.get(ruta, secure=True)
                frio += time.perf_counter() - inicio
        with CaptureQueriesContext(connection) as calientes:
            segunda = cliente.get(ruta, secure=True)
        if respuesta.status_code != 200 or segunda.status_code != 200:
            raise SystemExit(f"{ruta} respondió {respuesta.status_code}")
        resultado[nombre] = {
            "consultas": len(calientes),
            "consultas_frio": len(frias),
            "ms_frio": frio / veces * 1000,
        }
    return resultado


def exportar(destino):
    from juntas.resources import OrganizacionResource

    datos = OrganizacionResource().export()
    Path(destino).write_bytes(datos.export("xlsx"))
    return {"filas": len(datos)}


if __name__ == "__main__":
    _django()
    orden = sys.argv[1] if len(sys.argv) > 1 else ""
    if orden == "sesiones":
        print(json.dumps(sesiones()))
    elif orden == "consultas":
        print(json.dumps(consultas()))
    elif orden == "exportar":
        print(json.dumps(exportar(sys.argv[2])))
    else:
        raise SystemExit(__doc__)
