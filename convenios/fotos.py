"""Photos of progress reports, taken on a phone: resized, re-encoded without metadata, and the
date and position the original declared (EXIF) kept apart, as declared.

A phone's photo is 3–12 MB and carries EXIF: the camera, the time and often the GPS position
of whoever took it. The public sees only the derivative (at most `LADO_MAXIMO` pixels a side,
JPEG, no EXIF, no ICC, no comments). The declared date and position help the supervisor
(a photo dated months before the report, or none at all), but anyone can edit EXIF: the pages
say «según la foto», never «tomada el».
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

LADO_MAXIMO = 1600
CALIDAD = 82
# Refuse images that would take too much memory to decode (a "decompression bomb": a small
# file that expands to billions of pixels). 50 MP covers every phone camera of today.
PIXELES_MAXIMOS = 50_000_000

_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_FECHA_ORIGINAL = 0x9003
_FECHA_DIGITALIZADA = 0x9004
_FECHA = 0x0132


@dataclass
class FotoProcesada:
    contenido: ContentFile
    ancho: int
    alto: int
    fecha: datetime.datetime | None
    latitud: Decimal | None
    longitud: Decimal | None


def _fecha_exif(exif):
    texto = exif.get_ifd(_EXIF_IFD).get(_FECHA_ORIGINAL) or exif.get_ifd(_EXIF_IFD).get(
        _FECHA_DIGITALIZADA
    )
    texto = texto or exif.get(_FECHA)
    if not isinstance(texto, str):
        return None
    try:
        fecha = datetime.datetime.strptime(texto.strip()[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if not (2000 <= fecha.year <= timezone.localdate().year + 1):
        return None
    # EXIF has no time zone: the phone's clock, read as Colombia's.
    return timezone.make_aware(fecha)


def _grados(valor, referencia, maximo):
    try:
        grados, minutos, segundos = (float(v) for v in valor)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    decimal = grados + minutos / 60 + segundos / 3600
    if referencia in ("S", "W"):
        decimal = -decimal
    if not -maximo <= decimal <= maximo:
        return None
    return Decimal(f"{decimal:.6f}")


def _posicion_exif(exif):
    gps = exif.get_ifd(_GPS_IFD)
    if not gps:
        return None, None
    latitud = _grados(gps.get(2), gps.get(1), 90)
    longitud = _grados(gps.get(4), gps.get(3), 180)
    if latitud is None or longitud is None:
        return None, None
    return latitud, longitud


def procesar(archivo) -> FotoProcesada:
    """Read an uploaded photo and make its public derivative. Raises ValidationError when the
    file is not an image Pillow can decode."""
    archivo.seek(0)
    try:
        with Image.open(archivo) as original:
            if original.width * original.height > PIXELES_MAXIMOS:
                raise ValidationError(
                    _("La foto es demasiado grande (%(mp)s megapíxeles); el máximo es 50.")
                    % {"mp": original.width * original.height // 1_000_000}
                )
            exif = original.getexif()
            fecha = _fecha_exif(exif)
            latitud, longitud = _posicion_exif(exif)
            # The orientation tag is applied to the pixels before EXIF goes away, or a photo
            # taken upright would show on its side.
            imagen = ImageOps.exif_transpose(original)
            imagen.thumbnail((LADO_MAXIMO, LADO_MAXIMO), Image.Resampling.LANCZOS)
            if imagen.mode != "RGB":
                fondo = Image.new("RGB", imagen.size, "white")
                con_alfa = imagen.convert("RGBA")
                fondo.paste(con_alfa, mask=con_alfa.getchannel("A"))
                imagen = fondo
            salida = io.BytesIO()
            # No `exif=`, no `icc_profile=`: Pillow writes none of the original's metadata.
            imagen.save(salida, "JPEG", quality=CALIDAD, optimize=True, progressive=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("No pudimos leer la foto «%(nombre)s»: cargue una foto JPG o PNG.")
            % {"nombre": getattr(archivo, "name", "")}
        ) from error
    return FotoProcesada(
        contenido=ContentFile(salida.getvalue(), name="foto.jpg"),
        ancho=imagen.width,
        alto=imagen.height,
        fecha=fecha,
        latitud=latitud,
        longitud=longitud,
    )
