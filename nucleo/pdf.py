"""PDFs drawn from HTML templates (WeasyPrint), so a document and its printable page share one
layout: the progress report and the page `/tablero/informe/` include the same template.

WeasyPrint resolves every URL in the page through `FetcherLocal`: static files are read from disk
(STATIC_ROOT, or the finders before `collectstatic`) and anything else is refused, so rendering a
PDF never opens a network connection, whatever a template or a user's text links to.

WeasyPrint is imported when a PDF is asked for, not at start-up: it loads Pango through cffi
(about 1 s, once per process), and a machine without Debian's Pango libraries still serves every
other page.
"""

from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.templatetags.static import static

# A base for relative URLs: `{% static %}` gives `/static/…`, which resolves to this host, and
# the fetcher only looks at the path. `.invalid` never resolves (RFC 2606).
BASE_URL = "https://pdf.invalid/"


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FetcherLocal(URLFetcher):
        """Static files from disk, `data:` URLs as such; every other URL is an error."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            partes = urlsplit(url)
            prefijo = static("")
            ruta = unquote(partes.path)
            if f"{partes.scheme}://{partes.netloc}/" != BASE_URL or not ruta.startswith(prefijo):
                raise ValueError(f"PDF rendering only reads static files, not {url}")
            nombre = ruta.removeprefix(prefijo)
            if ".." in nombre.split("/"):
                raise ValueError(f"PDF rendering only reads static files, not {url}")
            if staticfiles_storage.exists(nombre):
                with staticfiles_storage.open(nombre) as archivo:
                    contenido = archivo.read()
            elif encontrado := finders.find(nombre):
                with open(encontrado, "rb") as archivo:
                    contenido = archivo.read()
            else:
                raise ValueError(f"No static file {nombre!r} for the PDF")
            tipo = "text/css" if nombre.endswith(".css") else None
            return URLFetcherResponse(url, contenido, {"Content-Type": tipo} if tipo else {})

    # A stylesheet that cannot be read stops the rendering instead of giving an unstyled PDF.
    return FetcherLocal(fail_on_errors=True)


def desde_plantilla(plantilla, contexto):
    """The PDF (bytes) of `plantilla` rendered with `contexto`: its `<title>` and
    `<meta name="author">` become the document's metadata; `@page` in its stylesheet sets the
    paper."""
    from weasyprint import HTML

    html = render_to_string(plantilla, contexto)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()
