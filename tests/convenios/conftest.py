"""Fixtures for convenios: a convenio of `junta` (the `lider` fixture's Junta) and helpers to
build photos the way a phone writes them."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from contratacion.selectors import Ruta
from convenios.models import Convenio, InformeAvance, Pago, Tramo
from juntas.models import Barrio

HOY = timezone.localdate


def crear_convenio(organizacion, **campos):
    hoy = timezone.localdate()
    datos = {
        "organizacion": organizacion,
        "numero": "CS-T-001",
        "entidad": "Alcaldía de Cartagena",
        "ruta": Ruta.CONVENIO_SOLIDARIO,
        "objeto": "Andenes de la calle principal",
        "valor": Decimal("100000000"),
        "fecha_firma": hoy - datetime.timedelta(days=90),
        "fecha_inicio": hoy - datetime.timedelta(days=80),
        "fecha_fin": hoy + datetime.timedelta(days=60),
        "estado": Convenio.Estado.EN_EJECUCION,
        "barrio": organizacion.barrio or Barrio.objects.order_by("pk").first(),
    }
    datos.update(campos)
    return Convenio.objects.create(**datos)


def informe_verificado(convenio, avance, autor, revisor, dias=10):
    return InformeAvance.objects.create(
        convenio=convenio,
        fecha=timezone.localdate() - datetime.timedelta(days=dias),
        avance=Decimal(avance),
        autor=autor,
        estado=InformeAvance.Estado.VERIFICADO,
        revisado_por=revisor,
        revisado_en=timezone.now(),
    )


def pago(convenio, valor, soporte=True, tramo=None, dias=5):
    fila = Pago(
        convenio=convenio,
        tramo=tramo,
        fecha=timezone.localdate() - datetime.timedelta(days=dias),
        valor=Decimal(valor),
    )
    if soporte:
        fila.soporte = pdf("soporte.pdf")
    fila.save()
    return fila


def tramo(convenio, numero=1, porcentaje="30"):
    return Tramo.objects.create(
        convenio=convenio, numero=numero, porcentaje=Decimal(porcentaje), condicion="Anticipo"
    )


def pdf(nombre="acta.pdf"):
    return SimpleUploadedFile(
        nombre, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def jpeg_de_telefono(
    *,
    tamano=(4000, 3000),
    fecha="2026:11:20 09:15:00",
    gps=((10.0, 25.0, 12.0), (75.0, 32.0, 0.0)),
    nombre="IMG_20261120.jpg",
    orientacion=None,
):
    """A JPEG with EXIF as a phone writes it: camera, date taken, GPS position."""
    imagen = Image.new("RGB", tamano, (200, 60, 40))
    exif = Image.Exif()
    exif[0x010F] = "Motorola"
    exif[0x0110] = "moto g84"
    if orientacion:
        exif[0x0112] = orientacion
    if fecha:
        exif.get_ifd(0x8769)[0x9003] = fecha
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: gps[0], 3: "W", 4: gps[1]})
    salida = io.BytesIO()
    imagen.save(salida, "JPEG", quality=85, exif=exif)
    return SimpleUploadedFile(nombre, salida.getvalue(), "image/jpeg")


@pytest.fixture
def convenio(junta):
    return crear_convenio(junta)


@pytest.fixture
def convenio_otra(otra_junta):
    return crear_convenio(otra_junta, numero="CS-T-002", objeto="Salón comunal de Olaya")
