"""No request breaks the portal: junk in paths, query strings and forms gets a 4xx, never a 5xx.

A crawler, not a hand-picked list. It walks every pattern of the URL conf (the admin's
included), filling path converters with real values (found in the links of the pages
themselves and in the demo data) and with junk (ids of nothing, huge numbers, text), and sends
GET and POST as each role. It then parses every `<form>` of every page it saw and posts junk in
each field, with the page's CSRF token. Query parameters come from the pages' links and forms
and from the names the view's own module reads (`request.GET.get("…")`), so a new URL, form
or parameter is walked without touching this file.

Each request runs inside a savepoint that is rolled back: a junk POST that deletes or changes a
row leaves the demo data as it was for the next one, and a database error cannot abort the
test's transaction (which would turn every later request into an error).
"""

import copy
import inspect
import itertools
import os
import re
import time
import traceback
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

RAIZ = Path(__file__).resolve().parents[2]

# Junk for any field or parameter; the crawler samples them (never the full product).
BASURA = [
    "abc",
    "1e5",
    "-1",
    "99999999999999999999",
    "",
    "x" * 5000,
    "a\x00b",
    "<script>alert(1)</script>",
    "a\r\nb",  # a header split, if it reaches a redirect
    ["1", "abc"],  # the same name twice
]
# Junk for path converters, by converter.
BASURA_RUTA = {
    "int": ["0", "99999999999999999999"],
    "slug": ["no-existe", "x" * 300],
    "str": ["no-existe", "1e5"],
    "path": ["abc", "99999999999999999999", "-1"],
    "regex": ["abc", "99999999999999999999"],
}
SECRETO_CSRF = "c" * 32
ROLES = ["anonimo", "lider", "lider_otra", "monitor", "secretaria", "superusuario"]
# Names the views read from request data: `request.GET.get("x")`, `POST["x"]`, `"x" in
# request.POST`, `getlist("x")`, a list filter's `parameter_name = "x"`.
LEIDOS = re.compile(
    r"""(?:(?:GET|POST)(?:\.get|\.getlist)?\(\s*|(?:GET|POST)\[\s*|parameter_name\s*=\s*)["'](\w+)["']"""
    r"""|["'](\w+)["']\s+(?:not\s+)?in\s+request\.(?:GET|POST)"""
)


# The URL conf ---------------------------------------------------------------------------------


def _patrones(patrones=None, cadena=()):
    """Every URLPattern with the chain of patterns above it."""
    if patrones is None:
        patrones = get_resolver().url_patterns
    for patron in patrones:
        if isinstance(patron, URLResolver):
            yield from _patrones(patron.url_patterns, (*cadena, patron.pattern))
        elif isinstance(patron, URLPattern):
            yield (*cadena, patron.pattern), patron


def _parametros(partes):
    """(name, converter) of each parameter of a chain of patterns, in order."""
    resultado = []
    for parte in partes:
        if isinstance(parte, RoutePattern):
            for conversor, nombre in re.findall(r"<(?:(\w+):)?(\w+)>", str(parte)):
                resultado.append((nombre, conversor or "str"))
        elif isinstance(parte, RegexPattern):
            for indice, grupo in enumerate(_grupos(str(parte))):
                nombre = re.match(r"\?P<(\w+)>", grupo)
                resultado.append((nombre.group(1) if nombre else f"_{indice}", "regex"))
    return resultado


def _grupos(regex):
    """The top-level capturing groups of a regex, as text (our URL conf has no nesting)."""
    grupos, nivel, inicio = [], 0, 0
    for i, letra in enumerate(regex):
        if letra == "(" and (i == 0 or regex[i - 1] != "\\"):
            if nivel == 0:
                inicio = i + 1
            nivel += 1
        elif letra == ")" and regex[i - 1] != "\\":
            nivel -= 1
            if nivel == 0:
                grupos.append(regex[inicio:i])
    return grupos


def _construir(partes, valores):
    """The path of a chain of patterns with each parameter replaced by `valores[name]`."""
    ruta = ""
    indice = 0
    for parte in partes:
        texto = str(parte)
        if isinstance(parte, RoutePattern):

            def sustituir(m):
                return str(valores[m.group(2)])

            ruta += re.sub(r"<(?:(\w+):)?(\w+)>", sustituir, texto)
        else:
            texto = texto.lstrip("^").rstrip("$")
            for grupo in _grupos(texto):
                nombre = re.match(r"\?P<(\w+)>", grupo)
                clave = nombre.group(1) if nombre else f"_{indice}"
                alternativas = re.fullmatch(r"(?:\?P<\w+>)?([\w|]+)", grupo)
                valor = (
                    alternativas.group(1).split("|")[0]
                    if alternativas and "|" in alternativas.group(1)
                    else valores[clave]
                )
                texto = texto.replace(f"({grupo})", str(valor), 1)
                indice += 1
            ruta += texto.replace("\\", "")
    return "/" + ruta


def _vista(patron):
    vista = patron.callback
    while hasattr(vista, "__wrapped__"):
        vista = vista.__wrapped__
    return getattr(vista, "view_class", vista)


def _leidos_por(patron):
    """The request parameters the view's module (and its ModelAdmin's module) reads."""
    modulos = set()
    for objeto in (_vista(patron), getattr(patron.callback, "model_admin", None)):
        if objeto is None:
            continue
        try:
            archivo = Path(inspect.getsourcefile(type(objeto) if not callable(objeto) else objeto))
        except TypeError:
            continue
        if RAIZ in archivo.parents and ".venv" not in archivo.parts:
            modulos.add(archivo)
    nombres = set()
    for archivo in modulos:
        for uno, otro in LEIDOS.findall(archivo.read_text()):
            nombres.add(uno or otro)
    return nombres


# Pages: links and forms ---------------------------------------------------------------------


class _Pagina(HTMLParser):
    """The links and the forms of a page (fields with their values as a browser would send)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.enlaces, self.formularios = [], []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "option" and self._form is not None and self._select:
            # A select sends its selected option, else its first one.
            campos = self._form["campos"]
            if campos.get(self._select) is None or "selected" in a:
                campos[self._select] = a.get("value", "")
        elif tag == "a" and a.get("href"):
            self.enlaces.append(a["href"])
        elif tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "multipart": "multipart" in (a.get("enctype") or ""),
                "campos": {},
                "botones": [],
                "archivos": [],
            }
            self.formularios.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            tipo = (a.get("type") or "text").lower()
            nombre = a["name"]
            if tipo in ("submit", "image"):
                self._form["botones"].append((nombre, a.get("value", "")))
            elif tipo == "file":
                self._form["archivos"].append(nombre)
            elif tipo in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["campos"].setdefault(nombre, a.get("value", "on"))
                else:
                    self._form["campos"].setdefault(nombre, None)  # known, not sent
            elif tipo != "reset":
                self._form["campos"][nombre] = a.get("value", "")
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            self._form["botones"].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a["name"]
            self._form["campos"].setdefault(a["name"], None)
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["campos"][a["name"]] = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["campos"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _leer(html):
    pagina = _Pagina()
    pagina.feed(html)
    return pagina


# The walk -----------------------------------------------------------------------------------


class Rastreador:
    """Sends requests as each role, records every 5xx with where it was raised."""

    def __init__(self, clientes):
        self.clientes = clientes
        self.fallas = []
        self.peticiones = 0
        self.tiempos, self.cuentas = {}, {}
        self._excepcion = None
        got_request_exception.connect(self._anotar)

    def cerrar(self):
        got_request_exception.disconnect(self._anotar)

    def _anotar(self, sender, request=None, **kwargs):
        import sys

        self._excepcion = sys.exc_info()

    def pedir(self, rol, metodo, url, datos=None, multipart=False):
        cliente = self.clientes[rol]
        if metodo == "post":
            datos = {"csrfmiddlewaretoken": SECRETO_CSRF, **(datos or {})}
        galletas = copy.deepcopy(cliente.cookies)  # a log-out must not change the role
        self._excepcion = None
        self.peticiones += 1
        inicio = time.perf_counter()
        with transaction.atomic():
            if metodo == "get":
                respuesta = cliente.get(url, datos or {})
            elif multipart:
                respuesta = cliente.post(url, datos or {})
            else:
                respuesta = cliente.post(
                    url,
                    urlencode(datos or {}, doseq=True),
                    content_type="application/x-www-form-urlencoded",
                )
            transaction.set_rollback(True)
        cliente.cookies = galletas
        tipo = ("admin" if url.startswith("/admin/") else "portal", rol, metodo)
        self.tiempos[tipo] = self.tiempos.get(tipo, 0) + time.perf_counter() - inicio
        self.cuentas[tipo] = self.cuentas.get(tipo, 0) + 1
        if respuesta.status_code >= 500:
            self.fallas.append(self._describir(rol, metodo, url, datos, respuesta))
        return respuesta

    def _describir(self, rol, metodo, url, datos, respuesta):
        """One line per server error: where it was raised (the deepest frame of the project,
        else of a library) and the request that raised it."""
        donde = "?"
        if self._excepcion and self._excepcion[2] is not None:
            marcos = traceback.extract_tb(self._excepcion[2])
            propios = [m for m in marcos if str(RAIZ) in m.filename and ".venv" not in m.filename]
            m = (propios or marcos)[-1]
            archivo = m.filename.split("site-packages/")[-1].replace(f"{RAIZ}/", "")
            error = f"{self._excepcion[0].__name__}: {str(self._excepcion[1])[:70]!r}"
            donde = f"{archivo}:{m.lineno} ({m.name}) {error}"
        resumen = {
            k: (v[:12] + "…" if isinstance(v, str) and len(v) > 12 else v)
            for k, v in (datos or {}).items()
            if k != "csrfmiddlewaretoken"
        }
        return donde, f"{respuesta.status_code} {rol} {metodo.upper()} {url[:100]} {resumen}"[:400]

    def informe(self):
        """The server errors grouped by where they were raised, with one request of each."""
        grupos = {}
        for donde, peticion in self.fallas:
            grupos.setdefault(donde, []).append(peticion)
        return "\n".join(
            f"[{len(p)}×] {donde}\n      e.g. {p[0]}" for donde, p in sorted(grupos.items())
        )


@pytest.fixture
def demo(db, settings):
    """The demo data at its smallest, plus what the demo lacks for every form to show: a level
    proposal pending verification and a monitor's observation."""
    from hitos import services as servicios_hitos
    from hitos.models import Hito

    settings.DEBUG = True
    call_command("seed_demo", "--juntas", "3", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    secretaria, monitor = (
        User.objects.get(username="secretaria"),
        User.objects.get(username="monitor"),
    )
    hito = Hito.objects.order_by("numero").first()
    servicios_hitos.proponer_nivel(
        hito, nivel="sustancial", avance=60, justificacion="Avance real", usuario=secretaria
    )
    servicios_hitos.observar(hito, usuario=monitor, texto="¿Y la evidencia?")
    superusuario = User.objects.create_superuser("raiz", "raiz@example.org", "clave-raiz-123")
    usuarios = {
        "anonimo": None,
        "lider": User.objects.get(username="lider"),
        "lider_otra": User.objects.get(username="lider2"),
        "monitor": monitor,
        "secretaria": secretaria,
        "superusuario": superusuario,
    }
    clientes = {}
    for rol, usuario in usuarios.items():
        cliente = Client(enforce_csrf_checks=True, raise_request_exception=False)
        if usuario is not None:
            cliente.force_login(usuario)
        # What a browser that opened a page holds: POSTs carry the same (unmasked) token.
        cliente.cookies[settings.CSRF_COOKIE_NAME] = SECRETO_CSRF
        clientes[rol] = cliente
    rastreador = Rastreador(clientes)
    yield rastreador
    rastreador.cerrar()


def _reales(patron):
    """Real values for an admin URL's object id: the first row of its model."""
    admin_modelo = getattr(patron.callback, "model_admin", None)
    if admin_modelo is None:
        return {}
    fila = admin_modelo.model._default_manager.order_by("pk").first()
    if fila is None:
        return {}
    reales = {"object_id": fila.pk, "_0": fila.pk}
    historia = getattr(admin_modelo.model, "history", None)
    if historia is not None and (registro := historia.filter(id=fila.pk).first()):
        reales["_1"] = registro.history_id
    return reales


class Recorrido:
    def __init__(self, rastreador):
        self.r = rastreador
        self.patrones = list(_patrones())
        self.por_clave = {self._clave(p): (partes, p) for partes, p in self.patrones}
        # Per pattern: real kwargs seen in links, and query parameter names seen in links.
        self.vistos = {}
        self.parametros_vistos = {}
        self.formularios = {}  # (route, field names) -> (role, page url, form)
        self.urls_ok = {}  # role -> pages that answered 200

    @staticmethod
    def _clave(patron):
        return id(patron)

    def _anotar_pagina(self, rol, url, respuesta):
        if respuesta.status_code != 200 or "html" not in respuesta.get("Content-Type", ""):
            return
        pagina = _leer(respuesta.content.decode("utf-8", "replace"))
        for href in pagina.enlaces:
            self._anotar_enlace(urljoin(url, href))
        for form in pagina.formularios:
            accion = urljoin(url, form["action"]) if form["action"] else url
            try:
                coincidencia = resolve(urlsplit(accion).path)
            except Resolver404:
                continue
            nombres = tuple(sorted({*form["campos"], *(b for b, _v in form["botones"])}))
            # The admin's add and change pages of a model show one form: walked once.
            ruta = re.sub(r"(<path:object_id>/change/|add/)$", "", coincidencia.route)
            clave = (ruta, form["method"], nombres)
            self.formularios.setdefault(clave, (rol, accion, form))

    def _anotar_enlace(self, url):
        partes = urlsplit(url)
        if partes.netloc and partes.netloc != "testserver":
            return
        try:
            coincidencia = resolve(partes.path)
        except Resolver404:
            return
        for _partes, patron in self.patrones:
            if (
                patron.callback is coincidencia.func
                and patron.pattern.name == coincidencia.url_name
            ):
                break
        else:
            return
        clave = self._clave(patron)
        reales = self.vistos.setdefault(clave, [])
        valores = {**coincidencia.kwargs, **{f"_{i}": v for i, v in enumerate(coincidencia.args)}}
        if valores and valores not in reales and len(reales) < 2:
            reales.append(valores)
        nombres = self.parametros_vistos.setdefault(clave, set())
        nombres.update(n for n, _v in parse_qsl(partes.query, keep_blank_values=True))

    def rellenos(self, partes, patron):
        """Real fillings (from links, then the demo data) and junk ones, for a pattern."""
        parametros = _parametros(partes)
        if not parametros:
            return [("real", {})]
        rellenos = [("real", v) for v in self.vistos.get(self._clave(patron), [])]
        reales = _reales(patron)
        if not rellenos and all(n in reales for n, _c in parametros):
            rellenos.append(("real", reales))
        for indice in range(2):
            basura = {}
            for nombre, conversor in parametros:
                opciones = BASURA_RUTA.get(conversor, BASURA_RUTA["str"])
                basura[nombre] = opciones[indice % len(opciones)]
            rellenos.append(("basura", basura))
        return rellenos

    def url(self, partes, valores):
        return _construir(partes, valores)

    def explorar(self):
        """First the pages without parameters, as each role, to learn real ids from links;
        then one more round through the pages those links opened (admin change pages)."""
        for partes, _patron in self.patrones:
            if not _parametros(partes):
                for rol in ROLES:
                    url = self.url(partes, {})
                    self._anotar_pagina(rol, url, self.r.pedir(rol, "get", url))
        for partes, patron in self.patrones:
            for _tipo, valores in self.rellenos(partes, patron)[:1]:
                if valores:
                    for rol in ("lider", "monitor", "superusuario"):
                        url = self.url(partes, valores)
                        self._anotar_pagina(rol, url, self.r.pedir(rol, "get", url))


def _plan(del_admin, tipo, indice):
    """(role, method, with junk parameters) for one filling of a pattern.

    On the portal's pages every role sends GET, GET with junk parameters and POST with junk
    parameters. The admin's pages are the same generic views for each model, so there the
    staff roles send the real ids, the superuser the junk ones too, and the other roles (whom
    the admin sends to its log-in alike) the first filling only: the walk stays within a minute.
    """
    if not del_admin:
        pasos = [("get", False), ("post", True)] + ([("get", True)] if tipo == "real" else [])
        return [(rol, metodo, con) for rol in ROLES for metodo, con in pasos]
    plan = []
    if indice == 0:
        plan += [(rol, "get", False) for rol in ("anonimo", "lider", "lider_otra", "monitor")]
        plan += [("monitor", "post", True)]
    if tipo == "real":
        plan += [("secretaria", "get", False), ("secretaria", "post", False)]
        plan += [("superusuario", "get", True), ("superusuario", "post", True)]
    else:
        plan += [("superusuario", "get", True)]
        plan += [("superusuario", "post", True)] if indice <= 1 else []
    return plan


def _consulta(nombres, ronda):
    """Junk for each named query parameter, a different junk value per name and round."""
    datos = {}
    for i, nombre in enumerate(sorted(nombres)):
        valor = BASURA[(i + ronda) % len(BASURA)]
        datos[nombre] = valor
    return datos


# Each sweep is split in PARTES tests over every other pattern or form, so that `make test`'s two
# processes share it (one sweep alone took four minutes on one of them).
PARTES = 3


@pytest.mark.django_db
@pytest.mark.parametrize("parte", range(PARTES))
def test_every_url_pattern_answers_junk_without_a_server_error(demo, parte):
    recorrido = Recorrido(demo)
    recorrido.explorar()
    rondas = itertools.count()
    for numero, (partes, patron) in enumerate(recorrido.patrones):
        if numero % PARTES != parte:
            continue
        del_admin = str(partes[0]).startswith("admin/")
        vistos = recorrido.parametros_vistos.get(id(patron), set())
        # The portal's views: the names their module reads and those their links carry; the
        # admin's: those its pages link to (sorting, filters, pages).
        leidos = vistos if del_admin else _leidos_por(patron) | vistos
        for indice, (tipo, valores) in enumerate(recorrido.rellenos(partes, patron)):
            url = recorrido.url(partes, valores)
            for rol, metodo, con_parametros in _plan(del_admin, tipo, indice):
                if con_parametros and not leidos:
                    continue
                datos = _consulta(leidos, next(rondas)) if con_parametros else None
                demo.pedir(rol, metodo, url, datos)
    print(
        f"\n{len(recorrido.patrones)} URL patterns, {demo.peticiones} requests, "
        f"{len(demo.fallas)} server errors"
    )
    _tiempos(demo)
    _guardar_informe(demo)
    assert demo.peticiones > 100, "this part of the sweep sent almost nothing"
    assert not demo.fallas, demo.informe()


def _guardar_informe(demo):
    """With BASURA_INFORME=path, every server error is written there (the assertion shows one
    request per place)."""
    if destino := os.environ.get("BASURA_INFORME"):
        with open(destino, "a") as archivo:
            for donde, peticion in demo.fallas:
                archivo.write(f"{donde}\n    {peticion}\n")


def _tiempos(demo):
    for tipo, segundos in sorted(demo.tiempos.items(), key=lambda e: -e[1]):
        print(f"  {tipo}: {demo.cuentas[tipo]} requests, {segundos:.1f} s")


def _variantes(form, del_admin=False):
    """The form as a browser sends it (per submit button), then with junk in each field."""
    base = {k: v for k, v in form["campos"].items() if v is not None}
    botones = form["botones"] or [(None, None)]
    for boton, valor in botones:
        enviado = dict(base)
        if boton:
            enviado[boton] = valor
        yield "base", enviado
    nombres = [
        n
        for n in {*form["campos"], *(b for b, _v in form["botones"])}
        if n != "csrfmiddlewaretoken"
    ]
    primero = dict(base)
    if botones[0][0]:
        primero[botones[0][0]] = botones[0][1]
    # Every field junk at once, once per junk value ...
    # (The admin's forms, Django's generic code, with every third junk value.)
    for valor in BASURA[:: 3 if del_admin else 1]:
        yield "todo", {**primero, **dict.fromkeys(nombres, valor)}
    # ... and each field alone (the rest as the page had it), one junk value each: the first
    # row of a formset stands for the others, and at most 30 fields per form.
    solos = sorted(n for n in nombres if not re.search(r"-[1-9]\d*-", n))[: 12 if del_admin else 30]
    for i, nombre in enumerate(solos):
        yield "campo", {**primero, nombre: BASURA[i % len(BASURA)]}


@pytest.mark.django_db
@pytest.mark.parametrize("parte", range(PARTES))
def test_every_form_answers_junk_in_each_field_without_a_server_error(demo, parte):
    recorrido = Recorrido(demo)
    recorrido.explorar()
    campos = 0
    formularios = sorted(recorrido.formularios.items(), key=lambda e: str(e[0]))
    for (_ruta, metodo, nombres), (rol, accion, form) in formularios[parte::PARTES]:
        campos += len([n for n in nombres if n != "csrfmiddlewaretoken"])
        for _tipo, datos in _variantes(form, del_admin=urlsplit(accion).path.startswith("/admin/")):
            if form["archivos"] and metodo == "post":
                datos = {
                    **datos,
                    **{a: SimpleUploadedFile("basura.pdf", b"%PDF-abc") for a in form["archivos"]},
                }
                demo.pedir(rol, metodo, accion, datos, multipart=True)
            else:
                demo.pedir(rol, metodo, accion, datos)
    print(
        f"\n{len(recorrido.formularios)} forms, {campos} fields, {demo.peticiones} requests, "
        f"{len(demo.fallas)} server errors"
    )
    _tiempos(demo)
    _guardar_informe(demo)
    assert demo.peticiones > 100, "this part of the sweep sent almost nothing"
    assert not demo.fallas, demo.informe()
