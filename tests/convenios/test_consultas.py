"""Every list keeps a constant number of queries: the same with few rows and with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from convenios import services
from convenios.models import Entregable, TrabajadorComunitario
from tests.factories import OrganizacionFactory

from .conftest import crear_convenio, informe_verificado, jpeg_de_telefono, pago, tramo

pytestmark = pytest.mark.django_db


def _convenios(n, junta, lider, secretaria):
    for i in range(n):
        organizacion = junta if i % 2 == 0 else OrganizacionFactory()
        convenio = crear_convenio(organizacion, objeto=f"Obra {i}")
        informe_verificado(convenio, "20", lider, secretaria)
        pago(convenio, "50000000", soporte=i % 3 == 0, tramo=tramo(convenio))
        Entregable.objects.create(
            convenio=convenio, descripcion="Placa", fecha_prevista=timezone.localdate()
        )
        TrabajadorComunitario.objects.create(convenio=convenio, nombre=f"Persona Número {i}")
        services.enviar_observacion(convenio, texto=f"Observación sobre la obra {i}")


def _contar(client, url, datos=None):
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.get(url, datos or {})
    assert respuesta.status_code == 200
    return len(consultas)


PAGINAS = [
    ("secretaria", "convenios_tablero:lista", {}),
    ("monitor", "convenios_tablero:lista", {"alerta": "cualquiera"}),
    ("monitor", "convenios_tablero:exportar", {"formato": "csv"}),
    ("secretaria", "convenios_tablero:moderacion", {}),
    ("lider", "convenios_portal:lista", {}),
    (None, "convenios_publico:lista", {}),
]


@pytest.mark.parametrize(("rol", "nombre", "datos"), PAGINAS)
def test_lists_cost_the_same_queries_with_3_and_with_12_convenios(
    client, django_assert_max_num_queries, junta, lider, monitor, secretaria, rol, nombre, datos
):
    usuarios = {"secretaria": secretaria, "monitor": monitor, "lider": lider}
    if rol:
        client.force_login(usuarios[rol])
    url = reverse(nombre)
    _convenios(3, junta, lider, secretaria)
    _contar(client, url, datos)  # warm the session and the per-request caches
    pocas = _contar(client, url, datos)
    _convenios(9, junta, lider, secretaria)
    with django_assert_max_num_queries(pocas):
        assert client.get(url, datos).status_code == 200


@pytest.mark.parametrize("rol", ["secretaria", "lider", None])
def test_a_convenio_page_costs_the_same_with_1_and_with_6_reports_and_payments(
    client, django_assert_max_num_queries, convenio, lider, secretaria, rol
):
    def agregar(n):
        for _ in range(n):
            informe = services.registrar_informe(
                convenio,
                fecha=timezone.localdate(),
                avance=50,
                fotos=[jpeg_de_telefono(tamano=(200, 150)), jpeg_de_telefono(tamano=(150, 200))],
                usuario=lider,
            )
            services.verificar_informe(informe, usuario=secretaria)
            pago(
                convenio, "1000", soporte=False, tramo=tramo(convenio, convenio.tramos.count() + 1)
            )
            services.moderar_observacion(
                services.enviar_observacion(convenio, texto="Una observación más"),
                usuario=secretaria,
                aprobar=True,
            )

    urls = {
        "secretaria": reverse("convenios_tablero:convenio", args=[convenio.pk]),
        "lider": reverse("convenios_portal:convenio", args=[convenio.pk]),
        None: reverse("convenios_publico:convenio", args=[convenio.pk]),
    }
    if rol:
        client.force_login(secretaria if rol == "secretaria" else lider)
    agregar(1)
    _contar(client, urls[rol])
    pocas = _contar(client, urls[rol])
    agregar(5)
    with django_assert_max_num_queries(pocas):
        assert client.get(urls[rol]).status_code == 200
