"""The admin's import preview: a summary, then only the rows that change, 50 per page; and the
change form's «afiliados», typed as in Colombia."""

import io
import re

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from juntas.models import Organizacion
from tests import archivos

URL_IMPORTAR = reverse("admin:juntas_organizacion_import")
URL_CONFIRMAR = reverse("admin:juntas_organizacion_process_import")
ENCABEZADOS = ["Código de registro", "Nombre de la Junta", "Tipo", "Barrio", "Afiliados"]


def _fila(codigo, afiliados):
    return [codigo, f"Junta {codigo}", "JAC", "Manga", afiliados]


@pytest.fixture
def registro(tmp_path):
    """Three Juntas already in the registry, imported by the command."""
    ruta = tmp_path / "registro.csv"
    filas = [_fila(f"JAC-30{n}", "10") for n in (1, 2, 3)]
    ruta.write_bytes(archivos.excel_csv([ENCABEZADOS, *filas]))
    call_command("importar_juntas", str(ruta), stdout=io.StringIO())


def _archivo_con_cambios():
    """Two rows as they are, one with a change, sixty new Juntas."""
    filas = [_fila("JAC-301", "10"), _fila("JAC-302", "10"), _fila("JAC-303", "1.020")]
    filas += [_fila(f"JAC-4{n:02d}", "5") for n in range(60)]
    return archivos.excel_csv([ENCABEZADOS, *filas], utf8=True)


def _filas_listadas(html):
    return re.findall(r'<tr class="(nueva|cambia)">\s*<td>(\d+)</td>\s*<td>([^<]+)</td>', html)


@pytest.mark.django_db
def test_preview_opens_with_a_summary_and_lists_only_the_rows_that_change(
    client, secretaria, registro
):
    client.force_login(secretaria)
    respuesta = client.post(
        URL_IMPORTAR,
        {"archivo": SimpleUploadedFile("juntas.csv", _archivo_con_cambios())},
        follow=True,
    )
    html = respuesta.content.decode()
    trabajo = respuesta.context["trabajo"]  # the preview ran as a job; this is its page
    previa = trabajo.resultado
    assert (previa["nuevas"], previa["cambian"], previa["iguales"], previa["con_errores"]) == (
        60, 1, 2, 0,
    )  # fmt: skip
    assert '<td data-resumen="nuevas">60</td>' in html
    assert '<td data-resumen="cambian">1</td>' in html
    assert '<td data-resumen="iguales">2</td>' in html
    listadas = _filas_listadas(html)
    assert len(listadas) == 50
    assert listadas[0] == ("cambia", "4", "JAC-303")  # the file's line 4
    assert "JAC-301" not in html and "JAC-302" not in html  # unchanged rows are not listed
    assert "<del>10</del> → <ins>1020</ins>" in html  # only the column that changes
    assert "Página 1 de 2" in html
    assert Organizacion.objects.get(codigo_registro="JAC-303").afiliados == 10  # nothing written

    segunda = client.get(trabajo.get_absolute_url(), {"pagina": 2})
    listadas = _filas_listadas(segunda.content.decode())
    assert len(listadas) == 11
    assert listadas[-1] == ("nueva", "64", "JAC-459")

    confirmada = client.post(URL_CONFIRMAR, {"trabajo": trabajo.pk}, follow=True)
    assert confirmada.context["trabajo"].estado == "terminado"
    assert Organizacion.objects.count() == 63
    assert Organizacion.objects.get(codigo_registro="JAC-303").afiliados == 1020
    assert (
        "Importación terminada: 60 nuevas, 1 actualizadas, 2 sin cambios."
        in confirmada.content.decode()
    )


@pytest.mark.django_db
def test_a_preview_that_is_not_the_clerks_or_not_a_preview_cannot_be_confirmed(client, secretaria):
    client.force_login(secretaria)
    assert client.post(URL_CONFIRMAR, {"trabajo": "x"}).status_code == 404
    assert client.post(URL_CONFIRMAR, {"trabajo": 999999}).status_code == 404
    assert Organizacion.objects.count() == 0


@pytest.mark.django_db
def test_a_row_that_turned_invalid_before_confirming_writes_nothing(client, secretaria, registro):
    client.force_login(secretaria)
    filas = [_fila("JAC-303", "20"), [*_fila("JAC-501", "5")[:3], "Barrio Nuevo", "5"]]
    respuesta = client.post(
        URL_IMPORTAR,
        {"archivo": SimpleUploadedFile("j.csv", archivos.excel_csv([ENCABEZADOS, *filas]))},
        follow=True,
    )
    assert respuesta.context["trabajo"].errores
    html = respuesta.content.decode()
    assert "<td>3</td><td>D (Barrio)</td>" in html
    assert "Confirmar la importación" not in html
    assert Organizacion.objects.get(codigo_registro="JAC-303").afiliados == 10


# «afiliados» in the admin's change form -----------------------------------------------------


def _formulario(junta, secretaria, **cambios):
    modelo_admin = admin.site._registry[Organizacion]
    peticion = RequestFactory().get("/")
    peticion.user = secretaria
    clase = modelo_admin.get_form(peticion, junta, change=True)
    inicial = clase(instance=junta).initial
    datos = {clave: valor for clave, valor in inicial.items() if valor is not None}
    return clase(data={**datos, **cambios}, instance=junta)


@pytest.mark.django_db
def test_change_form_shows_afiliados_as_a_text_box_with_thousands(client, secretaria, junta):
    junta.afiliados = 1234
    junta.save()
    client.force_login(secretaria)
    html = client.get(reverse("admin:juntas_organizacion_change", args=[junta.pk])).content
    campo = re.search(r"<input[^>]*name=\"afiliados\"[^>]*>", html.decode()).group(0)
    assert 'type="text"' in campo and 'value="1.234"' in campo
    assert 'inputmode="numeric"' in campo


@pytest.mark.django_db
@pytest.mark.parametrize(("escrito", "guardado"), [("2.500", 2500), ("87", 87), ("", None)])
def test_change_form_reads_afiliados_the_colombian_way(secretaria, junta, escrito, guardado):
    formulario = _formulario(junta, secretaria, afiliados=escrito)
    assert formulario.is_valid(), formulario.errors
    assert formulario.cleaned_data["afiliados"] == guardado


@pytest.mark.django_db
@pytest.mark.parametrize("escrito", ["1,5", "12.34", "-3"])
def test_change_form_refuses_decimals_and_negative_afiliados(secretaria, junta, escrito):
    formulario = _formulario(junta, secretaria, afiliados=escrito)
    assert not formulario.is_valid()
    assert "afiliados" in formulario.errors
