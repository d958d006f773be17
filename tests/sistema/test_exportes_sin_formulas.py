"""No export opens a typed text as a formula (CSV/formula injection).

One sweep: texts that start with =, +, -, @, tab or CR go into every field an export carries (a
Junta's name, address and contact, the board's names, free-text survey answers, a milestone's
title) and every export the portal offers is downloaded in every format: the admin's registry
and board exports, the survey's wide and long exports, the indicators and the open data. No
cell may start with a formula character, and every planted text must be there, escaped.
"""

import csv
import datetime
import io
import json

import openpyxl
import pytest
import tablib
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import Dimension, Instrumento, Pregunta, Respuesta, RespuestaPregunta
from hitos.models import Compromiso, Hito, Indicador
from juntas.models import Dignatario, Organizacion
from juntas.resources import OrganizacionResource, TextoWidget
from nucleo.formatos import CSVParaExcel, CSVParaProgramas, XLSXConCeldas
from nucleo.hojas import INICIOS_DE_FORMULA, celda_segura, dataset_seguro, sin_escape
from tests.factories import DignatarioFactory, OrganizacionFactory

PELIGROSOS = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_safe_cell_escapes_text_that_opens_a_formula_and_nothing_else():
    for texto in PELIGROSOS:
        assert celda_segura(texto) == "'" + texto
    assert celda_segura("-5") == "'-5"  # a negative number typed as text
    assert celda_segura(-5) == -5  # a real number is no formula
    assert celda_segura(2.5) == 2.5
    assert celda_segura(None) is None
    hoy = datetime.date(2023, 5, 5)
    assert celda_segura(hoy) is hoy
    assert celda_segura("Junta El Cabrero") == "Junta El Cabrero"
    assert celda_segura("") == ""
    datos = dataset_seguro([["=1", 3, None]], encabezados=["a", "b", "c"])
    assert datos[0] == ("'=1", 3, None)


def test_import_undoes_the_escape_of_an_exported_file():
    for texto in PELIGROSOS:
        assert sin_escape(celda_segura(texto)) == texto
    assert sin_escape("'hola") == "'hola"  # an apostrophe the person typed stays
    assert TextoWidget().clean("'+57 300 123 4567") == "+57 300 123 4567"


@pytest.fixture
def datos_peligrosos(db):
    """A Junta, its board, a submitted survey and a milestone, every text field hostile."""
    junta = OrganizacionFactory(
        nombre=PELIGROSOS[0],
        direccion=PELIGROSOS[1],
        telefono=PELIGROSOS[2],
        correo=PELIGROSOS[3],
        personeria_numero=PELIGROSOS[4],
        notas=PELIGROSOS[5],
    )
    for desde, cargo in ((0, "presidente"), (3, "tesorero")):
        DignatarioFactory(
            organizacion=junta,
            cargo=cargo,
            nombres=PELIGROSOS[desde],
            apellidos=PELIGROSOS[desde + 1],
            telefono=PELIGROSOS[desde + 2],
            correo=PELIGROSOS[(desde + 3) % 6],
        )

    instrumento = Instrumento.objects.get(version=1, ronda=Instrumento.Ronda.LINEA_BASE)
    hoy = timezone.localdate()
    instrumento.estado = Instrumento.Estado.PUBLICADO
    instrumento.abre, instrumento.cierra = hoy - datetime.timedelta(5), hoy + datetime.timedelta(25)
    instrumento.save()
    respuesta = Respuesta.objects.create(
        organizacion=junta,
        instrumento=instrumento,
        estado=Respuesta.Estado.ENVIADA,
        enviada_en=timezone.now(),
        indice=50,
    )
    dimension = Dimension.objects.order_by("orden").first()
    for numero, texto in enumerate(PELIGROSOS):
        pregunta = Pregunta.objects.create(
            instrumento=instrumento,
            dimension=dimension,
            codigo=f"comentario-{numero}",
            texto=f"Comentario libre {numero}",
            tipo=Pregunta.Tipo.TEXTO_LARGO,
            obligatoria=False,
            orden=90 + numero,
        )
        RespuestaPregunta.objects.create(respuesta=respuesta, pregunta=pregunta, texto=texto)

    compromiso = Compromiso.objects.create(
        codigo="COCDI0001",
        titulo="Fortalecer a las Juntas en contratación pública",
        plan="Plan de acción local 2022–2023",
        inicio=datetime.date(2023, 1, 2),
        fin=datetime.date(2023, 11, 30),
        entidad_lider="Secretaría de Participación",
        valores=["participacion_civica"],
    )
    for numero, texto in enumerate(PELIGROSOS, start=1):
        hito = Hito.objects.create(
            compromiso=compromiso,
            numero=numero,
            titulo=texto,
            tipo=Hito.Tipo.OTRO,
            inicio_previsto=datetime.date(2023, 1, 2),
            fin_previsto=datetime.date(2023, 9, 30),
            responsable="Secretaría",
        )
        Indicador.objects.create(hito=hito, codigo="juntas_participantes", meta=4, orden=0)
    return junta


def _celdas_csv(respuesta, separador=";"):
    texto = respuesta.content.decode("utf-8-sig")
    filas = csv.reader(io.StringIO(texto, newline=""), delimiter=separador)
    return [celda for fila in filas for celda in fila]


def _celdas_xlsx(respuesta):
    libro = openpyxl.load_workbook(io.BytesIO(respuesta.content))
    celdas = [celda for hoja in libro.worksheets for fila in hoja.iter_rows() for celda in fila]
    formulas = [c.coordinate for c in celdas if c.data_type == "f"]
    assert not formulas, f"formula cells: {formulas}"
    return [c.value for c in celdas]


def _revisar(respuesta, formato, esperados=PELIGROSOS, separador=";"):
    assert respuesta.status_code == 200, respuesta.content[:300]
    celdas = _celdas_xlsx(respuesta) if formato == "xlsx" else _celdas_csv(respuesta, separador)
    vivas = [c for c in celdas if isinstance(c, str) and c.startswith(INICIOS_DE_FORMULA)]
    assert not vivas, f"cells that open as formulas: {vivas}"
    for texto in esperados:  # the planted text is in the file, escaped, not dropped
        if formato == "xlsx":  # XML reads a stored carriage return back as a line feed
            texto = texto.replace("\r", "\n")
        assert "'" + texto in celdas, f"{texto!r} missing from the {formato} export"


FORMATOS_DEL_ADMIN = {"xlsx": XLSXConCeldas, "csv": CSVParaExcel, "csv-coma": CSVParaProgramas}


def _exportar_del_admin(client, modelo, formato, consulta=""):
    """The admin's export form sent as a clerk sends it: `formato` is xlsx, csv (for Excel) or
    csv-coma (for programs); `consulta` the change list's filters, carried in the address."""
    url = reverse(f"admin:juntas_{modelo}_export") + consulta
    formulario = client.get(url).context["form"]
    formatos = {str(etiqueta): valor for valor, etiqueta in formulario.fields["format"].choices}
    datos = {"format": formatos[str(FORMATOS_DEL_ADMIN[formato]().get_title())]}
    for nombre, campo in formulario.fields.items():
        if getattr(campo, "is_selectable_field", False) and campo.initial:
            datos[nombre] = "on"
    return client.post(url, datos)


EXPORTES_DEL_ADMIN = [
    (modelo, formato) for modelo in ("organizacion", "dignatario") for formato in ("xlsx", "csv")
]
EXPORTES_DEL_DIAGNOSTICO = [
    (forma, formato) for forma in ("ancha", "larga") for formato in ("xlsx", "csv")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("modelo", "formato"), EXPORTES_DEL_ADMIN)
def test_admin_exports_escape_formulas(client, secretaria, datos_peligrosos, modelo, formato):
    client.force_login(secretaria)
    _revisar(_exportar_del_admin(client, modelo, formato), formato)


@pytest.mark.django_db
@pytest.mark.parametrize(("forma", "formato"), EXPORTES_DEL_DIAGNOSTICO)
@pytest.mark.parametrize("rol", ["monitor", "secretaria"])
def test_survey_exports_escape_formulas(client, request, datos_peligrosos, rol, forma, formato):
    client.force_login(request.getfixturevalue(rol))
    respuesta = client.get(reverse("resultados:exportar"), {"formato": formato, "forma": forma})
    esperados = PELIGROSOS
    if forma == "ancha" and rol == "monitor":
        esperados = [PELIGROSOS[0]]  # the Junta's name; answers are columns named by code
    _revisar(respuesta, formato, esperados)
    if forma == "ancha" and rol == "secretaria":  # with the president's name and phone
        celdas = _celdas_xlsx(respuesta) if formato == "xlsx" else _celdas_csv(respuesta)
        presidente = Dignatario.objects.get(cargo="presidente")
        assert "'" + presidente.telefono in celdas


@pytest.mark.django_db
@pytest.mark.parametrize("formato", ["xlsx", "csv"])
def test_indicator_exports_escape_formulas(client, monitor, datos_peligrosos, formato):
    client.force_login(monitor)
    respuesta = client.get(reverse("tablero:indicadores", args=[formato]))
    _revisar(respuesta, formato)


@pytest.mark.django_db
def test_open_data_csv_escapes_formulas(client, datos_peligrosos):
    _revisar(client.get(reverse("transparencia:csv")), "csv", separador=",")
    _revisar(client.get(reverse("transparencia:csv_excel")), "csv")


@pytest.mark.django_db
def test_open_data_json_keeps_the_exact_text(client, datos_peligrosos):
    """JSON is read by programs, not opened as a sheet: it carries the title as typed (an
    escape there would corrupt the data; whoever turns it into a sheet escapes it then)."""
    cuerpo = json.loads(client.get(reverse("transparencia:json")).content)
    assert [h["titulo"] for h in cuerpo["hitos"]] == PELIGROSOS


@pytest.mark.django_db
def test_registry_export_imports_back_unchanged(datos_peligrosos):
    """The apostrophe the export adds is removed on import: a round trip changes nothing."""
    # A phone and an e-mail the registry's validators accept; the texts stay hostile (without
    # the leading tab and CR, which an import trims from every text as before).
    Organizacion.objects.filter(pk=datos_peligrosos.pk).update(
        telefono="3001234567", correo="junta@example.org", personeria_numero="-7", notas="@nota"
    )
    exportado = OrganizacionResource().export()
    assert exportado[0][0:2] == ((datos_peligrosos.codigo_registro, "'" + PELIGROSOS[0]))
    archivo = tablib.Dataset().load(exportado.export("csv"), format="csv")
    resultado = OrganizacionResource().import_data(archivo, dry_run=True)
    assert not resultado.has_errors() and not resultado.has_validation_errors()
    assert resultado.totals["skip"] == 1 and resultado.totals["update"] == 0
