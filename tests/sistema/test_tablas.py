"""The one spreadsheet reader every import uses (nucleo.tablas), with files as tools write them."""

import datetime
import io
import zipfile

import pytest
from reportlab.pdfgen import canvas

from nucleo.tablas import ArchivoIlegible, clave, leer_tabla, letra_de_columna, mapear_columnas
from tests import archivos

FILAS = [
    ["Código de registro", "Nombre de la Junta", "Teléfono", "Dirección", "Afiliados"],
    ["JAC-001", "Junta del Peñón", "3001234567", "Cra. 5 # 12-34; Manga", "1.234"],
    ["JAC-002", 'Junta "Niño Jesús"', "", "Calle 30, Bocagrande", "87"],
]


@pytest.mark.parametrize(
    ("contenido", "codificacion", "separador"),
    [
        (archivos.excel_csv(FILAS), "cp1252", ";"),
        (archivos.excel_csv(FILAS, utf8=True), "utf_8_sig", ";"),
        (archivos.csv_coma(FILAS), "utf_8", ","),
        (archivos.utf16_tab(FILAS), "utf_16", "\t"),
    ],
    ids=["excel-csv-cp1252", "excel-csv-utf8-bom", "coma-utf8", "utf16-tab"],
)
def test_every_csv_kind_reads_the_same_cells(contenido, codificacion, separador):
    tabla = leer_tabla(contenido, "juntas.csv")
    assert (tabla.codificacion, tabla.separador) == (codificacion, separador)
    assert tabla.encabezados == FILAS[0]
    assert [f.celdas for f in tabla.filas] == [
        ["JAC-001", "Junta del Peñón", "3001234567", "Cra. 5 # 12-34; Manga", "1.234"],
        ["JAC-002", 'Junta "Niño Jesús"', "", "Calle 30, Bocagrande", "87"],
    ]
    assert [f.linea for f in tabla.filas] == [2, 3]


def test_line_numbers_are_the_files_own_with_blank_rows_and_quoted_breaks():
    texto = 'a;b\r\n1;"dos\r\nlíneas"\r\n;\r\n\r\n3;x\r\n;;\r\n'.encode("cp1252")
    tabla = leer_tabla(texto)
    assert [(f.linea, f.celdas) for f in tabla.filas] == [
        (2, ["1", "dos\r\nlíneas"]),
        (6, ["3", "x"]),
    ]


def test_excel_sep_line_sets_the_separator():
    tabla = leer_tabla(b"sep=;\r\na;b\r\n1,5;2\r\n")
    assert tabla.encabezados == ["a", "b"]
    assert tabla.filas[0].celdas == ["1,5", "2"]


def test_xlsx_keeps_real_cells_and_skips_empty_and_formatted_rows():
    filas = [
        ["codigo_registro", "fecha_eleccion", "afiliados"],
        ["JAC-1", datetime.date(2024, 4, 28), 1234],
        ["JAC-2", datetime.date(2022, 11, 27), 12],
    ]
    tabla = leer_tabla(archivos.xlsx(filas, formateadas_despues=30, vacias_en_medio={3}))
    assert [(f.linea, f.celdas) for f in tabla.filas] == [
        (2, ["JAC-1", datetime.date(2024, 4, 28), 1234]),
        (4, ["JAC-2", datetime.date(2022, 11, 27), 12]),
    ]


def test_a_workbook_saved_by_libreoffice_calc():
    contenido = archivos.libreoffice_xlsx(archivos.excel_csv(FILAS, utf8=True))
    tabla = leer_tabla(contenido, "juntas.xlsx")
    assert tabla.encabezados == FILAS[0]
    assert tabla.filas[0][1] == "Junta del Peñón"
    assert tabla.filas[0][2] == 3001234567  # a number cell: Calc typed it


def _pdf():
    salida = io.BytesIO()
    documento = canvas.Canvas(salida)
    documento.drawString(72, 720, "Acta de la asamblea")
    documento.save()
    return salida.getvalue()


def _docx():
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as archivo:
        archivo.writestr("[Content_Types].xml", "<Types/>")
        archivo.writestr("word/document.xml", "<w:document/>")
    return salida.getvalue()


@pytest.mark.parametrize(
    ("contenido", "nombre", "dice"),
    [
        (_pdf(), "acta.pdf", "«acta.pdf» es un PDF, no una hoja de cálculo"),
        (_docx(), "acta.docx", "«acta.docx» no es una hoja de cálculo"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "viejo.xls", "Excel 97-2003"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "foto.png", "no es una hoja de cálculo"),
        (b"PK\x03\x04roto", "roto.xlsx", "dañado"),
        (b"", "vacio.csv", "está vacío"),
        (b"\r\n;;\r\n", "vacio.csv", "no tiene filas con datos"),
    ],
)
def test_what_is_not_a_spreadsheet_is_refused_in_spanish(contenido, nombre, dice):
    with pytest.raises(ArchivoIlegible) as error:
        leer_tabla(contenido, nombre)
    assert dice in error.value.mensaje
    assert "Error" not in error.value.mensaje and "Zip" not in error.value.mensaje


def test_headers_match_ignoring_case_accents_spaces_and_connectors():
    columnas = mapear_columnas(
        ["CÓDIGO DE REGISTRO", "Nombre de la Junta", " teléfono ", "Color favorito", "nit", "NIT"],
        {"codigo_registro": [], "nombre": ["Nombre de la Junta"], "telefono": [], "nit": []},
        requeridas=["codigo_registro", "nombre", "correo"],
    )
    assert columnas.indices == {"codigo_registro": 0, "nombre": 1, "telefono": 2, "nit": 4}
    assert columnas.ignoradas == ["Color favorito"]
    assert columnas.repetidas == ["nit"]
    assert columnas.faltan == ["correo"]
    assert clave("codigo_registro") == clave("Código de registro") == "codigo_registro"


def test_column_letters_as_excel_names_them():
    assert [letra_de_columna(i) for i in (0, 25, 26, 27, 701)] == ["A", "Z", "AA", "AB", "ZZ"]


# The code page of a text file that is not Unicode -------------------------------------------------


def _registro_grande(filas=64000, con_tilde=(21000, 47000, 63990)):
    """The registry as Excel es-CO saves 64,000 rows: accents only in the header and in a few
    rows far apart (the rest plain ASCII), as in the file that read «C¾digo»."""
    datos = [["Código de registro", "Nombre de la Junta", "Barrio"]]
    for i in range(filas):
        nombre = "Junta Peñón del Niño" if i in con_tilde else f"Junta {i}"
        datos.append([f"JAC-{i:05d}", nombre, f"Barrio {i % 300}"])
    return datos


def test_a_large_windows_1252_file_with_few_accents_is_read_as_windows_1252():
    datos = _registro_grande()
    contenido = archivos.excel_csv(datos)
    assert len(contenido) > 2_000_000  # far beyond any sample taken at the start
    tabla = leer_tabla(contenido, "registro.csv")
    assert tabla.codificacion == "cp1252" and "Windows-1252" in tabla.formato
    assert tabla.encabezados == ["Código de registro", "Nombre de la Junta", "Barrio"]
    assert len(tabla.filas) == 64000
    assert tabla.filas[47000].celdas[1] == "Junta Peñón del Niño"
    assert tabla.filas[63990].celdas[1] == "Junta Peñón del Niño"


@pytest.mark.parametrize(
    "palabra",
    ["Código", "Dirección", "Teléfono", "Año", "Peñón", "CÓDIGO", "Güepsa", "Nº", "¿Activa?"],
)
def test_windows_1252_wins_whatever_single_accent_the_header_has(palabra):
    """Each accented letter alone in a 64,000-row file: the guess must not depend on which."""
    datos = [[palabra, "Nombre"]] + [[f"JAC-{i}", f"Junta {i}"] for i in range(64000)]
    tabla = leer_tabla(archivos.excel_csv(datos), "registro.csv")
    assert (tabla.codificacion, tabla.encabezados[0]) == ("cp1252", palabra)


def test_windows_1252_with_typographic_quotes_and_no_accents():
    datos = [["codigo", "nombre"], ["JAC-1", "Junta “La Esperanza” – sector 2"]]
    tabla = leer_tabla(archivos.excel_csv(datos), "registro.csv")
    assert tabla.codificacion == "cp1252"
    assert tabla.filas[0].celdas[1] == "Junta “La Esperanza” – sector 2"


@pytest.mark.parametrize("codigo", ["cp850", "mac_roman"])
def test_a_genuine_dos_or_old_mac_file_stays_right(codigo):
    datos = [["Código de registro", "Nombre de la Junta"]]
    datos += [[f"JAC-{i}", "Junta Peñón" if i % 5000 == 0 else f"Junta {i}"] for i in range(20000)]
    texto = "\r\n".join(";".join(fila) for fila in datos) + "\r\n"
    tabla = leer_tabla(texto.encode(codigo), "registro.csv")
    assert tabla.codificacion == codigo
    assert tabla.encabezados[0] == "Código de registro"
    assert tabla.filas[5000].celdas[1] == "Junta Peñón"


@pytest.mark.parametrize(
    ("guardar", "codificacion"),
    [
        (lambda d: archivos.excel_csv(d, utf8=True), "utf_8_sig"),
        (archivos.csv_coma, "utf_8"),
        (archivos.utf16_tab, "utf_16"),
    ],
    ids=["utf8-bom", "utf8", "utf16"],
)
def test_large_unicode_files_still_read_as_unicode(guardar, codificacion):
    tabla = leer_tabla(guardar(_registro_grande(20000, con_tilde=(15000,))), "registro.csv")
    assert tabla.codificacion == codificacion
    assert tabla.encabezados[0] == "Código de registro"
    assert tabla.filas[15000].celdas[1] == "Junta Peñón del Niño"
