#!/usr/bin/env python3
"""`make bench`: the portal at 429 and at national scale (64,000 Juntas), served as deployed.

1. Builds two PostgreSQL databases with `seed_demo` (429 and --juntas Juntas), timing the seed.
2. Times the import of the large registry into an empty database (`importar_juntas`) from each
   kind of file people bring: XLSX, Excel es-CO's two CSVs, a `,` UTF-8 CSV and UTF-16 text.
3. For each database: counts the SQL queries of every page, then serves the app with gunicorn
   (DEBUG=False, whitenoise, collected static files) and measures each page with wrk: p50, p95
   and throughput, and the ratio of each page's p50 to a trivial page's (/salud/), served the
   same way.
4. Prints the results, checks the targets and writes docs/benchmarks.md.

Options: --juntas N (64000), --duracion S per page (10), --conexiones C (8), --reusar (keep
databases already seeded by an earlier run), --sin-importacion, --solo-importacion.
"""

import argparse
import contextlib
import datetime
import functools
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
PY = str(RAIZ / ".venv" / "bin" / "python")
sys.path.insert(0, str(RAIZ / "scripts"))

from bench_django import PAGINAS  # noqa: E402

PUERTO = 8107
LUA = RAIZ / "scripts" / "wrk_informe.lua"


def log(texto):
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {texto}", flush=True)


def correr(args, entorno=None, **kwargs):
    return subprocess.run(args, env={**os.environ, **(entorno or {})}, check=True, **kwargs)


def ayudante(orden, entorno, *args):
    """Run `scripts/bench_django.py orden …` against `entorno` and return the JSON it prints."""
    salida = correr([PY, "scripts/bench_django.py", orden, *args], entorno, cwd=RAIZ,
                    capture_output=True, text=True).stdout  # fmt: skip
    return json.loads(salida)


def publicar(texto, fallas, nombre):
    """Print a harness's report, write it to docs/`nombre` and return its missed targets."""
    texto = [*texto, "## Targets", "", *([f"- MISSED: {f}" for f in fallas] or ["- All met."]), ""]
    (RAIZ / "docs").mkdir(exist_ok=True)
    (RAIZ / "docs" / nombre).write_text("\n".join(texto))
    print("\n".join(texto))
    return fallas


def servidor():
    return subprocess.run(
        [PY, str(RAIZ / "scripts" / "ensure_postgres.py")], capture_output=True, text=True,
        check=True,
    ).stdout.strip()  # fmt: skip


def url_de(servidor_url, base):
    return re.sub(r"/[^/]*$", f"/{base}", servidor_url)


def psql(servidor_url, sql):
    import psycopg2

    conexion = psycopg2.connect(servidor_url)
    conexion.autocommit = True
    with conexion.cursor() as cursor:
        cursor.execute(sql)
        filas = cursor.fetchall() if cursor.description else None
    conexion.close()
    return filas


def sembrada(url):
    try:
        return psql(url, "SELECT COUNT(*) FROM juntas_organizacion")[0][0]
    except Exception:  # noqa: BLE001 (missing database or table)
        return 0


def preparar(servidor_url, base, juntas, reusar):
    url = url_de(servidor_url, base)
    if reusar and sembrada(url) >= juntas:
        comentario = _comentario(servidor_url, base)
        segundos = (
            float(comentario.split()[1])
            if comentario and comentario.startswith("sembrada ")
            else None
        )
        log(f"{base}: reutilizada ({sembrada(url)} organizaciones)")
        # Brought to the current schema: the code may have changed since it was seeded.
        correr([PY, "manage.py", "migrate", "-v", "0"], {"DATABASE_URL": url, "DEBUG": "True"},
               cwd=RAIZ)  # fmt: skip
        return url, segundos
    psql(servidor_url, f'DROP DATABASE IF EXISTS "{base}" WITH (FORCE)')
    psql(servidor_url, f'CREATE DATABASE "{base}"')
    entorno = {"DATABASE_URL": url, "DEBUG": "True"}
    correr([PY, "manage.py", "migrate", "-v", "0"], entorno, cwd=RAIZ)
    log(f"{base}: seed_demo --juntas {juntas}")
    inicio = time.monotonic()
    correr([PY, "manage.py", "seed_demo", "--juntas", str(juntas)], entorno, cwd=RAIZ)
    segundos = time.monotonic() - inicio
    log(f"{base}: sembrada en {segundos:.0f} s")
    # Kept with the database, so a later run with --reusar still reports it.
    psql(servidor_url, f"COMMENT ON DATABASE \"{base}\" IS 'sembrada {segundos:.1f} s'")
    return url, segundos


def _comentario(servidor_url, base):
    fila = psql(
        servidor_url,
        f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{base}'",
    )
    return (fila[0][0] if fila else None) or ""


def _leer_importacion(servidor_url, base):
    partes = _comentario(servidor_url, base).split("importada ", 1)
    if len(partes) < 2:
        return None
    with contextlib.suppress(ValueError):
        return json.loads(partes[1])
    return None


# The registry as each kind of file people import: the export's XLSX, and the CSVs Excel es-CO,
# LibreOffice/Google Sheets and Excel's «Texto Unicode» write (built by tests/archivos.py).
FORMATOS_IMPORTACION = {
    "XLSX": "registro.xlsx",
    "CSV Excel es-CO (;, Windows-1252)": "registro-excel.csv",
    "CSV UTF-8 de Excel (;, BOM)": "registro-excel-utf8.csv",
    "CSV , UTF-8": "registro-coma.csv",
    "Texto Unicode (UTF-16, tabulador)": "registro-unicode.txt",
}


def _archivos_de_importacion(xlsx):
    """The CSV kinds of the exported registry, next to its XLSX."""
    from openpyxl import load_workbook

    sys.path.insert(0, str(RAIZ))
    from tests import archivos

    libro = load_workbook(xlsx, read_only=True)
    filas = [list(f) for f in libro.worksheets[0].iter_rows(values_only=True)]
    libro.close()
    carpeta = xlsx.parent
    nombres = iter(list(FORMATOS_IMPORTACION.values())[1:])
    for contenido in (
        archivos.excel_csv(filas),
        archivos.excel_csv(filas, utf8=True),
        archivos.csv_coma(filas),
        archivos.utf16_tab(filas),
    ):
        (carpeta / next(nombres)).write_bytes(contenido)


def importacion(servidor_url, url_grande):
    """Export the big registry as XLSX, write it also as each CSV kind, and time importing each
    file into an empty database (`importar_juntas`)."""
    resultados = {}
    with tempfile.TemporaryDirectory() as temporal:
        carpeta = Path(temporal)
        filas = ayudante("exportar", {"DATABASE_URL": url_grande},
                         str(carpeta / FORMATOS_IMPORTACION["XLSX"]))["filas"]  # fmt: skip
        _archivos_de_importacion(carpeta / FORMATOS_IMPORTACION["XLSX"])
        vacia, base = "jac_bench_importacion_vacia", "jac_bench_importacion"
        for nombre in (base, vacia):
            psql(servidor_url, f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        psql(servidor_url, f'CREATE DATABASE "{vacia}"')
        correr([PY, "manage.py", "migrate", "-v", "0"],
               {"DATABASE_URL": url_de(servidor_url, vacia)}, cwd=RAIZ)  # fmt: skip
        for formato, archivo in FORMATOS_IMPORTACION.items():
            psql(servidor_url, f'DROP DATABASE IF EXISTS "{base}" WITH (FORCE)')
            psql(servidor_url, f'CREATE DATABASE "{base}" TEMPLATE "{vacia}"')
            log(f"importando {filas} filas de {formato}")
            inicio = time.monotonic()
            correr([PY, "manage.py", "importar_juntas", str(carpeta / archivo)],
                   {"DATABASE_URL": url_de(servidor_url, base)}, cwd=RAIZ,
                   stdout=subprocess.DEVNULL)  # fmt: skip
            segundos = time.monotonic() - inicio
            log(f"  {formato}: {segundos:.0f} s, {filas / segundos:,.0f} filas/s")
            resultados[formato] = segundos
        for nombre in (base, vacia):
            psql(servidor_url, f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
    return {"filas": filas, "formatos": resultados}


@functools.cache
def cache_compartida(numero=2):
    """Redis, as deployed (`CACHE_URL`); this machine kind runs it on 127.0.0.1:6379. Each
    harness uses a database number of its own (the benchmark 2, the soak test 4)."""
    url = os.environ.get("CACHE_URL", f"redis://127.0.0.1:6379/{numero}")
    if url.startswith("redis"):
        import socket

        try:
            socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
        except OSError:
            log("sin Redis en 127.0.0.1:6379: se mide con la caché en memoria de cada proceso")
            return "locmemcache://"
    return url


def vaciar_cache(url):
    """Start from an empty cache: entries of another database (users with the same ids) must
    not be served."""
    if url.startswith("redis"):
        import redis

        redis.Redis.from_url(url).flushdb()


def entorno_produccion(url):
    return {
        "CACHE_URL": cache_compartida(),  # probed once per run
        "DATABASE_URL": url,
        "DEBUG": "False",
        "SECRET_KEY": "bench-" + "x9Kq2" * 12,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
    }


def esperar(url, segundos=30):
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        try:
            with urllib.request.urlopen(url, timeout=2) as respuesta:
                if respuesta.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn no respondió en {url}")


class _SinRedirecciones(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def comprobar(url, galleta):
    """The page must answer 200 with that session: a redirect to the log-in measures nothing."""
    cabeceras = {"Cookie": galleta} if galleta else {}
    try:
        with urllib.request.build_opener(_SinRedirecciones).open(
            urllib.request.Request(url, headers=cabeceras), timeout=60
        ) as respuesta:
            estado = respuesta.status
    except urllib.error.HTTPError as error:
        estado = error.code
    if estado != 200:
        raise SystemExit(f"{url} respondió {estado} en vez de 200: no se puede medir")


def wrk(url, galleta, duracion, conexiones):
    args = ["wrk", "-t2", f"-c{conexiones}", f"-d{duracion}s", "--latency", "-s", str(LUA)]
    if galleta:
        args += ["-H", f"Cookie: {galleta}"]
    salida = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    linea = next(l for l in salida.splitlines() if l.startswith("{"))  # noqa: E741
    return json.loads(linea)


def medir(url_base, duracion, conexiones):
    entorno = entorno_produccion(url_base)
    correr([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], entorno, cwd=RAIZ)
    consultas = ayudante("consultas", entorno)
    # Signed with the server's SECRET_KEY, or gunicorn would reject them.
    galletas = ayudante("sesiones", entorno)
    vaciar_cache(entorno["CACHE_URL"])  # each database starts cold
    gunicorn = subprocess.Popen(
        [str(RAIZ / ".venv" / "bin" / "gunicorn"), "jac_portal.wsgi:application",
         "--bind", f"127.0.0.1:{PUERTO}", "--workers", str(os.cpu_count() or 2),
         "--log-level", "warning"],
        cwd=RAIZ, env={**os.environ, **entorno}, start_new_session=True,
    )  # fmt: skip
    try:
        esperar(f"http://127.0.0.1:{PUERTO}/salud/")
        resultados = {}
        for nombre, (ruta, rol) in PAGINAS.items():
            url = f"http://127.0.0.1:{PUERTO}{ruta}"
            galleta = galletas.get(rol) if rol else None
            comprobar(url, galleta)
            wrk(url, galleta, 2, conexiones)  # warm-up: connections, caches, plans
            resultados[nombre] = wrk(url, galleta, duracion, conexiones)
            resultados[nombre].update(consultas[nombre])
            r = resultados[nombre]
            log(
                f"  {nombre}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, {r['rps']:.0f} req/s, "
                f"{r['consultas']} consultas ({r['consultas_frio']} sin caché, "
                f"{r['ms_frio']:.1f} ms), {r['no2xx']} no-2xx"
            )
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
    return resultados


def maquina():
    cpu = "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            linea.split(":", 1)[1].strip()
            for linea in Path("/proc/cpuinfo").read_text().splitlines()
            if linea.startswith("model name")
        )
    memoria = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memoria = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": cpu,
        "nucleos": os.cpu_count(),
        "memoria": memoria,
        "sistema": platform.platform(),
        "python": platform.python_version(),
    }


def fallas_de_importacion(importado):
    return [
        f"importar {importado['filas']} filas de {formato}: {segundos:.0f} s (meta < 120 s)"
        for formato, segundos in (importado or {}).get("formatos", {}).items()
        if segundos > 120
    ]


def texto_de_importacion(importado):
    if not importado or "formatos" not in importado:
        return []
    texto = [
        f"- Importing the registry of {importado['filas']:,} organizations into an empty "
        "database (`importar_juntas`, all or nothing), from each kind of file:",
        "",
        "| file | seconds | rows/s |",
        "|---|---|---|",
    ]
    for formato, segundos in importado["formatos"].items():
        texto.append(f"| {formato} | {segundos:.0f} | {importado['filas'] / segundos:,.0f} |")
    return texto


def informe(args, semillas, importado, medidas, version_pg):
    chica, grande = medidas[args.pequena], medidas[args.juntas]
    base_grande = grande["base (/salud/)"]["p50"]
    filas, fallas = [], []
    for nombre in PAGINAS:
        a, b = chica[nombre], grande[nombre]
        razon = b["p50"] / base_grande if base_grande else 0
        crecimiento = b["p50"] / a["p50"] if a["p50"] else 0
        filas.append((nombre, a, b, razon, crecimiento))
        if nombre.startswith("base"):
            continue
        if razon > 3:
            fallas.append(f"{nombre}: p50 {razon:.1f}× la base a {args.juntas} Juntas (meta ≤ 3×)")
        for clave, como in (("consultas", ""), ("consultas_frio", " sin caché")):
            if a[clave] != b[clave]:
                fallas.append(f"{nombre}: {a[clave]} consultas{como} a {args.pequena} y "
                              f"{b[clave]} a {args.juntas}")  # fmt: skip
        if crecimiento > 1.5:
            fallas.append(f"{nombre}: {crecimiento:.2f}× más lenta a {args.juntas} (meta ≤ 1.5×)")
        if b["no2xx"] or b["errores"]:
            fallas.append(f"{nombre}: {b['no2xx']} respuestas no-2xx, {b['errores']} errores")
    semilla = semillas.get(args.juntas)
    if semilla is not None and semilla > 600:
        fallas.append(f"seed_demo --juntas {args.juntas}: {semilla:.0f} s (meta < 600 s)")
    fallas += fallas_de_importacion(importado)
    m = maquina()
    texto = [
        "# Benchmarks",
        "",
        f"Run by `make bench` on {datetime.date.today():%d/%m/%Y}. Machine: {m['cpu']}, "
        f"{m['nucleos']} cores, {m['memoria']} RAM; {m['sistema']}; Python {m['python']}; "
        f"{version_pg}. gunicorn with {m['nucleos']} sync workers, DEBUG=False, whitenoise, "
        f"cache `{entorno_produccion('')['CACHE_URL']}` (sessions, signed-in users and pages); "
        f"wrk with 2 threads and {args.conexiones} connections, {args.duracion} s per page after "
        "a 2 s warm-up, each request with the cookies a signed-in browser holds (session and "
        "CSRF). Times in milliseconds.",
        "",
        "Served warm, as a browser sees a page it visits again before the data changes:",
        "",
        f"| page | p50 @{args.pequena} | p50 @{args.juntas} | p95 @{args.juntas} | req/s "
        f"@{args.juntas} | ratio to base @{args.juntas} | @{args.juntas} / @{args.pequena} | "
        f"queries @{args.pequena} | queries @{args.juntas} |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for nombre, a, b, razon, crecimiento in filas:
        texto.append(
            f"| {nombre} | {a['p50']:.1f} | {b['p50']:.1f} | {b['p95']:.1f} | {b['rps']:.0f} | "
            f"{razon:.2f}× | {crecimiento:.2f}× | {a['consultas']} | {b['consultas']} |"
        )
    texto += [
        "",
        "Rendered, with every cache empty (the first visit after a change to the data): SQL "
        "queries, and the mean time of one request in process (Django's test client, no "
        "network, no concurrency):",
        "",
        f"| page | queries @{args.pequena} | queries @{args.juntas} | ms @{args.pequena} | "
        f"ms @{args.juntas} |",
        "|---|---|---|---|---|",
    ]
    for nombre, a, b, _razon, _crecimiento in filas:
        texto.append(
            f"| {nombre} | {a['consultas_frio']} | {b['consultas_frio']} | "
            f"{a['ms_frio']:.1f} | {b['ms_frio']:.1f} |"
        )
    texto += ["", "## Data"]
    for juntas, segundos in sorted(semillas.items()):
        if segundos is not None:
            texto.append(f"- `seed_demo --juntas {juntas}`: {segundos:.0f} s.")
    texto += texto_de_importacion(importado)
    texto.append("")
    return publicar(texto, fallas, "benchmarks.md")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--juntas", type=int, default=64000)
    parser.add_argument("--pequena", type=int, default=429)
    parser.add_argument("--duracion", type=int, default=10)
    parser.add_argument("--conexiones", type=int, default=8)
    parser.add_argument("--reusar", action="store_true")
    parser.add_argument("--sin-importacion", action="store_true")
    parser.add_argument(
        "--solo-importacion",
        action="store_true",
        help="seed the large database, time the "
        "import of each file kind and print it (docs/benchmarks.md is left as it is)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk") and not args.solo_importacion:
        raise SystemExit("Falta wrk: apt-get install -y wrk (make bench lo instala).")
    servidor_url = servidor()
    version_pg = psql(servidor_url, "SHOW server_version")[0][0]
    version_pg = f"PostgreSQL {version_pg}"
    semillas, medidas, urls = {}, {}, {}
    for juntas in (args.juntas,) if args.solo_importacion else (args.pequena, args.juntas):
        urls[juntas], semillas[juntas] = preparar(
            servidor_url, f"jac_bench_{juntas}", juntas, args.reusar
        )
    base_grande = f"jac_bench_{args.juntas}"
    if args.sin_importacion:  # the figure of the last run, kept with the database
        importado = _leer_importacion(servidor_url, base_grande)
    else:
        importado = importacion(servidor_url, urls[args.juntas])
        psql(servidor_url, f"COMMENT ON DATABASE \"{base_grande}\" IS "
             f"'sembrada {semillas[args.juntas] or 0:.1f} s; importada "
             f"{json.dumps(importado)}'")  # fmt: skip
    if args.solo_importacion:
        texto = texto_de_importacion(importado)
        print("\n".join(texto))
        for falla in fallas_de_importacion(importado):
            print(f"- MISSED: {falla}")
        return
    for juntas in (args.pequena, args.juntas):
        log(f"midiendo con {juntas} Juntas")
        medidas[juntas] = medir(urls[juntas], args.duracion, args.conexiones)
    fallas = informe(args, semillas, importado, medidas, version_pg)
    log("metas no cumplidas: " + str(len(fallas)) if fallas else "todas las metas cumplidas")


if __name__ == "__main__":
    main()
