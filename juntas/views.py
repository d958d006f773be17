"""The leader's portal: their own Junta only (every view is scoped by `lider_required`)."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from juntas.permisos import (
    juntas_visibles,
    lider_required,
    lider_sin_autorizacion_required,
    puede_ver_datos_personales,
)
from nucleo.archivos import servir
from nucleo.cache import pagina_en_cache
from nucleo.peticiones import destino_seguro

from . import selectors, services
from .forms import AutorizacionForm, ContactoForm, DocumentoForm, RutaForm
from .models import Requisito, RequisitoJunta


@lider_required
@pagina_en_cache(parametros=())
def portal_inicio(request):
    junta = request.junta
    filas = selectors.checklist(junta)
    preparacion = selectors.preparacion_por_ruta(junta)
    principal = preparacion[0] if junta.ruta else None
    return render(
        request,
        "juntas/portal_inicio.html",
        {
            "junta": junta,
            # The index of the route the Junta pursues; the general one until it picks one.
            "indice": principal.indice if principal else junta.indice_preparacion(),
            "ruta_principal": principal,
            "preparacion": preparacion,
            "faltantes": principal.faltantes if principal else [f for f in filas if not f.cumple],
            "por_vencer": [f for f in filas if f.situacion == "por_vencer"],
            "total_requisitos": len(principal.filas if principal else filas),
            "cumplidos": sum(f.cumple for f in (principal.filas if principal else filas)),
            "dias_fin_periodo": junta.dias_para_fin_de_periodo(),
        },
    )


@lider_required
@pagina_en_cache(parametros=())
def mi_junta(request):
    junta = request.junta
    preparacion = selectors.preparacion_por_ruta(junta)
    return render(
        request,
        "juntas/mi_junta.html",
        {
            "junta": junta,
            "indice": preparacion[0].indice if junta.ruta else junta.indice_preparacion(),
            "preparacion": preparacion,
            "dignatarios": selectors.junta_directiva(junta),
            "ver_datos_personales": puede_ver_datos_personales(request.user, junta),
            "filas": selectors.checklist(junta),
        },
    )


@lider_required
@require_http_methods(["GET", "POST"])
def editar_contacto(request):
    junta = request.junta
    # The form edits its own copy: a refused POST must not leave typed values on request.junta.
    form = ContactoForm(request.POST or None, instance=copy.copy(junta))
    if request.method == "POST" and form.is_valid():
        junta = form.save(commit=False)
        junta._change_reason = "Contacto actualizado por la Junta en el portal"
        junta.save()
        messages.success(request, _("Los datos de contacto de la Junta quedaron guardados."))
        return redirect("portal:junta")
    return render(request, "juntas/editar_contacto.html", {"junta": junta, "form": form})


@lider_required
@require_http_methods(["POST"])
def elegir_ruta(request):
    """The leader declares the route their Junta pursues (from the readiness page)."""
    form = RutaForm(request.POST)
    if form.is_valid():
        junta = services.declarar_ruta(
            organizacion=request.junta, ruta=form.cleaned_data["ruta"], usuario=request.user
        )
        if junta.ruta:
            messages.success(
                request,
                _("Listo: su Junta busca la ruta «%(ruta)s».") % {"ruta": junta.get_ruta_display()},
            )
        else:
            messages.success(request, _("Su Junta quedó sin ruta elegida."))
    else:
        messages.error(request, _("Elija una de las rutas de la lista."))
    return redirect(destino_seguro(request, request.POST.get("next"), "") or "portal:junta")


@lider_required
@require_http_methods(["GET", "POST"])
def cargar_requisito(request, codigo):
    junta = request.junta
    requisito = get_object_or_404(Requisito, codigo=codigo, activo=True)
    actual = RequisitoJunta.objects.filter(organizacion=junta, requisito=requisito).first()
    form = DocumentoForm(request.POST or None, request.FILES or None, requisito=requisito)
    if request.method == "POST" and form.is_valid():
        fila = services.cargar_documento(
            organizacion=junta,
            requisito=requisito,
            archivo=form.cleaned_data["archivo"],
            fecha_expedicion=form.cleaned_data["fecha_expedicion"],
            fecha_vencimiento=form.cleaned_data["fecha_vencimiento"],
            usuario=request.user,
        )
        if fila.renovacion_pendiente:
            mensaje = _(
                "Documento nuevo recibido. Su documento vigente sigue contando hasta que la "
                "Secretaría revise el nuevo."
            )
        else:
            mensaje = _("Documento recibido. La Secretaría lo verificará y actualizará el estado.")
        messages.success(request, mensaje)
        return redirect("portal:junta")
    return render(
        request,
        "juntas/cargar_requisito.html",
        {"junta": junta, "requisito": requisito, "actual": actual, "form": form},
    )


@lider_sin_autorizacion_required
@require_http_methods(["GET", "POST"])
def autorizacion(request):
    """First log-in of a leader: accept the personal-data processing policy (Ley 1581 de 2012)."""
    destino = destino_seguro(request, request.POST.get("next") or request.GET.get("next"), "")
    form = AutorizacionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.registrar_autorizacion(request.user, ip=request.META.get("REMOTE_ADDR"))
        messages.success(request, _("Gracias. Su autorización quedó registrada."))
        return redirect(destino or "portal:inicio")
    return render(request, "juntas/autorizacion.html", {"form": form, "next": destino})


@login_required
def documento(request, ruta):
    """Serve an uploaded file only to those allowed to see it (never as a public static file)."""
    fila = (
        RequisitoJunta.objects.filter(
            Q(archivo=ruta) | Q(archivo_nuevo=ruta),
            organizacion__in=juntas_visibles(request.user),
        )
        .only("archivo", "archivo_nuevo")
        .first()
    )
    if fila is None:
        # The same answer whether the file exists or belongs to someone else: no probing.
        raise Http404(_("El documento no existe."))
    # A renewal waiting for staff is served the same way, to the same people, as the valid one.
    return servir(fila.archivo if fila.archivo.name == ruta else fila.archivo_nuevo)
