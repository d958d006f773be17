"""The PDFs come from HTML templates: the progress report's PDF includes the very template its
printable page shows, the certificate is its own template; both are laid out by the print
stylesheet (A4 portrait, A4 landscape), and rendering reads static files from disk only."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from pypdf import PdfReader

from capacitacion import certificados
from capacitacion.models import Certificado, Modulo, Persona
from demo.capacitacion import sembrar_estrategia
from hitos.models import Compromiso, Evidencia, Hito, Indicador
from nucleo import pdf

CONTENIDO_DEL_INFORME = "hitos/_informe_contenido.html"
A4 = (595, 842)  # points, rounded


def _texto(contenido):
    documento = PdfReader(io.BytesIO(contenido))
    return documento, " ".join(" ".join(p.extract_text() for p in documento.pages).split())


def _tamano(pagina):
    return round(float(pagina.mediabox.width)), round(float(pagina.mediabox.height))


@pytest.fixture
def compromiso(db):
    compromiso = Compromiso.objects.create(
        codigo="COCDI0001",
        titulo="Fortalecer a las Juntas en contratación pública",
        plan="Plan de acción local 2022–2023",
        inicio=datetime.date(2023, 1, 2),
        fin=datetime.date(2023, 11, 30),
        entidad_lider="Secretaría de Participación",
        problema="Las Juntas no contratan.",
        status_quo="Pocas tienen requisitos.",
        accion="Formar y acompañar.",
        contribucion="Juntas preparadas.",
        objetivo_largo_plazo="Que contraten.",
        areas_politica="Contratación pública",
        valores=["participacion_civica"],
    )
    hito = Hito.objects.create(
        compromiso=compromiso,
        numero=1,
        titulo="Identificar las Juntas que participan",
        tipo=Hito.Tipo.IDENTIFICACION,
        inicio_previsto=datetime.date(2023, 1, 2),
        fin_previsto=datetime.date(2023, 1, 31),
        responsable="Secretaría",
    )
    Indicador.objects.create(hito=hito, codigo="juntas_participantes", meta=1080, orden=0)
    Evidencia.objects.create(
        hito=hito,
        titulo="Acta de la convocatoria",
        fecha=datetime.date(2023, 1, 20),
        enlace="https://www.cartagena.gov.co/gobierno-abierto/acta",
    )
    return compromiso


@pytest.mark.django_db
def test_report_pdf_and_printable_page_render_the_same_template(client, monitor, compromiso):
    client.force_login(monitor)
    pagina = client.get(reverse("tablero:informe"))
    descarga = client.get(reverse("tablero:informe"), {"formato": "pdf"})
    assert CONTENIDO_DEL_INFORME in [t.name for t in pagina.templates]
    assert CONTENIDO_DEL_INFORME in [t.name for t in descarga.templates]
    documento, texto = _texto(descarga.content)
    html = pagina.content.decode()
    # Words only that template writes (the former hand-placed PDF said «Avance calculado»).
    for comun in ("según indicadores", "Generado el", "Acta de la convocatoria", "1.080"):
        assert comun in html and comun in texto, comun
    assert "(https://www.cartagena.gov.co/gobierno-abierto/acta)" in texto  # the print CSS
    assert documento.metadata.title == "Informe de avance COCDI0001"
    assert _tamano(documento.pages[0]) == A4
    # The page prints with the same stylesheet.
    assert "css/impresion.css" in html


@pytest.mark.django_db
def test_certificate_is_one_landscape_page_from_its_template(client, secretaria, junta):
    sembrar_estrategia()
    persona = Persona.objects.create(
        documento="1047123456", nombres="Ana María", apellidos="Pérez", organizacion=junta
    )
    certificado = Certificado.objects.create(
        tipo=Certificado.Tipo.MODULO,
        persona=persona,
        modulo=Modulo.objects.get(nombre="Organización comunal y la Ley 2166 de 2021"),
        organizacion=junta,
        horas=Decimal("32.0"),
        emitido=datetime.date(2023, 9, 15),
    )
    client.force_login(secretaria)
    respuesta = client.get(
        reverse("capacitacion_portal:certificado_pdf", args=[certificado.codigo])
    )
    assert "capacitacion/certificado_pdf.html" in [t.name for t in respuesta.templates]
    documento, texto = _texto(respuesta.content)
    assert len(documento.pages) == 1
    assert _tamano(documento.pages[0]) == tuple(reversed(A4))
    assert "Ana María Pérez" in texto and "asistió a 32 horas" in texto
    assert f"Código de verificación: {certificado.codigo}" in texto


def test_qr_code_is_one_path_inside_a_quiet_zone():
    svg = certificados.qr_svg("https://portal.example.org/certificados/ABCD-EFGH-JKLM/", 96)
    assert svg.startswith("<svg") and 'width="96"' in svg
    assert svg.count("<path") == 1 and "<rect " in svg
    assert 'd="M4 4h7v1h-7z' in svg  # the top-left finder pattern starts after four light modules


def test_rendering_reads_static_files_from_disk_and_nothing_else():
    recurso = pdf._fetcher().fetch(pdf.BASE_URL + "static/css/impresion.css")
    with open(finders.find("css/impresion.css"), "rb") as archivo:
        assert recurso.read() == archivo.read()
    for ajeno in (
        "http://127.0.0.1:9/static/css/impresion.css",
        pdf.BASE_URL + "media/requisitos/rut.pdf",
        pdf.BASE_URL + "static/../jac_portal/settings.py",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            pdf._fetcher().fetch(ajeno)
