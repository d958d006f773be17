"""Build the demo data of every app: the registry, the needs survey, and the demo accounts.

Deterministic for a given --seed and day. Bulk inserts in batches keep 64,000 organizations (the
order of Colombia's total) practical.
"""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from capacitacion import certificados
from demo import contratacion as demo_contratacion
from demo import convenios as demo_convenios
from demo import expedientes as demo_expedientes
from demo import hitos as demo_hitos
from demo.capacitacion import (
    SembradorDiagnostico,
    sembrar_acompanamiento,
    sembrar_estrategia,
    sembrar_evaluaciones,
    sembrar_sesiones,
)
from demo.management.commands.cuentas_demo import imprimir_cuentas
from demo.registro import SembradorRegistro
from juntas.models import Localidad, Organizacion
from nucleo import resumenes
from nucleo.cache import marcar


def _borrar_contratacion():
    """SECOP II rows (contracts, processes, supplier accounts, name candidates, UNSPSC
    families, sync runs) before the registry they point at: plain DELETEs."""
    from contratacion import models as contratacion

    for modelo in (
        contratacion.AvisoRadar,  # what the radar by e-mail sent points at the processes
        contratacion.ItemExpediente,
        contratacion.Expediente,
        contratacion.CandidatoPorNombre,
        contratacion.FamiliaUnspsc,
        contratacion.CuentaProveedor,
        contratacion.Contrato,
        contratacion.Proceso,
    ):
        modelo.objects.all()._raw_delete(modelo.objects.db)


class Command(BaseCommand):
    help = _("Crea datos de demostración: registro, directivas, requisitos, encuestas, cuentas.")

    def add_arguments(self, parser):
        parser.add_argument("--juntas", type=int, default=429, help=_("Número de Juntas (429)."))
        parser.add_argument("--seed", type=int, default=2023, help=_("Semilla aleatoria (2023)."))
        parser.add_argument(
            "--reset", action="store_true", help=_("Borra primero las organizaciones existentes.")
        )
        parser.add_argument(
            "--si-vacia",
            action="store_true",
            help=_("No hace nada si ya hay organizaciones (lo usa `make run`)."),
        )
        parser.add_argument(
            "--force", action="store_true", help=_("Permite correrlo con DEBUG=False.")
        )

    def handle(self, *args, juntas, seed, reset, si_vacia, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "seed_demo crea datos ficticios y no debe correr en producción (DEBUG=False). "
                    "Si de verdad lo quiere, agregue --force."
                )
            )
        if juntas < 2:
            raise CommandError(_("--juntas debe ser al menos 2 (hay dos cuentas de líder)."))
        existe = Organizacion.objects.exists()
        if existe and si_vacia:
            self.stdout.write(
                _("La base ya tiene organizaciones: no se cargan datos de demostración.")
            )
            imprimir_cuentas(self.stdout)
            return
        if existe and not reset:
            raise CommandError(
                _(
                    "La base ya tiene organizaciones. Use --reset para reemplazarlas por las de "
                    "la demostración."
                )
            )
        inicio = time.monotonic()
        rng = random.Random(seed)
        hoy = timezone.localdate()
        registro = SembradorRegistro(rng, hoy, self.stderr)
        diagnostico = SembradorDiagnostico(rng, hoy, self.stderr)
        # The summary rows are rebuilt once at the end instead of bucket by bucket as rows are
        # saved (and only after ANALYZE: the planner needs the new tables' statistics).
        with resumenes.sin_marcar(), transaction.atomic():
            if existe:
                diagnostico.borrar()
                demo_convenios.borrar()  # it points at contracts and organizations
                _borrar_contratacion()  # it points at the organizations
                registro.borrar()
            secretaria = registro.cuentas_base()
            asociaciones, organizaciones = registro.organizaciones(juntas)
            dignatarios = registro.dignatarios(asociaciones + organizaciones)
            requisitos = registro.requisitos(asociaciones + organizaciones, secretaria)
            registro.lideres(organizaciones)
            demo_expedientes.sembrar(secretaria, hoy)
            encuestas = diagnostico.sembrar(organizaciones, secretaria)
            sembrar_estrategia(hoy)
            sesiones = sembrar_sesiones(organizaciones, rng, hoy)
            sembrar_evaluaciones(rng)
            visitas, acciones = sembrar_acompanamiento(organizaciones, rng, hoy, secretaria)
            personales, fortalecidas = certificados.emitir()
            secop = demo_contratacion.sembrar(hoy, semilla=seed)
            demo_hitos.sembrar(hoy)
            demo_convenios.sembrar(hoy)
            marcar()  # bulk inserts skip the signals that invalidate the public page
        if connection.vendor == "postgresql":
            # Fresh statistics: right after a bulk load the planner would guess a handful of rows
            # and pick nested loops that take minutes (seen on the results page at 64,000 Juntas).
            # VACUUM of the organizations' table also merges the rows COPY left in its trigram
            # indexes' pending lists: until then the planner shuns those indexes (the admin's
            # search took 50 ms instead of 2). Only that table: a database-wide VACUUM also
            # walks every other table and the shared catalogues (minutes in a test database
            # after hundreds of tests). Inside a transaction (most tests) VACUUM is not allowed.
            # ANALYZE of the project's own tables, not of the whole database: a bare ANALYZE
            # also takes a lock on the shared catalogues (pg_authid) until the transaction ends,
            # and in a test's transaction that made every other database's ANALYZE wait for it.
            tablas = sorted(connection.introspection.django_table_names(only_existing=True))
            with connection.cursor() as cursor:
                if not connection.in_atomic_block:
                    cursor.execute(f"VACUUM {Organizacion._meta.db_table}")
                cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tablas))
        resumenes.reconstruir()
        segundos = time.monotonic() - inicio
        self.stdout.write(
            _(
                "Listo en %(s).1f s: %(juntas)s Juntas y %(asojac)s Asociaciones, "
                "%(dig)s dignatarios, %(req)s estados de requisitos, %(enc)s encuestas; "
                "%(ses)s sesiones, %(vis)s acompañamientos, %(acc)s acciones de planes, "
                "%(cert)s certificados personales y %(fort)s Juntas fortalecidas; "
                "%(contratos)s contratos y %(procesos)s procesos sintéticos de SECOP II."
            )
            % {
                "s": segundos,
                "juntas": _miles(juntas),
                "asojac": Localidad.objects.count(),
                "dig": _miles(dignatarios),
                "req": _miles(requisitos),
                "enc": _miles(encuestas),
                "ses": _miles(sesiones),
                "vis": _miles(visitas),
                "acc": _miles(acciones),
                "cert": _miles(personales),
                "fort": _miles(fortalecidas),
                "contratos": _miles(secop["contratos"]),
                "procesos": _miles(secop["procesos"]),
            }
        )
        imprimir_cuentas(self.stdout)


def _miles(numero):
    return f"{numero:,}".replace(",", ".")
