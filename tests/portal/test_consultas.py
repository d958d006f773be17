"""Pages run a constant number of SQL queries whatever the size of the registry."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from juntas.models import Requisito
from tests.factories import DignatarioFactory, OrganizacionFactory, RequisitoJuntaFactory


def _poblar(n, junta):
    """n organizations with a board member and requirement rows each; `junta` gets every one."""
    requisitos = list(Requisito.objects.all())
    hoy = timezone.localdate()
    for org in OrganizacionFactory.create_batch(n):
        DignatarioFactory(organizacion=org)
        RequisitoJuntaFactory(organizacion=org, requisito=requisitos[0])
        RequisitoJuntaFactory(
            organizacion=org,
            requisito=requisitos[1],
            fecha_vencimiento=hoy + datetime.timedelta(20),
        )
    for i, requisito in enumerate(requisitos):
        RequisitoJuntaFactory(
            organizacion=junta,
            requisito=requisito,
            fecha_vencimiento=hoy + datetime.timedelta(days=10 * i)
            if requisito.tiene_vencimiento
            else None,
        )
    for _ in range(3):
        DignatarioFactory(organizacion=junta)


def _contar(client, url):
    cache.clear()  # cached dashboards: count the page as computed, not as served from the cache
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.get(url)
    assert respuesta.status_code == 200
    return len(consultas)


PAGINAS = [
    ("lider", reverse("portal:inicio"), 14),
    ("lider", reverse("portal:junta"), 14),
    ("monitor", reverse("tablero:inicio"), 14),
    # In a test every summary bucket is pending (nothing commits): a folded class asks for its
    # fold once before computing them (one query more than with a plain class).
    (None, reverse("inicio"), 13),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("rol", "url", "maximo"), PAGINAS)
def test_query_count_is_constant_with_10_and_200_juntas(
    client, request, junta, rol, url, maximo, django_assert_max_num_queries
):
    if rol:
        client.force_login(request.getfixturevalue(rol))
    client.get(url)  # the browser's first visit gives it its CSRF cookie
    _poblar(10, junta)
    con_10 = _contar(client, url)
    _poblar(190, junta=OrganizacionFactory())
    con_200 = _contar(client, url)
    assert con_10 == con_200, (con_10, con_200)
    with django_assert_max_num_queries(maximo):
        client.get(url)
