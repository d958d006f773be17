"""Validators for registry data: NIT with its check digit, uploaded documents."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

_PESOS_DIAN = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71]

# The first bytes of each accepted type: the extension alone can be faked.
_FIRMAS = {
    "pdf": [b"%PDF"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
}


def digito_verificacion(numero: str) -> int:
    """DIAN's check digit (módulo 11) for a NIT's digits."""
    total = sum(int(d) * p for d, p in zip(reversed(numero), _PESOS_DIAN, strict=False))
    resto = total % 11
    return resto if resto < 2 else 11 - resto


def validar_nit(valor: str) -> None:
    match = re.fullmatch(r"(\d{9})-?(\d)", (valor or "").replace(".", "").strip())
    if not match:
        raise ValidationError(
            _("El NIT debe tener 9 dígitos y el dígito de verificación, p. ej. 900123456-7."),
            code="nit_formato",
        )
    numero, dv = match.groups()
    if digito_verificacion(numero) != int(dv):
        raise ValidationError(
            _("El dígito de verificación del NIT %(nit)s no es correcto."),
            code="nit_dv",
            params={"nit": valor},
        )


def normalizar_nit(valor: str) -> str:
    """'900.123.456-7' → '900123456-7' (the stored form)."""
    digitos = re.sub(r"\D", "", valor or "")
    return f"{digitos[:-1]}-{digitos[-1]}" if len(digitos) == 10 else (valor or "").strip()


def validar_archivo(archivo) -> None:
    """Accept PDF, JPG or PNG up to UPLOAD_MAX_BYTES, checking the content, not only the name."""
    nombre = getattr(archivo, "name", "") or ""
    extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
    if extension not in settings.UPLOAD_EXTENSIONS:
        raise ValidationError(
            _("Tipo de archivo no permitido (%(ext)s). Cargue un PDF, JPG o PNG."),
            code="tipo",
            params={"ext": extension or _("sin extensión")},
        )
    tamano = getattr(archivo, "size", 0) or 0
    if tamano > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("El archivo pesa %(peso)s; el máximo es %(max)s."),
            code="tamano",
            params={
                "peso": filesizeformat(tamano),
                "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
        )
    # Files already stored (re-validating a saved model) are trusted; new uploads are sniffed.
    if getattr(archivo, "_committed", True) is False or hasattr(archivo, "content_type"):
        posicion = archivo.tell() if hasattr(archivo, "tell") else 0
        archivo.seek(0)
        cabecera = archivo.read(8)
        archivo.seek(posicion)
        if not any(cabecera.startswith(firma) for firma in _FIRMAS[extension]):
            raise ValidationError(
                _("El contenido del archivo no corresponde a un %(ext)s válido."),
                code="contenido",
                params={"ext": extension.upper()},
            )
