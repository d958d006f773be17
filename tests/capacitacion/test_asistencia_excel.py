"""The portal's own attendance layout as Excel on a Windows PC set to Spanish (Colombia) saves it:
«CSV (delimitado por comas)» (`;`, Windows-1252, CRLF) and «CSV UTF-8» (`;` with BOM), and as a
workbook. Imported at once (in a background job: jobs run eagerly in tests), all or nothing; a
short row is an error with its line and column, not a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from capacitacion.models import Inscripcion, Persona, Sesion
from capacitacion.services import asistencia as services
from tests import archivos

from . import muestras_asistencia as muestras

ENCABEZADO = ["documento", "nombres", "apellidos", "codigo_registro"]


@pytest.fixture
def sesion(db):
    return muestras.sesion_virtual_empezada(cupo=40)


def _filas(junta):
    return [
        ENCABEZADO,
        ["45111222", "José Luis", "Núñez Castro", junta.codigo_registro],
        ["1047333444", "María Fernanda", "Díaz; Ospina", junta.codigo_registro],
    ]


def _subir(client, sesion, contenido, nombre="asistencia.csv"):
    return client.post(
        reverse("estrategia:importar_asistencia", args=[sesion.pk]),
        {"archivo": SimpleUploadedFile(nombre, contenido)},
        follow=True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "guardar",
    [
        pytest.param(lambda filas: archivos.excel_csv(filas), id="csv-cp1252"),
        pytest.param(lambda filas: archivos.excel_csv(filas, utf8=True), id="csv-utf8-bom"),
        pytest.param(lambda filas: archivos.xlsx(filas, formateadas_despues=3), id="xlsx"),
    ],
)
def test_the_portal_layout_as_excel_es_co_saves_it(client, secretaria, sesion, junta, guardar):
    contenido = guardar(_filas(junta))
    client.force_login(secretaria)
    respuesta = _subir(client, sesion, contenido)
    assert "2 asistentes importados." in respuesta.content.decode()
    jose = Persona.objects.get(documento="45111222")
    assert (jose.nombres, jose.apellidos) == ("José Luis", "Núñez Castro")  # no «NÃºÃ±ez»
    # A `;` inside a cell: Excel quotes it, and it stays in the name.
    assert Persona.objects.get(documento="1047333444").apellidos == "Díaz; Ospina"
    assert Inscripcion.objects.filter(sesion=sesion, asistio=True).count() == 2
    sesion.refresh_from_db()
    assert sesion.estado == Sesion.Estado.REALIZADA  # certificates count held sessions


@pytest.mark.django_db
def test_the_excel_file_is_cp1252_semicolons_and_crlf(junta):
    contenido = archivos.excel_csv(_filas(junta))
    assert contenido.startswith(b"documento;nombres;apellidos;codigo_registro\r\n")
    assert "Núñez".encode("cp1252") in contenido and b'"D\xedaz; Ospina"' in contenido


@pytest.mark.django_db
def test_a_short_row_from_excel_is_a_clear_error_with_its_line(client, secretaria, sesion, junta):
    """Excel keeps a row that ends early when the cells after it were never typed; the
    header's line counts, so «línea 3» is the row the clerk sees."""
    contenido = archivos.excel_csv([*_filas(junta), ["22222", "Luis"], [], ["33333"]], utf8=True)
    client.force_login(secretaria)
    respuesta = _subir(client, sesion, contenido)
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    trabajo = respuesta.context["trabajo"]
    assert trabajo.estado == "fallido"
    assert "2 errores en el archivo: no se importó nada." in html
    assert [(e["linea"], e["columna"], e["motivo"]) for e in trabajo.errores] == [
        (4, "C (apellidos)", "faltan columnas: apellidos, codigo_registro."),
        (6, "B (nombres)", "faltan columnas: nombres, apellidos, codigo_registro."),
    ]
    fila = "<td>4</td><td>C (apellidos)</td><td>faltan columnas: apellidos, codigo_registro.</td>"
    assert fila in html
    assert not Inscripcion.objects.exists() and not Persona.objects.exists()


@pytest.mark.django_db
def test_a_known_person_needs_no_names_even_when_the_row_ends_after_the_code(
    sesion, junta, secretaria
):
    Persona.objects.create(documento="45111222", nombres="José Luis", apellidos="Núñez Castro")
    contenido = archivos.excel_csv(
        [
            ["codigo_registro", "documento", "nombres", "apellidos"],
            [junta.codigo_registro, "45111222"],
        ]
    )
    cantidad, errores, existentes = services.importar_asistencia(
        sesion, contenido, usuario=secretaria
    )
    assert (cantidad, errores) == (1, [])
    assert [p.nombres for p in existentes] == ["José Luis"]


@pytest.mark.django_db
def test_missing_columns_are_named_on_the_header_line(sesion, secretaria, junta):
    contenido = archivos.excel_csv([["documento", "nombres"], ["45111222", "Ana"]])
    cantidad, errores, _existentes = services.importar_asistencia(
        sesion, contenido, usuario=secretaria
    )
    assert (cantidad, errores) == (0, [(1, "Faltan columnas: apellidos, codigo_registro.")])
