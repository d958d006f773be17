"""Import a registry spreadsheet outside the browser, e.g. a large national file.

The same reader and rules as the admin's «Importar» (`juntas.resources.leer_registro` and
`importar`): XLSX or any CSV that Excel, LibreOffice or a script writes; messages name the
file's line and column.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from juntas import trabajos
from juntas.resources import importar, leer_registro
from nucleo import sitio
from nucleo.tablas import ArchivoIlegible
from trabajos import cola


class Command(BaseCommand):
    help = _(
        "Importa organizaciones desde un libro de Excel (.xlsx) o un CSV (como lo guarda Excel, "
        "con «;» o «,», en UTF-8, Windows-1252 o UTF-16). Todo o nada: si una fila tiene "
        "errores, no se escribe ninguna."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help=_("Ruta del archivo .xlsx o .csv"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Valida el archivo sin escribir nada.")
        )
        parser.add_argument(
            "--en-segundo-plano",
            action="store_true",
            help=_("Poner la importación (o la validación) en la cola de trabajos y volver."),
        )

    def handle(self, archivo, dry_run=False, en_segundo_plano=False, **options):
        ruta = Path(archivo)
        if not ruta.is_file():
            raise CommandError(_("No existe el archivo %(ruta)s.") % {"ruta": ruta})
        if en_segundo_plano:
            return self._encolar(ruta, dry_run)
        inicio = time.monotonic()
        try:
            lectura = leer_registro(ruta.read_bytes(), ruta.name)
        except ArchivoIlegible as error:
            raise CommandError(
                _("%(archivo)s: %(motivo)s No se importó nada.")
                % {"archivo": ruta.name, "motivo": error.mensaje}
            ) from None
        self.stdout.write(
            _("Leído como %(formato)s: %(filas)d filas con datos.")
            % {"formato": lectura.formato, "filas": len(lectura.datos)}
        )
        for ignorada in lectura.ignoradas:
            self.stdout.write(_("Columna ignorada: %(columna)s") % {"columna": ignorada})
        resultado, errores = importar(lectura, dry_run=dry_run, masiva=True)
        segundos = time.monotonic() - inicio
        if errores:
            for error in errores:
                self.stderr.write(
                    _("línea %(linea)s, columna %(columna)s: %(motivo)s")
                    % {
                        "linea": error.linea or "—",
                        "columna": error.columna,
                        "motivo": error.motivo,
                    }
                )
            raise CommandError(
                ngettext("%(n)d error", "%(n)d errores", len(errores)) % {"n": len(errores)}
                + " "
                + ngettext(
                    "en %(filas)d fila: no se importó nada.",
                    "en %(filas)d filas: no se importó nada.",
                    len(lectura.datos),
                )
                % {"filas": len(lectura.datos)}
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

    def _encolar(self, ruta, dry_run):
        tipo = trabajos.VISTA_PREVIA if dry_run else trabajos.IMPORTACION
        try:
            trabajo = cola.encolar(
                tipo,
                titulo=_("Importación de «%(nombre)s» (comando)") % {"nombre": ruta.name},
                archivo=(ruta.read_bytes(), ruta.name),
            )
        except cola.TrabajoOcupado as ocupado:
            raise CommandError(ocupado.mensaje) from None
        self.stdout.write(
            _("Trabajo #%(id)d en la cola: %(url)s")
            % {"id": trabajo.pk, "url": sitio.enlace(trabajo.get_absolute_url())}
        )
