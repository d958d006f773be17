"""Files built the way real tools build them, for import tests.

- `excel_csv`: what Excel on a Windows PC set to Spanish (Colombia) writes with «Guardar como»:
  «CSV (delimitado por comas)» is `;` + Windows-1252 + CRLF; «CSV UTF-8» is the same with a BOM
  and UTF-8. Excel quotes a cell only when it holds the separator, a quote or a line break, and
  writes each cell as it is displayed (dates `dd/mm/aaaa`, numbers `1.234` or `12,5`).
- `csv_coma`: a plain `,` UTF-8 file (Google Sheets, LibreOffice's default, scripts).
- `utf16_tab`: UTF-16 with BOM and tabs (Excel's «Texto Unicode», Teams' attendance report).
- `xlsx`: an Excel workbook written by openpyxl with real cells; `formateadas_despues` adds the
  formatted-but-empty rows Excel keeps after the data.
- `libreoffice_xlsx`: LibreOffice Calc itself converting a CSV (real date and number cells, its own
  XML); `make test` installs `soffice` (Debian's libreoffice-calc-nogui).
"""

import csv
import datetime
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font


def _csv(filas, separador, terminador="\r\n"):
    salida = io.StringIO(newline="")
    escritor = csv.writer(
        salida, delimiter=separador, lineterminator=terminador, quoting=csv.QUOTE_MINIMAL
    )
    for fila in filas:
        escritor.writerow(["" if c is None else _mostrado(c) for c in fila])
    return salida.getvalue()


def _mostrado(celda):
    """A cell as Excel es-CO displays it, hence writes it to CSV."""
    if isinstance(celda, datetime.date):
        return celda.strftime("%d/%m/%Y")
    if isinstance(celda, float):
        return f"{celda}".replace(".", ",")
    return str(celda)


def excel_csv(filas, *, utf8=False) -> bytes:
    """Excel es-CO: «CSV (delimitado por comas)» (cp1252) or, with `utf8`, «CSV UTF-8» (BOM)."""
    texto = _csv(filas, ";")
    return b"\xef\xbb\xbf" + texto.encode("utf-8") if utf8 else texto.encode("cp1252")


def csv_coma(filas) -> bytes:
    return _csv(filas, ",", "\n").encode("utf-8")


def utf16_tab(filas) -> bytes:
    return _csv(filas, "\t").encode("utf-16")  # Python writes the BOM, as Excel and Teams do


def xlsx(filas, *, formateadas_despues=0, vacias_en_medio=()) -> bytes:
    libro = Workbook()
    hoja = libro.active
    for numero, fila in enumerate(filas, start=1):
        if numero in vacias_en_medio:
            hoja.append([])
        hoja.append(list(fila))
        if numero == 1:
            for celda in hoja[hoja.max_row]:
                celda.font = Font(bold=True)
    for celda in hoja[1]:
        if isinstance(celda.value, datetime.date):
            celda.number_format = "DD/MM/YYYY"
    ultima = hoja.max_row
    for desplazamiento in range(1, formateadas_despues + 1):
        for columna in range(1, len(filas[0]) + 1):  # formatted, no value: Excel keeps these
            hoja.cell(row=ultima + desplazamiento, column=columna).font = Font(bold=True)
            hoja.cell(row=ultima + desplazamiento, column=columna).value = None
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def hay_libreoffice() -> bool:
    return shutil.which("soffice") is not None


ES_CO = "9226"  # LibreOffice's language id for Spanish (Colombia): «1.234» and dd/mm/aaaa


def libreoffice_xlsx(
    contenido_csv: bytes, *, separador=";", codificacion="76", idioma="", filtro=""
) -> bytes:
    """LibreOffice Calc opening a CSV (filter options: separator, quote, charset 76 = UTF-8,
    1252 = Windows-1252, first line; with `idioma`, the locale that reads its numbers and dates,
    e.g. ES_CO, and special numbers such as dates detected) and saving it as an Excel 2007-365
    workbook, or with `filtro` another kind (e.g. "xls:MS Excel 97", the old binary format)."""
    opciones = f"{ord(separador)},34,{codificacion},1"
    if idioma:
        opciones += f",,{idioma},false,true"
    filtro = filtro or "xlsx:Calc MS Excel 2007 XML"
    with tempfile.TemporaryDirectory() as carpeta:
        origen = Path(carpeta) / "datos.csv"
        origen.write_bytes(contenido_csv)
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{carpeta}/perfil",
                f"--infilter=CSV:{opciones}",
                "--convert-to",
                filtro,
                "--outdir",
                carpeta,
                str(origen),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(carpeta) / f"datos.{filtro.split(':')[0]}").read_bytes()
