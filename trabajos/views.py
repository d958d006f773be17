"""Job pages: the clerk's list, one job's progress and outcome (with its JSON for the bar),
cancel, the private files, and «Lanzar un trabajo» for work that needs no input."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nucleo.permisos import es_secretaria, requiere
from nucleo.peticiones import pagina

from . import cola, registro, selectors, services

staff_required = requiere(selectors.puede_usar_trabajos)

POR_PAGINA = 20
POR_PAGINA_RESULTADO = 50


@staff_required
def lista(request):
    trabajos = pagina(selectors.trabajos_de(request.user), POR_PAGINA, request.GET.get("pagina"))
    return render(request, "trabajos/lista.html", {"pagina": trabajos})


@staff_required
def detalle(request, pk):
    trabajo = selectors.trabajo_de(request.user, pk)
    tipo = registro.TIPOS.get(trabajo.tipo)
    return render(
        request,
        "trabajos/detalle.html",
        {
            "trabajo": trabajo,
            "estado": selectors.estado(trabajo),
            "plantilla_resultado": tipo.plantilla if tipo else "",
            "errores": pagina(trabajo.errores, POR_PAGINA_RESULTADO, request.GET.get("pagina")),
            # The rows of an outcome (a preview's changed rows), a page at a time.
            "filas": pagina(
                selectors.filas_de(trabajo), POR_PAGINA_RESULTADO, request.GET.get("pagina")
            ),
        },
    )


@staff_required
def estado(request, pk):
    return JsonResponse(selectors.estado(selectors.trabajo_de(request.user, pk)))


@staff_required
@require_POST
def cancelar(request, pk):
    trabajo = selectors.trabajo_de(request.user, pk)
    if services.cancelar(trabajo, request.user):
        messages.success(request, _("Se pidió cancelar el trabajo: no se guardará nada de él."))
    else:
        messages.warning(request, _("El trabajo ya había terminado: no se puede cancelar."))
    return redirect(trabajo)


@staff_required
def archivo(request, pk, cual):
    trabajo = selectors.trabajo_de(request.user, pk)
    if cual == "resultado":
        campo, nombre = trabajo.archivo_resultado, trabajo.nombre_resultado
    elif cual == "entrada":
        campo, nombre = trabajo.archivo_entrada, trabajo.nombre_entrada
    else:
        raise Http404
    if not campo:
        raise Http404(_("El archivo ya no está: se borra a los pocos días."))
    try:
        abierto = campo.open("rb")
    except OSError:
        raise Http404(_("El archivo ya no está: se borra a los pocos días.")) from None
    return FileResponse(abierto, as_attachment=True, filename=nombre or "archivo")


@staff_required
def lanzar(request):
    """Work that needs no input (the SECOP II sync, the summary rebuild), for the Secretaría."""
    if not es_secretaria(request.user):
        raise PermissionDenied
    tipos = registro.lanzables()
    if request.method == "POST":
        elegido = next((t for t in tipos if t.nombre == request.POST.get("tipo")), None)
        if elegido is None:
            messages.error(request, _("Elija uno de los trabajos de la lista."))
        else:
            try:
                trabajo = cola.encolar(elegido.nombre, usuario=request.user)
            except cola.TrabajoOcupado as ocupado:
                messages.error(request, ocupado.mensaje)
            else:
                return redirect(trabajo)
    return render(request, "trabajos/lanzar.html", {"tipos": tipos})
