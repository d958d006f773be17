"""`{% icono "people-fill" %}`: a Bootstrap Icons glyph as inline SVG, read from the npm package.

Inline SVG instead of the icon font: the font's stylesheet blocked the first paint of every page
(99 % of its rules unused: the portal uses some forty of its two thousand icons) and its 135 KB
font arrived later and moved the text beside each icon (Lighthouse's layout shift). The SVG is
drawn with the text, in its colour (`currentColor`), hidden from screen readers like the `<i>` it
replaces. Loaded for every template (`builtins` in settings.TEMPLATES).
"""

import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

NOMBRE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
CARPETA = settings.BASE_DIR / "node_modules" / "bootstrap-icons" / "icons"


@lru_cache(maxsize=256)
def _interior(nombre):
    """The glyph's paths (the SVG's content), from the package's own file."""
    if not NOMBRE.match(nombre):
        raise template.TemplateSyntaxError(f"Nombre de icono no válido: {nombre!r}")
    ruta = CARPETA / f"{nombre}.svg"
    if not ruta.is_file():
        raise template.TemplateSyntaxError(f"No existe el icono «{nombre}» en {CARPETA}")
    texto = ruta.read_text(encoding="utf-8")
    return re.search(r"<svg[^>]*>(.*)</svg>", texto, re.S).group(1).strip()


@register.simple_tag
def icono(nombre, clases=""):
    """`<svg class="bi …">`: 1em square, aligned with the text like the font's glyphs."""
    extra = f" {escape(clases)}" if clases else ""
    return mark_safe(  # noqa: S308 - the package's own SVG, the name checked above
        f'<svg class="bi{extra}" width="1em" height="1em" viewBox="0 0 16 16" fill="currentColor" '
        f'aria-hidden="true" focusable="false">{_interior(nombre)}</svg>'
    )
