"""The survey export as a background job: the Secretaría confirms, the worker builds the file
(the same one as the direct download), the job page links it; monitors cannot queue it."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.capacitacion.test_resultados import _respuestas_enviadas
from tests.factories import DignatarioFactory, OrganizacionFactory
from trabajos.models import Trabajo

URL = reverse("resultados:exportar_en_segundo_plano")


@pytest.mark.django_db
def test_the_secretaria_gets_the_wide_export_as_a_file_from_the_job_page(
    client, secretaria, instrumento
):
    juntas = OrganizacionFactory.create_batch(3)
    DignatarioFactory(organizacion=juntas[0], telefono="3124445566")
    _respuestas_enviadas(instrumento, juntas)
    client.force_login(secretaria)
    tablero = client.get(reverse("resultados:diagnostico")).content.decode()
    assert "en segundo plano (archivos grandes)" in tablero
    confirmar = client.get(URL, {"formato": "xlsx", "forma": "ancha", "consulta": ""})
    assert "Generar: una fila por Junta" in confirmar.content.decode()
    directa = client.get(reverse("resultados:exportar"), {"formato": "xlsx", "forma": "ancha"})

    pagina = client.post(URL, {"formato": "xlsx", "forma": "ancha", "consulta": ""}, follow=True)
    trabajo = pagina.context["trabajo"]
    assert trabajo.estado == "terminado" and trabajo.creado_por == secretaria
    assert trabajo.nombre_resultado.startswith(
        "diagnostico-"
    ) and trabajo.nombre_resultado.endswith(".xlsx")
    html = pagina.content.decode()
    enlace = reverse("trabajos:archivo", args=[trabajo.pk, "resultado"])
    assert enlace in html and "3 filas exportadas." in html
    archivo = client.get(enlace)
    libro = openpyxl.load_workbook(io.BytesIO(b"".join(archivo.streaming_content)))
    filas = [list(f) for f in libro.active.values]
    esperadas = [list(f) for f in openpyxl.load_workbook(io.BytesIO(directa.content)).active.values]
    assert filas == esperadas and len(filas) == 4
    assert "3124445566" in str(filas)  # staff's wide export: the president's contact


@pytest.mark.django_db
def test_the_long_export_follows_the_dashboard_filters(client, secretaria, instrumento):
    juntas = OrganizacionFactory.create_batch(2)
    _respuestas_enviadas(instrumento, juntas)
    client.force_login(secretaria)
    tipo = juntas[0].tipo
    pagina = client.post(
        URL, {"formato": "csv", "forma": "larga", "consulta": f"tipo={tipo}"}, follow=True
    )
    trabajo = pagina.context["trabajo"]
    assert trabajo.estado == "terminado" and trabajo.nombre_resultado.endswith(".csv")
    assert f"tipo-{tipo.lower()}" in trabajo.nombre_resultado


@pytest.mark.django_db
def test_monitors_cannot_queue_exports_with_personal_data(client, monitor, instrumento):
    client.force_login(monitor)
    assert client.get(URL, {"formato": "xlsx", "forma": "ancha"}).status_code == 403
    assert client.post(URL, {"formato": "xlsx", "forma": "ancha"}).status_code == 403
    assert Trabajo.objects.count() == 0
    tablero = client.get(reverse("resultados:diagnostico")).content.decode()
    assert "en segundo plano" not in tablero


@pytest.mark.django_db
def test_an_unknown_format_is_404(client, secretaria, instrumento):
    client.force_login(secretaria)
    assert client.post(URL, {"formato": "pdf", "forma": "ancha"}).status_code == 404
