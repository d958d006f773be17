import time

from django.core.management.base import BaseCommand, CommandError

from nucleo import resumenes


class Command(BaseCommand):
    help = (
        "Recalcula desde los datos todas las filas de resumen de los tableros, informa cada "
        "diferencia con lo guardado y lo corrige. Para cron y después de restaurar un respaldo. "
        "Con --revisar solo informa, y termina con error si hay diferencias."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "clases",
            nargs="*",
            help=f"Clases de resumen (todas si no se dan): {', '.join(sorted(resumenes.CLASES))}.",
        )
        parser.add_argument("--revisar", action="store_true", help="Solo comparar; no corregir.")

    def handle(self, *args, clases, revisar, **options):
        desconocidas = sorted(set(clases) - set(resumenes.CLASES))
        if desconocidas:
            raise CommandError(
                f"Clase desconocida: {', '.join(desconocidas)}. "
                f"Son: {', '.join(sorted(resumenes.CLASES))}."
            )
        total = 0
        for nombre in clases or sorted(resumenes.CLASES):
            inicio = time.monotonic()
            informe = resumenes.reconstruir([nombre], corregir=not revisar)[nombre]
            diferencias = informe["diferencias"]
            total += len(diferencias)
            self.stdout.write(
                f"{nombre}: {informe['filas']} filas, {len(diferencias)} diferencias "
                f"({time.monotonic() - inicio:.1f} s)"
            )
            for diferencia in diferencias[:50]:
                self.stdout.write(f"  {diferencia}")
            if len(diferencias) > 50:
                self.stdout.write(f"  … y {len(diferencias) - 50} más")
        if total and revisar:
            raise CommandError(f"{total} diferencias entre los resúmenes y los datos.")
        if total:
            self.stdout.write(self.style.WARNING(f"Corregidas {total} diferencias."))
        else:
            self.stdout.write(self.style.SUCCESS("Los resúmenes coinciden con los datos."))
