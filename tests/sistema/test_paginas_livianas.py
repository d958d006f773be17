"""What keeps the pages fast on a phone (issue 17: Lighthouse's mobile profile, performance ≥ 95),
checked where a test can tell without a browser:

- no script holds the first paint: scripts come after the content (at the end of the body, or
  deferred in the <head>), and Chart.js is loaded only by pages that draw a chart (the
  dashboards' content is rendered by their views, so this is checked on the pages themselves);
- icons are inline SVG, not the icon font (a render-blocking stylesheet, 99 % unused, and a
  135 KB font that moved the text when it arrived);
- pages are compressed;
- the staff's Juntas × modules matrix is one form, not a form and a CSRF token per cell;
- the admin's change lists leave out the change form's scripts (40 KB in their <head>).
"""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from capacitacion.models import AjustePlan, Modulo
from demo.capacitacion import sembrar_estrategia
from tests.factories import OrganizacionFactory

PLANTILLAS = sorted(
    p for carpeta in settings.TEMPLATES[0]["DIRS"] for p in Path(carpeta).rglob("*.html")
)


def test_the_sweep_sees_the_templates():
    assert len(PLANTILLAS) > 50


def _fuera_del_final(html):
    """The `<script src>` tags that would hold the first paint: in the <head> without `defer`,
    or in the body before the content ends (the footer)."""
    cabeza, _, cuerpo = html.partition("</head>")
    antes_del_pie = cuerpo.partition("</footer>")[0] if "</footer>" in cuerpo else ""
    return [
        etiqueta
        for parte, exigir_defer in ((cabeza, True), (antes_del_pie, False))
        for etiqueta in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", parte)
        if exigir_defer is False or not re.search(r"\bdefer\b", etiqueta)
    ]


@pytest.mark.parametrize("plantilla", PLANTILLAS, ids=lambda p: p.name)
def test_scripts_come_after_the_content(plantilla):
    """In a page template, scripts only in `{% block scripts %}` (base.html puts it after the
    footer); an include with scripts is included there."""
    texto = plantilla.read_text()
    raiz = Path(settings.TEMPLATES[0]["DIRS"][0])
    nombre = str(plantilla.relative_to(raiz))
    if nombre.startswith("admin/") or "<script" not in texto:
        return
    if nombre == "base.html":
        assert not _fuera_del_final(texto)
        return
    for coincidencia in re.finditer(r"<script\b[^>]*\bsrc=[^>]*>", texto):
        if "{% block scripts %}" in texto[: coincidencia.start()]:
            continue
        # Not in a block scripts: an include, included only inside one.
        usos = [p.read_text() for p in PLANTILLAS if f'{{% include "{nombre}"' in p.read_text()]
        assert usos, f"{nombre}: {coincidencia.group()} outside {{% block scripts %}}"
        for uso in usos:
            antes = uso.partition(f'{{% include "{nombre}"')[0]
            assert "{% block scripts %}" in antes, f"{nombre} included outside block scripts"


def test_icons_are_inline_svg_not_the_icon_font():
    for plantilla in PLANTILLAS:
        texto = plantilla.read_text()
        assert "bootstrap-icons" not in texto, plantilla.name
        assert not re.search(r"class=\"bi bi-", texto), plantilla.name
    html = Template('{% icono "people-fill" "text-success" %}').render(Context())
    assert html.startswith('<svg class="bi text-success" width="1em" height="1em"')
    assert 'aria-hidden="true"' in html and "<path d=" in html


@pytest.mark.parametrize("nombre", ["no-existe", "../../package", "Mayus"])
def test_an_unknown_icon_fails_the_template(nombre):
    with pytest.raises(TemplateSyntaxError):
        Template(f'{{% icono "{nombre}" %}}').render(Context())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "ruta"),
    [
        (None, "inicio"),
        (None, "transparencia:inicio"),
        ("lider", "portal:inicio"),
        ("lider", "contratacion_portal:inicio"),
        ("monitor", "tablero:inicio"),
        ("monitor", "resultados:diagnostico"),
        ("monitor", "estrategia:tablero"),
        ("secretaria", "estrategia:plan"),
    ],
)
def test_chart_js_only_on_pages_with_a_chart(client, request, rol, ruta):
    if rol:
        client.force_login(request.getfixturevalue(rol))
    html = client.get(reverse(ruta)).content.decode()
    assert ("<canvas" in html) == ("chart.umd" in html), ruta
    assert not _fuera_del_final(html), ruta
    assert '<svg class="bi' in html  # the navigation's icon


@pytest.mark.django_db
def test_pages_are_compressed(client):
    respuesta = client.get(reverse("inicio"), HTTP_ACCEPT_ENCODING="gzip, br")
    assert respuesta.status_code == 200
    assert respuesta["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(respuesta.content)
    assert "Accept-Encoding" in respuesta["Vary"]


@pytest.fixture
def matriz(db):
    sembrar_estrategia()
    return OrganizacionFactory.create_batch(25)


@pytest.mark.django_db
def test_the_plan_matrix_is_one_form_and_stays_light(client, secretaria, matriz):
    client.force_login(secretaria)
    pagina = client.get(reverse("estrategia:plan"))
    html = pagina.content.decode()
    celdas = len(pagina.context["filas"]) * len(pagina.context["modulos"])
    assert celdas >= 25 * 5
    assert html.count('name="celda"') == celdas
    # One CSRF token in the matrix (plus the log-out form's), not one per cell.
    assert html.count("csrfmiddlewaretoken") == 2
    # Measured: 181 KB with a form per cell; about 240 bytes a cell now.
    assert len(pagina.content) < 12_000 + 300 * celdas


@pytest.mark.django_db
def test_a_cell_of_the_matrix_adjusts_the_plan(client, secretaria, matriz):
    client.force_login(secretaria)
    junta, modulo = matriz[0], Modulo.objects.filter(activo=True).first()
    url = reverse("estrategia:plan")
    respuesta = client.post(url, {"celda": f"{junta.pk}:{modulo.pk}:incluir", "consulta": "q=x"})
    assert respuesta.status_code == 302 and respuesta["Location"] == f"{url}?q=x"
    assert AjustePlan.objects.get(organizacion=junta, modulo=modulo).incluido is True
    client.post(url, {"celda": f"{junta.pk}:{modulo.pk}:automatico"})
    assert not AjustePlan.objects.exists()
    for basura in ["", "abc", f"{junta.pk}", f"{junta.pk}:{modulo.pk}:borrar", "1:2:3:4"]:
        assert client.post(url, {"celda": basura}).status_code == 302
    assert not AjustePlan.objects.exists()


@pytest.mark.django_db
def test_admin_change_lists_leave_out_the_change_form_scripts(client, secretaria):
    client.force_login(secretaria)
    html = client.get(reverse("admin:juntas_organizacion_changelist")).content.decode()
    scripts = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"[^>]*>", html)
    assert any("admin/js/actions" in s for s in scripts)
    assert not [s for s in scripts if re.search(r"urlify|prepopulate|xregexp", s)]
    # The change form still has them (prepopulated fields).
    formulario = client.get(reverse("admin:juntas_organizacion_add")).content.decode()
    assert "admin/js/urlify" in formulario
