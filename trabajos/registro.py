"""The kinds of job, registered by the apps that own the work (as `nucleo.resumenes` lets apps
register summary classes): this app runs, shows and cancels jobs and knows no portal app.

An app calls `registrar` from its `AppConfig.ready()` with the function that does the work. The
function receives an `Ejecucion` (`trabajos.services`): the job's parameters and input file,
`avance(hechos, total)` to report progress (which also stops the job, raising, when the clerk
cancelled it), and `guardar_archivo(contenido, nombre)` for a file result. It returns the
summary to keep (JSON), or raises `FalloDelTrabajo` with a Spanish reason and per-row errors.

With `atomico=True` (the default) the whole function runs in one database transaction: a job
that fails, is cancelled or whose worker dies writes nothing. Work that commits as it goes on
purpose (the SECOP II sync resumes where a failed run stopped) registers `atomico=False`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass
class Tipo:
    nombre: str
    titulo: str
    ejecutar: Callable
    atomico: bool = True
    # Shown on the job page under the progress bar once the job ends (the registry preview's
    # summary and changed rows); the generic outcome when empty.
    plantilla: str = ""
    # Listed on «Lanzar un trabajo» (/tablero/trabajos/lanzar/): work that needs no input.
    lanzable: bool = False
    descripcion: str = ""
    # Jobs of kinds with the same key run one at a time.
    clave_bloqueo: str = ""
    unidad: str = "filas"  # what `avance` counts, as the bar says it: «120 de 400 filas»


TIPOS: dict[str, Tipo] = {}


def registrar(
    nombre: str,
    *,
    titulo: str,
    ejecutar: Callable,
    atomico: bool = True,
    plantilla: str = "",
    lanzable: bool = False,
    descripcion: str = "",
    clave_bloqueo: str = "",
    unidad: str = "",
) -> Tipo:
    """Declare a kind of job (`app.verbo`, e.g. «juntas.importar_registro»)."""
    tipo = Tipo(
        nombre=nombre,
        titulo=titulo,
        ejecutar=ejecutar,
        atomico=atomico,
        plantilla=plantilla,
        lanzable=lanzable,
        descripcion=descripcion,
        clave_bloqueo=clave_bloqueo,
        unidad=unidad or _("filas"),
    )
    TIPOS[nombre] = tipo
    return tipo


def tipo(nombre: str) -> Tipo:
    try:
        return TIPOS[nombre]
    except KeyError:
        raise LookupError(f"Unknown job kind {nombre!r}; registered: {sorted(TIPOS)}") from None


def lanzables() -> list[Tipo]:
    return sorted((t for t in TIPOS.values() if t.lanzable), key=lambda t: str(t.titulo))
