"""Helpers for the readiness-per-route and dossier tests: real files (a PDF written by pypdf, a
PNG written by Pillow) and a Junta whose documents meet a route."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from juntas.models import PesoRequisitoRuta, Requisito, RequisitoJunta


def pdf(paginas=1):
    escritor = PdfWriter()
    for _ in range(paginas):
        escritor.add_blank_page(width=612, height=792)
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def png():
    salida = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(salida, format="PNG")
    return salida.getvalue()


def cumplir(junta, codigo, *, vence=None, archivo=True, nombre=None, contenido=None):
    """The Junta meets the requirement `codigo`, with a document (a PDF unless told)."""
    requisito = Requisito.objects.get(codigo=codigo)
    hoy = timezone.localdate()
    datos = {
        "estado": RequisitoJunta.Estado.CUMPLE,
        "fecha_expedicion": hoy - datetime.timedelta(days=10),
        "fecha_vencimiento": vence,
        "verificado_en": timezone.now(),
    }
    if archivo:
        datos["archivo"] = SimpleUploadedFile(
            nombre or f"{codigo}.pdf", contenido if contenido is not None else pdf()
        )
    fila, _creada = RequisitoJunta.objects.update_or_create(
        organizacion=junta, requisito=requisito, defaults=datos
    )
    return fila


def cumplir_ruta(junta, ruta, **kwargs):
    """Every requirement of `ruta` met with a document in force; returns their codes in order."""
    codigos = list(
        PesoRequisitoRuta.objects.filter(ruta=ruta, requisito__activo=True)
        .order_by("requisito__orden")
        .values_list("requisito__codigo", flat=True)
    )
    for codigo in codigos:
        cumplir(junta, codigo, **kwargs)
    return codigos
