"""The indicators export as a background job, as the survey's (tests/capacitacion/
test_exportar_en_segundo_plano.py): staff confirm, the worker builds the same file as the
direct download, the job page links it, only its owner downloads it; monitors keep the direct
download but cannot queue jobs. Jobs run eagerly here (tests/conftest.py)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import crear_secretaria
from trabajos.models import Trabajo

URL = reverse("tablero:indicadores_en_segundo_plano")


def _contenido(respuesta):
    return b"".join(respuesta.streaming_content)


@pytest.mark.django_db
def test_staff_get_the_xlsx_from_the_job_page_same_as_the_direct_download(
    client, compromiso, secretaria
):
    client.force_login(secretaria)
    tablero = client.get(reverse("tablero:inicio")).content.decode()
    assert "Indicadores XLSX en segundo plano" in tablero and URL in tablero
    confirmar = client.get(URL, {"compromiso": "COCDI0001", "formato": "xlsx"})
    assert confirmar.status_code == 200 and "Generar el XLSX" in confirmar.content.decode()
    directa = client.get(reverse("tablero:indicadores", args=["xlsx"]))

    pagina = client.post(URL, {"compromiso": "COCDI0001", "formato": "xlsx"}, follow=True)
    trabajo = pagina.context["trabajo"]
    assert trabajo.tipo == "hitos.exportar_indicadores" and trabajo.estado == "terminado"
    assert trabajo.creado_por == secretaria and (trabajo.hechos, trabajo.total) == (3, 3)
    assert trabajo.nombre_resultado == directa["Content-Disposition"].split('filename="')[1][:-1]
    enlace = reverse("trabajos:archivo", args=[trabajo.pk, "resultado"])
    html = pagina.content.decode()
    assert enlace in html and "3 filas exportadas." in html
    libro = openpyxl.load_workbook(io.BytesIO(_contenido(client.get(enlace))))
    esperado = openpyxl.load_workbook(io.BytesIO(directa.content))
    assert [list(f) for f in libro.active.values] == [list(f) for f in esperado.active.values]
    assert libro.active.title == "COCDI0001"


@pytest.mark.django_db
@pytest.mark.parametrize("separador", ["", "coma"])
def test_the_csv_job_keeps_the_separator_asked_for(client, compromiso, secretaria, separador):
    client.force_login(secretaria)
    directa = client.get(reverse("tablero:indicadores", args=["csv"]), {"separador": separador})
    pagina = client.post(
        URL, {"compromiso": "", "formato": "csv", "separador": separador}, follow=True
    )
    trabajo = pagina.context["trabajo"]
    assert trabajo.estado == "terminado" and trabajo.nombre_resultado.endswith(".csv")
    archivo = _contenido(client.get(reverse("trabajos:archivo", args=[trabajo.pk, "resultado"])))
    assert archivo == directa.content
    assert archivo.decode("utf-8-sig").startswith("hito,hito_titulo" if separador else "hito;")


@pytest.mark.django_db
def test_the_file_is_private_to_the_clerk_who_launched_it(client, compromiso, secretaria, monitor):
    client.force_login(secretaria)
    trabajo = client.post(URL, {"formato": "xlsx"}, follow=True).context["trabajo"]
    enlace = reverse("trabajos:archivo", args=[trabajo.pk, "resultado"])
    client.force_login(crear_secretaria("colega"))
    assert client.get(enlace).status_code == 404
    client.force_login(monitor)
    assert client.get(enlace).status_code == 403
    client.logout()
    assert client.get(enlace).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "esperado"), [("anonimo", 302), ("lider", 403), ("monitor", 403), ("secretaria", 200)]
)
def test_only_staff_queue_the_export(client, request, compromiso, rol, esperado):
    if rol != "anonimo":
        client.force_login(request.getfixturevalue(rol))
    assert client.get(URL, {"formato": "xlsx"}).status_code == esperado
    despues = client.post(URL, {"formato": "xlsx"})
    assert despues.status_code == (302 if rol == "secretaria" else esperado)
    assert Trabajo.objects.count() == (1 if rol == "secretaria" else 0)


@pytest.mark.django_db
def test_monitors_keep_the_direct_download_without_the_job_link(client, compromiso, monitor):
    client.force_login(monitor)
    tablero = client.get(reverse("tablero:inicio")).content.decode()
    assert "en segundo plano" not in tablero
    assert client.get(reverse("tablero:indicadores", args=["xlsx"])).status_code == 200


@pytest.mark.django_db
def test_an_unknown_format_or_commitment_is_404(client, compromiso, secretaria):
    client.force_login(secretaria)
    assert client.post(URL, {"formato": "pdf"}).status_code == 404
    assert client.post(URL, {"formato": "xlsx", "compromiso": "NO-EXISTE"}).status_code == 404
    assert Trabajo.objects.count() == 0
