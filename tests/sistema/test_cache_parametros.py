"""The page cache keys only on the query parameters each page reads: `?x=1` … `?x=50` on a
page that reads no `x` is one cache entry and the same page, while a real filter still counts."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from hitos.models import Compromiso
from tests.hitos.conftest import crear_compromiso


def _claves():
    return {k for k in cache._cache if "pagina:" in k}  # noqa: SLF001 (locmem internals)


def _basura(client, url, base=""):
    for n in range(1, 51):
        respuesta = client.get(f"{url}?{base}x={n}&utm_source=junk{n}")
        assert respuesta.status_code == 200
    return respuesta


@pytest.mark.django_db
@pytest.mark.parametrize("nombre", ["portal:inicio", "portal:junta"])
def test_unknown_parameters_make_no_new_entry_on_a_leaders_page(client, lider, nombre):
    client.force_login(lider)
    url = reverse(nombre)
    client.get(url)
    limpia = client.get(url)
    antes = _claves()
    assert len(antes) == 1
    assert _basura(client, url).content == limpia.content
    assert _claves() == antes


@pytest.mark.django_db
def test_unknown_parameters_make_no_new_entry_on_the_dashboard_but_a_filter_does(client, monitor):
    crear_compromiso()
    otro = crear_compromiso(codigo="COCDI0002", titulo="Otro compromiso de prueba")
    client.force_login(monitor)
    url = reverse("tablero:inicio")
    client.get(url)
    limpia = client.get(url)
    antes = _claves()
    assert _basura(client, url).content == limpia.content
    assert _claves() == antes
    filtrada = client.get(url, {"compromiso": otro.codigo})
    assert filtrada.content != limpia.content
    assert otro.titulo in filtrada.content.decode()
    assert len(_claves()) == len(antes) + 1
    # The same filter with junk around it, or spaces, is that same entry.
    _basura(client, url, base=f"compromiso=+{otro.codigo}+&")
    assert len(_claves()) == len(antes) + 1
    assert Compromiso.objects.count() == 2


@pytest.mark.django_db
def test_admin_list_keys_on_its_own_parameters_only(client, secretaria, junta, otra_junta):
    client.force_login(secretaria)
    url = reverse("admin:juntas_organizacion_changelist")
    client.get(url)
    limpia = client.get(url)
    antes = _claves()
    assert _basura(client, url).content == limpia.content
    assert _claves() == antes
    buscada = client.get(url, {"q": "Cabrero"})
    contenido = buscada.content.decode()
    assert junta.nombre in contenido and otra_junta.nombre not in contenido
    ordenada = client.get(url, {"o": "-1"})
    assert ordenada.status_code == 200
    assert len(_claves()) == len(antes) + 2


def test_a_cached_page_must_declare_the_parameters_it_reads():
    """Keying on the whole query string let junk `?x=N` fill the cache: bare use is refused."""
    from django.core.exceptions import ImproperlyConfigured
    from django.http import HttpResponse

    from nucleo.cache import pagina_en_cache

    def vista(request):
        return HttpResponse("")

    with pytest.raises(ImproperlyConfigured):
        pagina_en_cache(vista)
