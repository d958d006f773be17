"""The admin's search ignores accents and case, on PostgreSQL and on SQLite, and finds a Junta by
its president's name or phone."""

import pytest
from django.db import connection
from django.urls import reverse

from juntas.models import Dignatario, Organizacion
from nucleo.busqueda import FUNCION, sin_tildes
from tests.factories import DignatarioFactory, OrganizacionFactory

LISTA = reverse("admin:juntas_organizacion_changelist")


def _nombres(client, q, url=LISTA):
    respuesta = client.get(url, {"q": q})
    assert respuesta.status_code == 200
    return {
        str(o) if not hasattr(o, "nombre") else o.nombre
        for o in respuesta.context["cl"].result_list
    }


@pytest.fixture
def juntas(db):
    paraiso = OrganizacionFactory(nombre="JAC El Paraíso", telefono="(605) 664-1234")
    nunez = OrganizacionFactory(nombre="JAC Villa Núñez")
    OrganizacionFactory(nombre="JAC Bocagrande")
    DignatarioFactory(
        organizacion=nunez,
        nombres="Ángela María",
        apellidos="Barrios Peña",
        telefono="300 555 7788",
    )
    # A former president and a treasurer do not make a Junta theirs.
    DignatarioFactory(organizacion=paraiso, nombres="Rubén", apellidos="Ortega", activo=False)
    DignatarioFactory(
        organizacion=paraiso,
        cargo=Dignatario.Cargo.TESORERO,
        nombres="Ángela",
        apellidos="Ortega",
        telefono="3115550000",
    )
    return paraiso, nunez


@pytest.mark.django_db
def test_junta_search_ignores_accents_and_case(client, secretaria, juntas):
    client.force_login(secretaria)
    for q in ("Paraiso", "paraíso", "PARAISO", "el paraiso"):
        assert _nombres(client, q) == {"JAC El Paraíso"}, q
    assert _nombres(client, "nunez") == {"JAC Villa Núñez"}
    assert _nombres(client, "100%") == set()  # LIKE wildcards are text, not patterns


@pytest.mark.django_db
def test_junta_found_by_its_president_name_or_phone_and_its_own_phone(client, secretaria, juntas):
    client.force_login(secretaria)
    assert _nombres(client, "angela pena") == {"JAC Villa Núñez"}
    assert _nombres(client, "Barrios") == {"JAC Villa Núñez"}
    assert _nombres(client, "3005557788") == {"JAC Villa Núñez"}
    assert _nombres(client, "300-555-7788") == {"JAC Villa Núñez"}
    assert _nombres(client, "6056641234") == {"JAC El Paraíso"}
    # Not a former president, not another board member.
    assert _nombres(client, "Rubén") == set()
    assert _nombres(client, "3115550000") == set()


@pytest.mark.django_db
def test_other_admin_searches_ignore_accents_too(client, secretaria, juntas):
    client.force_login(secretaria)
    respuesta = client.get(reverse("admin:juntas_dignatario_changelist"), {"q": "angela pena"})
    assert {d.apellidos for d in respuesta.context["cl"].result_list} == {"Barrios Peña"}
    # The autocomplete of a Junta field (the Dignatario form) reads the same search.
    respuesta = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "paraiso",
            "app_label": "juntas",
            "model_name": "dignatario",
            "field_name": "organizacion",
        },
    )
    assert [r["text"] for r in respuesta.json()["results"]] == ["JAC El Paraíso"]


@pytest.mark.django_db
def test_postgresql_search_reads_the_trigram_index(juntas):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    # Without the list's ordering, and with plain index scans off too: otherwise, on a small
    # table, the planner may walk the name's b-tree in order and filter (seen in CI).
    consulta = Organizacion.objects.filter(nombre__sintildes="paraiso").order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = consulta.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(fila[0] for fila in cursor.fetchall())
    assert "org_nombre_sintildes_trgm" in plan, plan


def test_the_same_lookups_work_on_sqlite(django_db_blocker):
    """`make run` uses SQLite: the lookups' SQL runs there with the function each new connection
    gets (nucleo.busqueda), with the same answers."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    sqlite = DatabaseWrapper(
        {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
            "OPTIONS": {},
        },
        alias="sqlite_prueba",
    )
    try:
        with django_db_blocker.unblock(), sqlite.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE juntas_organizacion (id INTEGER PRIMARY KEY, nombre TEXT, "
                "telefono TEXT)"
            )
            cursor.executemany(
                "INSERT INTO juntas_organizacion VALUES (%s, %s, %s)",
                [
                    (1, "JAC El Paraíso", "(605) 664-1234"),
                    (2, "JAC Villa Núñez", ""),
                    (3, "JAC 100% Bocagrande", ""),
                ],
            )

            def ids(**filtro):
                consulta = Organizacion.objects.filter(**filtro).values("id").order_by("id")
                sql, params = consulta.query.get_compiler(connection=sqlite).as_sql()
                cursor.execute(sql, params)
                return [fila[0] for fila in cursor.fetchall()]

            assert ids(nombre__sintildes="paraiso") == [1]
            assert ids(nombre__sintildes="PARAÍSO") == [1]
            assert ids(nombre__sintildes="núnez") == [2]
            assert ids(nombre__sintildes="100%") == [3]
            assert ids(nombre__sintildes="0% b") == [3]
            assert ids(nombre__sintildes="_") == []
            assert ids(telefono__digitos="605-664 1234") == [1]
            assert ids(telefono__digitos="Paraíso") == []
    finally:
        sqlite.close()
    assert sin_tildes("Núñez Peña, Ángela") == "NUNEZ PENA, ANGELA"


@pytest.mark.django_db
def test_unaccent_on_postgresql_matches_the_python_function(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        for texto in ("Núñez Peña, Ángela", "Güemes Ürsula", "José Ávila"):
            cursor.execute(f"SELECT UPPER({FUNCION}(%s))", [texto])
            assert cursor.fetchone()[0] == sin_tildes(texto)
