"""Registry import with the files people's tools write: every kind gives the same Juntas, in the
admin and in `importar_juntas`; what cannot be read is said in Spanish with line and column."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from reportlab.pdfgen import canvas

from juntas.models import Organizacion
from tests import archivos

URL_IMPORTAR = reverse("admin:juntas_organizacion_import")
URL_CONFIRMAR = reverse("admin:juntas_organizacion_process_import")

ENCABEZADOS = [
    "Código de registro",
    "Nombre de la Junta",
    "Tipo",
    "NIT",
    "Barrio",
    "Teléfono",
    "Dirección",
    "Afiliados",
    "Fecha de elección",
    "Participa",
    "Revisado por",
]
VACIA = [None] * len(ENCABEZADOS)
# As Excel es-CO displays (and so writes to CSV) each cell.
PENON = ["JAC-101", "Junta del Peñón", "JAC", "900.123.456-8", "Manga", "3001234567",
         "Cra. 5 # 12-34; Manga", "1.234", datetime.date(2021, 11, 28), "sí", "Ana"]  # fmt: skip
NINO = ["JAC-102", 'Junta "Niño Jesús"', "JAC", "", "Olaya St. Central", "", "Calle 30, Bocagrande",
        "87", None, "no", ""]  # fmt: skip
# The same rows as real workbook cells: numbers as numbers (Excel keeps no «.0» nor dots).
PENON_CELDAS = [*PENON[:3], 9001234568, "Manga", 3001234567, PENON[6], 1234, *PENON[8:]]
NINO_CELDAS = [*NINO[:7], 87, *NINO[8:]]
CON_VACIA = [ENCABEZADOS, PENON, VACIA, NINO]  # a blank row in the middle


def _libreoffice(filas):
    return archivos.libreoffice_xlsx(archivos.excel_csv(filas, utf8=True), idioma=archivos.ES_CO)


ARCHIVOS = {
    "excel-csv-cp1252.csv": lambda: archivos.excel_csv(CON_VACIA),
    "excel-csv-utf8.csv": lambda: archivos.excel_csv(CON_VACIA, utf8=True),
    "coma-utf8.csv": lambda: archivos.csv_coma(CON_VACIA),
    "texto-unicode.txt": lambda: archivos.utf16_tab(CON_VACIA),
    "excel.xlsx": lambda: archivos.xlsx(
        [ENCABEZADOS, PENON_CELDAS, NINO_CELDAS], formateadas_despues=40, vacias_en_medio={3}
    ),
    "libreoffice.xlsx": lambda: _libreoffice(CON_VACIA),
}


def _registro():
    """What the registry holds, as the clerk would check it."""
    return {
        o.codigo_registro: (o.nombre, o.nit, o.telefono, o.direccion, o.afiliados,
                            o.fecha_eleccion, o.participa, o.barrio.nombre)
        for o in Organizacion.objects.select_related("barrio")
    }  # fmt: skip


ESPERADO = {
    "JAC-101": ("Junta del Peñón", "900123456-8", "3001234567", "Cra. 5 # 12-34; Manga", 1234,
                datetime.date(2021, 11, 28), True, "Manga"),
    "JAC-102": ('Junta "Niño Jesús"', None, "", "Calle 30, Bocagrande", 87, None, False,
                "Olaya St. Central"),
}  # fmt: skip


def _subir(client, nombre, contenido):
    return client.post(
        URL_IMPORTAR, {"archivo": SimpleUploadedFile(nombre, contenido)}, follow=True
    )


def _importar_en_el_admin(client, nombre, contenido):
    vista_previa = _subir(client, nombre, contenido)
    assert vista_previa.status_code == 200
    assert not vista_previa.context["trabajo"].errores, vista_previa.context["trabajo"].errores
    return vista_previa, client.post(URL_CONFIRMAR, {"trabajo": vista_previa.context["trabajo"].pk})


def _comando(tmp_path, nombre, contenido, *args):
    ruta = tmp_path / nombre
    ruta.write_bytes(contenido)
    salida, errores = io.StringIO(), io.StringIO()
    call_command("importar_juntas", str(ruta), *args, stdout=salida, stderr=errores)
    return salida.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("nombre", list(ARCHIVOS))
def test_every_file_kind_imports_the_same_juntas_from_the_command(tmp_path, nombre):
    salida = _comando(tmp_path, nombre, ARCHIVOS[nombre]())
    assert _registro() == ESPERADO
    assert "2 nuevas" in salida
    assert "Columna ignorada: K (Revisado por): no es una columna del registro" in salida


@pytest.mark.django_db
@pytest.mark.parametrize("nombre", list(ARCHIVOS))
def test_every_file_kind_imports_the_same_juntas_from_the_admin(client, secretaria, nombre):
    client.force_login(secretaria)
    vista_previa, confirmada = _importar_en_el_admin(client, nombre, ARCHIVOS[nombre]())
    assert "K (Revisado por): no es una columna del registro" in vista_previa.content.decode()
    assert confirmada.status_code == 302
    assert _registro() == ESPERADO


@pytest.mark.django_db
def test_the_command_and_the_admin_give_the_same_registry(client, secretaria, tmp_path):
    contenido = archivos.excel_csv(CON_VACIA)
    _comando(tmp_path, "juntas.csv", contenido)
    por_comando = _registro()
    Organizacion.objects.all().delete()
    client.force_login(secretaria)
    _importar_en_el_admin(client, "juntas.csv", contenido)
    assert _registro() == por_comando == ESPERADO


def _con_afiliados(*valores):
    filas = [ENCABEZADOS]
    for numero, valor in enumerate(valores):
        fila = list(PENON)
        fila[0], fila[3], fila[7] = f"JAC-2{numero:02d}", "", valor
        filas.append(fila)
    return archivos.excel_csv(filas)


@pytest.mark.django_db
def test_ambiguous_numbers_are_refused_with_line_and_column_and_nothing_is_written(tmp_path):
    contenido = _con_afiliados("1.234", "1,5", "12.34", "1,234", "mil")
    with pytest.raises(CommandError, match="4 errores"):
        ruta = tmp_path / "juntas.csv"
        ruta.write_bytes(contenido)
        errores = io.StringIO()
        call_command("importar_juntas", str(ruta), stderr=errores)
    lineas = errores.getvalue().splitlines()
    assert lineas[0].startswith("línea 3, columna H (Afiliados): «1,5» no es un número entero")
    assert lineas[1].startswith("línea 4, columna H (Afiliados): «12.34» no es un número entero")
    assert lineas[2].startswith("línea 5, columna H (Afiliados): «1,234» no es un número entero")
    assert lineas[3].startswith("línea 6, columna H (Afiliados): «mil» no es un número")
    assert Organizacion.objects.count() == 0


@pytest.mark.django_db
def test_thousands_are_read_as_thousands_never_truncated(tmp_path):
    _comando(tmp_path, "juntas.csv", _con_afiliados("1.234", "12.345", "1.000.000", "45"))
    assert sorted(Organizacion.objects.values_list("afiliados", flat=True)) == [
        45, 1234, 12345, 1000000
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_missing_required_column_is_named_in_spanish(client, secretaria, tmp_path):
    sin_codigo = [fila[1:] for fila in CON_VACIA]
    contenido = archivos.excel_csv(sin_codigo)
    with pytest.raises(CommandError) as error:
        _comando(tmp_path, "juntas.csv", contenido)
    assert "Falta la columna «codigo_registro» (Código de registro)" in str(error.value)
    client.force_login(secretaria)
    respuesta = _subir(client, "juntas.csv", contenido)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Falta la columna «codigo_registro» (Código de registro)" in html
    assert "Traceback" not in html and "InvalidDimensions" not in html
    assert Organizacion.objects.count() == 0


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


def _xls():
    return archivos.libreoffice_xlsx(
        archivos.excel_csv(CON_VACIA, utf8=True), filtro="xls:MS Excel 97"
    )


NO_SON_HOJAS = {
    "acta.pdf": (_pdf, "«acta.pdf» es un PDF, no una hoja de cálculo"),
    "acta.docx": (_docx, "«acta.docx» no es una hoja de cálculo"),
    "juntas.xls": (_xls, "Es un archivo de Excel 97-2003 (.xls)"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("nombre", list(NO_SON_HOJAS))
def test_a_file_that_is_no_spreadsheet_is_refused_in_spanish(client, secretaria, tmp_path, nombre):
    generar, dice = NO_SON_HOJAS[nombre]
    contenido = generar()
    with pytest.raises(CommandError, match="No se importó nada") as error:
        _comando(tmp_path, nombre, contenido)
    assert dice in str(error.value)
    client.force_login(secretaria)
    respuesta = _subir(client, nombre, contenido)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert dice in html
    for jerga in ("BadZipFile", "Traceback", "encountered while trying to read"):
        assert jerga not in html
    assert Organizacion.objects.count() == 0
