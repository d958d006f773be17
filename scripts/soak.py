#!/usr/bin/env python3
"""`make soak`: mixed traffic against gunicorn on PostgreSQL, then the same with a database restart.

1. A throwaway PostgreSQL cluster (fsync on: durability is what is being tested) on port 55433,
   with the demo data and leader accounts for the load.
2. 60 s of mixed traffic with locust (32 users: citizens, monitors, leaders answering the survey
   and registering delegates): there must be no 5xx, and every acknowledged write must be stored.
3. 60 s more, and PostgreSQL is killed (immediate stop, like a crash) 20 s in and started again
   5 s later. While it is down /salud/ must answer 503 and pages a friendly error without a
   traceback; within 5 s of it coming back the app must serve again, without restarting gunicorn;
   no acknowledged write may be lost.
Prints the figures and writes docs/soak.md.
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ / "scripts"))

import ensure_postgres  # noqa: E402
from bench import cache_compartida, publicar, vaciar_cache  # noqa: E402

PY = str(RAIZ / ".venv" / "bin" / "python")
DIRECTORIO = Path("/tmp/jac-soak")
PUERTO_PG = 55433
PUERTO = 8108
URL_BD = f"postgres://postgres@127.0.0.1:{PUERTO_PG}/jac_soak"
# The same key for the helpers and gunicorn: the sessions they create must be valid for it.
CLAVE = "soak-" + "Zq7m2" * 12
REDIS = 4  # the Redis database of the soak test (the benchmark's is 2)


def log(texto):
    print(f"[soak {datetime.datetime.now():%H:%M:%S}] {texto}", flush=True)


def binarios():
    carpeta = ensure_postgres.binarios()
    if carpeta is None:
        raise SystemExit("No encuentro initdb en /usr/lib/postgresql/*/bin.")
    return Path(carpeta)


def pg_ctl(*args):
    datos = DIRECTORIO / "data"
    resultado = ensure_postgres.como_postgres(
        str(binarios() / "pg_ctl"), "-D", str(datos), "-l", str(DIRECTORIO / "pg.log"), *args
    )
    return resultado


def arrancar_pg():
    opciones = (
        f"-p {PUERTO_PG} -c listen_addresses=127.0.0.1 -k {DIRECTORIO} -c max_connections=200"
    )
    resultado = pg_ctl("-o", opciones, "-w", "start")
    if resultado.returncode != 0:
        raise SystemExit(f"PostgreSQL no arrancó: {resultado.stderr}")


def crear_cluster():
    if DIRECTORIO.exists():
        pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(DIRECTORIO)
    DIRECTORIO.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(DIRECTORIO, "postgres", "postgres")
    resultado = ensure_postgres.como_postgres(
        str(binarios() / "initdb"), "-D", str(DIRECTORIO / "data"), "-U", "postgres", "-A",
        "trust",
    )  # fmt: skip
    if resultado.returncode != 0:
        raise SystemExit(f"initdb falló: {resultado.stderr}")
    arrancar_pg()
    ensure_postgres.como_postgres(
        "psql", "-h", "127.0.0.1", "-p", str(PUERTO_PG), "-U", "postgres", "-c",
        "CREATE DATABASE jac_soak",
    )  # fmt: skip


def django(*args, capturar=False):
    return subprocess.run(
        [PY, *args], cwd=RAIZ,
        env={**os.environ, "DATABASE_URL": URL_BD, "DEBUG": "True", "SECRET_KEY": CLAVE},
        check=True, capture_output=capturar, text=True,
    )  # fmt: skip


def entorno_gunicorn():
    return {
        **os.environ,
        "DATABASE_URL": URL_BD,
        "DEBUG": "False",
        "SECRET_KEY": CLAVE,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "60",
        # Redis, as deployed (sessions, signed-in users, pages).
        "CACHE_URL": cache_compartida(REDIS),
    }


def pedir(ruta, tiempo=3):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PUERTO}{ruta}", timeout=tiempo) as r:
            return r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:
        return 0, str(error)


def locust(config, escrituras, estados, segundos, usuarios, documento_inicial):
    return subprocess.Popen(
        [str(RAIZ / ".venv" / "bin" / "locust"), "-f", str(RAIZ / "scripts" / "locustfile.py"),
         "--headless", "-u", str(usuarios), "-r", "8", "-t", f"{segundos}s",
         "--host", f"http://127.0.0.1:{PUERTO}", "--only-summary", "--loglevel", "ERROR"],
        cwd=RAIZ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "SOAK_CONFIG": str(config), "SOAK_ESCRITURAS": str(escrituras),
             "SOAK_ESTADOS": str(estados), "SOAK_DOCUMENTO_INICIAL": str(documento_inicial)},
    )  # fmt: skip


def verificar(escrituras):
    if not escrituras.exists():
        escrituras.write_text("")
    return json.loads(django("scripts/soak_django.py", "verificar", str(escrituras),
                             capturar=True).stdout)  # fmt: skip


# Watched while PostgreSQL is down: the public page (served from the cache when it is there)
# and the home page, which reads the registry and so must answer the friendly 503.
PAGINAS_EN_LA_CAIDA = ("/transparencia/", "/")


def caida(resultado, reinicio_a, abajo):
    """While the load runs: kill PostgreSQL, watch the app, start it again, time the recovery."""
    time.sleep(reinicio_a)
    log("deteniendo PostgreSQL (immediate)")
    pg_ctl("-m", "immediate", "stop")
    estados_salud, paginas = [], []
    limite = time.monotonic() + abajo
    while time.monotonic() < limite:
        estados_salud.append(pedir("/salud/")[0])
        for ruta in PAGINAS_EN_LA_CAIDA:
            codigo, cuerpo = pedir(ruta)
            paginas.append((ruta, codigo, "Traceback" in cuerpo, "no está disponible" in cuerpo))
        time.sleep(0.5)
    log("arrancando PostgreSQL")
    arrancar_pg()
    vuelta = time.monotonic()
    recuperado = None
    while time.monotonic() - vuelta < 30:
        if pedir("/salud/")[0] == 200 and pedir("/")[0] == 200:  # the home page needs the database
            recuperado = time.monotonic() - vuelta
            break
        time.sleep(0.1)
    resultado.update(
        salud_mientras_caida=sorted(set(estados_salud)),
        paginas_mientras_caida={
            ruta: sorted({c for r, c, _t, _a in paginas if r == ruta})
            for ruta in PAGINAS_EN_LA_CAIDA
        },
        con_traceback=sum(1 for _r, _c, t, _a in paginas if t),
        pagina_amable=all(a for _r, c, _t, a in paginas if c == 503),
        segundos_para_recuperarse=recuperado,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--usuarios", type=int, default=32)
    parser.add_argument("--segundos", type=int, default=60)
    args = parser.parse_args()
    log(f"clúster desechable de PostgreSQL en el puerto {PUERTO_PG}")
    crear_cluster()
    django("manage.py", "migrate", "-v", "0")
    django("manage.py", "seed_demo", "--juntas", "429")
    temporal = Path(tempfile.mkdtemp(prefix="jac-soak-"))
    config = temporal / "config.json"
    config.write_text(
        django("scripts/soak_django.py", "preparar", str(args.usuarios), capturar=True).stdout
    )
    django("manage.py", "collectstatic", "--noinput", "-v", "0")
    vaciar_cache(cache_compartida(REDIS))
    gunicorn = subprocess.Popen(
        [str(RAIZ / ".venv" / "bin" / "gunicorn"), "jac_portal.wsgi:application",
         "--bind", f"127.0.0.1:{PUERTO}", "--workers", "4", "--timeout", "30",
         "--log-level", "warning"],
        cwd=RAIZ, env=entorno_gunicorn(), start_new_session=True,
    )  # fmt: skip
    resultados = {}
    try:
        for _ in range(60):
            if pedir("/salud/")[0] == 200:
                break
            time.sleep(0.5)
        log(f"fase 1: {args.segundos} s de tráfico mixto, {args.usuarios} usuarios")
        e1, s1 = temporal / "escrituras1.jsonl", temporal / "estados1.json"
        proceso = locust(config, e1, s1, args.segundos, args.usuarios, 700000000)
        proceso.wait()
        resultados["fase1"] = {"estados": json.loads(s1.read_text()), **verificar(e1)}
        log(f"fase 1: {resultados['fase1']}")

        log(f"fase 2: {args.segundos} s con un reinicio de PostgreSQL a los 20 s")
        e2, s2 = temporal / "escrituras2.jsonl", temporal / "estados2.json"
        proceso = locust(config, e2, s2, args.segundos, args.usuarios, 800000000)
        vigilancia = {}
        hilo = threading.Thread(target=caida, args=(vigilancia, 20, 5))
        hilo.start()
        hilo.join()
        proceso.wait()
        resultados["fase2"] = {"estados": json.loads(s2.read_text()), **verificar(e2), **vigilancia}
        log(f"fase 2: {resultados['fase2']}")
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
        pg_ctl("-m", "fast", "stop")
    fallas = informe(args, resultados)
    sys.exit(1 if fallas else 0)


def informe(args, r):
    f1, f2 = r["fase1"], r["fase2"]
    fallas = []
    if f1["estados"].get("5xx"):
        fallas.append(f"fase 1: {f1['estados']['5xx']} respuestas 5xx (meta 0)")
    for nombre, fase in (("fase 1", f1), ("fase 2", f2)):
        if fase["perdidas"]:
            fallas.append(f"{nombre}: {fase['perdidas']} escrituras aceptadas y perdidas")
    if f2.get("salud_mientras_caida") != [503]:
        fallas.append(f"/salud/ con la base caída respondió {f2.get('salud_mientras_caida')}")
    if 503 not in f2.get("paginas_mientras_caida", {}).get("/", []):
        fallas.append("la página de inicio no mostró la página amable (503) con la base caída")
    if f2.get("con_traceback"):
        fallas.append("una página mostró un traceback con la base caída")
    if f2.get("segundos_para_recuperarse") is None or f2["segundos_para_recuperarse"] > 5:
        fallas.append(f"recuperación en {f2.get('segundos_para_recuperarse')} s (meta ≤ 5 s)")
    total1 = sum(f1["estados"].values())
    total2 = sum(f2["estados"].values())
    texto = [
        "# Soak and fault test",
        "",
        f"Run by `make soak` on {datetime.date.today():%d/%m/%Y}: gunicorn (4 sync workers, "
        "DEBUG=False) on a throwaway PostgreSQL cluster with fsync on, demo data for 429 "
        f"Juntas; locust with {args.usuarios} users (citizens, monitors, leaders answering the "
        f"needs survey and registering delegates), {args.segundos} s per phase.",
        "",
        "| phase | requests | 2xx | 3xx | 4xx | 5xx | acknowledged registrations | "
        "acknowledged survey steps | lost |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for nombre, fase, total in (("steady", f1, total1), ("PostgreSQL restart", f2, total2)):
        e = fase["estados"]
        texto.append(
            f"| {nombre} | {total} | {e.get('2xx', 0)} | {e.get('3xx', 0)} | {e.get('4xx', 0)} | "
            f"{e.get('5xx', 0)} | {fase['inscripciones_aceptadas']} | "
            f"{fase['pasos_de_encuesta_aceptados']} | {fase['perdidas']} |"
        )
    texto += [
        "",
        "PostgreSQL killed (immediate stop) 20 s into the second phase and started 5 s later:",
        f"- `/salud/` while down: {f2.get('salud_mientras_caida')}; pages while down: "
        + "; ".join(f"`{ruta}` {c}" for ruta, c in f2.get("paginas_mientras_caida", {}).items())
        + f" (`/transparencia/` may be served from the cache; the home page needs the "
        f"database); every 503 the friendly page: {f2.get('pagina_amable')}; tracebacks: "
        f"{f2.get('con_traceback')}.",
        f"- Serving again {f2.get('segundos_para_recuperarse') or 0:.1f} s after PostgreSQL "
        "was back, without restarting gunicorn. (The 5xx of that phase are the requests made "
        "while the database was down: 503 pages.)",
        "",
    ]
    return publicar(texto, fallas, "soak.md")


if __name__ == "__main__":
    main()
