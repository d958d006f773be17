"""Registry import/export: XLSX and CSV, preview, all-or-nothing, each bad row explained."""

import datetime
import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from juntas.models import Organizacion
from juntas.resources import OrganizacionResource, importar
from nucleo.formatos import XLSXConCeldas
from tests.factories import OrganizacionFactory

ENCABEZADO = [
    "codigo_registro",
    "nombre",
    "tipo",
    "nit",
    "barrio",
    "estado",
    "afiliados",
    "fecha_eleccion",
    "periodo_inicio",
    "periodo_fin",
    "participa",
    "telefono",
]
BUENAS = [
    [
        "JAC-001",
        "JAC Barrio Manga",
        "JAC",
        "900.123.456-8",
        "Manga",
        "Activa",
        150,
        "28/11/2021",
        "01/02/2022",
        "30/04/2026",
        "sí",
        3001234567,
    ],
    [
        "JAC-002",
        "JAC Barrio Olaya Central",
        "Junta de Acción Comunal",
        "",
        "olaya st. central",
        "activa",
        320,
        "28/11/2021",
        "01/02/2022",
        "30/04/2026",
        "no",
        "",
    ],
    [
        "JVC-003",
        "JVC Pasacaballos",
        "JVC",
        "",
        "Pasacaballos",
        "suspendida",
        "",
        "",
        "",
        "",
        "no",
        "",
    ],
]
MALAS = [
    [
        "JAC-004",
        "JAC Barrio Inventado",
        "JAC",
        "",
        "Barrio Que No Existe",
        "activa",
        10,
        "",
        "",
        "",
        "no",
        "",
    ],
    [
        "JAC-005",
        "JAC NIT errado",
        "JAC",
        "900123456-1",
        "Manga",
        "activa",
        10,
        "",
        "",
        "",
        "no",
        "",
    ],
    ["JAC-006", "JAC fecha mala", "JAC", "", "Manga", "activa", 10, "31/02/2022", "", "", "no", ""],
    ["JAC-007", "JAC tipo raro", "Club", "", "Manga", "activa", 10, "", "", "", "no", ""],
]


def _xlsx(filas):
    libro = openpyxl.Workbook()
    hoja = libro.active
    hoja.append(ENCABEZADO)
    for fila in filas:
        hoja.append(fila)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def _csv(filas):
    return tablib.Dataset(*filas, headers=ENCABEZADO).export("csv").encode()


def _dataset(filas):
    return tablib.Dataset(*filas, headers=ENCABEZADO)


URL_IMPORTAR = reverse("admin:juntas_organizacion_import")
URL_CONFIRMAR = reverse("admin:juntas_organizacion_process_import")


def _subir_al_admin(client, extension, contenido):
    """Upload a file to the admin's import form (the preview step)."""
    return client.post(
        URL_IMPORTAR,
        {"archivo": SimpleUploadedFile(f"juntas.{extension}", contenido)},
        follow=True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("extension", "generar"), [("xlsx", _xlsx), ("csv", _csv)])
def test_admin_import_previews_then_writes(client, secretaria, extension, generar):
    client.force_login(secretaria)
    vista_previa = _subir_al_admin(client, extension, generar(BUENAS))
    assert vista_previa.status_code == 200
    assert Organizacion.objects.count() == 0  # the preview writes nothing
    assert not vista_previa.context["trabajo"].errores
    respuesta = client.post(URL_CONFIRMAR, {"trabajo": vista_previa.context["trabajo"].pk})
    assert respuesta.status_code == 302
    manga = Organizacion.objects.get(codigo_registro="JAC-001")
    assert manga.nit == "900123456-8"
    assert (manga.unidad_comunera.numero, manga.localidad.codigo) == (1, "L1")
    assert manga.periodo_fin.isoformat() == "2026-04-30"
    assert manga.participa is True and manga.telefono == "3001234567"
    assert Organizacion.objects.get(codigo_registro="JAC-002").barrio.nombre == "Olaya St. Central"
    assert Organizacion.objects.get(codigo_registro="JVC-003").localidad.codigo == "L3"
    assert manga.history.first().history_user == secretaria


@pytest.mark.django_db
def test_admin_import_with_bad_rows_reports_each_and_writes_nothing(client, secretaria):
    client.force_login(secretaria)
    respuesta = _subir_al_admin(client, "xlsx", _xlsx(BUENAS + MALAS))
    contenido = respuesta.content.decode()
    assert respuesta.context["trabajo"].errores  # nothing to confirm
    assert "Confirmar la importación" not in contenido
    assert "Barrio Que No Existe" in contenido and "no está en el catálogo" in contenido
    assert "dígito de verificación" in contenido
    assert "no es una fecha; use dd/mm/aaaa" in contenido
    assert "«Club» no es un tipo válido" in contenido
    assert Organizacion.objects.count() == 0


@pytest.mark.django_db
def test_one_bad_row_rolls_back_the_whole_file():
    resultado, errores = importar(_dataset(BUENAS + MALAS[:1]))
    assert Organizacion.objects.count() == 0
    assert [(e.linea, e.campo, e.columna) for e in errores] == [(5, "barrio", "E (barrio)")]
    assert "no está en el catálogo" in errores[0].motivo


@pytest.mark.django_db
def test_errors_name_line_column_and_reason_in_spanish():
    _resultado, errores = importar(_dataset(MALAS))
    por_linea = {(e.linea, e.campo): e.motivo for e in errores}
    assert "no está en el catálogo" in por_linea[(2, "barrio")]
    assert "dígito de verificación" in por_linea[(3, "nit")]
    assert "dd/mm/aaaa" in por_linea[(4, "fecha_eleccion")]
    assert "no es un tipo válido" in por_linea[(5, "tipo")]


@pytest.mark.django_db
def test_import_updates_existing_rows_by_registry_code():
    OrganizacionFactory(codigo_registro="JAC-001", nombre="Nombre viejo", afiliados=1)
    _resultado, errores = importar(_dataset(BUENAS))
    assert errores == []
    assert Organizacion.objects.count() == 3
    assert Organizacion.objects.get(codigo_registro="JAC-001").nombre == "JAC Barrio Manga"


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    _resultado, errores = importar(_dataset(BUENAS), dry_run=True)
    assert errores == [] and Organizacion.objects.count() == 0


@pytest.mark.django_db
def test_export_has_spanish_columns_and_derived_territory(junta):
    datos = OrganizacionResource().export()
    assert datos.headers[:4] == ["codigo_registro", "nombre", "tipo", "nit"]
    fila = dict(zip(datos.headers, datos[0], strict=True))
    assert fila["ucg"] == junta.unidad_comunera.numero
    assert fila["localidad"] == junta.localidad.nombre
    assert fila["participa"] == "sí"
    assert fila["periodo_inicio"] == datetime.date(2022, 2, 1)  # a date cell, not a text


@pytest.mark.django_db
def test_export_then_import_round_trips(junta, otra_junta):
    datos = OrganizacionResource().export()
    Organizacion.objects.all().delete()
    _resultado, errores = importar(tablib.Dataset().load(datos.export("csv"), format="csv"))
    assert errores == []
    assert set(Organizacion.objects.values_list("nombre", flat=True)) == {
        junta.nombre,
        otra_junta.nombre,
    }


@pytest.mark.django_db
def test_admin_export_xlsx(client, secretaria, junta):
    client.force_login(secretaria)
    url = reverse("admin:juntas_organizacion_export")
    formulario = client.get(url).context["form"]
    titulo = str(XLSXConCeldas().get_title())
    xlsx = next(v for v, e in formulario.fields["format"].choices if str(e) == titulo)
    campos = {f"organizacionresource_{c}": "on" for c in OrganizacionResource._meta.fields}
    respuesta = client.post(url, {"format": xlsx, "resource": 0, **campos})
    assert respuesta.status_code == 200
    libro = openpyxl.load_workbook(io.BytesIO(respuesta.content))
    filas = list(libro.active.values)
    assert filas[0][0] == "codigo_registro" and filas[1][1] == junta.nombre


@pytest.mark.django_db
def test_import_command_good_file(tmp_path, capsys):
    archivo = tmp_path / "juntas.xlsx"
    archivo.write_bytes(_xlsx(BUENAS))
    call_command("importar_juntas", str(archivo))
    assert Organizacion.objects.count() == 3
    assert "3 nuevas" in capsys.readouterr().out


@pytest.mark.django_db
def test_import_command_bad_file_writes_nothing(tmp_path, capsys):
    archivo = tmp_path / "juntas.csv"
    archivo.write_bytes(_csv(BUENAS + MALAS))
    with pytest.raises(CommandError, match="4 errores"):
        call_command("importar_juntas", str(archivo))
    errores = capsys.readouterr().err
    assert "línea 5, columna E (barrio)" in errores
    assert "línea 6, columna D (nit)" in errores
    assert Organizacion.objects.count() == 0


@pytest.mark.django_db
def test_import_command_names_the_missing_columns_of_a_file_that_is_no_registry(tmp_path):
    archivo = tmp_path / "juntas.txt"
    archivo.write_text("x")
    with pytest.raises(CommandError, match="Falta la columna «codigo_registro»") as error:
        call_command("importar_juntas", str(archivo))
    assert "«nombre» (Nombre de la Junta)" in str(error.value)
    assert Organizacion.objects.count() == 0


@pytest.mark.django_db
def test_resource_alone_is_all_or_nothing():
    resultado = OrganizacionResource().import_data(
        _dataset(BUENAS + MALAS[:1]), dry_run=False, raise_errors=False
    )
    assert resultado.has_validation_errors()
    assert Organizacion.objects.count() == 0


@pytest.mark.django_db
def test_ambiguous_barrio_is_resolved_by_the_localidad_column():
    from juntas.models import Barrio, UnidadComunera

    Barrio.objects.create(nombre="Manga", unidad_comunera=UnidadComunera.objects.get(numero=14))
    encabezado = [*ENCABEZADO, "localidad"]
    ambigua = tablib.Dataset([*BUENAS[0]] + [""], headers=encabezado)
    _resultado, errores = importar(ambigua)
    assert "indique la localidad" in errores[0].motivo
    resuelta = tablib.Dataset([*BUENAS[0]] + ["L3"], headers=encabezado)
    _resultado, errores = importar(resuelta)
    assert errores == []
    assert Organizacion.objects.get(codigo_registro="JAC-001").unidad_comunera.numero == 14


@pytest.mark.django_db
def test_admin_lists_bad_rows_with_spreadsheet_line_numbers(client, secretaria):
    client.force_login(secretaria)
    respuesta = _subir_al_admin(client, "csv", _csv(BUENAS + MALAS[1:2]))
    contenido = respuesta.content.decode()
    assert "Hay filas con errores: no se importó nada" in contenido
    assert "<td>5</td><td>D (nit)</td>" in contenido


# The batch path of importar_juntas (large files) -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("masiva", [False, True])
def test_both_paths_apply_the_same_rules(masiva):
    """Same errors, all or nothing, in the admin's row-by-row path and the command's batches."""
    _resultado, errores = importar(_dataset(BUENAS + MALAS), masiva=masiva)
    assert {(e.linea, e.campo) for e in errores} >= {(5, "barrio"), (6, "nit"), (8, "tipo")}
    assert not Organizacion.objects.filter(codigo_registro__startswith="JAC-00").exists()
    _resultado, errores = importar(_dataset(BUENAS), masiva=masiva)
    assert errores == []
    manga = Organizacion.objects.get(codigo_registro="JAC-001")
    assert manga.localidad is not None and manga.unidad_comunera is not None  # derived
    assert manga.history.count() == 1  # audited, in batches too


@pytest.mark.django_db
def test_batches_find_an_asociacion_created_earlier_in_the_same_file():
    encabezado = [*ENCABEZADO, "localidad", "asociacion"]
    filas = [
        ["ASO-9", "Asojac de prueba", "ASOJAC", "", "", "activa", "", "", "", "", "no", "",
         "L1", ""],
        [*BUENAS[0], "", "ASO-9"],
    ]  # fmt: skip
    datos = tablib.Dataset(*filas, headers=encabezado)
    _resultado, errores = importar(datos, masiva=True)
    assert errores == []
    assert Organizacion.objects.get(codigo_registro="JAC-001").asociacion.codigo_registro == "ASO-9"


@pytest.mark.django_db
def test_batches_refuse_a_nit_repeated_in_the_file_or_taken_in_the_registry():
    otra = [*BUENAS[1]]
    otra[3] = BUENAS[0][3]  # the same NIT as the first row
    _resultado, errores = importar(_dataset([BUENAS[0], otra]), masiva=True)
    assert [(e.linea, e.campo) for e in errores] == [(3, "nit")]
    assert "JAC-001" in errores[0].motivo
    existente = OrganizacionFactory(nit="900123456-8")
    _resultado, errores = importar(_dataset([BUENAS[0]]), masiva=True)
    assert [(e.linea, e.campo) for e in errores] == [(2, "nit")]
    assert existente.codigo_registro in errores[0].motivo
    assert not Organizacion.objects.filter(codigo_registro="JAC-001").exists()


@pytest.mark.django_db
def test_unchanged_rows_are_skipped_and_changes_recorded():
    importar(_dataset(BUENAS), masiva=True)
    resultado, _errores = importar(_dataset(BUENAS), masiva=True)
    assert resultado.totals["skip"] == 3 and resultado.totals["update"] == 0
    cambiadas = [list(f) for f in BUENAS]
    cambiadas[1][6] = 999
    resultado, _errores = importar(_dataset(cambiadas), masiva=True)
    assert resultado.totals["update"] == 1
    olaya = Organizacion.objects.get(codigo_registro="JAC-002")
    assert olaya.afiliados == 999 and olaya.history.count() == 2
