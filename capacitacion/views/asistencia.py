"""Attendance pages (staff): the sheet on a phone with walk-ins, the printable sheet, an
upload read by a background job (the portal's layout imported at once; a meeting tool's report
kept server-side until staff review it line by line and confirm)."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from nucleo.permisos import staff_required
from trabajos import cola
from trabajos import selectors as trabajos_selectores

from .. import certificados, reportes_reunion, trabajos_asistencia
from ..forms.formacion import (
    LISTA_DE_JUNTAS,
    AsistenteNuevoForm,
    ImportarAsistenciaForm,
    RevisionAsistenciaForm,
    nombre_en_lista,
)
from ..selectors import asistencia as selectors
from ..services import asistencia as services
from ..services.formacion import evaluaciones_de
from .formacion import sesion_o_404


def _avisar_existentes(request, personas):
    """Walk-ins already registered keep their stored names (certificates print them): say who,
    so staff can correct a name in the admin if the sheet had it right."""
    if personas:
        messages.info(
            request,
            _(
                "Ya estaban registradas y se conservaron sus datos (corríjalos en Participantes "
                "si hace falta): %(lista)s."
            )
            % {"lista": ", ".join(f"{p.nombre_completo} ({p.documento})" for p in personas)},
        )


@staff_required
@require_http_methods(["GET", "POST"])
def asistencia(request, sesion_id):
    """The attendance sheet on a phone: tick who came, add walk-ins, save in one request.

    A refused save re-renders what the clerk sent (ticks and typed walk-ins), with an error
    summary on top that links to each box to correct: retyping 40 ticks loses people.
    """
    sesion = sesion_o_404(sesion_id)
    NuevosFormSet = forms.formset_factory(AsistenteNuevoForm, extra=3)
    nuevos = NuevosFormSet(request.POST or None, prefix="nuevo")
    motivo = services.motivo_sin_asistencia(sesion)
    if request.method == "POST":
        presentes = {int(pk) for pk in request.POST.getlist("presente") if pk.isdigit()}
        if nuevos.is_valid():
            cambiados = [f for f in nuevos if f.has_changed() and f.cleaned_data]
            try:
                existentes = services.registrar_asistencia(
                    sesion,
                    presentes=presentes,
                    nuevos=[f.cleaned_data for f in cambiados],
                    usuario=request.user,
                )
            except services.AsistenteNuevoError as error:
                cambiados[error.indice].add_error(error.campo, error.messages[0])
            except services.SesionSinEmpezar:
                pass  # `motivo` is shown on top of the sheet
            else:
                messages.success(request, _("Asistencia guardada."))
                _avisar_existentes(request, existentes)
                return redirect("estrategia:asistencia", sesion_id=sesion.pk)
    else:
        presentes = set(sesion.inscripciones.filter(asistio=True).values_list("pk", flat=True))
    inscripciones = sesion.inscripciones.select_related("persona", "organizacion").order_by(
        "organizacion__nombre", "persona__apellidos"
    )
    enlace = request.build_absolute_uri(
        reverse("publico:evaluacion", args=[sesion.codigo_evaluacion])
    )
    return render(
        request,
        "capacitacion/asistencia.html",
        {
            "sesion": sesion,
            "inscripciones": inscripciones,
            "presentes": presentes,
            "nuevos": nuevos,
            # One list for every walk-in's Junta box (AsistenteNuevoForm), read in one query.
            "lista_de_juntas": LISTA_DE_JUNTAS,
            "juntas": [nombre_en_lista(j) for j in selectors.juntas_para_elegir()],
            "motivo": motivo,
            "resumen_errores": _resumen_errores(nuevos),
            "evaluaciones": evaluaciones_de(sesion),
            "enlace_evaluacion": enlace,
            "qr_evaluacion": mark_safe(certificados.qr_svg(enlace)),  # noqa: S308 (our own SVG)
        },
    )


def _resumen_errores(formset):
    """(field id, message) for every error of a bound formset, in page order, for the GOV.UK
    error summary; a form-wide error points at the form's first field."""
    if not formset.is_bound:
        return []
    resumen = [(None, mensaje) for mensaje in formset.non_form_errors()]
    for indice, form in enumerate(formset, start=1):
        primero = next(iter(form.fields))
        for campo, mensajes in form.errors.items():
            nombre = primero if campo == "__all__" else campo
            etiqueta = form.fields[nombre].label
            resumen.extend(
                (
                    form[nombre].id_for_label,
                    _("Asistente sin inscripción %(n)d, %(campo)s: %(mensaje)s")
                    % {"n": indice, "campo": etiqueta, "mensaje": mensaje},
                )
                for mensaje in mensajes
            )
    return resumen


@staff_required
def planilla(request, sesion_id):
    """Printable sheet for places without signal: registered people plus blank rows."""
    sesion = sesion_o_404(sesion_id)
    inscripciones = sesion.inscripciones.select_related("persona", "organizacion").order_by(
        "persona__apellidos"
    )
    inscripciones = list(inscripciones)
    return render(
        request,
        "capacitacion/planilla.html",
        {
            "sesion": sesion,
            "inscripciones": inscripciones,
            "desde": len(inscripciones),
            "libres": range(max(10, sesion.cupo - len(inscripciones))),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def importar_asistencia(request, sesion_id):
    """Upload an online session's attendance. The file is read in a background job
    (`capacitacion.trabajos_asistencia`) whose page shows its progress: the portal's own layout is
    imported there at once, all or nothing, with each refused row's line and column; a meeting
    tool's report ends with a link to the review screen (nothing written yet)."""
    sesion = sesion_o_404(sesion_id)
    form = ImportarAsistenciaForm(request.POST or None, request.FILES or None)
    motivo = services.motivo_sin_asistencia(sesion)
    if request.method == "POST" and form.is_valid() and motivo:
        form.add_error(None, motivo)
    elif request.method == "POST" and form.is_valid():
        archivo = form.cleaned_data["archivo"]
        try:
            trabajo = cola.encolar(
                trabajos_asistencia.IMPORTAR_ASISTENCIA,
                usuario=request.user,
                titulo=_("Asistencia de «%(modulo)s» del %(fecha)s: «%(archivo)s»")
                % {
                    "modulo": sesion.modulo.nombre,
                    "fecha": date_format(timezone.localtime(sesion.inicio), "d/m/Y"),
                    "archivo": archivo.name,
                },
                parametros={"sesion": sesion.pk},
                archivo=(b"".join(archivo.chunks()), archivo.name),
                clave_bloqueo=trabajos_asistencia.clave_de_asistencia(sesion.pk),
            )
        except cola.TrabajoOcupado as ocupado:
            form.add_error(None, ocupado.mensaje)
        else:
            return redirect(trabajo)
    return render(
        request,
        "capacitacion/importar_asistencia.html",
        {
            "sesion": sesion,
            "form": form,
            "motivo": motivo,
            "porcentaje": reportes_reunion.porcentaje_por_defecto(),
        },
    )


@staff_required
def revisar_trabajo(request, sesion_id, trabajo_id):
    """Open the review of a meeting report an upload job read: the parsed report goes into the
    clerk's session, as when it was read in the request, and the review screen opens. Only the
    clerk who uploaded it (or a superuser) finds the job; anyone else gets a 404."""
    sesion = sesion_o_404(sesion_id)
    trabajo = trabajos_selectores.trabajo_de(request.user, trabajo_id)
    reporte = (trabajo.resultado or {}).get("reporte")
    if (
        trabajo.tipo != trabajos_asistencia.IMPORTAR_ASISTENCIA
        or trabajo.estado != trabajo.Estado.TERMINADO
        or not isinstance(reporte, dict)
        or reporte.get("sesion") != sesion.pk
    ):
        raise Http404(_("Ese informe ya no está: vuelva a subir el archivo."))
    clave = f"trabajo-{trabajo.pk}"
    guardados = request.session.get(REPORTES_EN_SESION, {})
    if clave not in guardados:  # a second click keeps the review (and whether it was saved)
        while len(guardados) >= REPORTES_GUARDADOS:
            guardados.pop(next(iter(guardados)))
        guardados[clave] = reporte
        request.session[REPORTES_EN_SESION] = guardados
    return redirect("estrategia:revisar_asistencia", sesion_id=sesion.pk, clave=clave)


# A meeting report between its upload and staff's confirmation lives in the clerk's session
# (server-side, in the database): the minutes never travel through the browser. The upload job
# that read it keeps it too, private to the clerk, until its files are deleted
# (TRABAJOS_CONSERVAR_DIAS).
REPORTES_EN_SESION = "reportes_de_asistencia"
REPORTES_GUARDADOS = 5


@staff_required
@require_http_methods(["GET", "POST"])
def revisar_asistencia(request, sesion_id, clave):
    """Staff confirm or correct each line of a meeting report (the registered person it is, or
    left out) and the share of the session that counts; only «Confirmar» writes."""
    sesion = sesion_o_404(sesion_id)
    guardados = request.session.get(REPORTES_EN_SESION, {})
    datos = guardados.get(clave)
    if not isinstance(datos, dict) or datos.get("sesion") != sesion.pk:
        raise Http404(_("Ese informe ya no está: vuelva a subir el archivo."))
    if datos["confirmado"]:
        messages.info(request, _("Este informe ya se guardó: no se registró nada de nuevo."))
        return redirect("estrategia:asistencia", sesion_id=sesion.pk)
    participantes = reportes_reunion.de_json(datos["participantes"])
    inscripciones = selectors.inscripciones_de(sesion)
    form = RevisionAsistenciaForm(
        request.POST or None,
        participantes=participantes,
        inscripciones=inscripciones,
        initial={"porcentaje": datos["porcentaje"]},
    )
    confirmar = request.POST.get("accion") == "confirmar"
    if request.method == "POST" and form.is_valid() and confirmar:
        try:
            resultado = services.confirmar_asistencia_reunion(
                sesion,
                participantes=participantes,
                elecciones=form.elecciones(),
                porcentaje=form.cleaned_data["porcentaje"],
                usuario=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            datos["confirmado"] = True
            request.session.modified = True
            _avisar_resultado(request, resultado)
            return redirect("estrategia:asistencia", sesion_id=sesion.pk)
    if form.is_bound and "porcentaje" in getattr(form, "cleaned_data", {}):
        datos["porcentaje"] = form.cleaned_data["porcentaje"]
        request.session.modified = True
    revision = selectors.revision_de_reporte(
        sesion, participantes, inscripciones, form.elecciones(), datos["porcentaje"]
    )
    filas = [
        (p, form[form.nombre(i)], reportes_reunion.duracion_legible(p.segundos))
        for i, p in enumerate(participantes)
    ]
    return render(
        request,
        "capacitacion/revisar_asistencia.html",
        {
            "sesion": sesion,
            "form": form,
            "datos": datos,
            "herramienta": reportes_reunion.HERRAMIENTAS[datos["herramienta"]],
            "inicio_reunion": datos["inicio"] and datetime.datetime.fromisoformat(datos["inicio"]),
            "otro_dia": _otro_dia(sesion, datos["inicio"]),
            "filas": filas,
            "motivo": services.motivo_sin_asistencia(sesion),
            **revision,
        },
    )


def _otro_dia(sesion, inicio):
    """The report's meeting day when it is not the session's (a wrong file, most likely)."""
    if not inicio:
        return None
    dia = datetime.datetime.fromisoformat(inicio).date()
    return dia if dia != timezone.localtime(sesion.inicio).date() else None


def _avisar_resultado(request, resultado):
    messages.success(
        request,
        ngettext(
            "Asistencia guardada: %(n)d persona más quedó presente (conectada al menos %(m)s).",
            "Asistencia guardada: %(n)d personas más quedaron presentes (conectadas al menos "
            "%(m)s).",
            len(resultado.presentes),
        )
        % {"n": len(resultado.presentes), "m": reportes_reunion.duracion_legible(resultado.minimo)},
    )
    if resultado.no_alcanzan:
        messages.info(
            request,
            _("No alcanzaron el mínimo y no se marcaron: %(lista)s.")
            % {
                "lista": ", ".join(
                    f"{i.persona.nombre_completo} ({reportes_reunion.duracion_legible(segundos)})"
                    for i, segundos in resultado.no_alcanzan
                )
            },
        )
