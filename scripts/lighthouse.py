"""`make lighthouse`: Lighthouse (mobile profile) on the key pages of each role, served as
deployed (gunicorn, DEBUG=False, whitenoise, the demo data of 429 Juntas), against Debian's
Chromium. Targets (issue 17): accessibility 100 and performance ≥ 95 on each page.

Writes docs/lighthouse.md. Lighthouse itself comes from the npm registry with its own lockfile
(scripts/lighthouse/package.json), installed by `make lighthouse`, not by `make test`.

    .venv/bin/python scripts/lighthouse.py [--reusar] [--paginas /tablero/,/portal/]
        [--base jac_lighthouse] [--informes carpeta]

With --paginas only those pages are measured and docs/lighthouse.md is left as it is (the table is
of every page); --informes keeps each page's Lighthouse JSON report to see which audits cost points.
"""

import argparse
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ / "scripts"))

from bench import (  # noqa: E402
    PY,
    ayudante,
    cache_compartida,
    correr,
    entorno_produccion,
    esperar,
    log,
    maquina,
    preparar,
    publicar,
    servidor,
    vaciar_cache,
    version_del_codigo,
)

PUERTO = 8108
LIGHTHOUSE = RAIZ / "scripts" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
# (role or None for a visitor, path): the pages each role opens first and most.
PAGINAS = [
    (None, "/"),
    (None, "/transparencia/"),
    (None, "/certificados/"),
    ("lider", "/portal/"),
    ("lider", "/portal/diagnostico/"),
    ("lider", "/portal/capacitacion/"),
    ("lider", "/portal/contratacion/"),
    ("monitor", "/tablero/"),
    ("monitor", "/tablero/diagnostico/"),
    ("monitor", "/tablero/capacitacion/"),
    ("monitor", "/tablero/contratacion/"),
    ("secretaria", "/tablero/capacitacion/sesiones/"),
    ("secretaria", "/tablero/capacitacion/plan/"),
    ("secretaria", "/admin/juntas/organizacion/"),
]
META_ACCESIBILIDAD, META_RENDIMIENTO = 100, 95
REDIS = 6  # a Redis database of its own (the benchmark uses 2, the soak test 4): it is flushed


def lighthouse(url, galleta, carpeta, nombre):
    salida = Path(carpeta) / f"{nombre}.json"
    orden = [
        str(LIGHTHOUSE), url, f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--only-categories=accessibility,performance", "--output=json",
        f"--output-path={salida}", "--quiet", "--locale=es",
    ]  # fmt: skip
    if galleta:
        orden.append("--extra-headers=" + json.dumps({"Cookie": galleta}))
    for intento in range(3):
        # Lighthouse now and then fails to record a page's trace on a busy machine (NO_NAVSTART,
        # "Ejecuta Lighthouse de nuevo"): that run is retried, twice at most.
        if subprocess.run(orden, timeout=240).returncode == 0:
            break
        log(f"{url}: Lighthouse falló (intento {intento + 1} de 3)")
    else:
        raise SystemExit(f"Lighthouse falló tres veces en {url}")
    informe = json.loads(salida.read_text())
    auditorias = informe["audits"]
    fallidas = [
        f"{a['id']}: {a['title']}"
        for ref in informe["categories"]["accessibility"]["auditRefs"]
        if (a := auditorias[ref["id"]]).get("score") == 0 and ref.get("weight", 0) > 0
    ]
    return {
        "accesibilidad": round(informe["categories"]["accessibility"]["score"] * 100),
        "rendimiento": round(informe["categories"]["performance"]["score"] * 100),
        "lcp_ms": auditorias["largest-contentful-paint"]["numericValue"],
        "tbt_ms": auditorias["total-blocking-time"]["numericValue"],
        "cls": auditorias["cumulative-layout-shift"]["numericValue"],
        # Lighthouse's measure of this machine's speed while it ran (its mobile profile assumes
        # a desktop of about 1,000-1,500 slowed down 4×): a busy shared machine scores lower.
        "cpu": informe.get("environment", {}).get("benchmarkIndex"),
        "url_final": informe.get("finalDisplayedUrl") or informe.get("finalUrl"),
        "fallidas": fallidas,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reusar", action="store_true", help="reuse the seeded database")
    parser.add_argument("--paginas", help="only these paths (comma-separated); docs untouched")
    parser.add_argument("--base", default="jac_lighthouse", help="database name")
    parser.add_argument("--informes", help="keep each page's JSON report in this folder")
    parser.add_argument(
        "--veces", type=int, default=3, help="runs per page; the median one is reported"
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(
            "Falta Lighthouse: make lighthouse lo instala (npm ci en scripts/lighthouse)."
        )
    paginas = PAGINAS
    if args.paginas:
        paginas = [(r, p) for r, p in PAGINAS if p in args.paginas.split(",")]
    url, _segundos = preparar(servidor(), args.base, 429, args.reusar)
    entorno = {**entorno_produccion(url), "CACHE_URL": cache_compartida(REDIS)}
    correr([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], entorno, cwd=RAIZ)
    galletas = ayudante("sesiones", entorno)
    vaciar_cache(entorno["CACHE_URL"])
    gunicorn = subprocess.Popen(
        [str(RAIZ / ".venv" / "bin" / "gunicorn"), "jac_portal.wsgi:application",
         "--bind", f"127.0.0.1:{PUERTO}", "--workers", "2", "--log-level", "warning"],
        cwd=RAIZ, env={**os.environ, **entorno}, start_new_session=True,
    )  # fmt: skip
    resultados, fallas = [], []
    try:
        esperar(f"http://127.0.0.1:{PUERTO}/salud/")
        with tempfile.TemporaryDirectory() as temporal:
            carpeta = args.informes or temporal
            Path(carpeta).mkdir(parents=True, exist_ok=True)
            for rol, ruta in paginas:
                nombre = f"{rol or 'visitante'}{ruta}".strip("/").replace("/", "_")
                # Lighthouse's own advice against its run-to-run variance: several runs, the
                # median one (by performance score) reported.
                corridas = sorted(
                    (
                        lighthouse(
                            f"http://127.0.0.1:{PUERTO}{ruta}", galletas.get(rol), carpeta,
                            f"{nombre}-{vez}",
                        )
                        for vez in range(1, max(1, args.veces) + 1)
                    ),
                    key=lambda c: c["rendimiento"],
                )  # fmt: skip
                r = corridas[len(corridas) // 2]
                r["todas"] = [c["rendimiento"] for c in corridas]
                log(f"{rol or 'visitante'} {ruta}: accesibilidad {r['accesibilidad']}, "
                    f"rendimiento {r['rendimiento']} (corridas: {r['todas']})")  # fmt: skip
                if not r["url_final"].endswith(ruta):
                    fallas.append(f"{ruta} ({rol}): acabó en {r['url_final']} (¿sesión?)")
                if r["accesibilidad"] < META_ACCESIBILIDAD:
                    fallas.append(f"{ruta} ({rol or 'visitante'}): accesibilidad "
                                  f"{r['accesibilidad']} — {'; '.join(r['fallidas'])}")  # fmt: skip
                if r["rendimiento"] < META_RENDIMIENTO:
                    fallas.append(f"{ruta} ({rol or 'visitante'}): rendimiento {r['rendimiento']}")
                resultados.append((rol, ruta, r))
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
    m = maquina()
    texto = [
        "# Lighthouse",
        "",
        f"Run by `make lighthouse` on {datetime.date.today():%d/%m/%Y}, {version_del_codigo()}, "
        f"{m['nucleos']} cores. Lighthouse's mobile profile (simulated slow 4G and a 4× slower "
        "CPU) against Debian's Chromium headless; the portal under gunicorn with DEBUG=False and "
        "whitenoise over the demo data (429 Juntas), signed in with each role's session cookie. "
        f"Targets: accessibility {META_ACCESIBILIDAD}, performance ≥ {META_RENDIMIENTO}. Each page "
        f"run {max(1, args.veces)} times, the median run reported (the performance of every run in "
        "brackets); «CPU» is Lighthouse's benchmark index of this machine during that run (the "
        "machine is shared: a lower index means a busier machine, and a slower simulated phone).",
        "",
        "| role | page | accessibility | performance | LCP | TBT | CLS | CPU |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for rol, ruta, r in resultados:
        texto.append(
            f"| {rol or 'visitante'} | `{ruta}` | {r['accesibilidad']} | {r['rendimiento']} "
            f"({', '.join(map(str, r['todas']))}) | {r['lcp_ms'] / 1000:.1f} s | "
            f"{r['tbt_ms']:.0f} ms | {r['cls']:.3f} |".replace(".", ",")
            + f" {round(r['cpu']) if r['cpu'] else '—'} |"
        )
    texto.append("")
    if args.paginas:
        print("\n".join(texto + [f"- MISSED: {f}" for f in fallas]))
        return
    fallas_publicadas = publicar(texto, fallas, "lighthouse.md")
    log(
        "metas no cumplidas: " + str(len(fallas_publicadas))
        if fallas_publicadas
        else "todas las metas cumplidas"
    )


if __name__ == "__main__":
    main()
