"""Daily: bring SECOP II's contracts, open processes and supplier accounts up to date."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from contratacion import services
from contratacion.models import Sincronizacion
from contratacion.trabajos import CONJUNTOS, SINCRONIZAR
from trabajos import cola


def _fecha(texto):
    try:
        return datetime.date.fromisoformat(texto)
    except ValueError:
        raise CommandError(f"--desde: «{texto}» no es una fecha AAAA-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Sincroniza con SECOP II (datos.gov.co): los contratos de las Juntas del registro, los "
        "procesos abiertos de las entidades de SECOP_CIUDAD y las cuentas de proveedor. Sin "
        "opciones, los tres. Idempotente; si una ejecución falla, la siguiente sigue donde quedó."
    )

    def add_arguments(self, parser):
        parser.add_argument("--contratos", action="store_true", help="Contratos (jbjy-vk9h).")
        parser.add_argument("--procesos", action="store_true", help="Procesos (p6dx-8zbt).")
        parser.add_argument(
            "--proveedores", action="store_true", help="Cuentas de proveedor (qmzu-gj57)."
        )
        parser.add_argument(
            "--desde",
            type=_fecha,
            metavar="AAAA-MM-DD",
            help=(
                "Leer contratos firmados y procesos publicados desde esta fecha (por defecto, "
                "SECOP_VENTANA_DIAS días antes de la última sincronización exitosa). No reanuda "
                "una ejecución fallida: empieza de nuevo."
            ),
        )

        parser.add_argument(
            "--en-segundo-plano",
            action="store_true",
            help="Poner la sincronización en la cola de trabajos y volver enseguida.",
        )

    def handle(self, *args, contratos, procesos, proveedores, desde, **options):
        if options.get("en_segundo_plano"):
            pedidos = [
                c for c, si in zip(CONJUNTOS, (contratos, procesos, proveedores), strict=True) if si
            ]
            try:
                trabajo = cola.encolar(
                    SINCRONIZAR,
                    parametros={
                        "conjuntos": pedidos,
                        "desde": desde.isoformat() if desde else None,
                    },
                )
            except cola.TrabajoOcupado as ocupado:
                raise CommandError(ocupado.mensaje) from None
            self.stdout.write(f"Trabajo #{trabajo.pk} en la cola: {trabajo.get_absolute_url()}")
            return
        elegidos = [
            ("contratos", contratos, lambda: services.sincronizar_contratos(desde=desde)),
            ("procesos", procesos, lambda: services.sincronizar_procesos(desde=desde)),
            ("proveedores", proveedores, services.sincronizar_proveedores),
        ]
        if not (contratos or procesos or proveedores):
            elegidos = [(nombre, True, tarea) for nombre, _o, tarea in elegidos]
        fallidas = 0
        for nombre, pedido, tarea in elegidos:
            if not pedido:
                continue
            try:
                corrida = tarea()
            except services.SincronizacionEnCurso as error:
                self.stderr.write(error.mensaje)
                fallidas += 1
                continue
            except Exception as error:  # noqa: BLE001 (recorded in the run; the others still run)
                self.stderr.write(f"{nombre}: error inesperado ({type(error).__name__}).")
                fallidas += 1
                continue
            escribir = (
                self.stdout.write
                if corrida.estado == Sincronizacion.Estado.EXITOSA
                else self.stderr.write
            )
            escribir(corrida.resumen())
            if corrida.estado != Sincronizacion.Estado.EXITOSA:
                fallidas += 1
        if fallidas:
            raise CommandError(
                f"{fallidas} sincronización(es) fallaron: vea el informe. La próxima ejecución "
                "continúa desde donde quedó."
            )
