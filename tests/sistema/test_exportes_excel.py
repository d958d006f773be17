"""Every export opens in Excel under Spanish (Colombia) with its numbers and dates as such.

One sweep over every export the portal makes and every role that reaches it (the same list as
`test_exportes_sin_formulas.py`, plus the machine CSVs, the personal-data workbook, the report
PDF and the certificate): a CSV for Excel starts with the UTF-8 BOM, is `;`-separated with CRLF,
writes numbers with a decimal comma and no thousands separator and dates dd/mm/aaaa; the CSV for
programs (`?separador=coma`, the admin's «CSV para programas», /transparencia/datos.csv) is `,`,
decimal point, ISO dates, no BOM; an XLSX has date cells (DD/MM/YYYY) and number cells; the PDFs
print `85,30`, `1.080`, `32 horas`; a filtered export names its filter in the file name.
LibreOffice Calc set to es-CO opens the CSV for Excel and gets numbers and dates, not texts.
"""

import csv
import datetime
import io
import re
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from capacitacion import certificados
from capacitacion.models import (
    Certificado,
    Dimension,
    Instrumento,
    Modulo,
    Persona,
    Pregunta,
    Respuesta,
    RespuestaPregunta,
)
from demo.capacitacion import sembrar_estrategia
from hitos.models import Compromiso, Hito, Indicador
from juntas.models import Localidad, UnidadComunera
from nucleo import hojas
from nucleo.descargas import nombre_de_archivo
from tests.factories import DignatarioFactory, OrganizacionFactory, crear_lider
from tests.sistema.test_exportes_sin_formulas import _exportar_del_admin

BOM = b"\xef\xbb\xbf"
HOY = timezone.localdate()
NUMERO_CON_PUNTO = re.compile(r"^-?\d+\.\d+$")
NUMERO_CON_COMA = re.compile(r"^-?\d+,\d+$")
FECHA_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
FECHA_ES_CO = re.compile(r"^\d{2}/\d{2}/\d{4}")


@pytest.fixture
def datos(db):
    """A Junta with 1,080 affiliates and its board, a submitted survey with index 85.30 and a
    number answer 12.5, and a milestone whose indicators aim at 1,080 and 85.30."""
    junta = OrganizacionFactory(nombre="JAC Barrio Ñuñoa", afiliados=1080)
    DignatarioFactory(
        organizacion=junta, cargo="presidente", periodo_inicio=datetime.date(2022, 2, 1)
    )
    instrumento = Instrumento.objects.get(version=1, ronda=Instrumento.Ronda.LINEA_BASE)
    instrumento.estado = Instrumento.Estado.PUBLICADO
    instrumento.abre, instrumento.cierra = HOY - datetime.timedelta(5), HOY + datetime.timedelta(25)
    instrumento.save()
    respuesta = Respuesta.objects.create(
        organizacion=junta,
        instrumento=instrumento,
        estado=Respuesta.Estado.ENVIADA,
        enviada_en=timezone.now(),
        indice=Decimal("85.30"),
    )
    pregunta = Pregunta.objects.create(
        instrumento=instrumento,
        dimension=Dimension.objects.order_by("orden").first(),
        codigo="contratos-firmados",
        texto="¿Cuántos contratos firmó la Junta?",
        tipo=Pregunta.Tipo.NUMERO,
        obligatoria=False,
        orden=99,
    )
    RespuestaPregunta.objects.create(
        respuesta=respuesta, pregunta=pregunta, numero=Decimal("12.50"), puntaje=Decimal("62.5")
    )
    compromiso = Compromiso.objects.create(
        codigo="COCDI0001",
        titulo="Fortalecer a las Juntas en contratación pública",
        plan="Plan de acción local 2022–2023",
        inicio=datetime.date(2023, 1, 2),
        fin=datetime.date(2023, 11, 30),
        entidad_lider="Secretaría de Participación",
        valores=["participacion_civica"],
    )
    hito = Hito.objects.create(
        compromiso=compromiso,
        numero=1,
        titulo="Registro de las Juntas",
        tipo=Hito.Tipo.OTRO,
        inicio_previsto=datetime.date(2023, 1, 2),
        fin_previsto=datetime.date(2023, 9, 30),
        responsable="Secretaría",
    )
    Indicador.objects.create(hito=hito, codigo="juntas_participantes", meta=1080, orden=0)
    Indicador.objects.create(
        hito=hito, codigo="sesiones_realizadas", meta=Decimal("85.30"), orden=1
    )
    return junta


# What each export must carry: a number cell and a date cell, by column name.
CELDAS = {
    "organizacion": {"afiliados": 1080, "periodo_inicio": datetime.date(2022, 2, 1)},
    "dignatario": {"periodo_inicio": datetime.date(2022, 2, 1)},
    "ancha": {"indice_capacidad": 85.3, "enviada_en": HOY, "contratos-firmados": 12.5},
    "larga": {"puntaje": 62.5},
    "indicadores": {"meta": 1080},
}


def _csv(respuesta, separador):
    texto = respuesta.content.decode("utf-8-sig")
    filas = list(csv.reader(io.StringIO(texto, newline=""), delimiter=separador))
    assert len(filas[0]) > 3, f"not {separador!r}-separated: {filas[0]}"
    assert all(len(f) == len(filas[0]) for f in filas), "rows of different widths"
    return filas


def _columna(filas, nombre):
    posicion = filas[0].index(nombre)
    return [f[posicion] for f in filas[1:]]


def _revisar_csv_excel(respuesta, nombre):
    assert respuesta.status_code == 200, respuesta.content[:300]
    assert respuesta["Content-Type"] == "text/csv; charset=utf-8"
    assert respuesta.content.startswith(BOM), "Excel reads UTF-8 only with a BOM"
    assert b"\r\n" in respuesta.content and b"\n" not in respuesta.content.replace(b"\r\n", b"")
    filas = _csv(respuesta, ";")
    celdas = [c for f in filas[1:] for c in f]
    assert not [c for c in celdas if NUMERO_CON_PUNTO.match(c)], "a number with a decimal point"
    assert not [c for c in celdas if FECHA_ISO.match(c)], "an ISO date: Excel es-CO reads dd/mm"
    for columna, valor in CELDAS[nombre].items():
        leidos = _columna(filas, columna)
        if isinstance(valor, datetime.date):
            assert valor.strftime("%d/%m/%Y") in leidos, (columna, leidos)
        elif valor is None:
            assert leidos and all(FECHA_ES_CO.match(c) for c in leidos if c), (columna, leidos)
        else:
            assert hojas.texto_csv(valor) in leidos, (columna, leidos)
            assert "." not in hojas.texto_csv(valor)
    return filas


def _revisar_csv_programas(respuesta, nombre):
    assert respuesta.status_code == 200, respuesta.content[:300]
    assert not respuesta.content.startswith(BOM)
    filas = _csv(respuesta, ",")
    celdas = [c for f in filas[1:] for c in f]
    assert not [c for c in celdas if NUMERO_CON_COMA.match(c)], "a number with a decimal comma"
    assert not [c for c in celdas if FECHA_ES_CO.match(c)], "a dd/mm/aaaa date for programs"
    for columna, valor in CELDAS[nombre].items():
        leidos = _columna(filas, columna)
        if isinstance(valor, datetime.date):
            assert valor.isoformat() in leidos, (columna, leidos)
        elif valor is None:
            assert leidos and all(FECHA_ISO.match(c) for c in leidos if c), (columna, leidos)
        else:
            assert str(valor) in leidos, (columna, leidos)


def _revisar_xlsx(respuesta, nombre=None):
    assert respuesta.status_code == 200, respuesta.content[:300]
    assert respuesta["Content-Type"] == hojas.TIPO_XLSX
    libro = openpyxl.load_workbook(io.BytesIO(respuesta.content))
    celdas = [c for hoja in libro.worksheets for fila in hoja.iter_rows(min_row=2) for c in fila]
    textos = [c.value for c in celdas if isinstance(c.value, str)]
    assert not [t for t in textos if FECHA_ES_CO.match(t) or FECHA_ISO.match(t)], "a text date"
    fechas = [c for c in celdas if isinstance(c.value, datetime.datetime)]
    assert fechas, "no date cell"
    assert all(c.number_format.startswith("DD/MM/YYYY") for c in fechas)
    numeros = [c for c in celdas if isinstance(c.value, int | float) and c.data_type == "n"]
    assert all(c.number_format in (hojas.FORMATO_ENTERO, hojas.FORMATO_DECIMAL) for c in numeros)
    hoja = libro.worksheets[0]
    encabezado = [c.value for c in hoja[1]]
    for columna, valor in CELDAS.get(nombre, {}).items():
        leidos = [f[encabezado.index(columna)] for f in hoja.iter_rows(min_row=2)]
        if isinstance(valor, datetime.date):
            assert datetime.datetime.combine(valor, datetime.time()) in [c.value for c in leidos]
        elif valor is None:
            assert all(isinstance(c.value, datetime.datetime) for c in leidos if c.value)
        else:
            assert valor in [c.value for c in leidos], (columna, [c.value for c in leidos])
    return libro


ADMIN = ["organizacion", "dignatario"]
DIAGNOSTICO = ["ancha", "larga"]


@pytest.mark.django_db
@pytest.mark.parametrize("modelo", ADMIN)
def test_admin_exports_open_in_excel_es_co(client, secretaria, datos, modelo):
    client.force_login(secretaria)
    _revisar_csv_excel(_exportar_del_admin(client, modelo, "csv"), modelo)
    _revisar_csv_programas(_exportar_del_admin(client, modelo, "csv-coma"), modelo)
    _revisar_xlsx(_exportar_del_admin(client, modelo, "xlsx"), modelo)


@pytest.mark.django_db
@pytest.mark.parametrize("forma", DIAGNOSTICO)
@pytest.mark.parametrize("rol", ["monitor", "secretaria"])
def test_survey_exports_open_in_excel_es_co(client, request, datos, rol, forma):
    client.force_login(request.getfixturevalue(rol))
    url = reverse("resultados:exportar")
    pagina = client.get(reverse("resultados:diagnostico")).content.decode()
    assert f"forma={forma}&amp;separador=coma" in pagina  # the page offers and explains it
    assert "CSV para programas" in pagina
    _revisar_csv_excel(client.get(url, {"formato": "csv", "forma": forma}), forma)
    maquinas = client.get(url, {"formato": "csv", "forma": forma, "separador": "coma"})
    _revisar_csv_programas(maquinas, forma)
    respuesta = client.get(url, {"formato": "xlsx", "forma": forma})
    if forma == "ancha":
        _revisar_xlsx(respuesta, forma)
    else:  # the long form has no date column: its score is a number cell
        libro = openpyxl.load_workbook(io.BytesIO(respuesta.content))
        puntajes = [f[-1] for f in libro.active.iter_rows(min_row=2)]
        assert 62.5 in [c.value for c in puntajes]
        assert {c.number_format for c in puntajes if c.value is not None} <= {
            hojas.FORMATO_ENTERO,
            hojas.FORMATO_DECIMAL,
        }


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["monitor", "secretaria"])
def test_indicator_exports_open_in_excel_es_co(client, request, datos, rol):
    client.force_login(request.getfixturevalue(rol))
    filas = _revisar_csv_excel(
        client.get(reverse("tablero:indicadores", args=["csv"])), "indicadores"
    )
    assert "85,3" in _columna(filas, "meta")
    maquinas = client.get(reverse("tablero:indicadores", args=["csv"]), {"separador": "coma"})
    assert "separador=coma" in client.get(reverse("tablero:inicio")).content.decode()
    _revisar_csv_programas(maquinas, "indicadores")
    libro = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("tablero:indicadores", args=["xlsx"])).content)
    )
    metas = [f[6] for f in libro.active.iter_rows(min_row=2)]
    assert [c.value for c in metas] == [1080, 85.3]
    assert [c.number_format for c in metas] == [hojas.FORMATO_ENTERO, hojas.FORMATO_DECIMAL]


@pytest.mark.django_db
def test_open_data_comes_for_programs_and_for_excel(client, datos):
    programas = client.get(reverse("transparencia:csv"))
    _revisar_csv_programas(programas, "indicadores")
    assert "85.3" in _columna(_csv(programas, ","), "meta")
    excel = client.get(reverse("transparencia:csv_excel"))
    _revisar_csv_excel(excel, "indicadores")
    pagina = client.get(reverse("transparencia:inicio")).content.decode()
    assert reverse("transparencia:csv") in pagina and reverse("transparencia:csv_excel") in pagina
    assert "punto y coma" in pagina  # the page says which file is which


@pytest.mark.django_db
def test_personal_data_workbook_has_date_cells(client, datos):
    lider = crear_lider(datos, username="lider-excel")
    client.force_login(lider)
    _revisar_xlsx(client.get(reverse("privacidad:descargar_xlsx")))


def _texto_pdf(contenido):
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(contenido)).pages)


@pytest.mark.django_db
def test_report_pdf_and_page_print_colombian_numbers(client, monitor, datos):
    client.force_login(monitor)
    texto = _texto_pdf(client.get(reverse("tablero:informe"), {"formato": "pdf"}).content)
    assert "1.080" in texto and "85,30" in texto
    assert "1080" not in texto and "85.3" not in texto
    pagina = client.get(reverse("tablero:informe")).content.decode()
    assert "1.080" in pagina and "85,30" in pagina and "1080" not in pagina


@pytest.mark.django_db
@pytest.mark.parametrize(("horas", "impreso"), [("32.0", "32 horas"), ("30.5", "30,5 horas")])
def test_certificate_prints_hours_the_colombian_way(client, secretaria, datos, horas, impreso):
    sembrar_estrategia()
    modulo = Modulo.objects.get(nombre="Organización comunal y la Ley 2166 de 2021")
    persona = Persona.objects.create(
        documento="1047123456", nombres="Ana María", apellidos="Pérez", organizacion=datos
    )
    certificado = Certificado.objects.create(
        tipo=Certificado.Tipo.MODULO,
        persona=persona,
        modulo=modulo,
        organizacion=datos,
        horas=Decimal(horas),
        emitido=datetime.date(2023, 9, 15),
    )
    certificado.refresh_from_db()  # a Decimal with one place, as the database gives it
    client.force_login(secretaria)
    respuesta = client.get(
        reverse("capacitacion_portal:certificado_pdf", args=[certificado.codigo])
    )
    assert respuesta["Content-Disposition"] == (
        f'attachment; filename="{certificados.nombre_archivo(certificado)}"'
    )
    texto = " ".join(_texto_pdf(respuesta.content).split())
    assert f"asistió a {impreso}" in texto and f"({modulo.horas} horas)" in texto
    assert horas not in texto
    assert "1.047.123.456" in texto  # the document as it is printed on an ID card
    publica = client.get(reverse("publico:certificado", args=[certificado.codigo]))
    assert impreso.removesuffix(" horas") + " de" in publica.content.decode()


# File names ---------------------------------------------------------------------------------


def _nombre(respuesta):
    cabecera = respuesta["Content-Disposition"]
    assert cabecera.startswith("attachment; filename=")
    return cabecera.split("filename=")[1].strip('"')


@pytest.mark.django_db
def test_filtered_survey_export_names_its_filters(client, monitor, datos):
    client.force_login(monitor)
    localidad, ucg = datos.localidad, datos.unidad_comunera
    url = reverse("resultados:exportar")
    sin_filtro = _nombre(client.get(url, {"formato": "xlsx", "forma": "ancha"}))
    assert sin_filtro == "diagnostico-linea-base-v1-ancha.xlsx"
    filtrado = client.get(
        url,
        {"formato": "csv", "forma": "larga", "tipo": "JAC", "localidad": localidad.pk,
         "ucg": ucg.pk},
    )  # fmt: skip
    esperado = nombre_de_archivo(
        "diagnostico-linea-base-v1-larga-tipo-jac-localidad", localidad.nombre, "ucg", ucg.numero
    )
    assert _nombre(filtrado) == f"{esperado}.csv"
    assert re.fullmatch(r"[a-z0-9-]+\.csv", _nombre(filtrado))  # ASCII, no accents or spaces
    otra = Localidad.objects.exclude(pk=localidad.pk).first()
    assert otra.nombre != localidad.nombre
    nombre_otra = _nombre(client.get(url, {"formato": "xlsx", "localidad": otra.pk}))
    assert nombre_de_archivo(otra.nombre) in nombre_otra


@pytest.mark.django_db
def test_filtered_admin_export_names_its_filters(client, secretaria, datos):
    client.force_login(secretaria)
    fecha = f"{HOY:%Y-%m-%d}"
    assert _nombre(_exportar_del_admin(client, "organizacion", "xlsx")) == (
        f"organizaciones-comunales-{fecha}.xlsx"
    )
    localidad = datos.localidad
    consulta = f"?localidad__id__exact={localidad.pk}&participa__exact=1&q=Ñuñoa"
    respuesta = _exportar_del_admin(client, "organizacion", "csv", consulta)
    assert _nombre(respuesta) == nombre_de_archivo(
        "organizaciones comunales", fecha, "localidad", localidad.nombre,
        "participa en la estrategia", "sí", "búsqueda", "Ñuñoa",
    ) + ".csv"  # fmt: skip
    filas = _csv(respuesta, ";")
    assert [f[1] for f in filas[1:]] == [datos.nombre]  # the export respects the filter
    ucg = UnidadComunera.objects.exclude(pk=datos.unidad_comunera_id).first()
    vacia = _exportar_del_admin(
        client, "organizacion", "csv", f"?unidad_comunera__id__exact={ucg.pk}"
    )
    assert _nombre(vacia) == f"organizaciones-comunales-{fecha}-ucg-ucg-{ucg.numero}.csv"
    assert len(_csv(vacia, ";")) == 1  # only the header


# The writers themselves, and Excel's reading as LibreOffice Calc in es-CO does it -------------


def test_writers_keep_numbers_and_dates_for_each_reader():
    datos = hojas.dataset_seguro(
        [[Decimal("85.30"), Decimal("1080.00"), 3, datetime.date(2023, 12, 31), "=1+1", None]],
        encabezados=["a", "b", "c", "d", "e", "f"],
    )
    assert hojas.csv_bytes(datos) == BOM + b"a;b;c;d;e;f\r\n85,3;1080;3;31/12/2023;'=1+1;\r\n"
    assert hojas.csv_bytes(datos, para=hojas.MAQUINAS) == (
        b"a,b,c,d,e,f\r\n85.3,1080,3,2023-12-31,'=1+1,\r\n"
    )
    hoja = openpyxl.load_workbook(io.BytesIO(hojas.xlsx_bytes(datos))).active
    fila = list(hoja[2])
    assert [c.value for c in fila] == [
        85.3, 1080, 3, datetime.datetime(2023, 12, 31), "'=1+1", None,
    ]  # fmt: skip
    assert [c.number_format for c in fila[:4]] == ["#,##0.0#", "#,##0", "#,##0", "DD/MM/YYYY"]
    assert hoja.freeze_panes == "A2"


def test_a_bogota_time_is_written_in_bogota():
    instante = datetime.datetime(2024, 1, 1, 3, 30, tzinfo=datetime.UTC)  # 31/12 22:30 in Bogotá
    datos = hojas.dataset_seguro([[instante]], encabezados=["enviada"])
    assert "31/12/2023 22:30" in hojas.csv_bytes(datos).decode("utf-8-sig")
    assert "2023-12-31T22:30:00-05:00" in hojas.csv_bytes(datos, para=hojas.MAQUINAS).decode()
    celda = openpyxl.load_workbook(io.BytesIO(hojas.xlsx_bytes(datos))).active["A2"]
    assert celda.value == datetime.datetime(2023, 12, 31, 22, 30)


ES_CO = 9226  # LibreOffice's language id for Spanish (Colombia), as Windows' LCID 0x240A


def _libreoffice(contenido, separador, idioma):
    """LibreOffice Calc opening a CSV as a person whose locale is `idioma` would, saved as XLSX."""
    with tempfile.TemporaryDirectory() as carpeta:
        origen = Path(carpeta) / "datos.csv"
        origen.write_bytes(contenido)
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{carpeta}/perfil",
             f"--infilter=CSV:{ord(separador)},34,76,1,,{idioma}",
             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", carpeta, str(origen)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        return openpyxl.load_workbook(Path(carpeta) / "datos.xlsx").active


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice Calc is not installed")
@pytest.mark.django_db
def test_a_spreadsheet_in_es_co_reads_the_excel_csv_as_numbers_and_dates(client, monitor, datos):
    client.force_login(monitor)
    contenido = client.get(
        reverse("resultados:exportar"), {"formato": "csv", "forma": "ancha"}
    ).content
    hoja = _libreoffice(contenido, ";", ES_CO)
    encabezado = [c.value for c in hoja[1]]
    fila = {e: c.value for e, c in zip(encabezado, hoja[2], strict=True)}
    assert fila["indice_capacidad"] == 85.3
    assert fila["contratos-firmados"] == 12.5
    assert fila["enviada_en"] == datetime.datetime.combine(HOY, datetime.time())
    assert fila["organizacion"] == "JAC Barrio Ñuñoa"  # UTF-8 read through the BOM
