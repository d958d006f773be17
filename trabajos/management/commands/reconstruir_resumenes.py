"""The core's `reconstruir_resumenes`, plus --en-segundo-plano (queue it as a job)."""

from django.core.management.base import CommandError

from nucleo import resumenes
from nucleo.management.commands import reconstruir_resumenes as del_nucleo
from trabajos import cola


class Command(del_nucleo.Command):
    help = del_nucleo.Command.help + " Con --en-segundo-plano lo pone en la cola de trabajos."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--en-segundo-plano",
            action="store_true",
            help="Poner la reconstrucción en la cola de trabajos y volver enseguida.",
        )

    def handle(self, *args, clases, revisar, en_segundo_plano=False, **options):
        if not en_segundo_plano:
            return super().handle(*args, clases=clases, revisar=revisar, **options)
        desconocidas = sorted(set(clases) - set(resumenes.CLASES))
        if desconocidas:
            raise CommandError(f"Clase desconocida: {', '.join(desconocidas)}.")
        try:
            trabajo = cola.encolar(
                "nucleo.reconstruir_resumenes", parametros={"clases": clases, "revisar": revisar}
            )
        except cola.TrabajoOcupado as ocupado:
            raise CommandError(ocupado.mensaje) from None
        self.stdout.write(f"Trabajo #{trabajo.pk} en la cola: {trabajo.get_absolute_url()}")
