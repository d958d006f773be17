"""Downloads: one way to answer with a file, so every export names it the same way.

`content_disposition_header` writes an ASCII name as `filename="…"` and any other name as
`filename*=utf-8''…` (RFC 6266), so a name with accents or quotes never breaks the header.
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from . import hojas


def adjunto(contenido, nombre, tipo):
    """An HTTP response carrying `contenido` as a file to save, called `nombre`."""
    respuesta = HttpResponse(contenido, content_type=tipo)
    respuesta["Content-Disposition"] = content_disposition_header(True, nombre)
    return respuesta


def nombre_de_archivo(*partes):
    """A file name (without extension) from its parts, slugified to ASCII: («Diagnóstico»,
    «Localidad Histórica») → `diagnostico-localidad-historica`. Empty parts are left out, and
    each keeps 60 characters at most (a long search in the admin)."""
    trozos = (slugify(str(p).replace("_", " "))[:60].strip("-") for p in partes if p is not None)
    return "-".join(t for t in trozos if t)


# Which CSV a request asks for: `?separador=coma` gives the file for programs.
PARAMETRO_SEPARADOR = "separador"
SEPARADOR_COMA = "coma"


def csv_pedido(request):
    """`hojas.MAQUINAS` when the request asks for `?separador=coma`, else `hojas.EXCEL`."""
    if request.GET.get(PARAMETRO_SEPARADOR) == SEPARADOR_COMA:
        return hojas.MAQUINAS
    return hojas.EXCEL


def hoja(datos, nombre, formato, *, para=hojas.EXCEL, descargar=True):
    """A dataset as a CSV (for Excel es-CO or, with `para=MAQUINAS`, for programs) or XLSX
    download; `nombre` without extension. `descargar=False` answers the bare file (public open
    data, which caches may keep: a download header would make it `no-store`)."""
    if formato == "xlsx":
        contenido, tipo = hojas.xlsx_bytes(datos), hojas.TIPO_XLSX
    else:
        contenido, tipo = hojas.csv_bytes(datos, para=para), hojas.TIPO_CSV
    if not descargar:
        return HttpResponse(contenido, content_type=tipo)
    return adjunto(contenido, f"{nombre}.{formato}", tipo)
