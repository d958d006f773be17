"""No personal data on the public pages, the monitors' pages and the exports: community
workers' names, the leaders' names, documents, phones and e-mails, the staff's names, residents'
contact data typed in an observation, the photos' EXIF (camera, GPS)."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from convenios import services
from convenios.models import TrabajadorComunitario
from juntas.models import Dignatario

from .conftest import informe_verificado, jpeg_de_telefono, pago, pdf

pytestmark = pytest.mark.django_db

TRABAJADOR = "Wilfrido Blanco Pájaro"


@pytest.fixture
def datos(convenio, lider, secretaria, monitor):
    lider.first_name, lider.last_name = "Candelaria", "Marrugo Julio"
    lider.save()
    secretaria.first_name, secretaria.last_name = "Marta", "Supervisora Ortiz"
    secretaria.save()
    TrabajadorComunitario.objects.create(convenio=convenio, nombre=TRABAJADOR)
    informe = services.registrar_informe(
        convenio,
        fecha=timezone.localdate(),
        avance=40,
        acta_parcial=pdf(),
        fotos=[jpeg_de_telefono(tamano=(640, 480))],
        usuario=lider,
    )
    services.verificar_informe(informe, usuario=secretaria)
    informe_verificado(convenio, "10", lider, secretaria, dias=40)
    pago(convenio, "80000000", soporte=False)
    observacion = services.enviar_observacion(
        convenio, texto="Soy vecina, llamen al 3157654321 o a vecina@example.org si quieren."
    )
    services.moderar_observacion(observacion, usuario=secretaria, aprobar=True)
    monitoreo = services.enviar_observacion(
        convenio, texto="Visita del monitor sin novedades.", usuario=monitor
    )
    services.moderar_observacion(monitoreo, usuario=secretaria, aprobar=True)
    dignatario = Dignatario.objects.get(usuario=lider)
    return [
        TRABAJADOR,
        "Candelaria",
        "Marrugo Julio",
        "Supervisora Ortiz",
        lider.username,
        lider.email,
        secretaria.username,
        monitor.username,
        dignatario.nombres,
        dignatario.documento,
        dignatario.telefono,
        dignatario.correo,
        "3157654321",
        "vecina@example.org",
        "Motorola",
        "10,42",
        "10.42",
        "-75,53",
        "-75.53",
    ]


def _sin(texto, prohibidos, donde):
    for dato in prohibidos:
        assert dato not in texto, f"{dato!r} en {donde}"


def test_public_pages_show_no_personal_data(client, convenio, datos):
    for url in (
        reverse("convenios_publico:lista"),
        reverse("convenios_publico:convenio", args=[convenio.pk]),
    ):
        respuesta = client.get(url)
        assert respuesta.status_code == 200
        _sin(respuesta.content.decode(), datos, url)
    foto = convenio.informes.filter(fotos__isnull=False).first().fotos.get()
    contenido = b"".join(
        client.get(reverse("convenios_publico:foto", args=[foto.pk])).streaming_content
    )
    assert b"Motorola" not in contenido and b"moto g84" not in contenido


def test_monitor_pages_and_exports_show_no_personal_data(client, convenio, monitor, datos):
    client.force_login(monitor)
    datos = [d for d in datos if d != monitor.username]  # their own name, in the menu
    for url in (
        reverse("convenios_tablero:lista"),
        reverse("convenios_tablero:convenio", args=[convenio.pk]),
        reverse("convenios_publico:convenio", args=[convenio.pk]),
    ):
        contenido = client.get(url).content.decode()
        _sin(contenido, datos, url)
        if url == reverse("convenios_tablero:convenio", args=[convenio.pk]):
            assert "1 persona registrada" in contenido  # the count is public, the name is not
    csv = client.get(reverse("convenios_tablero:exportar"), {"formato": "csv"})
    texto = csv.content.decode("utf-8-sig")
    assert convenio.objeto in texto
    _sin(texto, datos, "CSV")
    xlsx = client.get(reverse("convenios_tablero:exportar"), {"formato": "xlsx"})
    libro = load_workbook(io.BytesIO(xlsx.content))
    celdas = " ".join(
        str(c) for hoja in libro for fila in hoja.iter_rows(values_only=True) for c in fila if c
    )
    assert convenio.objeto in celdas
    _sin(celdas, datos, "XLSX")


def test_staff_and_the_own_leader_do_see_the_workers_names(
    client, convenio, lider, secretaria, datos
):
    client.force_login(secretaria)
    assert (
        TRABAJADOR
        in client.get(reverse("convenios_tablero:convenio", args=[convenio.pk])).content.decode()
    )
    client.force_login(lider)
    assert (
        TRABAJADOR
        in client.get(reverse("convenios_portal:convenio", args=[convenio.pk])).content.decode()
    )
