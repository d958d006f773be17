#!/usr/bin/env python3
"""Helpers the benchmark runs inside Django, against the database in $DATABASE_URL.

  bench_django.py sesiones          JSON {role: Cookie header} for monitor, secretaria, lider
  bench_django.py consultas         JSON {page: SQL queries} for every benchmarked page
  bench_django.py exportar FILE     the registry as an XLSX file (import benchmark)
  bench_django.py escrituras        JSON {kind: mean and p95 ms} of the portal's writes, timed
                                    in process, ~50 of each on a quiet database
  bench_django.py escribir --ritmo N
                                    the portal's writes at N per second until SIGTERM, then
                                    JSON: writes done, rate achieved, mean and p95 ms per kind

Pages and roles are defined once here (PAGINAS) and used by scripts/bench.py too.
"""

import json
import os
import random
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jac_portal.settings")

# page name → (path, role or None for anonymous)
PAGINAS = {
    "base (/salud/)": ("/salud/", None),
    "/transparencia/": ("/transparencia/", None),
    "/transparencia/ (con sesión)": ("/transparencia/", "monitor"),
    "/transparencia/convenios/": ("/transparencia/convenios/", None),
    "/tablero/": ("/tablero/", "monitor"),
    "/tablero/diagnostico/": ("/tablero/diagnostico/", "monitor"),
    "/tablero/capacitacion/": ("/tablero/capacitacion/", "monitor"),
    "/tablero/contratacion/": ("/tablero/contratacion/", "monitor"),
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


# The portal's writes, for the mixed phase and the write-cost table ------------------------------

# kind → what it is, as the report names it. Each goes through the service its page calls, in
# that service's own transaction, on a random row.
TIPOS_DE_ESCRITURA = {
    "encuesta": "survey step (`encuesta.guardar_paso`, a leader's draft)",
    "asistencia": "attendance sheet (`asistencia.registrar_asistencia`, one tick changed)",
    "verificacion": "document verification (`juntas.services.verificar`, the admin action)",
    "registro": "registry edit (a Junta's phone, `Organizacion.save()`)",
}


def resumen_de_tiempos(tiempos):
    """Count, mean and p95 of times in ms."""
    if not tiempos:
        return {"n": 0, "media_ms": None, "p95_ms": None}
    p95 = (
        statistics.quantiles(tiempos, n=20, method="inclusive")[18]
        if len(tiempos) > 1
        else tiempos[0]
    )
    return {"n": len(tiempos), "media_ms": statistics.fmean(tiempos), "p95_ms": p95}


class Escritor:
    """One write of a kind the portal sees, on a random row, returning its time in ms.

    Only the service call is timed: what the page reads before (the draft, the form, the sheet's
    rows) is left out, as it is no part of the write. Works on any database `seed_demo` makes.
    """

    def __init__(self, semilla=None):
        from django.contrib.auth import get_user_model
        from django.db.models import Max, Min
        from django.utils import timezone

        from capacitacion.models import Instrumento, Sesion
        from capacitacion.selectors import encuesta as selectors_encuesta
        from capacitacion.services import encuesta
        from juntas.models import Organizacion, RequisitoJunta

        self.azar = random.Random(semilla)
        usuarios = get_user_model().objects
        self.lider = usuarios.get(username="lider")
        self.secretaria = usuarios.get(username="secretaria")
        self.juntas = list(Organizacion.objects.juntas().values_list("pk", flat=True))
        abiertos = [
            i
            for i in Instrumento.objects.filter(
                proposito=Instrumento.Proposito.DIAGNOSTICO, estado=Instrumento.Estado.PUBLICADO
            ).order_by("-abre")
            if i.abierto()
        ]
        if not abiertos:
            raise SystemExit("No hay un instrumento de diagnóstico abierto: nadie guarda pasos.")
        self.instrumento = abiertos[0]
        self.pasos = selectors_encuesta.pasos(encuesta.preguntas_de(self.instrumento))
        # Attendance is taken for sessions that have started (held, or programmed and begun).
        self.sesiones = list(
            Sesion.objects.filter(inicio__lte=timezone.now(), inscripciones__isnull=False)
            .exclude(estado=Sesion.Estado.CANCELADA)
            .values_list("pk", flat=True)
            .distinct()
        )
        if not self.sesiones:
            raise SystemExit("No hay sesiones empezadas con inscritos: nadie toma asistencia.")
        limites = RequisitoJunta.objects.aggregate(menor=Min("pk"), mayor=Max("pk"))
        self.requisitos = (limites["menor"], limites["mayor"])

    def escribir(self, tipo):
        return getattr(self, tipo)()

    def _valor(self, pregunta):
        """A value for the question as its form field posts it; now and then none (cleared)."""
        azar = self.azar
        if azar.random() < 0.1:
            return ""
        tipo = pregunta.tipo
        if tipo == "si_no":
            return azar.choice(["si", "no"])
        if tipo == "likert":
            return str(azar.randint(1, 5))
        codigos = [o.codigo for o in pregunta.opciones.all()]
        if tipo == "unica":
            return azar.choice(codigos)
        if tipo == "multiple":
            return azar.sample(codigos, azar.randint(1, len(codigos)))
        if tipo == "numero":
            menor = int(pregunta.minimo) if pregunta.minimo is not None else 0
            mayor = int(pregunta.maximo) if pregunta.maximo is not None else menor + 50
            return str(azar.randint(menor, mayor))
        if tipo == "fecha":
            return f"2026-{azar.randint(1, 11):02d}-{azar.randint(1, 28):02d}"
        return f"Respuesta de la prueba de carga {azar.randint(1, 10**6)}"

    def encuesta(self):
        """A leader saves one page of the open survey, as the step page posts it."""
        from capacitacion.forms.encuesta import PasoForm, nombre_campo
        from capacitacion.services import encuesta
        from juntas.models import Organizacion

        for _intento in range(100):
            organizacion = Organizacion.objects.get(pk=self.azar.choice(self.juntas))
            # The step page's GET: the draft is created on first use.
            respuesta = encuesta.respuesta_de_junta(organizacion, self.instrumento)
            if not respuesta.enviada:
                break
        else:
            raise RuntimeError("100 Juntas al azar ya enviaron la encuesta")
        _dimension, del_paso = self.azar.choice(self.pasos)
        datos = {nombre_campo(p): self._valor(p) for p in del_paso}
        form = PasoForm(datos, preguntas=del_paso, respuestas=encuesta.respuestas_de(respuesta))
        form.is_valid()
        inicio = time.perf_counter()
        encuesta.guardar_paso(respuesta, del_paso, form.valores(), usuario=self.lider)
        return (time.perf_counter() - inicio) * 1000

    def asistencia(self):
        """Staff save a started session's attendance sheet with one tick changed."""
        from capacitacion.models import Sesion
        from capacitacion.services import asistencia

        sesion = Sesion.objects.get(pk=self.azar.choice(self.sesiones))
        marcas = dict(sesion.inscripciones.values_list("pk", "asistio"))
        presentes = {pk for pk, asistio in marcas.items() if asistio}
        presentes ^= {self.azar.choice(sorted(marcas))}
        inicio = time.perf_counter()
        asistencia.registrar_asistencia(
            sesion, presentes=presentes, nuevos=[], usuario=self.secretaria
        )
        return (time.perf_counter() - inicio) * 1000

    def verificacion(self):
        """Staff verify one requirement row from the admin (mostly «cumple»)."""
        from juntas import services
        from juntas.models import RequisitoJunta

        pk = (
            RequisitoJunta.objects.filter(pk__gte=self.azar.randint(*self.requisitos))
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        estado = (
            RequisitoJunta.Estado.CUMPLE
            if self.azar.random() < 0.75
            else RequisitoJunta.Estado.NO_CUMPLE
        )
        inicio = time.perf_counter()
        services.verificar(
            RequisitoJunta.objects.filter(pk=pk), usuario=self.secretaria, estado=estado
        )
        return (time.perf_counter() - inicio) * 1000

    def registro(self):
        """Staff change a Junta's phone in the admin (saved through the ORM, in a transaction)."""
        from django.db import transaction

        from juntas.models import Organizacion

        junta = Organizacion.objects.get(pk=self.azar.choice(self.juntas))
        junta.telefono = f"300 {self.azar.randrange(10**6, 10**7)}"
        inicio = time.perf_counter()
        with transaction.atomic():
            junta.save()
        return (time.perf_counter() - inicio) * 1000


def escrituras(veces=50):
    """Mean and p95 ms of each kind of write, `veces` of each after one to warm up, on a
    database nobody else is using."""
    escritor = Escritor(semilla=14)
    resultado = {}
    for tipo in TIPOS_DE_ESCRITURA:
        escritor.escribir(tipo)
        resultado[tipo] = resumen_de_tiempos([escritor.escribir(tipo) for _vez in range(veces)])
    return resultado


def escribir(ritmo, hilos=8):
    """The portal's writes, kinds in turn, `ritmo` per second until SIGTERM.

    Writes arrive on a schedule, as people's do, whatever the previous one costs: up to `hilos`
    run at once (several clerks and leaders), each thread with its own database connection. When
    all are busy the next write waits for one (it is counted late) and the schedule restarts from
    then, without catching up in a burst; so the rate achieved is reported, not assumed. Prints
    a line once ready, and the summary as JSON when stopped.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    escritor = Escritor()
    parar = []
    signal.signal(signal.SIGTERM, lambda *_args: parar.append(True))
    signal.signal(signal.SIGINT, lambda *_args: parar.append(True))
    tipos = list(TIPOS_DE_ESCRITURA)
    tiempos = {tipo: [] for tipo in tipos}
    errores = dict.fromkeys(tipos, 0)
    libres = threading.BoundedSemaphore(hilos)

    def una(tipo):
        try:
            tiempos[tipo].append(escritor.escribir(tipo))
        except Exception as error:  # noqa: BLE001 (counted and reported; the phase goes on)
            errores[tipo] += 1
            print(f"escritura {tipo} falló: {error!r}", file=sys.stderr, flush=True)
        finally:
            libres.release()

    intentos = atrasadas = 0
    print(json.dumps({"listo": True}), flush=True)
    intervalo = 1 / ritmo
    inicio = siguiente = time.monotonic()
    with ThreadPoolExecutor(hilos) as hilera:
        while not parar:
            espera = siguiente - time.monotonic()
            if espera > 0:
                time.sleep(min(espera, 0.05))
                continue
            if not libres.acquire(timeout=0.05):
                continue  # every thread busy: this write waits
            tipo = tipos[intentos % len(tipos)]
            intentos += 1
            hilera.submit(una, tipo)
            siguiente += intervalo
            if siguiente < time.monotonic() - intervalo / 2:
                siguiente = time.monotonic()
                atrasadas += 1
    # Writes still running when told to stop are finished and counted in the time.
    segundos = time.monotonic() - inicio
    hechas = sum(len(t) for t in tiempos.values())
    return {
        "ritmo_pedido": ritmo,
        "escrituras": hechas,
        "errores": sum(errores.values()),
        "atrasadas": atrasadas,
        "hilos": hilos,
        "segundos": segundos,
        "ritmo_logrado": hechas / segundos if segundos else 0,
        "tipos": {t: {**resumen_de_tiempos(tiempos[t]), "errores": errores[t]} for t in tipos},
    }


if __name__ == "__main__":
    _django()
    orden = sys.argv[1] if len(sys.argv) > 1 else ""
    if orden == "sesiones":
        print(json.dumps(sesiones()))
    elif orden == "consultas":
        print(json.dumps(consultas()))
    elif orden == "exportar":
        print(json.dumps(exportar(sys.argv[2])))
    elif orden == "escrituras":
        print(json.dumps(escrituras()))
    elif orden == "escribir" and sys.argv[2:3] == ["--ritmo"]:
        print(json.dumps(escribir(float(sys.argv[3]))), flush=True)
    else:
        raise SystemExit(__doc__)
