"""Caching of the pages people read most, with invalidation on any change.

`en_cache(clave, funcion)` returns `funcion()`'s value from the cache under a key that carries
the change stamp and today's date. `marcar()` moves the stamp; the receivers in
`nucleo.cambios` call it after any write to the data behind those pages, so every server
process stops using old entries at once.

The stamp lives in the database (`MarcaDeCambio`). With a cache shared by every process (Redis,
`CACHE_URL=redis://…`) it is also kept there, so a warm page costs no SQL query at all; with the
per-process memory cache of development it is read from the database, at most once per request.

Besides the whole portal's stamp there is one per area of data (`AMBITOS`): an aggregate that
reads only one area is keyed by that area's stamp (`en_cache(..., ambitos=[...])`), so writes
elsewhere (a survey answer, say) leave it cached.

`pagina_en_cache` caches a whole signed-in page per session (`fragmento`, a page's heavy part
shared by everyone with the same role).
"""

import datetime
import functools
import hashlib
import time
from functools import wraps

from asgiref.local import Local
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import (
    ALL_VAR,
    ERROR_FLAG,
    IS_FACETS_VAR,
    IS_POPUP_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
    TO_FIELD_VAR,
)
from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.signals import request_finished, request_started
from django.http import HttpResponse, QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import MarcaDeCambio

SEGUNDOS = 600
CLAVE_MARCA = "marca-de-cambio"
# Areas of data with a stamp of their own, besides the whole portal's (""): an aggregate that
# reads only the registry is keyed by the registry's stamp, and a survey answer leaves it cached.
AMBITOS = ("registro", "diagnostico", "formacion", "seguimiento")
_TODOS = ("", *AMBITOS)
# The stamp's copy in the shared cache lives a minute, then is read again from the database:
# if Redis ever missed a move (it was unreachable when a write committed), pages are stale for
# a minute at most.
SEGUNDOS_MARCA = 60
CERCANA = "cercana"

# Within a request the stamp is read once; outside requests (commands, shells) it is always read.
_peticion = Local()


def compartida() -> bool:
    """True when the cache is one for every server process (Redis, Memcached, a database
    table, files); False for the per-process memory cache, where nothing may be cached that
    another process could need to drop."""
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def clave_marca(ambito=""):
    return f"{CLAVE_MARCA}:{ambito}"


def _marcas_en_base():
    guardadas = dict(MarcaDeCambio.objects.values_list("ambito", "momento"))
    return {a: guardadas[a].timestamp() if a in guardadas else 0 for a in _TODOS}


def _leer_marcas():
    """Every stamp, in one query or one round trip to the shared cache."""
    if not compartida():
        return _marcas_en_base()
    claves = {a: clave_marca(a) for a in _TODOS}
    guardadas = cache.get_many(claves.values())
    if len(guardadas) < len(claves):
        base = _marcas_en_base()
        for ambito, clave in claves.items():
            if clave not in guardadas:
                # `add`, not `set`: a writer that moved the stamp meanwhile keeps its value.
                cache.add(clave, base[ambito], SEGUNDOS_MARCA)
                guardadas[clave] = base[ambito]
    return {a: guardadas[c] for a, c in claves.items()}


def marca(ambito=""):
    if not getattr(_peticion, "activa", False):
        return _leer_marcas()[ambito]
    if getattr(_peticion, "marcas", None) is None:
        _peticion.marcas = _leer_marcas()
    return _peticion.marcas[ambito]


def marcar(*ambitos):
    """Move the whole portal's stamp and those of `ambitos` (of every area if none is named):
    one UPDATE; the first time, the missing rows are created."""
    ahora = timezone.now()
    movidas = ("", *(ambitos or AMBITOS))
    if MarcaDeCambio.objects.filter(ambito__in=movidas).update(momento=ahora) < len(movidas):
        for ambito in movidas:
            MarcaDeCambio.objects.update_or_create(ambito=ambito, defaults={"momento": ahora})
    if compartida():
        cache.set_many({clave_marca(a): ahora.timestamp() for a in movidas}, SEGUNDOS_MARCA)
    _peticion.marcas = None


def _empieza(**kwargs):
    _peticion.activa, _peticion.marcas = True, None


def _termina(**kwargs):
    _peticion.activa, _peticion.marcas = False, None


request_started.connect(_empieza, dispatch_uid="marca-por-peticion-inicio")
request_finished.connect(_termina, dispatch_uid="marca-por-peticion-fin")


def _cercana():
    """With a shared cache, each process also keeps what it read in its own memory (the
    `cercana` cache): keys carry the change stamp, so an entry there is never stale, and a
    page read again costs no round trip to Redis."""
    return caches[CERCANA] if CERCANA in settings.CACHES and compartida() else None


def _obtener(clave):
    cercana = _cercana()
    if cercana is not None and (valor := cercana.get(clave)) is not None:
        return valor
    valor = cache.get(clave)
    if valor is not None and cercana is not None:
        cercana.set(clave, valor, SEGUNDOS)
    return valor


def _guardar(clave, valor, segundos=SEGUNDOS):
    cache.set(clave, valor, segundos)
    if (cercana := _cercana()) is not None:
        cercana.set(clave, valor, segundos)


def en_cache(clave, funcion, segundos=SEGUNDOS, ambitos=None, rancio=False):
    """`funcion()`, computed once per change to the data it reads: the whole portal by default,
    or only the areas named in `ambitos` (each must cover every model `funcion` reads).

    With `rancio=True` (figures people read, never what decides access) a change does not
    make every reader recompute at once: one process recomputes while the others keep serving
    the previous value (see `_con_revalidacion`)."""
    sellos = ":".join(str(marca(a)) for a in (ambitos or ("",)))
    if rancio:
        return _con_revalidacion(f"{clave}:{timezone.localdate()}", sellos, funcion, segundos)[0]
    completa = f"{clave}:{sellos}:{timezone.localdate()}"
    valor = _obtener(completa)
    if valor is None:
        valor = funcion()
        _guardar(completa, valor, segundos)
    return valor


# Stale-while-revalidate. While the data keeps changing (a write a second, or ten), a value is
# recomputed at most every RECALCULO_MINIMO seconds, by one process at a time (a lock in the
# shared cache); meanwhile the others serve the previous value, for RANCIO_MAXIMO seconds at
# most (a recompute that takes longer, or a process that died holding the lock, does not keep
# old figures on screen). A value nobody has computed yet is computed by one process while the
# others wait for it (ESPERA_MAXIMA seconds at most, then compute it themselves).
RECALCULO_MINIMO = 2.0  # settings.CACHE_RECALCULO_MINIMO overrides it
RANCIO_MAXIMO = 60.0
ESPERA_MAXIMA = 10.0


def _obtener_vigente(clave, sellos):
    """The entry (sellos, calculado, valor) for `clave`: this process's copy if it is current,
    else the shared cache's (another process may have recomputed it)."""
    cercana = _cercana()
    entrada = cercana.get(clave) if cercana is not None else None
    if entrada is not None and entrada[0] == sellos:
        return entrada
    compartida_ = cache.get(clave)
    if compartida_ is not None and cercana is not None:
        cercana.set(clave, compartida_, SEGUNDOS)
    return compartida_ if compartida_ is not None else entrada


def _recalcular(clave, sellos, funcion, segundos):
    valor = funcion()
    calculado = time.time()
    _guardar(clave, (sellos, calculado, valor), segundos + RANCIO_MAXIMO)
    return valor, calculado, True


def _con_revalidacion(clave, sellos, funcion, segundos=SEGUNDOS):
    """(value, when it was computed as a timestamp, whether it is current)."""
    entrada = _obtener_vigente(clave, sellos)
    if entrada is not None and entrada[0] == sellos:
        return entrada[2], entrada[1], True
    cerrojo = f"{clave}:recalculando"
    ahora = time.time()
    if entrada is not None:
        _sellos, calculado, valor = entrada
        edad = ahora - calculado
        if edad < getattr(settings, "CACHE_RECALCULO_MINIMO", RECALCULO_MINIMO):
            return valor, calculado, False
        if cache.add(cerrojo, 1, int(RANCIO_MAXIMO)):
            try:
                return _recalcular(clave, sellos, funcion, segundos)
            finally:
                cache.delete(cerrojo)
        if edad <= RANCIO_MAXIMO:
            return valor, calculado, False
        return _recalcular(clave, sellos, funcion, segundos)
    if cache.add(cerrojo, 1, int(RANCIO_MAXIMO)):
        try:
            return _recalcular(clave, sellos, funcion, segundos)
        finally:
            cache.delete(cerrojo)
    limite = ahora + ESPERA_MAXIMA
    while time.time() < limite:
        time.sleep(0.05)
        entrada = cache.get(clave)
        if entrada is not None:
            return entrada[2], entrada[1], entrada[0] == sellos
        if cache.get(cerrojo) is None:  # the other process gave up (an error): our turn
            break
    return _recalcular(clave, sellos, funcion, segundos)


def frescura(request) -> dict | None:
    """How current the figures of this request's page are: {"calculado": local datetime,
    "segundos": age, "al_dia": bool, "texto": the sentence the page shows}, or None if the
    page shows no cached figures."""
    datos = getattr(request, "_frescura", None)
    if datos is None:
        return None
    calculado, al_dia = datos
    momento = timezone.localtime(datetime.datetime.fromtimestamp(calculado, tz=datetime.UTC))
    segundos = max(0, round(time.time() - calculado))
    if al_dia:
        texto = _("Datos al día: calculados el %(fecha)s a las %(hora)s.") % {
            "fecha": f"{momento:%d/%m/%Y}",
            "hora": f"{momento:%H:%M:%S}",
        }
    elif segundos < 60:
        texto = _("Datos de hace %(n)s s: se están actualizando.") % {"n": segundos}
    else:
        texto = _("Datos de hace %(n)s min: se están actualizando.") % {"n": segundos // 60}
    return {"calculado": momento, "segundos": segundos, "al_dia": al_dia, "texto": texto}


def _anotar_frescura(request, calculado, al_dia):
    """The page's figures are as old as its oldest part."""
    anterior = getattr(request, "_frescura", None)
    if anterior is not None:
        calculado, al_dia = min(calculado, anterior[0]), al_dia and anterior[1]
    request._frescura = (calculado, al_dia)


def fragmento(request, clave, plantilla, contexto):
    """A page's heavy part as HTML, rendered once per change and cached (stale-while-
    revalidate: while the data keeps changing, one process renders it again while the others
    serve the previous one; the page says how old it is, see `frescura`).

    `contexto` is a function, called only on a miss. The template must not hold anything
    personal to the requester (no CSRF token, no user name); what depends on the role belongs
    in `clave`.
    """
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    def renderizar():
        return render_to_string(plantilla, contexto(), request=request)

    # Hashed: a filter's value comes from the query string, so the key is bounded in length.
    huella = hashlib.sha256(clave.encode()).hexdigest()
    html, calculado, al_dia = _con_revalidacion(
        f"html:{huella}:{timezone.localdate()}", str(marca()), renderizar
    )
    _anotar_frescura(request, calculado, al_dia)
    return mark_safe(html)  # noqa: S308 (our own templates)


def pagina_anonima(request, clave, generar):
    """A whole page for visitors without a session (bytes from `generar()`), cached until the
    data changes; while the figures it shows are served stale, only until they may be
    recomputed (`segundos_en_cache`)."""
    completa = f"{clave}:{marca()}:{timezone.localdate()}"
    contenido = _obtener(completa)
    if contenido is None:
        contenido = generar()
        if segundos := segundos_en_cache(request):
            _guardar(completa, contenido, segundos)
    return contenido


def al_dia(request) -> bool:
    """False when the page shows figures served stale."""
    datos = getattr(request, "_frescura", None)
    return datos is None or datos[1]


def segundos_en_cache(request) -> int:
    """How long a page rendered by this request may be served from the cache: until the data
    changes if its figures are current; if some are served stale, only until they may be
    recomputed (`CACHE_RECALCULO_MINIMO` after the oldest was), so the next request then shows
    fresher ones. While writes come every second that is what keeps a page cached at all (its
    key moves with each write, and its figures are stale most of the time); 0: not cached."""
    datos = getattr(request, "_frescura", None)
    if datos is None or datos[1]:
        return SEGUNDOS
    minimo = getattr(settings, "CACHE_RECALCULO_MINIMO", RECALCULO_MINIMO)
    return max(0, int(datos[0] + minimo - time.time()))


# What a cached answer repeats of the first one (cookies are the browser's already).
_CABECERAS = ["Content-Type", "Content-Language", "Cache-Control", "Expires", "Vary"]


def _clave_de_pagina(request):
    """The session, the CSRF cookie (the page's forms carry a token made from it), the address
    with its query and the language: two people, or two browsers, never share an entry."""
    sesion = request.session.session_key
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not sesion or not csrf:
        return None
    partes = "\n".join([sesion, csrf, request.get_full_path(), translation.get_language() or ""])
    return "pagina:" + hashlib.sha256(partes.encode()).hexdigest()


def solo_parametros(request, admitido):
    """Leave in `request.GET` (and in its query string, which `get_full_path()` and links
    built from it read) only the parameters `admitido(nombre)` accepts, sorted, with their
    values stripped, without NUL bytes and without empty ones.

    The page's cache key comes from the query string, so `?x=1` … `?x=50` on a page that reads
    no `x` are one entry, not fifty; and the view cannot read a parameter the key left out, so
    an entry is never served for a query it was not made for.
    """
    limpia = QueryDict(mutable=True)
    for nombre in sorted(request.GET):
        if "\x00" in nombre or not admitido(nombre):
            continue
        valores = [v.replace("\x00", "").strip() for v in request.GET.getlist(nombre)]
        valores = [v for v in valores if v]
        if valores:
            limpia.setlist(nombre, valores)
    limpia._mutable = False
    request.GET = limpia
    request.META["QUERY_STRING"] = limpia.urlencode()


def pagina_en_cache(vista=None, *, parametros=None, formulario=None):
    """Serve a signed-in GET page from the cache until the data behind it changes.

    Put it *inside* the permission decorator: who may see the page is checked on every request;
    only the rendering is saved. Pages with a message to show, non-200 answers and streamed
    answers are never cached.

    `parametros` names the query parameters the page reads (plus the fields of the filter form
    `formulario`, if given): `@pagina_en_cache(parametros=("compromiso",))`; a page that reads
    none says `@pagina_en_cache(parametros=())`. The view sees only those, and the cache key
    carries only those, so unknown parameters neither create entries nor change the page.
    Used bare (`@pagina_en_cache`) it refuses to start: a page must declare what it reads.
    """
    if vista is None:
        return lambda vista: pagina_en_cache(vista, parametros=parametros, formulario=formulario)
    if parametros is None and formulario is None:
        # Keying on the whole query string let every junk `?x=N` make a new entry.
        raise ImproperlyConfigured(
            f"{vista.__qualname__}: say which query parameters the page reads "
            "(@pagina_en_cache(parametros=(...)))."
        )
    admitidos = frozenset(parametros or ()) | frozenset(
        getattr(formulario, "base_fields", {}) if formulario is not None else ()
    )
    return _en_cache_por_sesion(vista, admitidos.__contains__)


def _en_cache_por_sesion(vista, admitido):
    @wraps(vista)
    def envuelta(request, *args, **kwargs):
        if admitido is not None and request.method == "GET":
            solo_parametros(request, admitido)
        clave = None
        if request.method == "GET" and not len(messages.get_messages(request)):
            clave = _clave_de_pagina(request)
        if clave is None:
            return vista(request, *args, **kwargs)
        completa = f"{clave}:{marca()}:{timezone.localdate()}"
        guardada = _obtener(completa)
        if guardada is not None:
            contenido, cabeceras = guardada
            return HttpResponse(contenido, headers=cabeceras)
        respuesta = vista(request, *args, **kwargs)
        if hasattr(respuesta, "render") and callable(respuesta.render):
            respuesta = respuesta.render()  # a TemplateResponse (the admin's)
        # A message the view itself added is shown once, never again from the cache. A page
        # showing figures served stale is kept only until they may be recomputed.
        if (
            respuesta.status_code == 200
            and not respuesta.streaming
            and not len(messages.get_messages(request))
            and (segundos := segundos_en_cache(request))
        ):
            cabeceras = {c: respuesta[c] for c in _CABECERAS if respuesta.has_header(c)}
            _guardar(completa, (respuesta.content, cabeceras), segundos)
        return respuesta

    return envuelta


# The change list's own parameters: sorting, page, search, "show all", the error flag, facets
# and the pop-up ones (a raw-id lookup opens the list in a pop-up).
_DE_LA_LISTA = frozenset(
    {ORDER_VAR, PAGE_VAR, SEARCH_VAR, ALL_VAR, ERROR_FLAG, IS_POPUP_VAR, TO_FIELD_VAR}
    | {IS_FACETS_VAR}
)


class ListaEnCacheMixin:
    """For a ModelAdmin: its change list served from the cache per session until the data
    behind it changes (its model must be among those that move the change stamp). The view
    permission is checked on every request, as the admin itself does.

    Only the parameters the change list understands count (sorting, page, search, the list
    filters' own parameters, the date hierarchy): others are dropped before the list is built,
    so they neither create cache entries nor change the list."""

    def _parametro_de_la_lista(self, request, nombre):
        if nombre in _DE_LA_LISTA:
            return True
        campos = []
        for filtro in self.get_list_filter(request):
            if isinstance(filtro, (list, tuple)):
                filtro = filtro[0]
            if isinstance(filtro, str):
                campos.append(filtro)
            elif issubclass(filtro, admin.SimpleListFilter) and nombre == filtro.parameter_name:
                return True
        if self.date_hierarchy:
            campos.append(self.date_hierarchy)
        return any(nombre == c or nombre.startswith(f"{c}__") for c in campos)

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        padre = super().changelist_view

        def lista(request):
            return padre(request, extra_context)

        admitido = functools.partial(self._parametro_de_la_lista, request)
        return _en_cache_por_sesion(lista, admitido)(request)
