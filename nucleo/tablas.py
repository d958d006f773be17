"""Spreadsheets as people's tools write them: an uploaded file read into rows, or a Spanish reason.

One reader for every import (the registry, attendance lists, meeting reports), so a file that
Excel on a Spanish (Colombia) PC, LibreOffice, Teams or Zoom wrote is read the same everywhere:

- XLSX (Excel, LibreOffice) with its real cells: dates stay dates, numbers stay numbers (read
  by python-calamine).
- CSV or tab-separated text in UTF-8 (with or without BOM), UTF-16 (Teams) or a Windows code
  page (Excel's «CSV (delimitado por comas)» is Windows-1252). The encoding comes from the BOM,
  else strict UTF-8, else the code page among those Spanish spreadsheets use that makes the most
  Spanish letters of the whole file's non-ASCII bytes; the separator (`;` on es-CO Windows, `,`,
  tab) from clevercsv's dialect detection.
- Anything else (a PDF, a Word file, an image, an old .xls) is refused with what to do instead.

Rows keep the file's own line numbers (blank lines and quoted line breaks counted, the header
included), so a message «línea 12» is the row the clerk sees in Excel. Empty rows — blank lines in
the middle, and the formatted-but-empty rows Excel keeps after the data — are left out.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import clevercsv
import python_calamine
from django.utils.translation import gettext as _

SEPARADORES = [";", ",", "\t", "|"]
NOMBRES_SEPARADOR = {";": "«;»", ",": "«,»", "\t": "tabulador", "|": "«|»"}
# The code pages a Spanish spreadsheet comes in when it is not Unicode: Excel on Windows, Excel
# on an old Mac, and DOS-era exports; on a tie, in this order (`_codigos_por_verosimilitud`).
CODIGOS_ESPANOL = ["cp1252", "mac_roman", "cp850"]
LETRAS_ESPANOL = frozenset("áéíóúüñÁÉÍÓÚÜÑ")
SIGNOS_ESPANOL = frozenset("¿¡ºª°")
PUNTUACION_TIPOGRAFICA = frozenset("“”‘’–—…€•«»\xa0")
ASCII = bytes(range(128))
NOMBRES_CODIFICACION = {
    "utf_8": "UTF-8",
    "utf_8_sig": "UTF-8 con BOM",
    "utf_16": "UTF-16",
    "cp1252": "Windows-1252",
    "mac_roman": "Mac Roman",
    "cp850": "DOS (850)",
}
MUESTRA = 64 * 1024  # enough rows to tell a dialect, quick on 64,000-row files
CONECTORES = {"de", "del", "la", "las", "el", "los", "y", "e", "en"}


class ArchivoIlegible(Exception):
    """The file cannot be read as a table; the message says why and what to do, in Spanish."""

    def __init__(self, mensaje):
        super().__init__(mensaje)
        self.mensaje = mensaje


@dataclass
class Fila:
    linea: int  # the file's line (CSV) or row (XLSX) number, 1 = first line
    celdas: list

    def __getitem__(self, indice):
        return self.celdas[indice] if indice < len(self.celdas) else None


@dataclass
class Tabla:
    encabezados: list[str]
    filas: list[Fila]
    linea_encabezado: int = 1
    formato: str = ""  # for people: «CSV separado por «;», Windows-1252»
    codificacion: str = ""
    separador: str = ""
    antes: list[Fila] = field(default_factory=list)  # rows above the header (report summaries)


def leer_tabla(
    contenido: bytes,
    nombre: str = "",
    *,
    es_encabezado: Callable[[list], bool] | None = None,
) -> Tabla:
    """Read an uploaded spreadsheet. `es_encabezado` picks the header row when a report puts
    something else first (Teams' summary); by default it is the first non-empty row."""
    if not contenido or not contenido.strip():
        raise ArchivoIlegible(_("El archivo está vacío."))
    if contenido.startswith(b"PK\x03\x04"):
        filas, formato = _filas_zip(contenido, nombre), _("Libro de Excel (.xlsx)")
        codificacion = separador = ""
    else:
        _rechazar_binarios(contenido, nombre)
        texto, codificacion = decodificar(contenido)
        texto, separador = _separador(texto)
        filas = list(filas_de_texto(texto, separador))
        formato = _("CSV separado por %(s)s, %(c)s") % {
            "s": NOMBRES_SEPARADOR.get(separador, separador),
            "c": NOMBRES_CODIFICACION.get(codificacion, codificacion),
        }
    filas = [f for f in filas if not fila_vacia(f.celdas)]
    if not filas:
        raise ArchivoIlegible(_("El archivo no tiene filas con datos."))
    es_encabezado = es_encabezado or (lambda celdas: True)
    posicion = next((i for i, f in enumerate(filas) if es_encabezado(f.celdas)), None)
    if posicion is None:
        raise ArchivoIlegible(_("No se encontró la fila de encabezados de las columnas."))
    cabecera = filas[posicion]
    encabezados = [texto_de(c) for c in recortar(cabecera.celdas)]
    return Tabla(
        encabezados=encabezados,
        filas=[Fila(f.linea, recortar(f.celdas)) for f in filas[posicion + 1 :]],
        linea_encabezado=cabecera.linea,
        formato=formato,
        codificacion=codificacion,
        separador=separador,
        antes=filas[:posicion],
    )


def decodificar(contenido: bytes) -> tuple[str, str]:
    """The text of a CSV and the Python name of its encoding; ArchivoIlegible if none fits."""
    if contenido.startswith(codecs.BOM_UTF8):
        return contenido[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf_8_sig"
    if contenido.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(contenido, "utf-16"), "utf_16"
    muestra = contenido[:MUESTRA]
    if muestra.count(b"\x00") > len(muestra) // 4:  # UTF-16 without its BOM
        pares = muestra[1::2].count(b"\x00") > muestra[0::2].count(b"\x00")
        return _utf16(contenido, "utf-16-le" if pares else "utf-16-be"), "utf_16"
    try:
        return contenido.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    for codificacion in _codigos_por_verosimilitud(contenido):
        try:
            return contenido.decode(codificacion), codificacion
        except UnicodeDecodeError:
            continue
    raise ArchivoIlegible(
        _(
            "No se reconoce la codificación del archivo. En Excel use «Guardar como» → «CSV UTF-8 "
            "(delimitado por comas)» o «Libro de Excel (.xlsx)»."
        )
    )


def _peso(caracter: str, en_palabra: bool) -> float:
    """How much a character a code page makes of a non-ASCII byte looks like Spanish text;
    `en_palabra` when the byte touches a letter (an «ñ» between spaces is a dash misread)."""
    if caracter.isalpha():
        if not en_palabra:
            return 0
        return 2 if caracter in LETRAS_ESPANOL else 0.25  # ç, à, ô: possible in a name, rarer
    if caracter in SIGNOS_ESPANOL:
        return 1
    if caracter in PUNTUACION_TIPOGRAFICA:
        return 0.5
    if unicodedata.category(caracter).startswith("C"):
        return -2  # a control character: that code page is wrong
    return 0  # a symbol (¢, ¾, ┐): possible, but not what people type


# A non-ASCII byte that touches no letter (nor another non-ASCII byte): a dash, a quote, a sign.
# Found on the file's bytes as classes (ASCII letter «a», non-ASCII «h», anything else «.»): a
# pattern that starts with literals is searched fast even in a 16 MB file.
_CLASES = bytes(
    ord("a") if chr(b).isascii() and chr(b).isalpha() else ord("h") if b >= 128 else ord(".")
    for b in range(256)
)
_ALTO_AISLADO = re.compile(rb"\.h(?=\.)")


def _aislados(contenido: bytes) -> Counter:
    clases = (b"." + contenido + b".").translate(_CLASES)
    # A match starts at the «.» before the byte: one ahead in `clases`, the byte's own index.
    return Counter(contenido[m.start()] for m in _ALTO_AISLADO.finditer(clases))


def _codigos_por_verosimilitud(contenido: bytes) -> list[str]:
    """The code pages of CODIGOS_ESPANOL that can decode `contenido`, the likeliest first.

    Each is scored by what it makes of the file's non-ASCII bytes, counted over the whole
    file (a 64,000-row CSV may have its only accents in the header and a few rows far apart:
    a sample at the start, or a statistical guesser, took Excel's Windows-1252 «Código» for
    DOS 850's «C¾digo»). Spanish letters within words (á, ñ, Ó…) weigh most, ¿ ¡ º ª and
    typographic punctuation less, other letters little, symbols nothing, control characters
    against. Ties go to the earlier code page (Windows-1252, what Excel writes)."""
    todos = Counter(contenido.translate(None, ASCII))
    aislados = _aislados(contenido)
    puntajes = []
    for orden, codificacion in enumerate(CODIGOS_ESPANOL):
        puntaje = 0.0
        for byte, veces in todos.items():
            try:
                caracter = bytes((byte,)).decode(codificacion)
            except UnicodeDecodeError:
                break  # a byte this code page does not have
            solos = aislados[byte]
            puntaje += (veces - solos) * _peso(caracter, True) + solos * _peso(caracter, False)
        else:
            puntajes.append((-puntaje, orden, codificacion))
    return [codificacion for _p, _o, codificacion in sorted(puntajes)]


def _utf16(contenido, codificacion):
    try:
        return contenido.decode(codificacion).lstrip("\ufeff")
    except UnicodeDecodeError:
        raise ArchivoIlegible(
            _("El archivo dice ser UTF-16 pero tiene bytes que no lo son: guárdelo de nuevo.")
        ) from None


def _separador(texto: str) -> tuple[str, str]:
    """The text without Excel's optional `sep=;` line, and the separator of its columns."""
    primera, _salto, resto = texto.partition("\n")
    if m := re.fullmatch(r"\s*sep=(.)\s*", primera):
        return resto, m.group(1)
    muestra = texto[:MUESTRA]
    if len(texto) > MUESTRA and "\n" in muestra:
        muestra = muestra[: muestra.rindex("\n")]
    try:
        dialecto = clevercsv.Detector().detect(muestra, delimiters=SEPARADORES)
    except Exception:  # noqa: BLE001 (an undetectable dialect falls back to counting)
        dialecto = None
    if dialecto is not None and dialecto.delimiter in SEPARADORES:
        return texto, dialecto.delimiter
    # One column, or too few lines to tell: the separator that appears most in the first line.
    cuentas = {s: primera.count(s) for s in SEPARADORES}
    mejor = max(cuentas, key=cuentas.get)
    return texto, mejor if cuentas[mejor] else ","


def filas_de_texto(texto: str, separador: str) -> Iterable[Fila]:
    """CSV rows with the line each one starts on."""
    lector = csv.reader(io.StringIO(texto, newline=""), delimiter=separador)
    inicio = 1
    try:
        for celdas in lector:
            yield Fila(inicio, [c.strip() for c in celdas])
            inicio = lector.line_num + 1
    except csv.Error as error:
        raise ArchivoIlegible(
            _("Línea %(linea)d: el archivo no se puede leer como CSV (%(motivo)s).")
            % {"linea": lector.line_num, "motivo": error}
        ) from None


def _filas_zip(contenido: bytes, nombre: str) -> list[Fila]:
    try:
        archivo = zipfile.ZipFile(io.BytesIO(contenido))
        nombres = set(archivo.namelist())
    except zipfile.BadZipFile:
        raise ArchivoIlegible(
            _("El archivo está dañado o incompleto: guárdelo de nuevo.")
        ) from None
    if "xl/workbook.xml" not in nombres:
        if "content.xml" in nombres and b"spreadsheet" in archivo.read("mimetype")[:100]:
            raise ArchivoIlegible(
                _(
                    "Es una hoja de LibreOffice (.ods): use «Guardar como» → «Libro de Excel "
                    "2007-365 (.xlsx)» o CSV."
                )
            )
        raise ArchivoIlegible(no_es_hoja(nombre))
    # python-calamine (Rust) reads the cached cell values some 15 times faster than openpyxl's
    # read-only mode: a 64,000-row registry in about 2 s instead of 30.
    try:
        libro = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(contenido))
        valores = libro.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001 (calamine raises several kinds for a broken workbook)
        raise ArchivoIlegible(
            _("El libro de Excel está dañado o protegido con contraseña: guárdelo de nuevo.")
        ) from None
    # From A1 (skip_empty_area=False), so the position is the sheet's row number.
    return [Fila(numero, [_celda(v) for v in fila]) for numero, fila in enumerate(valores, start=1)]


def _celda(valor):
    if isinstance(valor, str):
        return valor.strip()
    if isinstance(valor, float) and valor.is_integer() and abs(valor) < 2**53:
        return int(valor)  # a workbook keeps every number as a float: 1234, not 1234.0
    if isinstance(valor, datetime.datetime) and valor.time() == datetime.time(0):
        return valor.date()  # Excel stores a date as midnight of that day
    return valor


def _rechazar_binarios(contenido: bytes, nombre: str):
    if contenido.startswith(b"%PDF"):
        raise ArchivoIlegible(no_es_hoja(nombre, _("es un PDF")))
    if contenido.startswith(b"\xd0\xcf\x11\xe0"):
        raise ArchivoIlegible(
            _(
                "Es un archivo de Excel 97-2003 (.xls): ábralo en Excel y use «Guardar como» → "
                "«Libro de Excel (.xlsx)» o «CSV UTF-8»."
            )
        )
    firmas = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf", b"\x1f\x8b", b"Rar!", b"7z\xbc")
    if contenido.startswith(firmas):
        raise ArchivoIlegible(no_es_hoja(nombre))
    muestra = contenido[:MUESTRA]
    sin_bom = not muestra.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if sin_bom and b"\x00" in muestra and muestra.count(b"\x00") < len(muestra) // 4:
        raise ArchivoIlegible(no_es_hoja(nombre))


def no_es_hoja(nombre: str = "", que: str = "") -> str:
    """«“acta.pdf” es un PDF, no una hoja de cálculo: …»"""
    sujeto = f"«{nombre}»" if nombre else _("El archivo")
    if que:
        que = _("%(que)s, no una hoja de cálculo") % {"que": que}
    else:
        que = _("no es una hoja de cálculo")
    return _(
        "%(sujeto)s %(que)s. Suba el archivo de Excel (.xlsx) o un CSV: en Excel, «Guardar como» "
        "→ «Libro de Excel» o «CSV UTF-8»."
    ) % {"sujeto": sujeto, "que": que}


def texto_de(valor) -> str:
    if valor is None:
        return ""
    return str(valor).strip()


def fila_vacia(celdas: list) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in celdas)


def recortar(celdas: list) -> list:
    """Without the empty cells at the end (Excel and LibreOffice keep formatted ones)."""
    fin = len(celdas)
    while fin and (celdas[fin - 1] is None or celdas[fin - 1] == ""):
        fin -= 1
    return list(celdas[:fin])


def clave(texto) -> str:
    """A header as a comparable key: no accents, lower case, words joined by `_`, without the
    connectors people add («Nombre de la Junta» → «nombre_junta», «codigo_registro» stays)."""
    texto = unicodedata.normalize("NFKD", texto_de(texto))
    texto = "".join(c for c in texto if not unicodedata.combining(c)).lower()
    palabras = [p for p in re.split(r"[^a-z0-9]+", texto) if p]
    sin_conectores = [p for p in palabras if p not in CONECTORES]
    return "_".join(sin_conectores or palabras)


@dataclass
class Columnas:
    """How a file's headers map to an import's fields."""

    indices: dict[str, int]  # field → column index
    ignoradas: list[str]  # headers no field takes, as written
    repetidas: list[str]  # fields named by more than one column
    faltan: list[str]  # required fields with no column

    def valor(self, fila: Fila, campo: str):
        indice = self.indices.get(campo)
        return None if indice is None else fila[indice]


def mapear_columnas(
    encabezados: list[str], nombres: dict[str, Iterable[str]], requeridas: Iterable[str] = ()
) -> Columnas:
    """Match headers to fields: `nombres` gives, for each field, the labels people write
    (the field's own name is always one). Case, accents, spaces and connectors do not matter."""
    por_clave = {}
    for campo, etiquetas in nombres.items():
        for etiqueta in (campo, *etiquetas):
            por_clave.setdefault(clave(etiqueta), campo)
    indices, ignoradas, repetidas = {}, [], []
    for indice, encabezado in enumerate(encabezados):
        campo = por_clave.get(clave(encabezado))
        if campo is None:
            if texto_de(encabezado):
                ignoradas.append(texto_de(encabezado))
        elif campo in indices:
            repetidas.append(campo)
        else:
            indices[campo] = indice
    faltan = [c for c in requeridas if c not in indices]
    return Columnas(indices, ignoradas, repetidas, faltan)


def letra_de_columna(indice: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as Excel names it."""
    letras = ""
    indice += 1
    while indice:
        indice, resto = divmod(indice - 1, 26)
        letras = chr(ord("A") + resto) + letras
    return letras
