#!/usr/bin/env python3
"""`make bench`: the portal at 429 and at national scale (64,000 Juntas), served as deployed.

1. Builds two PostgreSQL databases with `seed_demo` (429 and --juntas Juntas), timing the seed.
2. Times the import of the large registry into an empty database (`importar_juntas`) from each
   kind of file people bring: XLSX, Excel es-CO's two CSVs, a `,` UTF-8 CSV and UTF-16 text.
3. For each database: counts the SQL queries of every page and times its cold render, times
   the portal's writes in process on the quiet database (`bench_django.py escrituras`), then
   serves the app with gunicorn (DEBUG=False, whitenoise, collected static files) and measures
   each page with wrk: p50, p95 and throughput, and the ratio of each page's p50 to a trivial
   page's (/salud/), served the same way.
4. The mixed phase: for each write rate (1 and 10 per second) a writer process
   (`bench_django.py escribir`) does the portal's writes against the same database and cache
   while wrk measures the dashboards again, as ratios to /salud/ measured meanwhile.
5. Background jobs (issue 18), on a copy of the large database with a real Huey worker: the
   registry import of 64,000 new organizations through the admin (preview job, then confirm
   job: time to first progress, total), the pages' ratios to /salud/ while it runs, and the
   survey's wide XLSX export as a job.
6. Prints the results, checks the targets and writes docs/benchmarks.md.

Options: --juntas N (64000), --duracion S per page (10), --conexiones C (8), --reusar (keep
databases already seeded by an earlier run), --sin-importacion, --solo-importacion, --sin-mixta
(skip the mixed phase), --solo-mixta (only the mixed phase, printed; docs/benchmarks.md is left
as it is), --sin-trabajos, --solo-trabajos (only the background jobs, on a copy of the large
database already seeded, printed).
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
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
PY = str(RAIZ / ".venv" / "bin" / "python")
sys.path.insert(0, str(RAIZ / "scripts"))

from bench_django import PAGINAS, TIPOS_DE_ESCRITURA  # noqa: E402

PUERTO = 8107
TRABAJADORES = os.cpu_count() or 2  # gunicorn's sync workers
LUA = RAIZ / "scripts" / "wrk_informe.lua"

# The mixed phase: writes per second, and the pages measured meanwhile (the trivial one first,
# so each dashboard is compared with it under the same load).
RITMOS = (1, 10)
MIXTA = [
    "base (/salud/)",
    "/tablero/",
    "/tablero/diagnostico/",
    "/tablero/capacitacion/",
    "/tablero/contratacion/",
    "/transparencia/",
    "/transparencia/ (con sesión)",
]
# Whose cold render is compared with the leader portal's (target ≤ 10×).
TABLEROS = [
    "/tablero/",
    "/tablero/diagnostico/",
    "/tablero/capacitacion/",
    "/tablero/contratacion/",
    "/transparencia/",
]
# The SECOP II sync (issue 15): contract rows served by the tests' fake Socrata on 127.0.0.1,
# synced into each benchmark database against its own registry (so the contracts dashboard is
# measured with data), twice: the second run must change nothing. Target: the first ≤ 120 s.
FILAS_SECOP = {429: 5000, 64000: 200000}
META_SECOP = 120
PORTAL = "/portal/ (líder)"

# The write costs before issue 14's summary tables: `bench_django.py escrituras` run on this
# commit's code against the `make bench` databases, quiet (mean of two runs of 50 writes of
# each kind; the two runs differed by up to 25 % at 429 Juntas). Writes may get ≤ 20 % slower.
ESCRITURAS_ANTES = {
    "commit": "88d707c",
    "fecha": "01/12/2026",
    429: {
        "encuesta": {"media_ms": 13.9, "p95_ms": 16.8},
        "asistencia": {"media_ms": 8.5, "p95_ms": 10.2},
        "verificacion": {"media_ms": 5.4, "p95_ms": 6.5},
        "registro": {"media_ms": 2.3, "p95_ms": 2.7},
    },
    64000: {
        "encuesta": {"media_ms": 12.4, "p95_ms": 15.6},
        "asistencia": {"media_ms": 252.3, "p95_ms": 314.5},
        "verificacion": {"media_ms": 4.9, "p95_ms": 6.0},
        "registro": {"media_ms": 2.4, "p95_ms": 2.9},
    },
}
# The writes whose cost is a target (the survey step and the attendance sheet).
ESCRITURAS_CON_META = ("encuesta", "asistencia")


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
        reconstruir_resumenes(url, base)
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


def secop(url, juntas):
    """Contract rows synced into the database (`scripts/bench_secop.py --registro-existente`):
    {filas, primera_s, segunda_s, primera, segunda, contratos, de_juntas, ...}."""
    filas = FILAS_SECOP.get(juntas, max(5000, juntas * 3))
    salida = subprocess.run(
        [PY, "scripts/bench_secop.py", "--registro-existente", "--filas", str(filas)],
        env={**os.environ, "DATABASE_URL": url}, cwd=RAIZ, capture_output=True, text=True,
        check=True,
    ).stdout.splitlines()  # fmt: skip
    resultado = json.loads(next(x for x in salida if x.startswith("RESULTADO "))[10:])
    log(f"  SECOP II: {resultado['filas']} filas en {resultado['primera_s']} s, "
        f"de nuevo en {resultado['segunda_s']} s ({resultado['segunda']})")  # fmt: skip
    return resultado


def texto_de_secop(args, sincronizadas):
    texto = [
        "",
        "## SECOP II sync",
        "",
        "Contract rows in the shape of dataset jbjy-vk9h (NITs written four ways, 1 % repeated "
        "ids, some Juntas' names without their NIT) served by the tests' fake Socrata on "
        "127.0.0.1 with its paging, synced into each database against its registry; then again "
        f"(it must change nothing). Target: the first sync of the large one ≤ {META_SECOP} s.",
        "",
        "| Juntas | rows | first sync | second sync | stored contracts (of Juntas) | first run "
        "| second run |",
        "|---|---|---|---|---|---|---|",
    ]
    fallas = []
    for juntas, r in sorted(sincronizadas.items()):
        texto.append(
            f"| {juntas:,} | {r['filas']:,} | {r['primera_s']:.1f} s | {r['segunda_s']:.1f} s | "
            f"{r['contratos']:,} ({r['de_juntas']:,}) | {r['primera']} | {r['segunda']} |".replace(
                ",", "."
            )
        )
    grande = sincronizadas.get(args.juntas)
    for juntas, r in sorted(sincronizadas.items()):
        if not r["segunda"].startswith("0 nuevas, 0 actualizadas"):
            fallas.append(
                f"SECOP II a {juntas} Juntas: la segunda vuelta cambió filas ({r['segunda']})"
            )
    if grande and grande["primera_s"] > META_SECOP:
        fallas.append(f"SECOP II: {grande['primera_s']:.0f} s para {grande['filas']} filas "
                      f"(meta ≤ {META_SECOP} s)")  # fmt: skip
    return texto, fallas


def reconstruir_resumenes(url, base):
    """The dashboards' summary rows rebuilt from the data, differences fixed: for a database
    seeded before they existed, or written by code that does not keep them (the baseline
    commit's, timed by `escrituras_de_antes`). Nothing to do for code without them."""
    if not (RAIZ / "nucleo" / "management" / "commands" / "reconstruir_resumenes.py").exists():
        return
    salida = subprocess.run(
        [PY, "manage.py", "reconstruir_resumenes"], env={**os.environ, "DATABASE_URL": url},
        cwd=RAIZ, capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()  # fmt: skip
    log(f"{base}: reconstruir_resumenes: {salida[-1] if salida else ''}")


def escrituras_de_antes(entorno):
    """The baseline commit's writes timed again now, on the same database and machine, so that
    before → now compares like with like on a machine whose load varies (the constant
    ESCRITURAS_ANTES was measured once). Its code comes from `git archive`; this harness's own
    writer is used with it. None without git or that commit."""
    import io
    import tarfile

    try:
        archivo = subprocess.run(["git", "archive", ESCRITURAS_ANTES["commit"]], cwd=RAIZ,
                                 capture_output=True, check=True).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    with tempfile.TemporaryDirectory() as temporal:
        with tarfile.open(fileobj=io.BytesIO(archivo)) as tar:
            tar.extractall(temporal, filter="data")
        shutil.copy(RAIZ / "scripts" / "bench_django.py", Path(temporal) / "scripts")
        try:
            salida = correr([PY, "scripts/bench_django.py", "escrituras"], entorno,
                            cwd=temporal, capture_output=True, text=True).stdout  # fmt: skip
        except subprocess.CalledProcessError as error:  # e.g. a column its code does not fill
            log(f"  el código de {ESCRITURAS_ANTES['commit']} no pudo escribir: "
                f"{error.stderr.strip().splitlines()[-1:]}")  # fmt: skip
            salida = "null"
    reconstruir_resumenes(entorno["DATABASE_URL"], "(tras las escrituras de antes)")
    return json.loads(salida)


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


# Background jobs (issue 18) ---------------------------------------------------------------------
# On a copy of the large database (CREATE DATABASE … TEMPLATE, dropped at the end), served by its
# own gunicorn with a real Huey worker beside it (`manage.py run_huey`, as `make worker`), on Redis
# databases of their own: the other phases' databases, cache and queue are left as they are.
BASE_TRABAJOS = "jac_bench_trabajos"
PUERTO_TRABAJOS = 8117
REDIS_TRABAJOS = {"cache": 8, "cola": 9}
META_PRIMER_AVANCE = 2  # s: progress visible from the first 2 seconds
META_TRABAJO = 120  # s: each job within 2 minutes
IMPORTAR = "/admin/juntas/organizacion/import/"
CONFIRMAR = "/admin/juntas/organizacion/process_import/"
EXPORTAR_DIAGNOSTICO = "/tablero/diagnostico/exportar/segundo-plano/"


class Navegador:
    """A signed-in browser on the bench's gunicorn: its cookies, GETs and form POSTs (multipart
    for a file) carrying the CSRF token, redirects not followed (the answer says where to)."""

    def __init__(self, base, galleta):
        self.base, self.galleta = base, galleta
        self.csrf = re.search(r"csrftoken=([^;]+)", galleta).group(1)
        self.abridor = urllib.request.build_opener(_SinRedirecciones)

    def pedir(self, ruta, datos=None, archivo=None):
        """(status, Location, body) of a GET, or of a POST of `datos` (and `archivo`: field,
        name, bytes)."""
        cabeceras = {"Cookie": self.galleta, "Referer": self.base + ruta}
        cuerpo = None
        if datos is not None or archivo is not None:
            campos = {**(datos or {}), "csrfmiddlewaretoken": self.csrf}
            if archivo is None:
                cuerpo = urllib.parse.urlencode(campos).encode()
                cabeceras["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                frontera = "bench" + os.urandom(8).hex()
                partes = [
                    f'--{frontera}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                    .encode() for k, v in campos.items()
                ]  # fmt: skip
                campo, nombre, contenido = archivo
                partes.append(
                    f'--{frontera}\r\nContent-Disposition: form-data; name="{campo}"; '
                    f'filename="{nombre}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                    .encode() + contenido + b"\r\n"
                )  # fmt: skip
                partes.append(f"--{frontera}--\r\n".encode())
                cuerpo = b"".join(partes)
                cabeceras["Content-Type"] = f"multipart/form-data; boundary={frontera}"
        peticion = urllib.request.Request(self.base + ruta, data=cuerpo, headers=cabeceras)
        try:
            with self.abridor.open(peticion, timeout=300) as respuesta:
                return respuesta.status, respuesta.headers.get("Location", ""), respuesta.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read()


def _trabajo_de(estado, donde, cuerpo, que):
    """The job id a launching POST redirected to, or SystemExit with what the page said."""
    if estado == 302 and (m := re.search(r"/tablero/trabajos/(\d+)/", donde)):
        return int(m.group(1))
    mensaje = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cuerpo.decode(errors="replace")))
    raise SystemExit(f"{que}: respondió {estado} {donde} en vez de abrir un trabajo: "
                     f"{mensaje[:600]}")  # fmt: skip


def seguir_trabajo(navegador, pk, inicio, limite=900):
    """Poll the job's JSON (what its page's bar reads) every 0.25 s until it ends. Seconds from
    `inicio` (the click) to the first report with the total known, to the first rows counted,
    and to its end; its state and outcome."""
    visto = {"pk": pk, "con_total_s": None, "primer_avance_s": None}
    while True:
        estado, _donde, cuerpo = navegador.pedir(f"/tablero/trabajos/{pk}/estado/")
        ahora = time.monotonic() - inicio
        if estado == 200:
            e = json.loads(cuerpo)
            if e["total"] and visto["con_total_s"] is None:
                visto["con_total_s"] = ahora
            if e["hechos"] and visto["primer_avance_s"] is None:
                visto["primer_avance_s"] = ahora
            if not e["activo"]:
                return {**visto, "fin_s": ahora, "estado": e["estado"], "error": e["error"],
                        "hechos": e["hechos"], "total": e["total"]}  # fmt: skip
        if ahora > limite:
            return {**visto, "fin_s": ahora, "estado": "sin terminar", "error": "", "hechos": 0,
                    "total": 0}  # fmt: skip
        time.sleep(0.25)


def _archivo_de_registro_nuevo(xlsx, destino):
    """The exported registry as 64,000 new organizations (new codes, no NIT: both are unique),
    saved as Excel es-CO's «CSV (delimitado por comas)» (`;`, Windows-1252), the file clerks
    bring most."""
    import python_calamine

    sys.path.insert(0, str(RAIZ))
    from tests import archivos

    filas = python_calamine.CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0)
    filas = filas.to_python()
    encabezados = filas[0]
    codigo, nit = encabezados.index("codigo_registro"), encabezados.index("nit")
    nuevas = [encabezados]
    for fila in filas[1:]:
        # A workbook keeps every number as a float: 432, as Excel shows it, not 432.0.
        fila = [int(c) if isinstance(c, float) and c.is_integer() else c for c in fila]
        fila[codigo], fila[nit] = f"N{fila[codigo]}"[:30], ""
        nuevas.append(fila)
    destino.write_bytes(archivos.excel_csv(nuevas))
    return len(nuevas) - 1


def _copiar_base(servidor_url, origen, copia, espera=300):
    """CREATE DATABASE copia TEMPLATE origen, which PostgreSQL allows only while nobody is
    connected to `origen`: retried every 5 s for up to `espera` seconds. Copied file by file
    (PostgreSQL 15's FILE_COPY: its default writes 1.4 GB of WAL for the large database)."""
    psql(servidor_url, f'DROP DATABASE IF EXISTS "{copia}" WITH (FORCE)')
    version = int(psql(servidor_url, "SHOW server_version_num")[0][0])
    estrategia = " STRATEGY = FILE_COPY" if version >= 150000 else ""
    limite = time.monotonic() + espera
    while True:
        try:
            psql(servidor_url, f'CREATE DATABASE "{copia}" TEMPLATE "{origen}"{estrategia}')
            return
        except Exception as error:  # noqa: BLE001 (psycopg2's ObjectInUse, without importing it)
            if "being accessed" not in str(error) or time.monotonic() > limite:
                raise
            log(f"  {origen} está en uso: se reintenta la copia en 5 s")
            time.sleep(5)


class Medidor(threading.Thread):
    """wrk on each page of `paginas` in turn, round after round, until `parar`: each result
    marked `durante` when the jobs were running from its start to its end (`corriendo`)."""

    def __init__(self, base, paginas, galletas, duracion, conexiones, corriendo):
        super().__init__(daemon=True)
        self.base, self.paginas, self.galletas = base, paginas, galletas
        self.duracion, self.conexiones, self.corriendo = duracion, conexiones, corriendo
        self.parar = threading.Event()
        self.rondas = []

    def run(self):
        while not self.parar.is_set():
            ronda = {}
            for nombre in self.paginas:
                if self.parar.is_set():
                    break
                ruta, rol = PAGINAS[nombre]
                antes = self.corriendo.is_set()
                r = con_cotas(wrk(f"{self.base}{ruta}", self.galletas.get(rol) if rol else None,
                                  self.duracion, self.conexiones),
                              self.duracion, self.conexiones)  # fmt: skip
                r["durante"] = antes and self.corriendo.is_set()
                ronda[nombre] = r
            self.rondas.append(ronda)


def _razones(ronda):
    """{page: (p50 ratio, p95 ratio, result)} of a round, to /salud/ measured in it."""
    base = ronda.get("base (/salud/)")
    if not base:
        return {}
    return {
        nombre: (_razon(r["p50"], base["p50"]), _razon(r["p95"], base["p95"]), r)
        for nombre, r in ronda.items()
    }


def fase_trabajos(servidor_url, origen, duracion, conexiones):
    """The registry import through the admin as two jobs (preview, then confirm) of 64,000 new
    organizations, with wrk on the pages meanwhile, and the survey's wide XLSX export as a job,
    on a copy of `origen`. Returns what the report shows."""
    url = url_de(servidor_url, BASE_TRABAJOS)
    resultado = {"base": origen}
    log(f"trabajos: copiando {origen} en {BASE_TRABAJOS}")
    inicio = time.monotonic()
    _copiar_base(servidor_url, origen, BASE_TRABAJOS)
    resultado["copia_s"] = time.monotonic() - inicio
    carpeta = Path(tempfile.mkdtemp(prefix="bench-trabajos-"))
    redis_ok = cache_compartida().startswith("redis")
    entorno = {
        **entorno_produccion(url),
        "CACHE_URL": f"redis://127.0.0.1:6379/{REDIS_TRABAJOS['cache']}" if redis_ok
        else "locmemcache://",
        "HUEY_URL": f"redis://127.0.0.1:6379/{REDIS_TRABAJOS['cola']}" if redis_ok
        else f"sqlite:///{carpeta / 'cola.sqlite3'}",
        "HUEY_NOMBRE": "bench-trabajos",
        "TRABAJOS_ARCHIVOS_ROOT": str(carpeta / "archivos"),
    }  # fmt: skip
    procesos = []
    try:
        correr([PY, "manage.py", "migrate", "-v", "0"], {"DATABASE_URL": url, "DEBUG": "True"},
               cwd=RAIZ)  # fmt: skip
        correr([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], entorno, cwd=RAIZ)
        if redis_ok:
            import redis

            for numero in REDIS_TRABAJOS.values():
                redis.Redis(db=numero).flushdb()
        filas = ayudante("exportar", {"DATABASE_URL": url}, str(carpeta / "registro.xlsx"))["filas"]
        filas = _archivo_de_registro_nuevo(carpeta / "registro.xlsx", carpeta / "registro.csv")
        contenido = (carpeta / "registro.csv").read_bytes()
        resultado.update(filas=filas, megabytes=len(contenido) / 1e6)
        galletas = ayudante("sesiones", entorno)
        for args in (
            [str(RAIZ / ".venv" / "bin" / "gunicorn"), "jac_portal.wsgi:application", "--bind",
             f"127.0.0.1:{PUERTO_TRABAJOS}", "--workers", str(TRABAJADORES), "--timeout", "120",
             "--log-level", "warning"],
            [PY, "manage.py", "run_huey", "--workers", "2", "--worker-type", "thread",
             "--quiet"],
        ):  # fmt: skip
            procesos.append(subprocess.Popen(args, cwd=RAIZ, env={**os.environ, **entorno},
                                             start_new_session=True,
                                             stdout=subprocess.DEVNULL))  # fmt: skip
        base = f"http://127.0.0.1:{PUERTO_TRABAJOS}"
        esperar(f"{base}/salud/")
        paginas = [n for n in MIXTA if n in PAGINAS]
        for nombre in paginas:  # warm, as the other phases: connections, caches, plans
            ruta, rol = PAGINAS[nombre]
            comprobar(f"{base}{ruta}", galletas.get(rol) if rol else None)
            wrk(f"{base}{ruta}", galletas.get(rol) if rol else None, 2, conexiones)
        corriendo = threading.Event()
        ronda = {}
        for nombre in paginas:
            ruta, rol = PAGINAS[nombre]
            ronda[nombre] = con_cotas(wrk(f"{base}{ruta}", galletas.get(rol) if rol else None,
                                          duracion, conexiones), duracion, conexiones)  # fmt: skip
        resultado["quieta"] = ronda
        log("  sin trabajos: " + ", ".join(
            f"{n} {r[0]:.2f}×/{r[1]:.2f}×" for n, r in _razones(ronda).items()
        ))  # fmt: skip

        secretaria = Navegador(base, galletas["secretaria"])
        medidor = Medidor(base, paginas, galletas, duracion, conexiones, corriendo)
        log(f"  importando {filas:,} filas por el administrador (vista previa y confirmación)")
        corriendo.set()
        medidor.start()
        inicio = time.monotonic()
        pk = _trabajo_de(*secretaria.pedir(IMPORTAR, {}, ("archivo", "registro.csv", contenido)),
                         "la carga del registro")  # fmt: skip
        previa = seguir_trabajo(secretaria, pk, inicio)
        log(f"    vista previa: {previa['estado']} en {previa['fin_s']:.1f} s (avance a los "
            f"{previa['primer_avance_s'] or 0:.1f} s) {previa['error'][:200]}")  # fmt: skip
        confirmacion = None
        if previa["estado"] == "terminado":
            inicio_confirmacion = time.monotonic()
            pk = _trabajo_de(*secretaria.pedir(CONFIRMAR, {"trabajo": str(pk)}),
                             "la confirmación")  # fmt: skip
            confirmacion = seguir_trabajo(secretaria, pk, inicio_confirmacion)
            confirmacion["desde_la_carga_s"] = time.monotonic() - inicio
            log(f"    confirmación: {confirmacion['estado']} en {confirmacion['fin_s']:.1f} s "
                f"(avance a los {confirmacion['primer_avance_s'] or 0:.1f} s) "
                f"{confirmacion['error'][:200]}")  # fmt: skip
        corriendo.clear()
        medidor.parar.set()
        medidor.join()
        resultado.update(previa=previa, confirmacion=confirmacion, rondas=medidor.rondas)
        for numero, ronda in enumerate(medidor.rondas, start=1):
            log(f"  ronda {numero} " + ", ".join(
                f"{n} {r[0]:.2f}×/{r[1]:.2f}×{'' if r[2]['durante'] else ' (después)'}"
                for n, r in _razones(ronda).items()
            ))  # fmt: skip
        nuevas = psql(url, "SELECT COUNT(*) FROM juntas_organizacion WHERE codigo_registro "
                      "LIKE 'N%'")[0][0]  # fmt: skip
        resultado["importadas"] = nuevas
        log(f"    {nuevas:,} organizaciones nuevas en la base")

        log("  exportación del diagnóstico (XLSX, una fila por Junta) como trabajo")
        inicio = time.monotonic()
        pk = _trabajo_de(*secretaria.pedir(EXPORTAR_DIAGNOSTICO, {"formato": "xlsx",
                                           "forma": "ancha", "consulta": "", "separador": ""}),
                         "la exportación")  # fmt: skip
        exportado = seguir_trabajo(secretaria, pk, inicio)
        _estado, _donde, pagina = secretaria.pedir(f"/tablero/trabajos/{pk}/")
        m = re.search(r"([\d.]+) filas exportadas", pagina.decode(errors="replace"))
        exportado["filas"] = int(m.group(1).replace(".", "")) if m else None
        _estado, _donde, archivo = secretaria.pedir(f"/tablero/trabajos/{pk}/archivo/resultado/")
        exportado["megabytes"] = len(archivo) / 1e6 if archivo[:2] == b"PK" else 0
        resultado["exportacion"] = exportado
        log(f"    {exportado['estado']} en {exportado['fin_s']:.1f} s: {exportado['filas']} filas, "
            f"{exportado['megabytes']:.1f} MB {exportado['error'][:200]}")  # fmt: skip
    finally:
        for proceso in procesos:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proceso.pid, signal.SIGTERM)
        for proceso in procesos:
            try:
                proceso.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proceso.pid, signal.SIGKILL)
        psql(servidor_url, f'DROP DATABASE IF EXISTS "{BASE_TRABAJOS}" WITH (FORCE)')
        shutil.rmtree(carpeta, ignore_errors=True)
    return resultado


def _durante(trabajado):
    """Per page, the worst ratios to /salud/ among the rounds measured while the jobs ran."""
    peores = {}
    for ronda in trabajado.get("rondas", []):
        for nombre, (p50, p95, r) in _razones(ronda).items():
            if not (r["durante"] and ronda["base (/salud/)"]["durante"]):
                continue
            antes = peores.get(nombre)
            if antes is None or p95 > antes[1] or p50 > antes[0]:
                peores[nombre] = (max(p50, antes[0] if antes else 0),
                                  max(p95, antes[1] if antes else 0), r)  # fmt: skip
    return peores


def fallas_de_trabajos(trabajado):
    if not trabajado:
        return []
    fallas, filas = [], trabajado.get("filas", 0)
    previa, confirmacion = trabajado.get("previa") or {}, trabajado.get("confirmacion")
    como = f"importación de {filas} filas en segundo plano"
    for paso, t in (("vista previa", previa), ("confirmación", confirmacion)):
        if not t:
            fallas.append(f"{como}: la {paso} no se hizo (la vista previa terminó "
                          f"{previa.get('estado')})")  # fmt: skip
            continue
        if t["estado"] != "terminado":
            fallas.append(f"{como}: la {paso} terminó {t['estado']}: {t['error'][:200]}")
        primer = t["con_total_s"]  # the bar shows «0 de 64.000 filas» and the time running
        if primer is None or primer > META_PRIMER_AVANCE:
            fallas.append(f"{como}: la barra de la {paso} mostró su avance a los {_s(primer)} s "
                          "(meta ≤ 2 s)")  # fmt: skip
    if confirmacion and confirmacion["desde_la_carga_s"] > META_TRABAJO:
        fallas.append(f"{como}: {confirmacion['desde_la_carga_s']:.0f} s de la carga al final de "
                      "la confirmación (meta ≤ 120 s)")  # fmt: skip
    if confirmacion and confirmacion["estado"] == "terminado" and trabajado["importadas"] != filas:
        fallas.append(f"{como}: {trabajado['importadas']} organizaciones nuevas en la base, no "
                      f"{filas}")  # fmt: skip
    durante = _durante(trabajado)
    if not durante:
        fallas.append(f"{como}: ninguna página se midió mientras corría")
    for nombre, (p50, p95, r) in durante.items():
        if nombre.startswith("base"):
            continue
        if p50 > 3:
            fallas.append(f"{nombre} durante la {como}: p50 {p50:.1f}× la base (meta ≤ 3×)")
        if p95 > 10:
            fallas.append(f"{nombre} durante la {como}: p95 {p95:.1f}× la base (meta ≤ 10×)")
        if r["no2xx"] or r["errores"]:
            fallas.append(f"{nombre} durante la {como}: {r['no2xx']} respuestas no-2xx, "
                          f"{r['errores']} errores")  # fmt: skip
    exportado = trabajado.get("exportacion") or {}
    if exportado.get("estado") != "terminado":
        fallas.append(f"exportación del diagnóstico en segundo plano: {exportado.get('estado')} "
                      f"{(exportado.get('error') or '')[:200]}")  # fmt: skip
    elif exportado["fin_s"] > META_TRABAJO:
        fallas.append(f"exportación del diagnóstico (XLSX, {exportado['filas']} filas) en segundo "
                      f"plano: {exportado['fin_s']:.0f} s (meta ≤ 120 s)")  # fmt: skip
    return fallas


def _s(valor):
    return "—" if valor is None else f"{valor:.1f}"


def texto_de_trabajos(args, trabajado):
    if not trabajado:
        return []
    previa, confirmacion = trabajado.get("previa") or {}, trabajado.get("confirmacion") or {}
    exportado = trabajado.get("exportacion") or {}
    texto = [
        "",
        "## Background jobs",
        "",
        f"On a copy of the {args.juntas:,}-Junta database (`CREATE DATABASE … TEMPLATE`, "
        f"{trabajado.get('copia_s', 0):.0f} s, dropped afterwards), served by gunicorn "
        f"({TRABAJADORES} workers) with one Huey worker process beside it (`manage.py run_huey "
        "--workers 2 --worker-type thread`, as `make worker`), queue and cache on Redis. The "
        "harness acts as a clerk's browser: it uploads the file on the admin's «Importar», "
        "polls the job page's JSON every 0.25 s (what its progress bar reads), clicks "
        "«Confirmar» when the preview ends, and polls again. Seconds from each click: until the "
        "bar shows the rows to do (the target: progress visible within 2 s), until it counts "
        "the first rows done (after the file is read), and until the job ended.",
        "",
        f"- Registry import through the admin path: {trabajado.get('filas', 0):,} new "
        f"organizations in Excel es-CO's CSV (`;`, Windows-1252, "
        f"{trabajado.get('megabytes', 0):.1f} MB; the registry's export with new codes and no "
        f"NIT), {trabajado.get('importadas', 0):,} in the database afterwards.",
        "",
        "| job | total known | first rows counted | ended | state |",
        "|---|---|---|---|---|",
        f"| preview | {_s(previa.get('con_total_s'))} | {_s(previa.get('primer_avance_s'))} | "
        f"{_s(previa.get('fin_s'))} | {previa.get('estado', '—')} |",
        f"| confirmation | {_s(confirmacion.get('con_total_s'))} | "
        f"{_s(confirmacion.get('primer_avance_s'))} | {_s(confirmacion.get('fin_s'))} | "
        f"{confirmacion.get('estado', '—')} |",
        f"| **upload to imported** | | | **{_s(confirmacion.get('desde_la_carga_s'))}** | |",
        "",
        f"Pages while the import ran (wrk, {args.conexiones} connections, {args.duracion} s "
        "per page, in turn, round after round; ratios to /salud/ measured in the same round; "
        "the worst round of those measured entirely while a job ran), and the same pages just "
        "before it, with no job:",
        "",
        "| page | p50 no job | p50 / base no job | p50 during | p95 during | max during | "
        "p50 / base during | p95 / base during |",
        "|---|---|---|---|---|---|---|---|",
    ]
    quietas = _razones(trabajado.get("quieta") or {})
    for nombre, (p50, p95, r) in _durante(trabajado).items():
        q = quietas.get(nombre)
        texto.append(
            f"| {nombre} | {q[2]['p50']:.1f} | {q[0]:.2f}× | " if q else f"| {nombre} | — | — | "
        )
        texto[-1] += (f"{r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.0f} | {p50:.2f}× | "
                      f"{p95:.2f}× |")  # fmt: skip
    texto += [
        "",
        f"- Survey answers export as a job (XLSX, a row per Junta, with the presidents' "
        f"contact): {exportado.get('filas') or '—'} rows, {exportado.get('megabytes', 0):.1f} "
        f"MB, {exportado.get('estado', '—')} in **{_s(exportado.get('fin_s'))} s** from the "
        f"click (first progress at {_s(exportado.get('primer_avance_s'))} s).",
    ]
    return texto


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
    # A long timeout: wrk leaves out of its latencies the requests slower than it (2 s by
    # default), and slow requests are what the mixed phase is looking for.
    args = ["wrk", "-t2", f"-c{conexiones}", f"-d{duracion}s", "--timeout", "60s", "--latency",
            "-s", str(LUA)]  # fmt: skip
    if galleta:
        args += ["-H", f"Cookie: {galleta}"]
    salida = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    linea = next(l for l in salida.splitlines() if l.startswith("{"))  # noqa: E741
    return json.loads(linea)


@contextlib.contextmanager
def escritor(entorno, ritmo):
    """A writer process (`bench_django.py escribir`) at `ritmo` writes/s for the block; yields a
    dict filled, once the block ends, with what the writer reports."""
    proceso = subprocess.Popen(
        [PY, "scripts/bench_django.py", "escribir", "--ritmo", str(ritmo)],
        cwd=RAIZ, env={**os.environ, **entorno}, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    if not proceso.stdout.readline().startswith('{"listo"'):
        proceso.kill()
        raise SystemExit("el proceso que escribe no arrancó (vea su error arriba)")
    informe = {}
    try:
        yield informe
    finally:
        proceso.send_signal(signal.SIGTERM)
        salida, _error = proceso.communicate(timeout=300)
    lineas = salida.strip().splitlines()
    if not lineas or not lineas[-1].startswith("{"):
        raise SystemExit("el proceso que escribe terminó sin informe (vea su error arriba)")
    informe.update(json.loads(lineas[-1]))


def con_cotas(r, duracion, conexiones):
    """wrk drops the requests still running when its time is up. A connection that completed
    none waited the whole run: then the slowest request took at least that long, and if no
    request completed at all, so did the median one. Marked `cota` (shown as ≥)."""
    r["cota"] = r["solicitudes"] < conexiones
    if r["cota"]:
        piso = duracion * 1000
        r["max"] = max(r["max"], piso)
        if not r["solicitudes"]:
            r["p50"] = r["p95"] = r["p99"] = piso
    return r


def esperar_calma(trabajadores, limite=180):
    """Wait until gunicorn has finished what wrk left behind: requests wrk stopped waiting for
    are still rendered by the workers, and would be charged to the next page. Calm is when
    one /salud/ per worker, sent at once, all answer within 100 ms. Returns the seconds waited."""
    from concurrent.futures import ThreadPoolExecutor

    def sonda(_n):
        inicio = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{PUERTO}/salud/", timeout=limite):
            return time.monotonic() - inicio

    comienzo = time.monotonic()
    with ThreadPoolExecutor(trabajadores) as hilos:
        while time.monotonic() - comienzo < limite:
            if max(hilos.map(sonda, range(trabajadores))) < 0.1:
                break
            time.sleep(0.2)
    return time.monotonic() - comienzo


def fase_mixta(entorno, galletas, duracion, conexiones):
    """Each page of MIXTA measured with wrk while a writer does the portal's writes."""
    resultados = {}
    for ritmo in RITMOS:
        log(f"  fase mixta: {ritmo} escrituras/s")
        paginas = {}
        with escritor(entorno, ritmo) as escrito:
            for nombre in MIXTA:
                if (espera := esperar_calma(TRABAJADORES)) > 1:
                    log(f"    ({espera:.0f} s hasta que gunicorn terminó lo que wrk dejó)")
                ruta, rol = PAGINAS[nombre]
                galleta = galletas.get(rol) if rol else None
                r = paginas[nombre] = con_cotas(
                    wrk(f"http://127.0.0.1:{PUERTO}{ruta}", galleta, duracion, conexiones),
                    duracion,
                    conexiones,
                )
                log(
                    f"    {nombre}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, máx "
                    f"{'≥ ' if r['cota'] else ''}{r['max']:.0f} ms, {r['solicitudes']} "
                    f"solicitudes ({r['rps']:.1f}/s), {r['no2xx']} no-2xx, {r['errores']} errores"
                )
        log(
            f"    escritor: {escrito['escrituras']} escrituras en {escrito['segundos']:.0f} s, "
            f"{escrito['ritmo_logrado']:.2f}/s, {escrito['errores']} errores, "
            f"{escrito['atrasadas']} atrasadas; "
            + ", ".join(
                f"{t} {v['media_ms']:.1f}/{v['p95_ms']:.1f} ms"
                for t, v in escrito["tipos"].items()
                if v["n"]
            )
        )
        resultados[ritmo] = {"paginas": paginas, "escritor": escrito}
    return resultados


def medir(url_base, duracion, conexiones, mixta=True, quieta=True):
    """Per database: the pages' queries and cold renders and the writes' cost (`quieta`, before
    anything else runs), the pages served warm, and the mixed phase (`mixta`)."""
    entorno = entorno_produccion(url_base)
    correr([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], entorno, cwd=RAIZ)
    medidas = {"paginas": {}, "escrituras": {}, "mixta": {}}
    if quieta:
        consultas = ayudante("consultas", entorno)
        log(f"  escrituras en proceso, base quieta (carga {os.getloadavg()[0]:.1f})")
        medidas["escrituras"] = ayudante("escrituras", entorno)
        for tipo, v in medidas["escrituras"].items():
            log(f"    {tipo}: media {v['media_ms']:.1f} ms, p95 {v['p95_ms']:.1f} ms")
        medidas["escrituras_antes"] = escrituras_de_antes(entorno)
        for tipo, v in (medidas["escrituras_antes"] or {}).items():
            log(f"    antes ({ESCRITURAS_ANTES['commit']}) {tipo}: media {v['media_ms']:.1f} ms, "
                f"p95 {v['p95_ms']:.1f} ms")  # fmt: skip
        medidas["carga"] = os.getloadavg()[0]
    # Signed with the server's SECRET_KEY, or gunicorn would reject them.
    galletas = ayudante("sesiones", entorno)
    vaciar_cache(entorno["CACHE_URL"])  # each database starts cold
    gunicorn = subprocess.Popen(
        [str(RAIZ / ".venv" / "bin" / "gunicorn"), "jac_portal.wsgi:application",
         "--bind", f"127.0.0.1:{PUERTO}", "--workers", str(TRABAJADORES),
         "--log-level", "warning"],
        cwd=RAIZ, env={**os.environ, **entorno}, start_new_session=True,
    )  # fmt: skip
    try:
        esperar(f"http://127.0.0.1:{PUERTO}/salud/")
        resultados = medidas["paginas"]
        for nombre, (ruta, rol) in PAGINAS.items():
            url = f"http://127.0.0.1:{PUERTO}{ruta}"
            galleta = galletas.get(rol) if rol else None
            comprobar(url, galleta)
            wrk(url, galleta, 2, conexiones)  # warm-up: connections, caches, plans
            if not quieta:
                continue  # --solo-mixta: warmed, not measured
            resultados[nombre] = wrk(url, galleta, duracion, conexiones)
            resultados[nombre].update(consultas[nombre])
            r = resultados[nombre]
            log(
                f"  {nombre}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, {r['rps']:.0f} req/s, "
                f"{r['consultas']} consultas ({r['consultas_frio']} sin caché, "
                f"{r['ms_frio']:.1f} ms), {r['no2xx']} no-2xx"
            )
        if mixta:
            medidas["mixta"] = fase_mixta(entorno, galletas, duracion, conexiones)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
    return medidas


def version_del_codigo():
    """The commit measured, and whether the tree had changes not committed. BENCH_COMMIT names
    it for a copy of the tree without .git (`git archive`)."""
    if commit := os.environ.get("BENCH_COMMIT"):
        return f"commit {commit}"

    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=RAIZ, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        cambios = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"
    return f"commit {commit}" + (" with changes not committed" if cambios else "")


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


def _razon(a, b):
    return a / b if b else 0


def _ms(v):
    """«mean (p95)» of a write-time summary, or a dash."""
    if not v or v.get("media_ms") is None:
        return "—"
    return f"{v['media_ms']:.1f} ({v['p95_ms']:.1f})"


def texto_de_mixta(args, mixtas):
    """The mixed phase's tables (each database, each rate) and its missed targets, which are
    checked at the large database."""
    if not any(mixtas.values()):
        return [], []
    tipos = "; ".join(TIPOS_DE_ESCRITURA.values())
    texto = [
        "",
        "Served while the data changes: a writer process (`bench_django.py escribir`, Django "
        "against the same database and cache as gunicorn) does the portal's writes in turn, "
        f"each in its own transaction through the app's services ({tipos}), arriving on a "
        f"schedule at the rate asked, while wrk measures each page for {args.duracion} s (no "
        "warm-up: the caches as the warm phase left them; timeout 60 s, so slow requests "
        "count). wrk leaves out the requests still running when its time is up: where some "
        "connection completed none, the max (and, if nothing completed, p50 and p95) is a lower "
        "bound, marked ≥. Before each page the harness waits until gunicorn has finished the "
        "requests wrk left behind (the writer goes on meanwhile), so they are not charged to the "
        "next page. Ratios are to /salud/ measured in the same phase. Writer times: ms mean "
        "(p95) of each kind, "
        "the service call only.",
    ]
    fallas = []
    for juntas, por_ritmo in mixtas.items():
        for ritmo, fase in por_ritmo.items():
            paginas, e = fase["paginas"], fase["escritor"]
            base = paginas["base (/salud/)"]
            escrito = ", ".join(f"{t} {_ms(v)}" for t, v in e["tipos"].items())
            texto += [
                "",
                f"**{juntas:,} Juntas, {ritmo} write{'s' if ritmo != 1 else ''}/s** — writer: "
                f"{e['escrituras']} writes in {e['segundos']:.0f} s, **{e['ritmo_logrado']:.2f} "
                f"writes/s achieved** (up to {e.get('hilos', 1)} at once), {e['errores']} "
                f"failed, {e['atrasadas']} started late; {escrito}.",
                "",
                "| page | p50 | p95 | max | requests | req/s | p50 / base p50 | p95 / base p95 "
                "| non-2xx |",
                "|---|---|---|---|---|---|---|---|---|",
            ]
            for nombre, r in paginas.items():
                sin = "≥ " if r["cota"] and not r["solicitudes"] else ""
                texto.append(
                    f"| {nombre} | {sin}{r['p50']:.1f} | {sin}{r['p95']:.1f} | "
                    f"{'≥ ' if r['cota'] else ''}{r['max']:.0f} | {r['solicitudes']} | "
                    f"{r['rps']:.1f} | {sin}{_razon(r['p50'], base['p50']):.2f}× | "
                    f"{sin}{_razon(r['p95'], base['p95']):.2f}× | {r['no2xx'] + r['errores']} |"
                )
            if juntas != args.juntas:
                continue
            como = f"con {ritmo} escritura{'s' if ritmo != 1 else ''}/s"
            if e["ritmo_logrado"] < 0.9 * ritmo:
                fallas.append(f"el escritor {como} logró {e['ritmo_logrado']:.2f}/s: se midió "
                              "con menos carga de la pedida")  # fmt: skip
            if e["errores"]:
                fallas.append(f"{e['errores']} escrituras fallaron {como}")
            for nombre, r in paginas.items():
                p50, p95 = _razon(r["p50"], base["p50"]), _razon(r["p95"], base["p95"])
                if r["max"] > 1000:
                    fallas.append(f"{nombre} {como}: una solicitud tardó {r['max']:.0f} ms "
                                  "(meta ≤ 1000 ms)")  # fmt: skip
                if r["no2xx"] or r["errores"]:
                    fallas.append(f"{nombre} {como}: {r['no2xx']} respuestas no-2xx, "
                                  f"{r['errores']} errores")  # fmt: skip
                if nombre.startswith("base"):
                    continue
                if ritmo == 1 and p50 > 3:
                    fallas.append(f"{nombre} {como}: p50 {p50:.1f}× la base (meta ≤ 3×)")
                if ritmo == 1 and p95 > 10:
                    fallas.append(f"{nombre} {como}: p95 {p95:.1f}× la base (meta ≤ 10×)")
                if ritmo == 10 and p95 > 20:
                    fallas.append(f"{nombre} {como}: p95 {p95:.1f}× la base (meta ≤ 20×)")
    return texto, fallas


def texto_de_escrituras(args, medidas):
    """The write-cost table, before the summary tables → now, and its missed targets. «Now» is
    compared with the baseline commit timed again in this run when it could be (same machine
    load), else with the figures kept in ESCRITURAS_ANTES."""
    if not any(m["escrituras"] for m in medidas.values()):
        return [], []
    antes = ESCRITURAS_ANTES
    cargas = ", ".join(
        f"{m['carga']:.1f} at {j}" for j, m in medidas.items() if m.get("carga") is not None
    )
    repetidas = any(m.get("escrituras_antes") for m in medidas.values())
    texto = [
        "",
        "The portal's writes, timed in process on the quiet database (`bench_django.py "
        "escrituras`: 50 of each kind on random rows after one to warm up, the service call "
        f"only), ms mean (p95), load average {cargas or '?'}. Before: commit {antes['commit']}, "
        f"before the summary tables of issue 14, as measured on {antes['fecha']} (load average "
        "about 0.5)"
        + (
            " and timed again in this run from `git archive` of that commit, on the same "
            "database; now / before compares with the latter."
            if repetidas
            else "; not timed again in this run (no git checkout, or that commit's code could "
            "not write), so now / before also compares two machine loads."
        ),
        "",
        f"| write | Juntas | before ({antes['commit']}, {antes['fecha']}) | before, this run | "
        "now | now / before |",
        "|---|---|---|---|---|---|---|",
    ]
    fallas = []
    for tipo, descripcion in TIPOS_DE_ESCRITURA.items():
        for juntas, m in medidas.items():
            previo = antes.get(juntas, {}).get(tipo)
            repetido = (m.get("escrituras_antes") or {}).get(tipo)
            ahora = m["escrituras"].get(tipo)
            referencia = repetido or previo
            razon = _razon(ahora["media_ms"], referencia["media_ms"]) if referencia and ahora else 0
            texto.append(
                f"| {descripcion} | {juntas:,} | {_ms(previo)} | {_ms(repetido)} | {_ms(ahora)} | "
                f"{f'{razon:.2f}×' if razon else '—'} |"
            )
            if juntas == args.juntas and tipo in ESCRITURAS_CON_META and razon > 1.2:
                fallas.append(f"{tipo}: {razon:.2f}× más lenta que antes a {juntas} Juntas "
                              f"({referencia['media_ms']:.1f} → {ahora['media_ms']:.1f} ms; "
                              "meta ≤ 1.2×)")  # fmt: skip
    return texto, fallas


def informe(args, semillas, importado, medidas, version_pg, sincronizadas, trabajado=None):
    chica, grande = medidas[args.pequena]["paginas"], medidas[args.juntas]["paginas"]
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
        f"Run by `make bench` on {datetime.date.today():%d/%m/%Y}, {version_del_codigo()}. "
        f"Machine: {m['cpu']}, "
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
        f"ms @{args.juntas} | × {PORTAL} @{args.pequena} | × {PORTAL} @{args.juntas} |",
        "|---|---|---|---|---|---|---|",
    ]
    portal_chica, portal_grande = chica[PORTAL]["ms_frio"], grande[PORTAL]["ms_frio"]
    for nombre, a, b, _razon_base, _crecimiento in filas:
        frio = _razon(b["ms_frio"], portal_grande)
        texto.append(
            f"| {nombre} | {a['consultas_frio']} | {b['consultas_frio']} | "
            f"{a['ms_frio']:.1f} | {b['ms_frio']:.1f} | "
            f"{_razon(a['ms_frio'], portal_chica):.1f}× | {frio:.1f}× |"
        )
        if nombre in TABLEROS and frio > 10:
            fallas.append(f"{nombre}: sin caché {frio:.1f}× {PORTAL} a {args.juntas} Juntas "
                          "(meta ≤ 10×)")  # fmt: skip
    mixta, fallas_mixta = texto_de_mixta(args, {j: m["mixta"] for j, m in medidas.items()})
    costo, fallas_costo = texto_de_escrituras(args, medidas)
    secop_texto, fallas_secop = texto_de_secop(args, sincronizadas)
    texto += mixta + costo + secop_texto + texto_de_trabajos(args, trabajado)
    fallas += fallas_mixta + fallas_costo + fallas_secop + fallas_de_trabajos(trabajado)
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
    parser.add_argument("--sin-mixta", action="store_true", help="skip the mixed phase")
    parser.add_argument("--sin-trabajos", action="store_true", help="skip the background jobs")
    parser.add_argument(
        "--solo-trabajos",
        action="store_true",
        help="only the background jobs, on a copy of the large database already seeded "
        "(left as it is), printed; docs/benchmarks.md is left as it is",
    )
    parser.add_argument(
        "--solo-mixta",
        action="store_true",
        help="only the mixed phase (with --reusar), printed; docs/benchmarks.md is left as it is",
    )
    args = parser.parse_args()
    if args.sin_mixta and args.solo_mixta:
        parser.error("--sin-mixta y --solo-mixta se excluyen")
    if args.sin_trabajos and args.solo_trabajos:
        parser.error("--sin-trabajos y --solo-trabajos se excluyen")
    if not shutil.which("wrk") and not args.solo_importacion:
        raise SystemExit("Falta wrk: apt-get install -y wrk (make bench lo instala).")
    servidor_url = servidor()
    version_pg = psql(servidor_url, "SHOW server_version")[0][0]
    version_pg = f"PostgreSQL {version_pg}"
    if args.solo_trabajos:
        base_grande = f"jac_bench_{args.juntas}"
        if sembrada(url_de(servidor_url, base_grande)) < args.juntas:
            raise SystemExit(f"{base_grande} no está sembrada: corra make bench primero.")
        trabajado = fase_trabajos(servidor_url, base_grande, args.duracion, args.conexiones)
        print("\n".join(texto_de_trabajos(args, trabajado)))
        for falla in fallas_de_trabajos(trabajado):
            print(f"- MISSED: {falla}")
        return
    semillas, medidas, urls = {}, {}, {}
    for juntas in (args.juntas,) if args.solo_importacion else (args.pequena, args.juntas):
        urls[juntas], semillas[juntas] = preparar(
            servidor_url, f"jac_bench_{juntas}", juntas, args.reusar
        )
    base_grande = f"jac_bench_{args.juntas}"
    if args.sin_importacion or args.solo_mixta:  # the last run's figure, kept with the base
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
    sincronizadas = {}
    for juntas in () if args.solo_mixta else (args.pequena, args.juntas):
        log(f"{juntas} Juntas: sincronizando SECOP II")
        sincronizadas[juntas] = secop(urls[juntas], juntas)
    for juntas in (args.pequena, args.juntas):
        log(f"midiendo con {juntas} Juntas")
        medidas[juntas] = medir(urls[juntas], args.duracion, args.conexiones,
                                mixta=not args.sin_mixta, quieta=not args.solo_mixta)  # fmt: skip
    if args.solo_mixta:
        texto, fallas = texto_de_mixta(args, {j: m["mixta"] for j, m in medidas.items()})
        print("\n".join(texto))
        for falla in fallas:
            print(f"- MISSED: {falla}")
        return
    trabajado = None
    if not args.sin_trabajos:
        log(f"trabajos en segundo plano con {args.juntas} Juntas")
        trabajado = fase_trabajos(servidor_url, f"jac_bench_{args.juntas}", args.duracion,
                                  args.conexiones)  # fmt: skip
    fallas = informe(args, semillas, importado, medidas, version_pg, sincronizadas, trabajado)
    log("metas no cumplidas: " + str(len(fallas)) if fallas else "todas las metas cumplidas")


if __name__ == "__main__":
    main()
