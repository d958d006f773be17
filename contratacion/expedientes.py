"""The dossier's files: one PDF (cover letter, index, then each document of the route in order,
with the dossier's code and a QR to its public check on every page) and a ZIP of the originals.

The cover letter and index are drawn from an HTML template by WeasyPrint, as the certificates
are (`nucleo.pdf`, `capacitacion.certificados.qr_svg`); a document uploaded as an image becomes
a page of its own drawn the same way; a document uploaded as a PDF keeps its pages, each with
the code and QR stamped on it (pypdf).
"""

import base64
import csv
import hashlib
import io
import mimetypes
import os
import zipfile

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from capacitacion.certificados import qr_svg
from nucleo import pdf as documentos_pdf


class DocumentoIlegible(Exception):
    """An uploaded document that cannot be put in the PDF (damaged, or protected by a password)."""

    def __init__(self, nombre):
        super().__init__(nombre)
        self.nombre = nombre


def es_pdf(nombre):
    return nombre.lower().endswith(".pdf")


def sha256(contenido: bytes) -> str:
    return hashlib.sha256(contenido).hexdigest()


def _lector(contenido, nombre):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        lector = PdfReader(io.BytesIO(contenido))
        if lector.is_encrypted and not lector.decrypt(""):
            raise DocumentoIlegible(nombre)
        len(lector.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise DocumentoIlegible(nombre) from error
    return lector


def paginas_de(contenido, nombre):
    """How many pages a document takes in the dossier: a PDF its own, an image one."""
    return len(_lector(contenido, nombre).pages) if es_pdf(nombre) else 1


def _imagen_en_linea(contenido, nombre):
    tipo = mimetypes.guess_type(nombre)[0] or "image/jpeg"
    return f"data:{tipo};base64,{base64.b64encode(contenido).decode('ascii')}"


def _sello(codigo, url, qr, pagina, total):
    """A small page (the code, the check's address, its QR and the page number in the dossier)
    laid on a page of an uploaded PDF."""
    from pypdf import PdfReader

    html = documentos_pdf.desde_plantilla(
        "contratacion/expediente_sello.html",
        {"codigo": codigo, "url": url, "qr": qr, "pagina": pagina, "total": total},
    )
    return PdfReader(io.BytesIO(html)).pages[0]


def armar_pdf(*, expediente, junta, presidente, documentos, url, hoy) -> bytes:
    """The dossier's PDF. `documentos`: dicts with `item` (an unsaved ItemExpediente) and
    `contenido` (the file's bytes), in order."""
    from pypdf import PdfReader, PdfWriter, Transformation

    qr = mark_safe(qr_svg(url, lado=64))  # noqa: S308 (our own SVG)
    contexto = {
        "expediente": expediente,
        "junta": junta,
        "presidente": presidente,
        "url": url,
        "qr": qr,
        "hoy": hoy,
    }
    # The index gives each document's first page: render the front, count its pages, and
    # render it again if it took more than the two pages assumed.
    delante = 2
    for _intento in range(3):
        pagina = delante + 1
        for documento in documentos:
            documento["pagina"] = pagina
            pagina += documento["item"].paginas
        frente = documentos_pdf.desde_plantilla(
            "contratacion/expediente_pdf.html",
            {**contexto, "documentos": documentos, "total_paginas": pagina - 1},
        )
        paginas_frente = len(PdfReader(io.BytesIO(frente)).pages)
        if paginas_frente == delante:
            break
        delante = paginas_frente

    total = pagina - 1
    escritor = PdfWriter()
    escritor.append(PdfReader(io.BytesIO(frente)))
    qr_sello = mark_safe(qr_svg(url, lado=56))  # noqa: S308 (our own SVG)
    for documento in documentos:
        item, contenido = documento["item"], documento["contenido"]
        if es_pdf(item.archivo):
            for numero, pagina_original in enumerate(
                _lector(contenido, item.nombre).pages, start=documento["pagina"]
            ):
                sello = _sello(expediente.codigo, url, qr_sello, numero, total)
                ancho_sello = float(sello.mediabox.width)
                ancho = float(pagina_original.mediabox.width)
                x = float(pagina_original.mediabox.left) + max(0.0, ancho - ancho_sello - 12)
                y = float(pagina_original.mediabox.bottom) + 8
                en_escritor = escritor.add_page(pagina_original)
                en_escritor.merge_transformed_page(sello, Transformation().translate(x, y))
        else:
            hoja = documentos_pdf.desde_plantilla(
                "contratacion/expediente_imagen.html",
                {
                    **contexto,
                    "documento": documento,
                    "total_paginas": total,
                    "imagen": _imagen_en_linea(contenido, item.archivo),
                },
            )
            escritor.append(PdfReader(io.BytesIO(hoja)))
    escritor.add_metadata(
        {"/Title": _("Expediente de contratación %(codigo)s") % {"codigo": expediente.codigo}}
    )
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def armar_zip(*, expediente, documentos, pdf) -> bytes:
    """The originals, named by their order and requirement (never by the uploaded file's name,
    which may carry a person's name), the dossier's PDF and a manifest with each SHA-256."""
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as archivo_zip:
        manifiesto = io.StringIO()
        escritor = csv.writer(manifiesto, delimiter=";", lineterminator="\r\n")
        escritor.writerow(
            [_("Orden"), _("Documento"), _("Archivo"), _("Expedición"), _("Vencimiento"), "SHA-256"]
        )
        for documento in documentos:
            item = documento["item"]
            extension = os.path.splitext(item.archivo)[1].lower() or ".pdf"
            nombre = f"{item.orden:02d}-{item.requisito_codigo}{extension}"
            archivo_zip.writestr(nombre, documento["contenido"])
            escritor.writerow(
                [
                    item.orden,
                    item.nombre,
                    nombre,
                    item.fecha_expedicion.strftime("%d/%m/%Y") if item.fecha_expedicion else "",
                    item.fecha_vencimiento.strftime("%d/%m/%Y") if item.fecha_vencimiento else "",
                    item.sha256,
                ]
            )
        archivo_zip.writestr("indice.csv", "\ufeff" + manifiesto.getvalue())
        archivo_zip.writestr(f"expediente-{expediente.codigo}.pdf", pdf)
    return salida.getvalue()
