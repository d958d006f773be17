"""Stale-while-revalidate (`nucleo.cache`): while the data keeps changing, one process
recomputes a figure while the others serve the previous one, for a bounded time, and the page
says how old its figures are."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection

from nucleo import cache as cache_portal

CLAVE = "prueba-revalidacion"


@pytest.fixture
def recalculo(settings):
    settings.CACHE_RECALCULO_MINIMO = cache_portal.RECALCULO_MINIMO
    return settings


class Contador:
    def __init__(self, espera=0.0):
        self.veces, self.espera = 0, espera
        self.cerrojo = threading.Lock()

    def __call__(self):
        with self.cerrojo:
            self.veces += 1
            n = self.veces
        time.sleep(self.espera)
        return f"valor {n}"


def _pedir(contador):
    return cache_portal._con_revalidacion(CLAVE, str(cache_portal.marca()), contador)


def _envejecer(segundos):
    """Make the stored entry `segundos` older than it is."""
    sellos, calculado, valor = cache.get(CLAVE)
    cache.set(CLAVE, (sellos, calculado - segundos, valor))


@pytest.mark.django_db
def test_a_current_entry_is_served_without_recomputing(recalculo):
    contador = Contador()
    assert _pedir(contador)[0] == "valor 1"
    valor, _calculado, al_dia = _pedir(contador)
    assert (valor, al_dia, contador.veces) == ("valor 1", True, 1)


@pytest.mark.django_db
def test_right_after_a_recompute_a_change_serves_the_previous_value(recalculo):
    contador = Contador()
    _pedir(contador)
    cache_portal.marcar()
    valor, _calculado, al_dia = _pedir(contador)
    assert (valor, al_dia, contador.veces) == ("valor 1", False, 1)
    _envejecer(cache_portal.RECALCULO_MINIMO + 0.5)
    valor, _calculado, al_dia = _pedir(contador)
    assert (valor, al_dia, contador.veces) == ("valor 2", True, 2)


@pytest.mark.django_db
def test_while_another_process_recomputes_the_previous_value_is_served_for_a_bounded_time(
    recalculo,
):
    contador = Contador()
    _pedir(contador)
    cache_portal.marcar()
    _envejecer(cache_portal.RECALCULO_MINIMO + 0.5)
    cache.add(f"{CLAVE}:recalculando", 1, 60)  # another process holds the lock
    valor, _calculado, al_dia = _pedir(contador)
    assert (valor, al_dia, contador.veces) == ("valor 1", False, 1)
    # Too old: the holder died or is stuck; this process computes it itself.
    _envejecer(cache_portal.RANCIO_MAXIMO)
    valor, _calculado, al_dia = _pedir(contador)
    assert (valor, al_dia, contador.veces) == ("valor 2", True, 2)


@pytest.mark.django_db(transaction=True)
def test_many_readers_of_a_stale_entry_recompute_it_once(recalculo):
    """Eight concurrent readers after a change: one recomputes (slowly), seven serve the
    previous value at once."""
    contador = Contador(espera=0.5)
    _pedir(contador)
    cache_portal.marcar()
    _envejecer(cache_portal.RECALCULO_MINIMO + 0.5)
    resultados, tiempos = [], []

    def leer():
        inicio = time.monotonic()
        try:
            resultados.append(_pedir(contador))
        finally:
            connection.close()
        tiempos.append(time.monotonic() - inicio)

    hilos = [threading.Thread(target=leer) for _ in range(8)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert contador.veces == 2  # the first computation and one recompute
    assert sorted(v for v, _c, _a in resultados) == ["valor 1"] * 7 + ["valor 2"]
    assert sum(t < 0.25 for t in tiempos) == 7  # nobody waited for the recompute


@pytest.mark.django_db(transaction=True)
def test_a_cold_entry_is_computed_once_while_the_others_wait_for_it(recalculo):
    contador = Contador(espera=0.4)
    resultados = []

    def leer():
        try:
            resultados.append(_pedir(contador))
        finally:
            connection.close()

    hilos = [threading.Thread(target=leer) for _ in range(6)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert contador.veces == 1
    assert {v for v, _c, _a in resultados} == {"valor 1"}


def _paginas_en_cache():
    """{key: seconds left} of the whole pages in the (locmem) cache."""
    ahora = time.time()
    return {
        clave: cache._expire_info[clave] - ahora
        for clave in list(cache._cache)
        if clave.split(":", 2)[-1].startswith("pagina:")
    }


def _envejecer_fragmentos(segundos):
    for clave in list(cache._cache):  # locmem: age every fragment
        nombre = clave.split(":", 2)[-1]
        if nombre.startswith("html:") and not nombre.endswith(":recalculando"):
            sellos, calculado, valor = cache.get(nombre)
            cache.set(nombre, (sellos, calculado - segundos, valor))


@pytest.mark.django_db
def test_the_dashboard_says_how_old_its_figures_are_and_keeps_a_stale_page_only_briefly(
    client, monitor, recalculo
):
    from demo.capacitacion import sembrar_estrategia

    sembrar_estrategia()
    client.force_login(monitor)
    client.get("/tablero/capacitacion/")  # sets the CSRF cookie, part of a page's key
    cache.clear()
    pagina = client.get("/tablero/capacitacion/").content.decode()
    assert "Datos al día: calculados el" in pagina
    assert min(_paginas_en_cache().values()) > cache_portal.SEGUNDOS - 5  # current: 10 min
    cache_portal.marcar()  # a write, right after the figures were computed
    pagina = client.get("/tablero/capacitacion/").content.decode()
    assert "Datos de hace 0 s: se están actualizando." in pagina
    # The stale page is cached only until its figures may be recomputed (writes every second
    # would otherwise make every reader render it), then the next request shows fresh ones.
    quedan = [s for s in _paginas_en_cache().values() if s < cache_portal.SEGUNDOS - 5]
    assert quedan and all(s <= cache_portal.RECALCULO_MINIMO for s in quedan), quedan
    assert client.get("/tablero/capacitacion/").content.decode() == pagina
    _envejecer_fragmentos(10)
    for clave in _paginas_en_cache():
        cache._expire_info[clave] = 0  # its seconds are up
    pagina = client.get("/tablero/capacitacion/").content.decode()
    assert "Datos al día: calculados el" in pagina


def test_a_page_with_stale_figures_is_kept_only_until_they_may_be_recomputed(rf, settings):
    settings.CACHE_RECALCULO_MINIMO = 2.0
    peticion = rf.get("/")
    assert cache_portal.segundos_en_cache(peticion) == cache_portal.SEGUNDOS  # no figures
    ahora = time.time()
    peticion._frescura = (ahora - 5, True)
    assert cache_portal.segundos_en_cache(peticion) == cache_portal.SEGUNDOS
    peticion._frescura = (ahora - 0.5, False)
    assert cache_portal.segundos_en_cache(peticion) == 1
    peticion._frescura = (ahora - 3, False)  # may be recomputed now: not kept
    assert cache_portal.segundos_en_cache(peticion) == 0
    settings.CACHE_RECALCULO_MINIMO = 0
    peticion._frescura = (ahora, False)
    assert cache_portal.segundos_en_cache(peticion) == 0


def test_the_age_is_said_in_seconds_then_minutes(rf):
    peticion = rf.get("/")
    ahora = time.time()
    peticion._frescura = (ahora - 12, False)
    assert cache_portal.frescura(peticion)["texto"] == "Datos de hace 12 s: se están actualizando."
    peticion._frescura = (ahora - 185, False)
    assert cache_portal.frescura(peticion)["texto"] == "Datos de hace 3 min: se están actualizando."
    peticion._frescura = (ahora, True)
    assert cache_portal.frescura(peticion)["texto"].startswith("Datos al día: calculados el ")
