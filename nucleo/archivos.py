"""Uploaded files go out through views that check who asks, never as public static files."""

import mimetypes

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def servir(campo, *, privado=True):
    """The file of a FileField as a response; 404 when the row has none or it is missing."""
    if not campo:
        raise Http404(_("El documento no existe."))
    try:
        archivo = campo.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("El documento no está disponible.")) from error
    tipo, _codificacion = mimetypes.guess_type(campo.name)
    respuesta = FileResponse(archivo, content_type=tipo or "application/octet-stream")
    respuesta["X-Content-Type-Options"] = "nosniff"
    if privado:
        respuesta["Cache-Control"] = "private, no-store"
    return respuesta
