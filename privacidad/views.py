"""A leader's personal data and their Junta's habeas data requests (Ley 1581 de 2012).

Every view is scoped by `lider_required` (the leader's own Junta, no Junta id in the URL) and
sends `Cache-Control: no-store, private`: these pages carry personal data.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from juntas.permisos import lider_required
from nucleo.descargas import adjunto
from nucleo.hojas import TIPO_XLSX

from . import exportar, selectors, services
from .forms import SolicitudForm


def _nombre_de_archivo(extension):
    return f"mis-datos-personales-{timezone.localdate():%Y-%m-%d}.{extension}"


@never_cache
@lider_required
@require_GET
def mis_datos(request):
    secciones = selectors.datos_personales(request.user, request.junta)
    return render(
        request,
        "privacidad/mis_datos.html",
        {
            "junta": request.junta,
            "secciones": exportar.legibles(s for s in secciones if s.clave != "solicitudes"),
            "solicitudes": selectors.solicitudes_de_junta(request.junta),
        },
    )


@never_cache
@lider_required
@require_GET
def descargar_json(request):
    secciones = selectors.datos_personales(request.user, request.junta)
    contenido = exportar.a_json(secciones, junta=request.junta)
    return _descarga(contenido, "application/json; charset=utf-8", "json")


@never_cache
@lider_required
@require_GET
def descargar_xlsx(request):
    secciones = selectors.datos_personales(request.user, request.junta)
    return _descarga(exportar.a_xlsx(secciones), TIPO_XLSX, "xlsx")


def _descarga(contenido, tipo, extension):
    return adjunto(contenido, _nombre_de_archivo(extension), tipo)


@never_cache
@lider_required
@require_http_methods(["GET", "POST"])
def radicar(request):
    titulares = selectors.titulares_de_junta(request.user, request.junta)
    form = SolicitudForm(request.POST or None, titulares=titulares)
    if request.method == "POST" and form.is_valid():
        solicitud = services.radicar(
            organizacion=request.junta,
            usuario=request.user,
            tipo=form.cleaned_data["tipo"],
            titular=form.titular_elegido(),
            dato=form.cleaned_data["dato"],
            texto=form.cleaned_data["texto"],
        )
        messages.success(
            request,
            _(
                "Su solicitud quedó radicada con el número %(radicado)s. La Secretaría debe "
                "responderla a más tardar el %(fecha)s; verá la respuesta en esta página."
            )
            % {"radicado": solicitud.radicado, "fecha": f"{solicitud.vence_el:%d/%m/%Y}"},
        )
        return redirect("privacidad:solicitud", solicitud.pk)
    return render(request, "privacidad/radicar.html", {"junta": request.junta, "form": form})


@never_cache
@lider_required
@require_GET
def solicitud(request, pk):
    # Through the Junta's own requests: another Junta's id is a 404, like one that does not exist.
    solicitud = get_object_or_404(selectors.solicitudes_de_junta(request.junta), pk=pk)
    return render(
        request, "privacidad/solicitud.html", {"junta": request.junta, "solicitud": solicitud}
    )
