"""Convenios in three places: the staff and monitors' dashboard (`/tablero/convenios/`: list,
alerts, the supervisor's actions, moderation), the leader's portal (`/portal/convenios/`: their
own Junta's convenios, progress reports, community workers) and the public social-control pages
(`/transparencia/convenios/`: works under way by barrio, one page per convenio with its chart,
photos and residents' observations). Files go out through `archivo`, which checks who asks.

Every view reads through a queryset already scoped to the user, so a missing check cannot leak
another Junta's convenio; personal data (community workers' names, actas, payment supports)
reach only staff and the Junta's own leaders.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from contratacion.selectors import Ruta
from juntas.permisos import juntas_visibles, lider_required
from nucleo import descargas, hojas
from nucleo.archivos import servir
from nucleo.cache import en_cache, pagina_anonima, pagina_en_cache
from nucleo.permisos import es_monitor, es_secretaria, monitor_required, staff_required
from nucleo.peticiones import entero_o_none, objeto_o_404, pagina

from . import selectors, services
from .forms import (
    DevolucionForm,
    InformeAvanceForm,
    ObservacionCiudadanaForm,
    PagoForm,
    SoporteForm,
    TrabajadorForm,
)
from .models import (
    Convenio,
    FotoAvance,
    InformeAvance,
    ObservacionCiudadana,
    Pago,
    TrabajadorComunitario,
    Tramo,
)

POR_PAGINA = 25


def _errores(request, error):
    """A service's rule, said to the person (field errors flattened)."""
    for mensaje in error.messages:
        messages.error(request, mensaje)


def _filtros(request):
    return {
        "estado": request.GET.get("estado", ""),
        "ruta": request.GET.get("ruta", ""),
        "alerta": request.GET.get("alerta", ""),
        "buscar": request.GET.get("buscar", "").strip()[:100],
    }


# Staff and monitors -------------------------------------------------------------------------------


@monitor_required
def tablero(request):
    """Every convenio with its figures and alerts, filtered and paginated (constant queries)."""
    filtros = _filtros(request)
    convenios = selectors.lista_tablero(**filtros)
    return render(
        request,
        "convenios/tablero.html",
        {
            "pagina": pagina(convenios, POR_PAGINA, request.GET.get("pagina")),
            "filtros": filtros,
            "resumen": selectors.resumen_alertas(),
            "nombres_alertas": selectors.nombres_de_alertas(),
            "estados": Convenio.Estado.choices,
            "rutas": [(r, Ruta.NOMBRES[r]) for r in Ruta.ORDEN],
            "margen": selectors.margen_alerta(),
            "pendientes": ObservacionCiudadana.objects.filter(
                estado=ObservacionCiudadana.Estado.PENDIENTE
            ).count()
            if es_secretaria(request.user)
            else None,
        },
    )


def _convenio_tablero(pk):
    convenio = selectors.convenio_con_cifras(Convenio.objects.all(), pk)
    if convenio is None:
        raise Http404(_("No existe ese convenio."))
    return convenio


def _contexto_convenio(request, convenio, *, ver_personales, formularios=None):
    formularios = formularios or {}
    staff = es_secretaria(request.user)
    contexto = {
        "convenio": convenio,
        "alertas": selectors.alertas_de(convenio),
        **selectors.plan(convenio),
        "informes": selectors.informes(convenio),
        "pagos": selectors.pagos(convenio),
        "serie": selectors.serie(convenio),
        "ver_personales": ver_personales,
        "trabajadores": selectors.trabajadores(convenio) if ver_personales else None,
        "puede_supervisar": staff,
        "margen": selectors.margen_alerta(),
    }
    if staff:
        contexto.update(
            {
                "form_pago": formularios.get("pago") or PagoForm(convenio=convenio),
                "form_devolucion": formularios.get("devolver") or DevolucionForm(),
                "form_devolucion_vacio": DevolucionForm(),
                "devolver_informe": formularios.get("devolver_informe"),
                "form_soporte": SoporteForm(),
                "observaciones": selectors.observaciones_de(convenio),
            }
        )
    return contexto


def _pagina_tablero(request, convenio, formularios=None, status=200):
    contexto = _contexto_convenio(
        request, convenio, ver_personales=es_secretaria(request.user), formularios=formularios
    )
    contexto["volver"] = reverse("convenios_tablero:lista")
    return render(request, "convenios/convenio.html", contexto, status=status)


@monitor_required
def convenio_tablero(request, pk):
    return _pagina_tablero(request, _convenio_tablero(pk))


def _al_convenio(convenio):
    return redirect("convenios_tablero:convenio", pk=convenio.pk)


@staff_required
@require_POST
def verificar(request, pk, informe):
    convenio = _convenio_tablero(pk)
    informe = objeto_o_404(InformeAvance.objects.all(), informe, convenio=convenio)
    try:
        services.verificar_informe(informe, usuario=request.user)
    except ValidationError as error:
        _errores(request, error)
    else:
        messages.success(request, _("Informe verificado: su avance cuenta como verificado."))
    return _al_convenio(convenio)


@staff_required
@require_POST
def devolver(request, pk, informe):
    convenio = _convenio_tablero(pk)
    informe = objeto_o_404(InformeAvance.objects.all(), informe, convenio=convenio)
    form = DevolucionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Revise el formulario marcado."))
        return _pagina_tablero(
            request, convenio, {"devolver": form, "devolver_informe": informe.pk}, status=400
        )
    try:
        services.devolver_informe(informe, usuario=request.user, motivo=form.cleaned_data["motivo"])
    except ValidationError as error:
        _errores(request, error)
    else:
        messages.success(request, _("Informe devuelto a la Junta con su motivo."))
    return _al_convenio(convenio)


@staff_required
@require_POST
def registrar_pago(request, pk):
    convenio = _convenio_tablero(pk)
    form = PagoForm(request.POST, request.FILES, convenio=convenio)
    if form.is_valid():
        try:
            services.registrar_pago(convenio, usuario=request.user, **form.cleaned_data)
        except ValidationError as error:
            for campo, mensajes in error.message_dict.items():
                for mensaje in mensajes:
                    form.add_error(campo if campo in form.fields else None, mensaje)
        else:
            messages.success(request, _("Pago registrado."))
            return _al_convenio(convenio)
    messages.error(request, _("Revise el formulario marcado."))
    return _pagina_tablero(request, convenio, {"pago": form}, status=400)


@staff_required
@require_POST
def adjuntar_soporte(request, pk, pago):
    convenio = _convenio_tablero(pk)
    pago = objeto_o_404(Pago.objects.all(), pago, convenio=convenio)
    form = SoporteForm(request.POST, request.FILES)
    if form.is_valid():
        services.adjuntar_soporte(pago, soporte=form.cleaned_data["soporte"], usuario=request.user)
        messages.success(request, _("Soporte cargado."))
    else:
        for mensaje in form.errors.get("soporte", []):
            messages.error(request, mensaje)
    return _al_convenio(convenio)


@staff_required
@require_POST
def tramo_pagado(request, pk, tramo):
    convenio = _convenio_tablero(pk)
    tramo = objeto_o_404(Tramo.objects.all(), tramo, convenio=convenio)
    try:
        services.marcar_tramo_pagado(tramo, usuario=request.user)
    except ValidationError as error:
        _errores(request, error)
    else:
        messages.success(request, _("Tramo %(n)s marcado como pagado.") % {"n": tramo.numero})
    return _al_convenio(convenio)


@staff_required
@require_http_methods(["GET", "POST"])
def moderacion(request):
    """Staff publish or reject residents' and monitors' observations, oldest first."""
    if request.method == "POST":
        observacion = objeto_o_404(
            ObservacionCiudadana.objects.all(), request.POST.get("observacion")
        )
        aprobar = request.POST.get("decision") == "aprobar"
        try:
            services.moderar_observacion(observacion, usuario=request.user, aprobar=aprobar)
        except ValidationError as error:
            _errores(request, error)
        else:
            messages.success(
                request, _("Observación publicada.") if aprobar else _("Observación rechazada.")
            )
        return redirect("convenios_tablero:moderacion")
    return render(
        request,
        "convenios/moderacion.html",
        {
            "pagina": pagina(
                selectors.observaciones_pendientes(), POR_PAGINA, request.GET.get("pagina")
            )
        },
    )


@monitor_required
def exportar(request):
    """The dashboard's list as XLSX or CSV, with its filters: figures only, no personal data
    (workers are a count, never names)."""
    formato = request.GET.get("formato", "xlsx")
    if formato not in ("xlsx", "csv"):
        raise Http404(_("Formato de exportación desconocido."))
    encabezados = [
        _("Número"),
        _("Junta"),
        _("Entidad"),
        _("Ruta"),
        _("Objeto"),
        _("Barrio de la obra"),
        _("Estado"),
        _("Firma"),
        _("Inicio"),
        _("Terminación prevista"),
        _("Valor (pesos)"),
        _("Pagado (pesos)"),
        _("Pagado (%)"),
        _("Avance físico verificado (%)"),
        _("Entregables vencidos"),
        _("Pagos sin soporte"),
        _("Trabajadores de la comunidad"),
        _("Alertas"),
    ]
    filas = []
    for c in selectors.lista_tablero(**_filtros(request)):
        filas.append(
            [
                c.numero,
                c.organizacion.nombre,
                c.entidad,
                str(Ruta.NOMBRES.get(c.ruta, c.ruta)),
                c.objeto,
                c.barrio.nombre,
                c.get_estado_display(),
                c.fecha_firma,
                c.fecha_inicio,
                c.fecha_fin,
                c.valor,
                c.pagado,
                round(c.pagado_pct, 1),
                round(c.avance_verificado, 1),
                c.entregables_vencidos,
                c.pagos_sin_soporte,
                c.n_trabajadores,
                " ".join(selectors.alertas_de(c)),
            ]
        )
    datos = hojas.dataset_seguro(filas, encabezados=encabezados, titulo=_("Convenios"))
    nombre = descargas.nombre_de_archivo("convenios", timezone.localdate().strftime("%Y%m%d"))
    return descargas.hoja(datos, nombre, formato, para=descargas.csv_pedido(request))


# The leader's portal ------------------------------------------------------------------------------


def _convenios_del_usuario(user):
    return Convenio.objects.filter(organizacion__in=juntas_visibles(user))


def _convenio_del_lider(request, pk):
    convenio = selectors.convenio_con_cifras(
        Convenio.objects.filter(organizacion=request.junta), pk
    )
    if convenio is None:
        # The same answer for another Junta's convenio and for none: no probing.
        raise Http404(_("No existe ese convenio."))
    return convenio


@lider_required
def portal_lista(request):
    return render(
        request,
        "convenios/portal_lista.html",
        {
            "junta": request.junta,
            "pagina": pagina(
                selectors.convenios_de(request.junta), POR_PAGINA, request.GET.get("pagina")
            ),
        },
    )


def _pagina_lider(request, convenio, form_trabajador=None, status=200):
    contexto = _contexto_convenio(request, convenio, ver_personales=True)
    contexto.update(
        {
            "es_lider": True,
            "volver": reverse("convenios_portal:lista"),
            "form_trabajador": form_trabajador or TrabajadorForm(),
            "recibe_informes": convenio.estado != Convenio.Estado.LIQUIDADO,
        }
    )
    return render(request, "convenios/convenio.html", contexto, status=status)


@lider_required
def portal_convenio(request, pk):
    return _pagina_lider(request, _convenio_del_lider(request, pk))


@lider_required
@require_POST
def agregar_trabajador(request, pk):
    convenio = _convenio_del_lider(request, pk)
    form = TrabajadorForm(request.POST)
    if form.is_valid():
        try:
            services.agregar_trabajador(
                convenio, nombre=form.cleaned_data["nombre"], usuario=request.user
            )
        except ValidationError as error:
            for mensaje in error.messages:
                form.add_error("nombre", mensaje)
        else:
            messages.success(request, _("Trabajador registrado."))
            return redirect("convenios_portal:convenio", pk=convenio.pk)
    messages.error(request, _("Revise el formulario marcado."))
    return _pagina_lider(request, convenio, form_trabajador=form, status=400)


@lider_required
@require_POST
def quitar_trabajador(request, pk, trabajador):
    convenio = _convenio_del_lider(request, pk)
    trabajador = objeto_o_404(TrabajadorComunitario.objects.all(), trabajador, convenio=convenio)
    services.quitar_trabajador(trabajador, usuario=request.user)
    messages.success(request, _("Trabajador retirado del registro."))
    return redirect("convenios_portal:convenio", pk=convenio.pk)


@lider_required
@require_http_methods(["GET", "POST"])
def nuevo_informe(request, pk):
    """The leader's progress report, on a phone: the form comes back with what was typed when
    something is wrong (files must be chosen again: browsers never refill them)."""
    convenio = _convenio_del_lider(request, pk)
    if convenio.estado == Convenio.Estado.LIQUIDADO:
        messages.error(request, _("El convenio ya está liquidado: no recibe informes de avance."))
        return redirect("convenios_portal:convenio", pk=convenio.pk)
    form = InformeAvanceForm(
        request.POST or None,
        request.FILES or None,
        initial={"fecha": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.registrar_informe(convenio, usuario=request.user, **form.cleaned_data)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for campo, mensajes in error.message_dict.items():
                        for mensaje in mensajes:
                            form.add_error(campo if campo in form.fields else None, mensaje)
                else:
                    for mensaje in error.messages:
                        form.add_error(None, mensaje)
            else:
                messages.success(
                    request,
                    _("Informe enviado: queda pendiente de verificación del supervisor."),
                )
                return redirect("convenios_portal:convenio", pk=convenio.pk)
        status = 400
    return render(
        request,
        "convenios/informe_form.html",
        {"convenio": convenio, "form": form},
        status=status,
    )


# Files --------------------------------------------------------------------------------------------


@login_required
def archivo(request, tipo, pk):
    """An acta parcial or a payment support (staff and the Junta's own leaders), or a report's
    photo (also monitors). Anyone else gets the same 404 as for a file that does not exist."""
    visibles = _convenios_del_usuario(request.user)
    if tipo == "acta":
        fila = InformeAvance.objects.filter(pk=pk, convenio__in=visibles).first()
        campo = fila.acta_parcial if fila else None
    elif tipo == "soporte":
        fila = Pago.objects.filter(pk=pk, convenio__in=visibles).first()
        campo = fila.soporte if fila else None
    elif tipo == "foto":
        if es_monitor(request.user):
            visibles = Convenio.objects.all()
        fila = FotoAvance.objects.filter(pk=pk, informe__convenio__in=visibles).first()
        campo = fila.imagen if fila else None
    else:
        campo = None
    if not campo:
        raise Http404(_("El documento no existe."))
    return servir(campo)


# Public social control ----------------------------------------------------------------------------


@pagina_en_cache(parametros=("barrio", "pagina"))
def publico_lista(request):
    """Works under way, by barrio: no log-in, no personal data. Cached as the other public
    pages are until the data changes: anonymous visitors get the whole page (one query, the
    change stamp), signed-in users their own copy per session."""
    if not request.user.is_authenticated and not len(messages.get_messages(request)):
        # The query string is the one `pagina_en_cache` left: only its two parameters, sorted.
        huella = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
        return HttpResponse(
            pagina_anonima(
                request, f"pagina:convenios:{huella}", lambda: _publico_lista(request).content
            )
        )
    return _publico_lista(request)


def _publico_lista(request):
    barrio_id = entero_o_none(request.GET.get("barrio", ""))
    return render(
        request,
        "convenios/publico_lista.html",
        {
            "pagina": pagina(
                selectors.publicos(barrio=barrio_id), POR_PAGINA, request.GET.get("pagina")
            ),
            "barrios": selectors.barrios_con_obras(),
            "barrio": barrio_id,
        },
    )


def tasa_observaciones(_grupo, _request):
    return settings.CONVENIOS_OBSERVACIONES_POR_DIRECCION


@ratelimit(key="ip", rate=tasa_observaciones, method="POST", block=False)
@require_http_methods(["GET", "POST"])
def publico_convenio(request, pk):
    """The social-control page of one convenio; residents (no account) and monitors (with
    theirs) leave observations that show once staff approve them."""
    # The figures, photos and published observations, computed once per change to the data
    # (the page itself carries the form's CSRF token: it is rendered for each visitor).
    datos = en_cache(f"convenio-publico:{int(pk)}", lambda: _datos_publicos(pk))
    if datos is None:
        raise Http404(_("No existe ese convenio."))
    convenio = datos["convenio"]
    form = ObservacionCiudadanaForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            messages.error(
                request,
                _(
                    "Recibimos varias observaciones desde su conexión en poco tiempo. Espere "
                    "una hora y vuelva a intentarlo."
                ),
            )
            status = 429
        elif form.is_valid():
            try:
                services.enviar_observacion(
                    convenio,
                    texto=form.cleaned_data["texto"],
                    usuario=request.user if request.user.is_authenticated else None,
                )
            except ValidationError as error:
                for mensaje in error.messages:
                    form.add_error("texto", mensaje)
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Gracias: recibimos su observación. La Secretaría la revisa antes de "
                        "publicarla."
                    ),
                )
                return redirect("convenios_publico:convenio", pk=convenio.pk)
        else:
            status = 400
    return render(
        request,
        "convenios/publico.html",
        {
            **datos,
            "form": form,
            "es_monitor": es_monitor(request.user),
            "ruta_nombre": Ruta.NOMBRES.get(convenio.ruta, ""),
        },
        status=status,
    )


def _datos_publicos(pk):
    convenio = selectors.convenio_con_cifras(Convenio.objects.all(), pk)
    if convenio is None:
        return None
    return {
        "convenio": convenio,
        "serie": selectors.serie(convenio),
        "fotos": list(selectors.fotos_publicas(convenio)),
        "observaciones": list(selectors.observaciones_publicadas(convenio)),
    }


def foto_publica(request, pk):
    """A photo of a verified report, marked public: the derivative, without EXIF."""
    foto = get_object_or_404(
        FotoAvance, pk=pk, publica=True, informe__estado=InformeAvance.Estado.VERIFICADO
    )
    return servir(foto.imagen, privado=False)
