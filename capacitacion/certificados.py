"""Completion and certificates: who completed which module, which Juntas completed their route,
and the certificate PDFs with a QR code to their public verification page.

The rule: a person completes a module when the sessions held of that module they attended add up
to at least the strategy's `asistencia_minima` per cent of the module's hours. A Junta completes
its route when, for every module in its plan, at least one of its delegates completed it.
"""

import itertools
from decimal import Decimal

from django.db import transaction
from django.db.models import DurationField, ExpressionWrapper, F, Max, Sum
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from juntas.models import Organizacion
from nucleo import pdf as documentos_pdf
from nucleo import resumenes
from nucleo.numeros import es_co

from .models import Certificado, Estrategia, Inscripcion, Modulo, Sesion
from .selectors import formacion as selectors

UNA_HORA = 3600
ASISTENCIA_MINIMA_POR_DEFECTO = 80


def asistencia_minima(estrategia=None):
    estrategia = estrategia or Estrategia.vigente()
    return estrategia.asistencia_minima if estrategia else ASISTENCIA_MINIMA_POR_DEFECTO


def _duracion():
    return ExpressionWrapper(F("sesion__fin") - F("sesion__inicio"), output_field=DurationField())


def horas_asistidas(inscripciones):
    """Hours attended per person and module over held sessions, aggregated in SQL.

    Returns rows {persona_id, modulo_id, organizacion_id, horas (Decimal), ultima (datetime)}.
    """
    filas = (
        inscripciones.filter(asistio=True, sesion__estado=Sesion.Estado.REALIZADA)
        .values("persona_id", modulo_id=F("sesion__modulo_id"))
        .annotate(
            duracion=Sum(_duracion()),
            ultima=Max("sesion__fin"),
            organizacion_id=Max("organizacion_id"),
        )
        .order_by()
    )
    return [
        {
            **fila,
            "horas": Decimal(fila["duracion"].total_seconds() / UNA_HORA).quantize(Decimal("0.1")),
        }
        for fila in filas
    ]


def completo(horas, horas_modulo, minima):
    """Whether `horas` attended complete a module of `horas_modulo` under the `minima` rule (%)."""
    return horas * 100 >= Decimal(horas_modulo) * minima


@transaction.atomic
def ya_emitidos(modulos=None, personas=None) -> set[tuple[int, int]]:
    """(person, module) pairs with a module certificate, narrowed as `emitir` is."""
    emitidos = Certificado.objects.filter(tipo=Certificado.Tipo.MODULO)
    if modulos is not None:
        emitidos = emitidos.filter(modulo__in=modulos)
    if personas is not None:
        emitidos = emitidos.filter(persona__in=personas)
    return set(emitidos.values_list("persona_id", "modulo_id"))


def emitir(modulos=None, hoy=None, personas=None):
    """Issue the certificates earned and not yet issued (idempotent). Returns (personal, Junta).

    `modulos` narrows the work to the modules whose attendance just changed, `personas` (ids)
    to the people whose attendance did (a session's sheet): then only their registrations are
    read, not every registration of the module in the country.

    Two sheets saved at once may both find the same certificate missing: the second insert is
    skipped (the unique constraints decide), not an error.
    """
    estrategia = Estrategia.vigente()
    minima = asistencia_minima(estrategia)
    horas_de = dict(Modulo.objects.values_list("pk", "horas"))
    inscripciones = Inscripcion.objects.all()
    if modulos is not None:
        inscripciones = inscripciones.filter(sesion__modulo__in=modulos)
    if personas is not None:
        inscripciones = inscripciones.filter(persona__in=personas)
    ya = ya_emitidos(modulos, personas)
    nuevos = [
        Certificado(
            tipo=Certificado.Tipo.MODULO,
            persona_id=fila["persona_id"],
            modulo_id=fila["modulo_id"],
            organizacion_id=fila["organizacion_id"],
            horas=fila["horas"],
            emitido=timezone.localdate(fila["ultima"]),
        )
        for fila in horas_asistidas(inscripciones)
        if (fila["persona_id"], fila["modulo_id"]) not in ya
        and completo(fila["horas"], horas_de[fila["modulo_id"]], minima)
    ]
    Certificado.objects.bulk_create(nuevos, ignore_conflicts=True)
    resumenes.escritos(Certificado, nuevos)  # written without signals
    juntas = {c.organizacion_id for c in nuevos} if modulos is not None else None
    return len(nuevos), emitir_de_juntas(juntas, estrategia)


def modulos_completados(organizaciones=None):
    """{org id: {module id: date of the first certificate}} from personal certificates."""
    certificados = Certificado.objects.filter(tipo=Certificado.Tipo.MODULO, anulado=False)
    if organizaciones is not None:
        certificados = certificados.filter(organizacion__in=organizaciones)
    resultado = {}
    for org_id, modulo_id, emitido in certificados.values_list(
        "organizacion_id", "modulo_id", "emitido"
    ).order_by("emitido"):
        resultado.setdefault(org_id, {}).setdefault(modulo_id, emitido)
    return resultado


def emitir_de_juntas(organizaciones=None, estrategia=None):
    """«Junta fortalecida» certificates for Juntas whose delegates completed every module of
    their plan. `organizaciones` (ids) narrows the check; None checks every Junta with a
    personal certificate."""
    estrategia = estrategia or Estrategia.vigente()
    completados = modulos_completados(organizaciones)
    ya = set(
        Certificado.objects.filter(
            tipo=Certificado.Tipo.JUNTA, organizacion__in=list(completados)
        ).values_list("organizacion_id", flat=True)
    )
    candidatas = [pk for pk in completados if pk not in ya]
    if not candidatas:
        return 0
    planes = selectors.planes(
        list(Organizacion.objects.filter(pk__in=candidatas).only("pk")), estrategia
    )
    nuevos = []
    for org_id in candidatas:
        plan = {m for m, celda in planes[org_id].items() if celda["incluido"]}
        hechos = completados[org_id]
        if plan and plan <= set(hechos):
            nuevos.append(
                Certificado(
                    tipo=Certificado.Tipo.JUNTA,
                    organizacion_id=org_id,
                    emitido=max(hechos[m] for m in plan),
                )
            )
    Certificado.objects.bulk_create(nuevos, ignore_conflicts=True)
    resumenes.escritos(Certificado, nuevos)
    return len(nuevos)


def ruta_de_junta(junta):
    """The Junta's route: each module of its plan with who completed it and the hours its
    delegates attended so far (a fixed number of queries)."""
    minima = asistencia_minima()
    plan = selectors.plan_de_junta(junta)
    horas = {}
    for fila in horas_asistidas(Inscripcion.objects.filter(organizacion=junta)):
        actual = horas.get(fila["modulo_id"], Decimal(0))
        horas[fila["modulo_id"]] = max(actual, fila["horas"])
    certificados = {}
    for certificado in Certificado.objects.filter(
        organizacion=junta, tipo=Certificado.Tipo.MODULO, anulado=False
    ).select_related("persona"):
        certificados.setdefault(certificado.modulo_id, []).append(certificado)
    pasos = []
    for item in plan:
        modulo = item["modulo"]
        mejor = horas.get(modulo.pk, Decimal(0))
        pasos.append(
            {
                **item,
                "certificados": certificados.get(modulo.pk, []),
                "horas": mejor,
                "requeridas": (Decimal(modulo.horas) * minima / 100).quantize(Decimal("0.1")),
                "porcentaje": min(100, int(mejor * 100 / modulo.horas)) if modulo.horas else 0,
            }
        )
    return {
        "pasos": pasos,
        "completos": sum(1 for p in pasos if p["certificados"]),
        "minima": minima,
    }


# Public data and the PDF -------------------------------------------------------------------------


def enmascarar(documento):
    """A document number with only its last three digits showing: «******789»."""
    documento = documento or ""
    return "*" * max(0, len(documento) - 3) + documento[-3:]


def _miles(numero):
    return f"{int(numero):,}".replace(",", ".")


def pdf(certificado, url):
    """The certificate as a one-page landscape A4 PDF, with a QR code to `url`, drawn from
    `capacitacion/certificado_pdf.html`."""
    contexto = {
        "certificado": certificado,
        "url": url,
        "qr": mark_safe(qr_svg(url)),  # noqa: S308 (our own SVG)
    }
    if certificado.tipo == Certificado.Tipo.MODULO:
        contexto |= {
            "documento": _miles(certificado.persona.documento),
            "horas": es_co(Decimal(str(certificado.horas))),  # «32», «30,5»: never «32.0»
            "horas_modulo": es_co(Decimal(certificado.modulo.horas)),
        }
    return documentos_pdf.desde_plantilla("capacitacion/certificado_pdf.html", contexto)


def nombre_archivo(certificado):
    return _("certificado-%(codigo)s.pdf") % {"codigo": certificado.codigo}


def qr_svg(url, lado=160):
    """A QR code for `url` as inline SVG markup, `lado` pixels wide (for a page to show on a
    projector or phone, and for the certificate). Its dark modules are one path, so a browser or
    WeasyPrint draws one shape rather than a rectangle per module; a light quiet zone of four
    modules surrounds it, as the standard asks."""
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.L)
    qr.addData(url)
    qr.make()
    margen = 4
    trazos = []
    for fila, modulos in enumerate(qr.modules):
        columna = 0
        for oscuro, tramo in itertools.groupby(bool(m) for m in modulos):
            largo = len(list(tramo))
            if oscuro:
                trazos.append(f"M{columna + margen} {fila + margen}h{largo}v1h-{largo}z")
            columna += largo
    total = qr.getModuleCount() + 2 * margen
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{lado}" height="{lado}" '
        f'viewBox="0 0 {total} {total}" shape-rendering="crispEdges">'
        f'<rect width="{total}" height="{total}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(trazos)}"/></svg>'
    )


def mensaje_de_emision(personales, juntas):
    """«1 certificado personal y 2 de Junta fortalecida emitidos.» (the admin and the command)."""
    return (
        ngettext("%(p)d certificado personal", "%(p)d certificados personales", personales)
        % {"p": personales}
        + " "
        + _("y %(j)d de Junta fortalecida emitidos.") % {"j": juntas}
    )
