"""Import a registry spreadsheet (XLSX or CSV) outside the browser, e.g. a large national file."""

import time
from pathlib import Path

import tablib
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from juntas.resources import importar


class Command(BaseCommand):
    help = _(
        "Importa organizaciones desde un XLSX o CSV con las columnas de la exportación. "
        "Todo o nada: si una fila tiene errores, no se escribe ninguna."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help=_("Ruta del archivo .xlsx o .csv"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Valida el archivo sin escribir nada.")
        )

    def handle(self, archivo, dry_run=False, **options):
        ruta = Path(archivo)
        if not ruta.is_file():
            raise CommandError(_("No existe el archivo %(ruta)s.") % {"ruta": ruta})
        extension = ruta.suffix.lower().lstrip(".")
        if extension not in ("xlsx", "csv"):
            raise CommandError(_("El archivo debe ser XLSX o CSV."))
        inicio = time.monotonic()
        if extension == "xlsx":
            datos = tablib.Dataset().load(ruta.read_bytes(), format="xlsx")
        else:
            datos = tablib.Dataset().load(ruta.read_text(encoding="utf-8-sig"), format="csv")
        resultado, errores = importar(datos, dry_run=dry_run, masiva=True)
        segundos = time.monotonic() - inicio
        if errores:
            for error in errores:
                self.stderr.write(
                    _("línea %(linea)s, columna %(columna)s: %(motivo)s")
                    % {"linea": error.linea, "columna": error.columna, "motivo": error.motivo}
                )
            raise CommandError(
                _("%(n)d errores en %(filas)d filas: no se importó nada.")
                % {"n": len(errores), "filas": len(datos)}
            )
        totales = resultado.totals
        self.stdout.write(
            _(
                "%(prefijo)s%(nuevas)d nuevas, %(actualizadas)d actualizadas, %(iguales)d sin "
                "cambios, en %(segundos).1f s."
            )
            % {
                "prefijo": _("Validación (nada escrito): ") if dry_run else "",
                "nuevas": totales["new"],
                "actualizadas": totales["update"],
                "iguales": totales["skip"],
                "segundos": segundos,
            }
        )
