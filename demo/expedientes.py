"""Demo: `lider`'s Junta pursues mínima cuantía with every document of that route valid, and
one dossier (expediente) generated from them, so `make run` shows the readiness per route and
the public check at /expedientes/<código>/.

The documents are synthetic one-page PDFs that say so on their face.
"""

import datetime
import io

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from contratacion import services
from contratacion.models import Expediente
from juntas.models import Organizacion, PesoRequisitoRuta, RequisitoJunta, Ruta
from nucleo import sitio

RUTA = Ruta.MINIMA_CUANTIA


def _pdf_de_demostracion(junta, requisito):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    salida = io.BytesIO()
    hoja = canvas.Canvas(salida, pagesize=A4)
    hoja.setFont("Helvetica-Bold", 16)
    hoja.drawString(72, 760, "DOCUMENTO DE DEMOSTRACIÓN — SIN VALOR LEGAL")
    hoja.setFont("Helvetica", 12)
    hoja.drawString(72, 730, requisito.nombre[:80])
    hoja.drawString(72, 710, junta.nombre[:80])
    hoja.drawString(72, 690, f"NIT {junta.nit or '—'}")
    hoja.showPage()
    hoja.save()
    return salida.getvalue()


def sembrar(secretaria, hoy=None):
    """Make `lider`'s Junta ready for mínima cuantía and generate its dossier (idempotent: the
    Junta keeps one demo dossier)."""
    hoy = hoy or timezone.localdate()
    junta = Organizacion.objects.filter(
        dignatarios__usuario__username="lider", dignatarios__activo=True
    ).first()
    if junta is None:
        return None
    lider = User.objects.get(username="lider")
    for peso in PesoRequisitoRuta.objects.filter(ruta=RUTA, requisito__activo=True).select_related(
        "requisito"
    ):
        requisito = peso.requisito
        expedicion = hoy - datetime.timedelta(days=15)
        vence = (
            expedicion + datetime.timedelta(days=requisito.vigencia_dias)
            if requisito.tiene_vencimiento and requisito.vigencia_dias
            else None
        )
        fila, _creada = RequisitoJunta.objects.get_or_create(
            organizacion=junta, requisito=requisito
        )
        fila.estado = RequisitoJunta.Estado.CUMPLE
        fila.fecha_expedicion, fila.fecha_vencimiento = expedicion, vence
        fila.cargado_por, fila.verificado_por = lider, secretaria
        fila.cargado_en = fila.verificado_en = timezone.now()
        fila.archivo.save(
            f"demo-{requisito.codigo}.pdf",
            ContentFile(_pdf_de_demostracion(junta, requisito)),
            save=False,
        )
        fila.save()
    Organizacion.objects.filter(pk=junta.pk).update(ruta=RUTA)
    Organizacion.objects.filter(pk=junta.pk).actualizar_puntajes(hoy)
    junta.refresh_from_db()
    Expediente.objects.filter(organizacion=junta).delete()
    return services.generar_expediente(
        organizacion=junta,
        ruta=RUTA,
        usuario=lider,
        url_de=lambda codigo: sitio.enlace(reverse("expedientes:publico", args=[codigo])),
        hoy=hoy,
    )
