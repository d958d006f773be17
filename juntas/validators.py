"""Validators for registry data: NIT with its check digit, uploaded documents."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

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


# A Colombian identity document number: digits only, 5 to 12 of them.
DOCUMENTO_REGEX = r"^[0-9]{5,12}$"
MENSAJE_DOCUMENTO = _(
    "El número de documento lleva de 5 a 12 dígitos, sin puntos, espacios ni letras."
)


def validar_documento(valor: str) -> None:
    if not re.fullmatch(DOCUMENTO_REGEX, valor or ""):
        raise ValidationError(MENSAJE_DOCUMENTO, code="documento")


# Colombian phone numbers have 10 digits since 2021 (a mobile «300 123 4567», a landline
# «605 664 1234»); a landline written the old way has 7. «+57» in front is the country code.
TELEFONO_REGEX = r"^[0-9 ().+-]+$"


def digitos_de_telefono(valor: str) -> str:
    digitos = re.sub(r"\D", "", valor or "")
    if len(digitos) == 12 and digitos.startswith("57"):
        digitos = digitos[2:]
    return digitos


def validar_telefono(valor: str) -> None:
    """A Colombian phone: 10 digits (or 7, an old landline), optionally after +57; spaces,
    dashes, dots and parentheses allowed between them."""
    if not valor:
        return
    if not re.fullmatch(TELEFONO_REGEX, valor) or len(digitos_de_telefono(valor)) not in (7, 10):
        raise ValidationError(
            _(
                "Escriba un teléfono colombiano: 10 dígitos (p. ej. 300 123 4567 o 605 664 "
                "1234), o 7 si es un fijo antiguo; puede ir precedido de +57."
            ),
            code="telefono",
        )


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
