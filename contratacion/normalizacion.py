"""SECOP II rows (the API's JSON or a CSV exported from datos.gov.co) into the portal's fields.

One set of rules for both ways in, written for the source's known traps:

- Socrata omits null fields: every field is read with `.get`, a missing one is null.
- «No Definido» (and its misspelling «No Defenido»), «Sin definir», «N/A» or empty are null.
- A supplier's document may carry the NIT with or without its check digit, with dots, dashes
  or spaces: `nit9` keeps the nine digits, the registry's NIT is matched on them. Only rows
  whose `tipodocproveedor` is NIT count (a cédula is a person's: never matched nor kept).
- Dates come as ISO timestamps (API), «MM/DD/AAAA hh:mm:ss AM» (datos.gov.co's CSV export) or
  «DD/MM/AAAA» (a CSV saved again by Excel in Colombia). A date outside 1990–2100 (the source
  has years like 5025) is stored as null and the row flagged; so is an end before the start.
- Amounts are strings in the API («12500000» or «12500000.5»); a CSV may group thousands.
- `urlproceso` is an object `{"url": …}` in the API, plain text in a CSV.
- `ultima_actualizacion` is not read: it is empty in about 40 % of the rows, so changes are
  found by comparing the data itself.

Only the fields in `CAMPOS_*` are ever requested or read. The datasets also hold personal
data (names and documents of legal representatives, supervisors, spending officers; bank
accounts); none of those fields is named here.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from juntas.validators import digito_verificacion
from nucleo.numeros import MILES_ES_CO, numero_es_co

# The whitelists: what is asked for ($select) and read. Nothing else reaches the database.
CAMPOS_CONTRATOS = (
    "id_contrato",
    "proceso_de_compra",
    "tipodocproveedor",
    "documento_proveedor",
    # Read to propose name candidates; kept only when it is a Junta's name (an organization).
    "proveedor_adjudicado",
    "nombre_entidad",
    "nit_entidad",
    "departamento",
    "ciudad",
    "estado_contrato",
    "tipo_de_contrato",
    "modalidad_de_contratacion",
    "justificacion_modalidad_de",
    "objeto_del_contrato",
    "fecha_de_firma",
    "fecha_de_inicio_del_contrato",
    "fecha_de_fin_del_contrato",
    "valor_del_contrato",
    "valor_pagado",
    "urlproceso",
)
CAMPOS_PROCESOS = (
    "id_del_proceso",
    "id_del_portafolio",
    "entidad",
    "nit_entidad",
    "ciudad_entidad",
    "nombre_del_procedimiento",
    "descripci_n_del_procedimiento",
    "modalidad_de_contratacion",
    "precio_base",
    "fecha_de_publicacion_del",
    "fecha_de_recepcion_de",
    "estado_del_procedimiento",
    "codigo_principal_de_categoria",
    "urlproceso",
    # Kept only as the Junta it belongs to (a person's document is never stored).
    "nit_del_proveedor_adjudicado",
)
CAMPOS_PROVEEDORES = ("nit", "codigo", "fecha_creacion", "esta_activa")

# Column titles of datos.gov.co's CSV export («Exportar» → CSV) for the contracts' fields,
# beyond the field names themselves (`nucleo.tablas.clave` ignores case, accents, connectors).
ETIQUETAS_CSV_CONTRATOS = {
    "id_contrato": ["ID Contrato"],
    "proceso_de_compra": ["Proceso de Compra"],
    "tipodocproveedor": ["TipoDocProveedor", "Tipo Doc Proveedor", "Tipo Documento Proveedor"],
    "documento_proveedor": ["Documento Proveedor"],
    "proveedor_adjudicado": ["Proveedor Adjudicado"],
    "nombre_entidad": ["Nombre Entidad"],
    "nit_entidad": ["Nit Entidad"],
    "departamento": ["Departamento"],
    "ciudad": ["Ciudad"],
    "estado_contrato": ["Estado Contrato"],
    "tipo_de_contrato": ["Tipo de Contrato"],
    "modalidad_de_contratacion": ["Modalidad de Contratacion"],
    "justificacion_modalidad_de": ["Justificacion Modalidad de Contratacion"],
    "objeto_del_contrato": ["Objeto del Contrato"],
    "fecha_de_firma": ["Fecha de Firma"],
    "fecha_de_inicio_del_contrato": ["Fecha de Inicio del Contrato"],
    "fecha_de_fin_del_contrato": ["Fecha de Fin del Contrato"],
    "valor_del_contrato": ["Valor del Contrato"],
    "valor_pagado": ["Valor Pagado"],
    "urlproceso": ["URLProceso", "URL Proceso", "URL del Proceso"],
}
REQUERIDAS_CSV_CONTRATOS = ("id_contrato", "tipodocproveedor", "documento_proveedor")

# The source's words for "no value".
NULOS = {"", "no definido", "no defenido", "sin definir", "n/a", "null", "none", "nan"}
_LARGO_NULO = 20  # the longest null word with room for stray spaces
FECHA_MINIMA = datetime.date(1990, 1, 1)
FECHA_MAXIMA = datetime.date(2100, 12, 31)
LARGO_URL = 1000
CENTAVOS = Decimal("0.01")

_ISO = re.compile(
    r"^(\d{4,})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)
_BARRAS = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4,})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?\s?[Mm]\.?)?)?$"
)
_MILES_US = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_SOCRATA = re.compile(r"^-?\d+(\.\d+)?$")
_UNSPSC = re.compile(r"(\d{8})")


class ValorIlegible(ValueError):
    """A value that is not what its column holds; the message says what was found."""


class FechaFueraDeRango(ValueError):
    """A date the calendar has but SECOP II cannot (the year 5025, 1900 as a placeholder)."""


def sin_tildes(texto: str) -> str:
    texto = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in texto if not unicodedata.combining(c))


def es_nulo(valor) -> bool:
    if valor is None:
        return True
    if isinstance(valor, str):
        limpio = valor.strip()
        if not limpio:
            return True
        # Every null word starts with n or s and is short: skip the accent folding otherwise
        # (this runs for every field of every row).
        if limpio[0] not in "nNsS" or len(limpio) > _LARGO_NULO:
            return False
        return sin_tildes(" ".join(limpio.split())).lower() in NULOS
    return False


def texto(valor, largo: int | None = None) -> str:
    """Descriptive text: "" when the source has none."""
    if es_nulo(valor):
        return ""
    limpio = " ".join(str(valor).split())
    return limpio[:largo] if largo else limpio


def nit9(valor) -> str | None:
    """The nine digits of a NIT written any way («900.123.456-7», «9001234567», «900 123 456»),
    or None when it is not one (empty, «No Definido», a ten-digit number whose last digit is
    not the check digit, which is a person's cédula)."""
    if es_nulo(valor):
        return None
    if isinstance(valor, int | float) and not isinstance(valor, bool):
        crudo = str(int(valor))
    else:
        crudo = re.sub(r"^\s*nit\b[.:]?\s*", "", str(valor), flags=re.IGNORECASE).strip()
    con_guion = re.fullmatch(r"([\d.\s]+?)\s*-\s*(\d)", crudo)
    if con_guion:
        digitos = re.sub(r"[.\s]", "", con_guion.group(1))
        return digitos if len(digitos) == 9 and digitos.isdigit() else None
    digitos = re.sub(r"[.\s]", "", crudo)
    if not digitos.isdigit():
        return None
    if len(digitos) == 9:
        return digitos
    if len(digitos) == 10 and digito_verificacion(digitos[:9]) == int(digitos[9]):
        return digitos[:9]
    return None


def variantes_nit(nueve: str) -> list[str]:
    """How a NIT may be written in a dataset's text column, to ask for it with `in (…)`."""
    dv = digito_verificacion(nueve)
    return [nueve, f"{nueve}{dv}", f"{nueve}-{dv}"]


def es_tipo_nit(valor) -> bool:
    return not es_nulo(valor) and sin_tildes(str(valor)).strip().lower().rstrip(".") == "nit"


def enlace(valor) -> str:
    """`urlproceso`: `{"url": …}` in the API, text in a CSV; "" unless it is a web address."""
    if isinstance(valor, Mapping):
        valor = valor.get("url")
    direccion = texto(valor)
    if not direccion.lower().startswith(("https://", "http://")) or len(direccion) > LARGO_URL:
        return ""
    return direccion


def decimal(valor, *, de_hoja: bool = False) -> Decimal | None:
    """An amount in pesos. Socrata's notation («12500000.5»; a lone dot is decimal), a
    US-grouped figure («12,500,000.50») or a Colombian one («12.500.000,5»). From a spreadsheet
    (`de_hoja`) a dot before three digits is Colombian thousands («45.000»): datos.gov.co's
    export writes plain numbers, so such a dot was put there by Excel in Colombia."""
    if es_nulo(valor):
        return None
    if isinstance(valor, bool):
        raise ValorIlegible(_("«%(v)s» no es un número.") % {"v": valor})
    if isinstance(valor, int | Decimal | float):
        valor = repr(valor) if isinstance(valor, float) else str(valor)
    limpio = re.sub(r"[\s\u00a0\u202f$]", "", str(valor))
    if de_hoja and MILES_ES_CO.match(limpio):
        candidato = numero_es_co(limpio)
    elif _SOCRATA.match(limpio):
        candidato = limpio
    elif _MILES_US.match(limpio):
        candidato = limpio.replace(",", "")
    else:
        candidato = numero_es_co(limpio)
    try:
        if candidato is None:
            raise InvalidOperation
        numero = Decimal(candidato)
    except InvalidOperation:
        raise ValorIlegible(_("«%(v)s» no es un número.") % {"v": texto(valor, 40)}) from None
    if not numero.is_finite() or abs(numero) >= Decimal(10) ** 18:
        raise ValorIlegible(_("«%(v)s» no es un valor posible.") % {"v": texto(valor, 40)})
    return numero.quantize(CENTAVOS)  # as stored, so a second read compares equal


def fecha_hora(valor) -> datetime.datetime | None:
    """A naive date and time (SECOP II's timestamps carry no zone: they are Colombia's).
    Raises ValorIlegible for what is not a date, FechaFueraDeRango outside 1990–2100."""
    if es_nulo(valor):
        return None
    if isinstance(valor, datetime.datetime):
        resultado = valor.replace(tzinfo=None)
    elif isinstance(valor, datetime.date):
        resultado = datetime.datetime.combine(valor, datetime.time())
    else:
        resultado = _fecha_de_texto(str(valor).strip())
    if not FECHA_MINIMA <= resultado.date() <= FECHA_MAXIMA:
        raise FechaFueraDeRango(
            _("«%(v)s» está fuera de rango") % {"v": resultado.date().isoformat()}
        )
    return resultado


def _ilegible(crudo):
    return ValorIlegible(_("«%(v)s» no es una fecha.") % {"v": crudo[:40]})


def _fecha_de_texto(crudo: str) -> datetime.datetime:
    if m := _ISO.match(crudo):
        anio, mes, dia, hora, minuto, segundo = m.groups()
        am_pm = None
    elif m := _BARRAS.match(crudo):
        primero, segundo_numero, anio, hora, minuto, segundo, am_pm = m.groups()
        primero, segundo_numero = int(primero), int(segundo_numero)
        # With AM/PM it is datos.gov.co's export, month first; otherwise a Colombian
        # day-first date unless the first number cannot be a day-of-month pair that way.
        if am_pm or primero <= 12 < segundo_numero:
            mes, dia = primero, segundo_numero
        else:
            dia, mes = primero, segundo_numero
    else:
        raise _ilegible(crudo)
    if len(anio) > 4:
        raise FechaFueraDeRango(_("«%(v)s» está fuera de rango") % {"v": crudo[:40]})
    hora, minuto, segundo = int(hora or 0), int(minuto or 0), int(segundo or 0)
    if am_pm:
        tarde = am_pm.lower().startswith("p")
        if not 1 <= hora <= 12:
            raise _ilegible(crudo)
        hora = (hora % 12) + (12 if tarde else 0)
    try:
        return datetime.datetime(int(anio), int(mes), int(dia), hora, minuto, segundo)
    except ValueError:
        raise _ilegible(crudo) from None


def unspsc(valor) -> str:
    """«V1.72101500» → «72101500» (the eight digits of the UNSPSC code)."""
    if es_nulo(valor):
        return ""
    m = _UNSPSC.search(str(valor))
    return m.group(1) if m else ""


@dataclass
class Normalizada:
    """One source row in the portal's fields, with what is needed to match it."""

    clave: str  # id_contrato / id_del_proceso
    datos: dict
    nit_proveedor: str | None = None  # a NIT-type supplier's nine digits
    nombre_proveedor: str = ""  # for name candidates only; never stored unless a Junta's
    errores: list[tuple[str, str]] = field(default_factory=list)  # (source field, message)


# Labels of the dates in a flag's reason, translated only when a row has one.
ETIQUETA_FIRMA = gettext_lazy("fecha de firma")
ETIQUETA_INICIO = gettext_lazy("fecha de inicio")
ETIQUETA_FIN = gettext_lazy("fecha de fin")
ETIQUETA_PUBLICACION = gettext_lazy("fecha de publicación")
ETIQUETA_LIMITE = gettext_lazy("fecha de recepción de ofertas")


class _Fechas:
    """Reads a row's dates, collecting why any is flagged (or, strict, why it is wrong)."""

    def __init__(self, fila, estricto):
        self.fila, self.estricto = fila, estricto
        self.motivos, self.errores = [], []

    def leer(self, campo, nombre):
        try:
            return fecha_hora(self.fila.get(campo))
        except FechaFueraDeRango as error:
            self.motivos.append(f"{nombre}: {error}")
        except ValorIlegible as error:
            if self.estricto:
                self.errores.append((campo, str(error)))
            else:
                self.motivos.append(f"{nombre}: {error}")
        return None

    def marcar(self, motivo):
        self.motivos.append(motivo)

    @property
    def motivo(self):
        return "; ".join(self.motivos)[:300]


def _monto(fila, campo, errores, estricto):
    try:
        return decimal(fila.get(campo), de_hoja=estricto)
    except ValorIlegible as error:
        if estricto:
            errores.append((campo, str(error)))
        return None


def _solo_fecha(momento):
    return momento.date() if momento else None


def proveedor_de(fila: Mapping) -> tuple[str | None, str]:
    """A contract row's supplier as far as matching needs: the nine digits of a NIT-type
    document, and the name (both empty for a person's document)."""
    if not es_tipo_nit(fila.get("tipodocproveedor")):
        return None, ""
    return nit9(fila.get("documento_proveedor")), texto(fila.get("proveedor_adjudicado"), 300)


def normalizar_contrato(fila: Mapping, *, estricto: bool = False) -> Normalizada:
    """A row of jbjy-vk9h. `estricto` (a CSV upload) reports an unreadable date or amount as an
    error; from the API it is flagged (dates) or left null (amounts)."""
    fechas = _Fechas(fila, estricto)
    firma = fechas.leer("fecha_de_firma", ETIQUETA_FIRMA)
    inicio = fechas.leer("fecha_de_inicio_del_contrato", ETIQUETA_INICIO)
    fin = fechas.leer("fecha_de_fin_del_contrato", ETIQUETA_FIN)
    if inicio and fin and fin.date() < inicio.date():
        fechas.marcar(
            _("la fecha de fin (%(fin)s) es anterior a la de inicio (%(inicio)s)")
            % {"fin": fin.date().isoformat(), "inicio": inicio.date().isoformat()}
        )
    errores = list(fechas.errores)
    valor = _monto(fila, "valor_del_contrato", errores, estricto)
    pagado = _monto(fila, "valor_pagado", errores, estricto)
    clave = texto(fila.get("id_contrato"), 100)
    if not clave and estricto:
        errores.append(("id_contrato", _("falta el ID del contrato.")))
    nit_proveedor, nombre_proveedor = proveedor_de(fila)
    datos = {
        "proceso_de_compra": texto(fila.get("proceso_de_compra"), 100),
        "nit_proveedor": nit_proveedor,
        "nombre_entidad": texto(fila.get("nombre_entidad"), 300),
        "nit_entidad": nit9(fila.get("nit_entidad")),
        "departamento_entidad": texto(fila.get("departamento"), 100),
        "ciudad_entidad": texto(fila.get("ciudad"), 100),
        "estado": texto(fila.get("estado_contrato"), 100),
        "tipo": texto(fila.get("tipo_de_contrato"), 100),
        "modalidad": texto(fila.get("modalidad_de_contratacion"), 200),
        "justificacion_modalidad": texto(fila.get("justificacion_modalidad_de"), 300),
        "objeto": texto(fila.get("objeto_del_contrato")),
        "fecha_firma": _solo_fecha(firma),
        "fecha_inicio": _solo_fecha(inicio),
        "fecha_fin": _solo_fecha(fin),
        "valor": valor,
        "valor_pagado": pagado,
        "url": enlace(fila.get("urlproceso")),
        "fechas_anomalas": bool(fechas.motivos),
        "motivo_fechas": fechas.motivo,
    }
    return Normalizada(
        clave=clave,
        datos=datos,
        nit_proveedor=nit_proveedor,
        nombre_proveedor=nombre_proveedor,
        errores=errores,
    )


def normalizar_proceso(fila: Mapping) -> Normalizada:
    """A row of p6dx-8zbt. The awarded supplier's NIT is kept only to find the Junta."""
    fechas = _Fechas(fila, estricto=False)
    publicacion = fechas.leer("fecha_de_publicacion_del", ETIQUETA_PUBLICACION)
    limite = fechas.leer("fecha_de_recepcion_de", ETIQUETA_LIMITE)
    codigo = unspsc(fila.get("codigo_principal_de_categoria"))
    datos = {
        "id_del_portafolio": texto(fila.get("id_del_portafolio"), 100),
        "nombre_entidad": texto(fila.get("entidad"), 300),
        "nit_entidad": nit9(fila.get("nit_entidad")),
        "ciudad_entidad": texto(fila.get("ciudad_entidad"), 100),
        "nombre": texto(fila.get("nombre_del_procedimiento"), 500),
        "descripcion": texto(fila.get("descripci_n_del_procedimiento")),
        "modalidad": texto(fila.get("modalidad_de_contratacion"), 200),
        "precio_base": _monto(fila, "precio_base", [], False),
        "fecha_publicacion": _solo_fecha(publicacion),
        "fecha_limite": limite,  # naive: made aware by the service
        "estado": texto(fila.get("estado_del_procedimiento"), 100),
        "codigo_unspsc": codigo,
        "familia_unspsc": codigo[:4],
        "url": enlace(fila.get("urlproceso")),
        "fechas_anomalas": bool(fechas.motivos),
        "motivo_fechas": fechas.motivo,
    }
    return Normalizada(
        clave=texto(fila.get("id_del_proceso"), 100),
        datos=datos,
        nit_proveedor=nit9(fila.get("nit_del_proveedor_adjudicado")),
    )


def normalizar_proveedor(fila: Mapping) -> Normalizada:
    """A row of qmzu-gj57: a supplier account, by its NIT."""
    nit = nit9(fila.get("nit"))
    try:
        creada = fecha_hora(fila.get("fecha_creacion"))
    except ValueError:
        creada = None
    activa = texto(fila.get("esta_activa")).lower()
    return Normalizada(
        clave=nit or "",
        datos={
            "nit": nit,
            "codigo_proveedor": texto(fila.get("codigo"), 100),
            "fecha_creacion": _solo_fecha(creada),
            "activa": {"si": True, "sí": True, "no": False}.get(activa),
        },
        nit_proveedor=nit,
    )


# Names: «JUNTA DE ACCION COMUNAL DEL BARRIO EL CABRERO» → «cabrero» ---------------------------

_PREFIJOS_JUNTA = [
    "asociacion juntas accion comunal",
    "asojuntas",
    "asojac",
    "junta accion comunal",
    "juntas accion comunal",
    "junta vivienda comunitaria",
    "jac",
    "j a c",
    "jvc",
]
_GENERICAS = {
    "de", "del", "la", "las", "el", "los", "y", "e", "en", "barrio", "br", "bario", "sector",
    "urbanizacion", "urb", "vereda", "corregimiento", "conjunto", "residencial", "comunal",
}  # fmt: skip


_PISTA_JUNTA = re.compile(r"junta|j\W?a\W?c\b|asoj|jvc", re.IGNORECASE)


def _palabras(nombre: str) -> list[str]:
    limpio = sin_tildes(nombre or "").lower()
    return [p for p in re.split(r"[^a-z0-9]+", limpio) if p]


def clave_de_junta(nombre: str, *, exigir_prefijo: bool = True) -> str | None:
    """The part of a Junta's name that tells it apart (its barrio or sector), without the words
    every Junta's name has. None when the name does not look like a Junta's (and
    `exigir_prefijo`) or nothing is left."""
    if exigir_prefijo and not _PISTA_JUNTA.search(nombre or ""):
        return None  # most suppliers: no word of a Junta's name at all (hot path)
    palabras = _palabras(nombre)
    sin_conectores = [p for p in palabras if p not in ("de", "del", "la", "el", "y")]
    unido = " ".join(sin_conectores)
    resto = None
    for prefijo in _PREFIJOS_JUNTA:
        patron = rf"(?:^|\b){re.escape(prefijo)}\b"
        if m := re.search(patron, unido):
            resto = unido[m.end() :].split()
            break
    if resto is None:
        if exigir_prefijo:
            return None
        resto = sin_conectores
    distintivas = [p for p in resto if p not in _GENERICAS]
    return " ".join(distintivas) or None
