"""Signed-in pages, users and the change stamp in the cache: fast when warm, never stale or shared.

Most tests run with the per-process memory cache of development and tests; those marked
«compartida» run with a cache shared by processes (files here, Redis when deployed), where the
signed-in user and the stamp are cached too.
"""

import socket
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from juntas.models import AutorizacionDatos, Dignatario
from nucleo import cache as cache_portal
from nucleo.models import MarcaDeCambio
from nucleo.roles import MONITOR
from tests.factories import crear_lider, crear_monitor, crear_secretaria


def _visitar(client, url, veces=2):
    """The first visit gives the browser its CSRF cookie; the next ones may be served warm."""
    for _vez in range(veces):
        respuesta = client.get(url)
    return respuesta


# Data changes move the change stamp once they commit: those tests commit for real.
confirma = pytest.mark.django_db(transaction=True)


@pytest.fixture
def compartida(db, settings, tmp_path):
    """A cache shared by every process, with sessions read from it, as with Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
        "cercana": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache.clear()
    return settings


# Whole pages per session ----------------------------------------------------------------


def test_warm_page_is_the_same_page_with_fewer_queries(
    client, junta, lider, django_assert_max_num_queries
):
    client.force_login(lider)
    primera = _visitar(client, reverse("portal:inicio"))
    # session, user, groups, junta, data policy, stamp
    with django_assert_max_num_queries(6) as consultas:
        segunda = client.get(reverse("portal:inicio"))
    assert segunda.status_code == 200
    assert segunda.content == primera.content
    assert junta.nombre in segunda.content.decode()
    assert not any("juntas_requisito" in q["sql"] for q in consultas.captured_queries)


@confirma
def test_a_change_to_the_data_renders_the_page_again(client, junta, lider):
    client.force_login(lider)
    _visitar(client, reverse("portal:inicio"))
    junta.nombre = "Junta de Acción Comunal Nuevo Nombre"
    junta.save()
    assert "Nuevo Nombre" in client.get(reverse("portal:inicio")).content.decode()


def test_each_leader_gets_their_own_junta_from_the_cache(client, junta, otra_junta, lider):
    otro = crear_lider(otra_junta, username="lider-otra")
    client.force_login(lider)
    _visitar(client, reverse("portal:junta"))
    otro_cliente = Client()
    otro_cliente.force_login(otro)
    pagina = _visitar(otro_cliente, reverse("portal:junta")).content.decode()
    assert otra_junta.nombre in pagina
    assert junta.nombre not in pagina


def test_two_browsers_of_one_user_each_get_a_csrf_token_that_works(junta, lider):
    """The log-out form of a cached page carries the CSRF token of the browser it was made for."""
    navegadores = [Client(enforce_csrf_checks=True) for _vez in range(2)]
    for navegador in navegadores:
        navegador.force_login(lider)
        _visitar(navegador, reverse("portal:inicio"), veces=3)
    for navegador in navegadores:
        pagina = navegador.get(reverse("portal:inicio")).content.decode()
        token = pagina.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        salida = navegador.post(reverse("logout"), {"csrfmiddlewaretoken": token})
        assert salida.status_code == 302


@confirma
def test_a_pending_message_is_shown_even_on_a_cached_page(client, junta, lider):
    client.force_login(lider)
    _visitar(client, reverse("portal:junta"))
    respuesta = client.post(
        reverse("portal:contacto"),
        {"direccion": "Calle 30 # 1-2", "telefono": "3001234567", "correo": "jac@example.com"},
        follow=True,
    )
    pagina = respuesta.content.decode()
    assert "Los datos de contacto de la Junta quedaron guardados." in pagina
    assert "3001234567" in pagina


def test_who_may_see_a_cached_page_is_checked_on_every_request(client, db):
    monitor = crear_monitor()
    client.force_login(monitor)
    assert _visitar(client, reverse("tablero:inicio")).status_code == 200
    monitor.groups.remove(Group.objects.get(name=MONITOR))
    assert client.get(reverse("tablero:inicio")).status_code == 403


@confirma
def test_cached_admin_list_checks_permission_and_shows_changes(
    client, junta, django_assert_max_num_queries
):
    secretaria = crear_secretaria()
    client.force_login(secretaria)
    url = reverse("admin:juntas_organizacion_changelist") + "?q=Cabrero"
    primera = _visitar(client, url)
    with django_assert_max_num_queries(6):  # session, user, two permission queries, stamp
        assert client.get(url).content == primera.content
    junta.nombre = "Junta de Acción Comunal El Cabrero Renovado"
    junta.save()
    assert "Cabrero Renovado" in client.get(url).content.decode()
    secretaria.is_staff = False
    secretaria.save()
    assert client.get(url).status_code == 302  # to the admin log-in


def test_without_a_csrf_cookie_the_page_is_rendered_not_cached(client, junta, lider):
    client.force_login(lider)
    client.get(reverse("portal:inicio"))
    client.cookies.pop("csrftoken")
    assert client.get(reverse("portal:inicio")).status_code == 200
    assert not [k for k in cache._cache if "pagina:" in k]  # noqa: SLF001 (locmem internals)


# The change stamp -------------------------------------------------------------------------


def test_stamp_is_read_once_per_request(client, junta, lider, django_assert_max_num_queries):
    client.force_login(lider)
    _visitar(client, reverse("portal:inicio"))
    with django_assert_max_num_queries(6) as consultas:
        client.get(reverse("portal:inicio"))
    sellos = [q for q in consultas.captured_queries if "nucleo_marcadecambio" in q["sql"]]
    assert len(sellos) == 1


def test_stamp_outside_requests_is_always_fresh(db):
    antes = cache_portal.marca()
    cache_portal.marcar()
    assert cache_portal.marca() > antes


@pytest.mark.usefixtures("compartida")
def test_shared_cache_keeps_the_stamp_and_falls_back_to_the_database(db):
    cache_portal.marcar()
    clave = cache_portal.clave_marca()
    guardada = cache.get(clave)
    assert guardada == MarcaDeCambio.objects.get(ambito="").momento.timestamp()
    cache.delete(clave)  # Redis restarted or evicted it
    assert cache_portal.marca() == guardada
    assert cache.get(clave) == guardada


# Signed-in users in a shared cache --------------------------------------------------------


@pytest.mark.usefixtures("compartida")
def test_shared_cache_serves_a_warm_page_without_sql(client, django_assert_num_queries):
    client.force_login(crear_monitor())
    _visitar(client, reverse("tablero:inicio"), veces=3)
    with django_assert_num_queries(0):
        assert client.get(reverse("tablero:inicio")).status_code == 200


def _desactivar(usuario):
    usuario.is_active = False


def _cambiar_clave(usuario):
    usuario.set_password("otra-clave-muy-larga-2026")


@pytest.mark.usefixtures("compartida")
@pytest.mark.parametrize("cambio", [_desactivar, _cambiar_clave], ids=["inactivo", "clave"])
def test_shared_cache_signs_out_a_user_deactivated_or_with_a_new_password(client, cambio):
    monitor = crear_monitor()
    client.force_login(monitor)
    _visitar(client, reverse("tablero:inicio"))
    cambio(monitor)
    monitor.save()
    assert client.get(reverse("tablero:inicio")).status_code == 302  # to the log-in


@pytest.mark.usefixtures("compartida")
@pytest.mark.parametrize("lado", ["usuario", "grupo"])
def test_shared_cache_sees_a_role_removed_from_either_side(client, lado):
    monitor = crear_monitor()
    client.force_login(monitor)
    _visitar(client, reverse("tablero:inicio"))
    grupo = Group.objects.get(name=MONITOR)
    if lado == "usuario":
        monitor.groups.clear()
    else:
        grupo.user_set.remove(monitor)
    assert client.get(reverse("tablero:inicio")).status_code == 403


@pytest.mark.usefixtures("compartida")
def test_shared_cache_sees_a_group_losing_a_permission(client, junta):
    secretaria = crear_secretaria()
    client.force_login(secretaria)
    url = reverse("admin:juntas_organizacion_changelist")
    assert _visitar(client, url).status_code == 200
    grupo = secretaria.groups.get()
    grupo.permissions.remove(*grupo.permissions.filter(content_type__model="organizacion"))
    assert client.get(url).status_code == 403


@confirma
@pytest.mark.usefixtures("compartida")
def test_shared_cache_leader_flow_follows_policy_and_board_changes(client, junta):
    lider = crear_lider(junta, username="lider-nuevo", autorizado=False)
    client.force_login(lider)
    assert client.get(reverse("portal:inicio")).status_code == 302  # to the data policy
    AutorizacionDatos.objects.create(usuario=lider, version=AutorizacionDatos.VERSION_VIGENTE)
    assert _visitar(client, reverse("portal:inicio")).status_code == 200
    dignatario = Dignatario.objects.get(usuario=lider)
    dignatario.activo = False
    dignatario.save()
    assert client.get(reverse("portal:inicio")).status_code == 403


# Redis, as deployed -----------------------------------------------------------------------


def _hay_redis():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _hay_redis(), reason="Redis no responde en 127.0.0.1:6379")
def test_redis_backend_keeps_one_client_and_round_trips(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "nucleo.cache_redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "KEY_PREFIX": f"prueba-{uuid.uuid4().hex}",
        }
    }
    cache.set("clave", {"a": 1}, 30)
    assert cache.get("clave") == {"a": 1}
    assert cache.get_many(["clave", "otra"]) == {"clave": {"a": 1}}
    cliente = cache._cache  # noqa: SLF001 (the point of the class)
    assert cliente.get_client() is cliente.get_client(write=True)
    cache.delete("clave")
    assert cache.get("clave") is None


def test_a_message_added_while_rendering_is_not_cached(rf, db, settings):
    """A GET view that adds a message shows it once: the page is not kept in the cache."""
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    llamadas = []

    @cache_portal.pagina_en_cache(parametros=())
    def vista(request):
        llamadas.append(1)
        if len(llamadas) == 1:
            messages.info(request, "Una sola vez")
        return HttpResponse(f"visita {len(llamadas)}")

    sesion = SessionStore()
    sesion.create()

    def peticion():
        request = rf.get("/pagina/")
        request.session = sesion
        request.COOKIES[settings.CSRF_COOKIE_NAME] = "x" * 32
        request._messages = FallbackStorage(request)
        return request

    assert vista(peticion()).content == b"visita 1"
    assert vista(peticion()).content == b"visita 2"  # rendered again: not cached with the message
    assert vista(peticion()).content == b"visita 2"  # now cached


@confirma
@pytest.mark.usefixtures("compartida")
def test_shared_cache_process_copy_is_used_and_never_stale(
    client, junta, lider, django_assert_num_queries
):
    """A page read from the shared cache is kept in the process too; a change to the data is
    seen at once all the same (the copy's key carries the stamp)."""
    from django.core.cache import caches

    client.force_login(lider)
    primera = _visitar(client, reverse("portal:inicio"))
    paginas = [k for k in caches["cercana"]._cache if "pagina:" in k]  # noqa: SLF001
    assert len(paginas) == 1
    cache.delete(paginas[0].split(":", 2)[-1])  # gone from the shared cache: the copy serves
    with django_assert_num_queries(0):  # not rendered again
        assert client.get(reverse("portal:inicio")).content == primera.content
    junta.nombre = "Junta de Acción Comunal Copia Renovada"
    junta.save()
    assert "Copia Renovada" in client.get(reverse("portal:inicio")).content.decode()


def test_redis_down_gives_the_friendly_503_page(settings, db):
    """No cache errors hidden as misses (a cache that missed an invalidation would serve stale
    pages): a Redis that does not answer is a 503 the visitor may retry, like the database."""
    settings.CACHES = {
        "default": {
            "BACKEND": "nucleo.cache_redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    respuesta = Client(raise_request_exception=False).get(reverse("transparencia:inicio"))
    assert respuesta.status_code == 503
    assert respuesta["Retry-After"] == "10"
    assert "no está disponible" in respuesta.content.decode()


@pytest.mark.skipif(not _hay_redis(), reason="Redis no responde en 127.0.0.1:6379")
def test_redis_copies_of_the_stamp_and_users_expire_within_a_minute(settings, db):
    """Bounded staleness if Redis ever missed a move of the stamp or the drop of a user."""
    from nucleo.backends import ModelBackendEnCache, clave

    settings.CACHES = {
        "default": {
            "BACKEND": "nucleo.cache_redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "KEY_PREFIX": f"prueba-{uuid.uuid4().hex}",
        }
    }
    cache_portal.marcar()
    usuario = crear_monitor()
    assert ModelBackendEnCache().get_user(usuario.pk) == usuario
    redis = cache._cache.get_client()  # noqa: SLF001
    for nombre in (cache_portal.clave_marca(), clave(usuario.pk)):
        assert 0 < redis.ttl(cache.make_key(nombre)) <= 60
    cache.delete_many([cache_portal.clave_marca(), clave(usuario.pk)])


# Stamps per area of data ------------------------------------------------------------------


@confirma
def test_a_write_moves_the_portal_stamp_and_its_own_area_only(junta):
    antes = {a: cache_portal.marca(a) for a in ("", *cache_portal.AMBITOS)}
    junta.telefono = "3009876543"
    junta.save()
    despues = {a: cache_portal.marca(a) for a in ("", *cache_portal.AMBITOS)}
    movidas = {a for a in antes if despues[a] != antes[a]}
    assert movidas == {"", "registro"}


@confirma
def test_a_transaction_of_many_rows_moves_each_stamp_once_and_after_the_commit(
    junta, otra_junta, monkeypatch
):
    """However many rows a transaction saves, each area's stamp moves once, and only when it
    commits (a rolled-back transaction moves nothing and does not block the next one)."""
    from django.db import transaction

    llamadas = []
    original = cache_portal.marcar
    monkeypatch.setattr("nucleo.cambios.marcar", lambda *a: (llamadas.append(a), original(*a)))
    with transaction.atomic():
        for numero in range(5):
            junta.telefono = f"300000000{numero}"
            junta.save()
            otra_junta.save()
        assert llamadas == []  # not before the commit
    assert llamadas == [("registro",)]
    with pytest.raises(RuntimeError), transaction.atomic():
        junta.save()
        raise RuntimeError
    assert llamadas == [("registro",)]
    junta.save()
    assert llamadas == [("registro",), ("registro",)]


def test_the_core_imports_no_app():
    """nucleo sits below every app (the import-linter contract in `make lint` checks the
    whole layering; this names the rule where a reader of the core's tests looks)."""
    import ast
    from pathlib import Path

    apps = {"juntas", "capacitacion", "privacidad", "hitos", "demo", "jac_portal"}
    importados = set()
    for ruta in Path("nucleo").rglob("*.py"):
        for nodo in ast.walk(ast.parse(ruta.read_text())):
            if isinstance(nodo, ast.ImportFrom) and nodo.module and not nodo.level:
                importados.add((str(ruta), nodo.module.split(".")[0]))
            elif isinstance(nodo, ast.Import):
                importados |= {(str(ruta), n.name.split(".")[0]) for n in nodo.names}
    assert {(r, m) for r, m in importados if m in apps} == set()


@confirma
def test_an_aggregate_of_one_area_survives_writes_to_another(junta):
    """An aggregate keyed by the training area's stamp stays cached when a requirement row
    (registry) changes, and is computed again when an attendance row changes."""
    from capacitacion.models import Inscripcion, Persona, Sesion
    from tests.factories import RequisitoJuntaFactory

    calculos = []

    def asistentes():
        calculos.append(1)
        return Inscripcion.objects.filter(asistio=True).count()

    def leer():
        return cache_portal.en_cache("prueba-formacion", asistentes, ambitos=["formacion"])

    leer()
    RequisitoJuntaFactory(organizacion=junta)  # the registry moves
    leer()
    assert len(calculos) == 1
    sesion = Sesion.objects.create(
        modulo=_modulo(), inicio=timezone.now(), fin=timezone.now(), lugar="Sede",
        facilitador_organizacion="U", cupo=10, estado=Sesion.Estado.REALIZADA,
    )  # fmt: skip
    persona = Persona.objects.create(
        documento="77", nombres="Ana", apellidos="Prueba", organizacion=junta
    )
    Inscripcion.objects.create(sesion=sesion, persona=persona, organizacion=junta, asistio=True)
    assert leer() == 1
    assert len(calculos) == 2


def _modulo():
    from capacitacion.models import Modulo
    from demo.capacitacion import sembrar_estrategia

    sembrar_estrategia()
    return Modulo.objects.first()


def test_every_model_behind_the_cached_pages_moves_a_stamp():
    """A model left out would let its changes go unseen by cached pages: only course materials
    and leaders' requests about people (staff resolve them in the admin), shown on no cached
    page, are out."""
    from django.apps import apps

    from nucleo.cambios import MODELOS

    fuera = {
        m._meta.label
        for app in ("juntas", "capacitacion", "hitos")
        for m in apps.get_app_config(app).get_models()
        if m not in MODELOS and not m._meta.label.split(".")[1].startswith("Historical")
    }
    assert fuera == {"capacitacion.Material", "capacitacion.SolicitudPersona"}
    assert set(MODELOS.values()) == set(cache_portal.AMBITOS)
