"""Reading ids, page numbers and redirect targets from request data without trusting them.

Whatever arrives in a query string or a form is text a visitor chose: `?pagina=-1`,
`propuesta=abc`, `sesion=1e5`, a number bigger than any database column, a NUL byte
(PostgreSQL refuses it in a string literal), or the same name twice. A view that feeds it to
`int()` or to an ORM filter answers 500; these helpers turn junk into the portal's 404 page
(or the first page, or a safe default) instead, so every view reads request data one way.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# The largest value of a PostgreSQL `bigint` (and below it, of every id column we use).
MAXIMO_ENTERO = 2**63 - 1


def entero_o_none(valor):
    """`valor` as a positive int, or None if it is missing, not plain digits, or too big."""
    if isinstance(valor, int) and not isinstance(valor, bool):
        texto = str(valor)
    elif isinstance(valor, str):
        texto = valor.strip()
    else:
        return None
    # isdecimal() alone would accept other scripts' digits (int() takes them too): ASCII only.
    if not texto.isascii() or not texto.isdecimal():
        return None
    numero = int(texto)
    return numero if 0 < numero <= MAXIMO_ENTERO else None


def entero_o_404(valor):
    """An id read from the request: the number, or the portal's 404 page."""
    numero = entero_o_none(valor)
    if numero is None:
        raise Http404(_("No encontramos lo que buscaba: revise el enlace o vuelva a la lista."))
    return numero


def objeto_o_404(queryset, valor, **filtros):
    """The row of `queryset` whose pk is `valor` (read from the request), or 404: junk ids
    and ids of nothing get the same answer."""
    pk = entero_o_404(valor)
    objeto = queryset.filter(pk=pk, **filtros).first()
    if objeto is None:
        raise Http404(_("No encontramos lo que buscaba: revise el enlace o vuelva a la lista."))
    return objeto


def pagina(objetos, por_pagina, numero):
    """`Paginator(objetos, por_pagina).get_page(numero)`: junk numbers give the first page and
    numbers past the end the last one (get_page already does both); `numero` is cleaned first
    so that a NUL byte or a list never reaches it."""
    return Paginator(objetos, por_pagina).get_page(entero_o_none(numero) or 1)


def destino_seguro(request, destino, por_defecto):
    """A redirect target from request data (`volver`, `next`, the Referer) if it stays on this
    site, else `por_defecto`: an external link (`https://evil.example/`, `//evil.example`,
    `/\\evil.example`) never takes a visitor off the portal."""
    # A path: `redirect("abc")` would take a bare word for a view's name (NoReverseMatch).
    if (
        isinstance(destino, str)
        and destino.startswith("/")
        and url_has_allowed_host_and_scheme(
            destino, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return destino
    return por_defecto


def _tiene_nul(datos):
    return any(
        "\x00" in nombre or any(isinstance(v, str) and "\x00" in v for v in datos.getlist(nombre))
        for nombre in datos
    )


class SinNulMiddleware:
    """A NUL byte in a query parameter or a form field gets the friendly 400 page.

    Nobody types one; PostgreSQL refuses it in any string («A string literal cannot contain
    NUL»), so whichever view, admin filter or lookup passed it to the ORM answered 500. Turning
    it away here closes the whole class at once, for views that exist and views to come.
    Uploaded files' contents are not looked at, only the names and values of the fields.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or _tiene_nul(request.GET)
            or (request.method == "POST" and _tiene_nul(request.POST))
        ):
            return render(request, "errores/400.html", status=400)
        return self.get_response(request)
