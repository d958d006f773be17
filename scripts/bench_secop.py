"""SECOP II sync at national scale: 200,000 contract rows against a 64,000-Junta registry.

Serves the rows from the tests' fake Socrata on 127.0.0.1 (no internet), runs
`sincronizar_contratos` twice (the second must change nothing) and prints the times. The issue's
target: the first sync within 2 minutes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jac_bench \
        .venv/bin/python scripts/bench_secop.py [--juntas 64000] [--filas 200000] [--de-juntas 0.25]

It works in a throwaway database (`test_<name>`, created and dropped, or kept with --reusar),
or, with --registro-existente, in the database itself against the Juntas it holds (`make bench`
does so on its 64,000-Junta database: the contracts dashboard is then measured with data).
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jac_portal.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--juntas", type=int, default=64000)
    parser.add_argument("--filas", type=int, default=200000)
    parser.add_argument(
        "--de-juntas",
        type=float,
        default=0.25,
        help="share of the rows whose supplier is a Junta of the registry (worst cases: 1)",
    )
    parser.add_argument("--pagina", type=int, default=None, help="rows per request")
    parser.add_argument("--reusar", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--registro-existente",
        action="store_true",
        help="work in DATABASE_URL itself, on the NITs of the Juntas it holds",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    if args.registro_existente:
        correr(args, settings)
        return
    setup_test_environment()
    nombre = connection.creation.create_test_db(verbosity=0, keepdb=args.reusar)
    try:
        correr(args, settings)
    finally:
        if not args.reusar:
            connection.creation.destroy_test_db(nombre, verbosity=0)


def correr(args, settings):
    import json

    from contratacion import services
    from contratacion.models import CandidatoPorNombre, Contrato, Sincronizacion
    from juntas.models import Barrio, Organizacion
    from juntas.validators import digito_verificacion
    from tests.contratacion import filas
    from tests.contratacion.socrata_falso import SocrataFalso

    azar = random.Random(2166)
    Contrato.objects.all().delete()
    Sincronizacion.objects.all().delete()
    if args.registro_existente:
        nits = sorted(
            {
                n[:9]
                for n in (
                    "".join(c for c in nit if c.isdigit())
                    for nit in Organizacion.objects.exclude(nit=None).values_list("nit", flat=True)
                )
                if len(n) >= 9
            }
        )
        print(f"registry: {len(nits)} Juntas with a NIT in the database")
    else:
        nits = _registro_de_prueba(args, Barrio, Organizacion, digito_verificacion)
    resultado = generar_y_sincronizar(args, settings, azar, nits, services, filas, SocrataFalso)
    resultado.update(
        contratos=Contrato.objects.count(),
        de_juntas=Contrato.objects.exclude(organizacion=None).count(),
        candidatos=CandidatoPorNombre.objects.count(),
        juntas=len(nits),
    )
    print(
        f"stored: {resultado['contratos']} contracts ({resultado['de_juntas']} of Juntas), "
        f"{resultado['candidatos']} name candidates"
    )
    print("RESULTADO " + json.dumps(resultado))  # read by scripts/bench.py


def _registro_de_prueba(args, Barrio, Organizacion, digito_verificacion):
    barrio = Barrio.objects.order_by("pk").first()
    existentes = Organizacion.objects.filter(codigo_registro__startswith="BENCH-").count()
    if existentes != args.juntas:
        Organizacion.objects.filter(codigo_registro__startswith="BENCH-").delete()
        inicio = time.perf_counter()
        juntas = []
        for n in range(args.juntas):
            nueve = f"{800000000 + n:09d}"
            juntas.append(
                Organizacion(
                    nombre=f"Junta de Acción Comunal Sector {n}",
                    codigo_registro=f"BENCH-{n:06d}",
                    nit=f"{nueve}-{digito_verificacion(nueve)}",
                    barrio=barrio,
                    unidad_comunera_id=barrio.unidad_comunera_id,
                    localidad_id=barrio.localidad_id,
                )
            )
        Organizacion.objects.bulk_create(juntas, batch_size=5000)
        print(f"registry: {args.juntas} Juntas in {time.perf_counter() - inicio:.1f} s")
    return [f"{800000000 + n:09d}" for n in range(args.juntas)]


def generar_y_sincronizar(args, settings, azar, nits, services, filas, SocrataFalso):
    import datetime

    from juntas.validators import digito_verificacion

    def documento(nueve):
        forma = azar.randrange(4)
        dv = digito_verificacion(nueve)
        return [
            nueve,
            f"{nueve}{dv}",
            f"{nueve}-{dv}",
            f"{nueve[:3]}.{nueve[3:6]}.{nueve[6:]}-{dv}",
        ][forma]

    hoy = datetime.date.today()
    generadas = []
    for n in range(args.filas):
        de_junta = azar.random() < args.de_juntas
        nueve = azar.choice(nits) if de_junta else f"{900000000 + azar.randrange(10**8):09d}"
        nombre = "JUNTA DE ACCION COMUNAL SECTOR X" if de_junta else "PROVEEDOR S.A.S."
        if not de_junta and azar.random() < 0.003:  # a Junta's name without its NIT
            nombre = f"JUNTA DE ACCION COMUNAL SECTOR {azar.randrange(args.juntas)}"
        firma = hoy - datetime.timedelta(days=azar.randrange(25))
        fila = filas.contrato(
            f"CO1.PCCNTR.{n:08d}",
            documento=documento(nueve),
            nombre=nombre,
            fecha_de_firma=filas.marca(firma, "09:30:00"),
            valor_del_contrato=str(azar.randrange(1, 500) * 1000000),
        )
        generadas.append(fila)
        if azar.random() < 0.01:  # duplicates of an id_contrato, as the source has
            generadas.append({**fila, "estado_contrato": "Modificado"})
    settings.SECOP_PAGINA = args.pagina or settings.SECOP_PAGINA
    with SocrataFalso() as falso:
        falso.cargar(filas.CONTRATOS, generadas, filas.COLUMNAS_CONTRATOS)
        settings.SECOP_API_URL = falso.url
        settings.SECOP_APP_TOKEN = ""
        desde = hoy - datetime.timedelta(days=30)
        medidas, resumenes = [], []
        for vuelta in ("first", "second"):
            inicio = time.perf_counter()
            corrida = services.sincronizar_contratos(desde=desde)
            segundos = time.perf_counter() - inicio
            medidas.append(segundos)
            resumenes.append(f"{corrida.creadas} nuevas, {corrida.actualizadas} actualizadas")
            print(
                f"{vuelta} sync: {segundos:.1f} s, {corrida.filas_leidas / segundos:,.0f} rows/s, "
                f"{corrida.paginas} pages of {settings.SECOP_PAGINA} — {corrida.resumen()}"
            )
        print(f"target (first sync ≤ 120 s): {'met' if medidas[0] <= 120 else 'MISSED'}")
    return {
        "filas": len(generadas),
        "primera_s": round(medidas[0], 1),
        "segunda_s": round(medidas[1], 1),
        "primera": resumenes[0],
        "segunda": resumenes[1],
    }


if __name__ == "__main__":
    main()
