"""Security headers: Content-Security-Policy, Permissions-Policy, and no browser or proxy cache
for anything that carries personal data (every answer to a signed-in user, every attachment)."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.sistema.test_exportes_sin_formulas import (
    EXPORTES_DEL_ADMIN,
    EXPORTES_DEL_DIAGNOSTICO,
    _exportar_del_admin,
    datos_peligrosos,  # noqa: F401 (fixture)
)

PLANTILLAS = Path(settings.BASE_DIR) / "templates"


def _politica(respuesta):
    return {
        partes[0]: partes[1:]
        for partes in (d.split() for d in respuesta["Content-Security-Policy"].split(";"))
        if partes
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/transparencia/", "/cuentas/ingresar/", "/no-existe/"])
def test_public_pages_carry_csp_and_permissions_policy(client, url):
    respuesta = client.get(url)
    politica = _politica(respuesta)
    assert politica["default-src"] == ["'self'"]
    assert politica["script-src"] == ["'self'"]
    assert politica["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in politica["style-src-elem"]
    assert politica["object-src"] == ["'none'"]
    assert politica["frame-ancestors"] == ["'none'"]
    assert politica["form-action"] == ["'self'"]
    assert politica["base-uri"] == ["'self'"]
    permisos = respuesta["Permissions-Policy"]
    for funcion in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{funcion}=()" in permisos


@pytest.mark.django_db
def test_public_pages_for_anonymous_visitors_stay_cacheable(client, compromiso_publico):
    for url in ("/", "/transparencia/", "/transparencia/datos.json"):
        respuesta = client.get(url)
        assert "no-store" not in respuesta.get("Cache-Control", ""), url


@pytest.fixture
def compromiso_publico(db):
    from tests.hitos.conftest import crear_compromiso

    return crear_compromiso()


def _sin_argumentos(patrones=None, prefijo=""):
    """Every path of the URL conf that takes no argument, admin included."""
    for patron in patrones if patrones is not None else get_resolver().url_patterns:
        texto = str(patron.pattern)
        if texto.startswith("^"):  # a regex pattern: only literal ones
            texto = texto.lstrip("^").rstrip("$").replace("\\Z", "")
            if re.search(r"[()\[\]\\*+?]", texto):
                continue
        elif "<" in texto:
            continue
        if isinstance(patron, URLResolver):
            yield from _sin_argumentos(patron.url_patterns, prefijo + texto)
        elif isinstance(patron, URLPattern):
            yield "/" + prefijo + texto


def _no_store(respuesta):
    valor = respuesta.get("Cache-Control", "")
    return "no-store" in valor and "private" in valor


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["lider", "monitor", "secretaria"])
def test_every_page_for_a_signed_in_user_is_no_store(client, request, rol, compromiso_publico):
    usuario = request.getfixturevalue(rol)
    client.force_login(usuario)
    urls = sorted(set(_sin_argumentos()) - {"/cuentas/salir/"})
    assert len(urls) > 30
    sin_cabecera = []
    for url in urls:
        respuesta = client.get(url)
        if not _no_store(respuesta):
            sin_cabecera.append(f"{url} ({respuesta.status_code})")
    assert not sin_cabecera, f"{rol}: pages without no-store: {sin_cabecera}"


@pytest.mark.django_db
def test_every_export_is_no_store(client, secretaria, monitor, datos_peligrosos):  # noqa: F811
    client.force_login(secretaria)
    descargas = [_exportar_del_admin(client, m, f) for m, f in EXPORTES_DEL_ADMIN]
    descargas += [
        client.get(reverse("resultados:exportar"), {"forma": forma, "formato": formato})
        for forma, formato in EXPORTES_DEL_DIAGNOSTICO
    ]
    client.force_login(monitor)
    descargas += [client.get(reverse("tablero:indicadores", args=[f])) for f in ("xlsx", "csv")]
    descargas.append(client.get(reverse("tablero:informe"), {"formato": "pdf"}))
    assert len(descargas) == 11
    for descarga in descargas:
        assert descarga.status_code == 200
        assert descarga.has_header("Content-Disposition")
        assert _no_store(descarga), descarga["Content-Disposition"]


def test_an_attachment_is_no_store_even_for_an_anonymous_visitor():
    """A download may carry names (a certificate, an export): never cached, whoever asks."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from nucleo.cabeceras import SinCacheParaDatosPersonalesMiddleware

    def vista(_request):
        respuesta = HttpResponse(b"a,b")
        respuesta["Content-Disposition"] = 'attachment; filename="x.csv"'
        return respuesta

    respuesta = SinCacheParaDatosPersonalesMiddleware(vista)(RequestFactory().get("/x"))
    assert respuesta["Cache-Control"] == "no-store, private"


def test_no_template_has_inline_scripts_or_event_handlers():
    """script-src 'self': an inline <script> or an on…= attribute would be blocked."""
    encontrados = []
    for plantilla in PLANTILLAS.rglob("*.html"):
        texto = plantilla.read_text(encoding="utf-8")
        for numero, linea in enumerate(texto.splitlines(), start=1):
            if (
                re.search(r"<script(?![^>]*\bsrc=)[^>]*>", linea)
                and "application/json" not in linea
            ):
                encontrados.append(f"{plantilla.relative_to(PLANTILLAS)}:{numero} <script>")
            if re.search(r"\son[a-z]+\s*=", linea) or "javascript:" in linea:
                encontrados.append(f"{plantilla.relative_to(PLANTILLAS)}:{numero} handler")
    assert not encontrados, encontrados


def _hash(texto):
    return "'sha256-" + base64.b64encode(hashlib.sha256(texto.encode()).digest()).decode() + "'"


def test_every_inline_style_block_is_allowed_by_its_hash():
    """The fixed <style> blocks the policy allows by hash are still the ones rendered (ours and
    the admin's changelist); any new <style> block in our templates fails here, not silently
    in the browser."""
    permitidos = set(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src-elem"])
    fuentes = [p.read_text(encoding="utf-8") for p in PLANTILLAS.rglob("*.html")]
    fuentes.append(engines["django"].engine.find_template("admin/change_list.html")[0].source)
    bloques = [b for f in fuentes for b in re.findall(r"<style>(.*?)</style>", f, re.S)]
    assert len(bloques) == 2
    for bloque in bloques:
        assert _hash(bloque) in permitidos, f"update CONTENT_SECURITY_POLICY for {bloque[:60]!r}"


def test_the_only_allowed_inline_handler_is_import_exports_select_all():
    motor = engines["django"].engine
    fuente = motor.find_template("admin/import_export/export.html")[0].source
    manejadores = re.findall(r'\son[a-z]+="([^"]*)"', fuente)
    permitidos = set(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src-attr"])
    assert manejadores and all(_hash(m) in permitidos for m in manejadores)
