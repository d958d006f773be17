"""Photos from a phone: resized on upload, EXIF stripped from what is stored (and served to the
public), the date and position the photo declared kept apart; type and size checked as for
every other upload."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from convenios import fotos, services
from convenios.models import FotoAvance, InformeAvance

from .conftest import jpeg_de_telefono

pytestmark = pytest.mark.django_db


def _enviar(convenio, lider, *archivos):
    return services.registrar_informe(
        convenio,
        fecha=timezone.localdate(),
        avance=Decimal("30"),
        fotos=list(archivos),
        usuario=lider,
    )


def test_the_stored_photo_is_resized_and_carries_no_exif(convenio, lider):
    original = jpeg_de_telefono()
    assert Image.open(io.BytesIO(original.read())).getexif()  # the phone's file has EXIF
    original.seek(0)
    informe = _enviar(convenio, lider, original)
    foto = informe.fotos.get()
    with foto.imagen.open("rb") as archivo:
        guardada = Image.open(archivo)
        guardada.load()
    assert max(guardada.size) == fotos.LADO_MAXIMO
    assert guardada.size == (1600, 1200) == (foto.ancho, foto.alto)
    assert guardada.format == "JPEG"
    assert not guardada.getexif()
    assert "exif" not in guardada.info and "icc_profile" not in guardada.info
    with foto.imagen.open("rb") as archivo:
        crudo = archivo.read()
    assert b"Motorola" not in crudo and b"Exif" not in crudo


def test_the_declared_date_and_position_are_read_and_kept_apart(convenio, lider):
    foto = _enviar(convenio, lider, jpeg_de_telefono()).fotos.get()
    assert timezone.localtime(foto.fecha_declarada).replace(tzinfo=None) == datetime.datetime(
        2026, 11, 20, 9, 15
    )
    assert foto.latitud_declarada == Decimal("10.420000")
    assert foto.longitud_declarada == Decimal("-75.533333")


def test_a_photo_without_exif_is_accepted_and_flagged_to_the_supervisor(convenio, lider):
    foto = _enviar(convenio, lider, jpeg_de_telefono(fecha=None, gps=None)).fotos.get()
    assert foto.fecha_declarada is None and foto.latitud_declarada is None
    assert "no declara fecha" in foto.aviso_fecha()


def test_a_declared_date_is_never_trusted_blindly(convenio, lider):
    antigua = (timezone.localdate() - datetime.timedelta(days=200)).strftime("%Y:%m:%d 08:00:00")
    foto = _enviar(convenio, lider, jpeg_de_telefono(fecha=antigua)).fotos.get()
    assert "más de 60 días antes" in foto.aviso_fecha()
    futura = (timezone.localdate() + datetime.timedelta(days=5)).strftime("%Y:%m:%d 08:00:00")
    InformeAvance.objects.all().update(estado=InformeAvance.Estado.DEVUELTO)
    foto = _enviar(convenio, lider, jpeg_de_telefono(fecha=futura)).fotos.get()
    assert "posterior" in foto.aviso_fecha()


def test_the_orientation_is_applied_before_exif_goes(convenio, lider):
    # Orientation 6: the camera stored a landscape frame to be shown rotated (portrait).
    foto = _enviar(convenio, lider, jpeg_de_telefono(orientacion=6)).fotos.get()
    assert (foto.ancho, foto.alto) == (1200, 1600)


def test_a_png_with_transparency_becomes_a_jpeg(convenio, lider):
    imagen = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    salida = io.BytesIO()
    imagen.save(salida, "PNG")
    foto = _enviar(
        convenio, lider, SimpleUploadedFile("captura.png", salida.getvalue(), "image/png")
    ).fotos.get()
    assert (foto.ancho, foto.alto) == (800, 600)
    with foto.imagen.open("rb") as archivo:
        assert archivo.read(3) == b"\xff\xd8\xff"


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(convenio, lider):
    falsa = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff" + b"no soy una foto" * 10)
    with pytest.raises(ValidationError):
        _enviar(convenio, lider, falsa)
    assert not InformeAvance.objects.exists() and not FotoAvance.objects.exists()


def test_the_form_checks_type_and_size_like_every_upload(client, settings, convenio, lider):
    client.force_login(lider)
    url = reverse("convenios_portal:informe", args=[convenio.pk])
    datos = {"fecha": timezone.localdate().isoformat(), "avance": "30"}
    respuesta = client.post(url, {**datos, "fotos": [SimpleUploadedFile("a.pdf", b"%PDF-1.4")]})
    assert respuesta.status_code == 400
    assert "JPG o PNG" in respuesta.content.decode()
    settings.UPLOAD_MAX_BYTES = 1000
    respuesta = client.post(url, {**datos, "fotos": [jpeg_de_telefono()]})
    assert respuesta.status_code == 400
    assert "el máximo es" in respuesta.content.decode()
    assert not InformeAvance.objects.exists()


def test_the_public_sees_only_photos_of_verified_reports_without_exif(
    client, convenio, lider, secretaria
):
    informe = _enviar(convenio, lider, jpeg_de_telefono())
    foto = informe.fotos.get()
    url = reverse("convenios_publico:foto", args=[foto.pk])
    assert client.get(url).status_code == 404  # pending
    services.verificar_informe(informe, usuario=secretaria)
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    contenido = b"".join(respuesta.streaming_content)
    assert not Image.open(io.BytesIO(contenido)).getexif()
    assert b"Motorola" not in contenido
    FotoAvance.objects.filter(pk=foto.pk).update(publica=False)
    assert client.get(url).status_code == 404
    pagina = client.get(reverse("convenios_publico:convenio", args=[convenio.pk]))
    assert url not in pagina.content.decode()
