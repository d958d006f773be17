"""The commitment's dashboards (monitors and staff), its milestone pages, exports, and the
public transparency page with its open data."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from convenios import selectors as convenios_selectors
from nucleo import descargas, hojas
from nucleo.archivos import servir
from nucleo.cache import en_cache, fragmento, pagina_anonima, pagina_en_cache
from nucleo.permisos import (
    es_monitor,
    es_secretaria,
    monitor_required,
    solo_monitor_required,
    staff_required,
)
from nucleo.peticiones import objeto_o_404
from trabajos import cola

from . import catalogo, exportar, selectors, services
from . import trabajos as trabajos_de_hitos
from .forms import (
    ActualizacionForm,
    DevolucionForm,
    EvidenciaForm,
    ObservacionForm,
    PropuestaForm,
    RespuestaForm,
)
from .models import Compromiso, Evidencia, Hito, Observacion, PropuestaNivel


def _codigo(request):
    """The `?compromiso=` asked for."""
    return request.GET.get("compromiso", "")  # NUL bytes never get here (SinNulMiddleware)


def _compromiso(request):
    codigo = _codigo(request)
    compromiso = Compromiso.vigente(codigo)
    if compromiso is None and codigo:
        raise Http404(_("No existe ese compromiso."))
    return compromiso


@monitor_required
@pagina_en_cache(parametros=("compromiso",))
def inicio(request):
    """The commitment at a glance for monitors and staff; no personal data. The page's body is
    cached as HTML until the data behind it changes."""
    codigo = _codigo(request)
    if codigo and not Compromiso.objects.filter(codigo=codigo).exists():
        raise Http404(_("No existe ese compromiso."))
    staff = es_secretaria(request.user)

    def contexto():
        compromiso = _compromiso(request)
        datos = {
            "compromiso": compromiso,
            "compromisos": list(Compromiso.objects.all()),
            "staff": staff,  # the cache key below carries it
        }
        if compromiso is None:
            return datos
        datos["convenios_con_alerta"] = convenios_selectors.contar_con_alerta()
        datos.update(selectors.tablero(compromiso))
        datos["grafico_localidades"] = datos["resumen"]["por_localidad_grafico"]
        filas = [(f["hito"], i) for f in datos["hitos"] for i in f["indicadores"]]
        datos["grafico_indicadores"] = {
            # The chart's height, reserved before it is drawn (graficos.js: 40 px a bar).
            "alto": max(240, len(filas) * 40 + 70),
            "etiquetas": [f"{hito.numero}. {i['nombre']}" for hito, i in filas],
            "series": [
                {
                    "nombre": _("Avance hacia la meta (%)"),
                    "datos": [i["progreso"] for _hito, i in filas],
                }
            ],
        }
        return datos

    # Keyed by the requested code, so a cached page costs no query to find the commitment.
    clave = f"tablero:{codigo}:{int(staff)}"
    return render(
        request,
        "hitos/tablero_inicio.html",
        {"contenido": fragmento(request, clave, "hitos/_tablero_contenido.html", contexto)},
    )


def _hecho(request, mensaje):
    if mensaje:
        messages.success(request, mensaje)
    return redirect(f"{request.path}?{request.GET.urlencode()}")


def _con_errores(request, hito, **formularios):
    messages.error(request, _("Revise el formulario marcado."))
    return _pagina_hito(request, hito, formularios)


# One view per action on a milestone page, its role in its decorator. The page posts to its own
# address with `accion`; `ACCIONES` names the view that takes it.


@staff_required
def _proponer(request, hito):
    form = PropuestaForm(request.POST)
    if not form.is_valid():
        return _con_errores(request, hito, proponer=form)
    services.proponer_nivel(hito, usuario=request.user, **form.cleaned_data)
    return _hecho(request, _("Propuesta enviada: queda pendiente de verificación del monitor."))


def _propuesta(request, hito):
    return objeto_o_404(PropuestaNivel.objects.all(), request.POST.get("propuesta"), hito=hito)


@solo_monitor_required
def _verificar(request, hito):
    services.verificar(_propuesta(request, hito), usuario=request.user)
    return _hecho(request, _("Nivel verificado."))


@solo_monitor_required
def _devolver(request, hito):
    propuesta = _propuesta(request, hito)
    form = DevolucionForm(request.POST)
    if not form.is_valid():
        return _con_errores(request, hito, devolver=form)
    services.devolver(propuesta, usuario=request.user, **form.cleaned_data)
    return _hecho(request, _("Propuesta devuelta con su observación."))


@solo_monitor_required
def _observar(request, hito):
    form = ObservacionForm(request.POST)
    if not form.is_valid():
        return _con_errores(request, hito, observar=form)
    services.observar(hito, usuario=request.user, texto=form.cleaned_data["texto"])
    return _hecho(request, _("Observación registrada."))


@staff_required
def _responder(request, hito):
    observacion = objeto_o_404(
        Observacion.objects.all(), request.POST.get("observacion"), hito=hito
    )
    form = RespuestaForm(request.POST)
    if not form.is_valid():
        return _con_errores(request, hito, **{f"responder-{observacion.pk}": form})
    services.responder(observacion, usuario=request.user, texto=form.cleaned_data["texto"])
    return _hecho(request, _("Respuesta registrada."))


@staff_required
def _evidencia(request, hito):
    form = EvidenciaForm(request.POST, request.FILES)
    if not form.is_valid():
        return _con_errores(request, hito, evidencia=form)
    services.agregar_evidencia(hito, form.save(commit=False), usuario=request.user)
    return _hecho(request, _("Evidencia agregada."))


@staff_required
def _actualizacion(request, hito):
    form = ActualizacionForm(request.POST)
    if not form.is_valid():
        return _con_errores(request, hito, actualizacion=form)
    services.registrar_actualizacion(hito, form.save(commit=False), usuario=request.user)
    return _hecho(request, _("Actualización registrada."))


ACCIONES = {
    "proponer": _proponer,
    "verificar": _verificar,
    "devolver": _devolver,
    "observar": _observar,
    "responder": _responder,
    "evidencia": _evidencia,
    "actualizacion": _actualizacion,
}


@monitor_required
@require_http_methods(["GET", "POST"])
def hito(request, numero):
    compromiso = _compromiso(request)
    if compromiso is None:
        raise Http404(_("Aún no hay un compromiso registrado."))
    hito = get_object_or_404(
        Hito.objects.select_related("compromiso"), compromiso=compromiso, numero=numero
    )
    if request.method == "POST":
        accion = ACCIONES.get(request.POST.get("accion"))
        if accion is None:
            raise PermissionDenied
        try:
            return accion(request, hito)
        except ValidationError as error:  # a rule of the two keys, said by the service
            messages.error(request, error.messages[0])
            return _hecho(request, "")
    return _pagina_hito(request, hito)


def _pagina_hito(request, hito, formularios=None):
    formularios = formularios or {}
    compromiso = hito.compromiso
    staff = es_secretaria(request.user)
    contexto = {
        "compromiso": compromiso,
        "hito": hito,
        **selectors.detalle_hito(hito),
        "form_propuesta": formularios.get("proponer") or PropuestaForm(),
        "form_devolucion": formularios.get("devolver") or DevolucionForm(),
        "form_observacion": formularios.get("observar") or ObservacionForm(),
        "form_evidencia": formularios.get("evidencia")
        or EvidenciaForm(initial={"fecha": timezone.localdate()}),
        "form_actualizacion": formularios.get("actualizacion")
        or ActualizacionForm(initial={"fecha": timezone.localdate()}),
        "form_respuesta": RespuestaForm(),
        "puede_editar": staff,
        "puede_verificar": es_monitor(request.user),
    }
    return render(request, "hitos/hito.html", contexto)


@monitor_required
def evidencia(request, pk):
    """An evidence file for monitors and staff (public ones also at /transparencia/)."""
    return servir(get_object_or_404(Evidencia, pk=pk).archivo)


def evidencia_publica(request, pk):
    return servir(get_object_or_404(Evidencia, pk=pk, publica=True).archivo, privado=False)


@monitor_required
def exportar_indicadores(request, formato):
    compromiso = _compromiso(request)
    if compromiso is None:
        raise Http404
    filas = selectors.filas_de_indicadores(selectors.estado_de_hitos(compromiso))
    nombre = trabajos_de_hitos.nombre_de_archivo(compromiso)
    if formato == "csv":
        return exportar.csv_respuesta(filas, nombre, para=descargas.csv_pedido(request))
    return exportar.xlsx_respuesta(filas, nombre, compromiso)


@staff_required
@require_http_methods(["GET", "POST"])
def exportar_indicadores_en_segundo_plano(request):
    """The same export as a background job (a national commitment): GET confirms, POST queues
    it and opens the job's page, where the file waits for download."""
    datos = request.POST if request.method == "POST" else request.GET
    formato = datos.get("formato", "xlsx")
    if formato not in trabajos_de_hitos.FORMATOS:
        raise Http404(_("Formato de exportación desconocido."))
    codigo = datos.get("compromiso", "")
    compromiso = Compromiso.vigente(codigo)
    if compromiso is None:
        raise Http404(_("No existe ese compromiso."))
    separador = datos.get(descargas.PARAMETRO_SEPARADOR, "")
    if request.method == "POST":
        trabajo = cola.encolar(
            trabajos_de_hitos.EXPORTAR_INDICADORES,
            usuario=request.user,
            titulo=_("Exportación de los indicadores de %(codigo)s (%(formato)s)")
            % {"codigo": compromiso.codigo, "formato": formato.upper()},
            parametros={"formato": formato, "compromiso": codigo, "separador": separador},
        )
        return redirect(trabajo)
    return render(
        request,
        "hitos/exportar_en_segundo_plano.html",
        {"compromiso": compromiso, "codigo": codigo, "formato": formato, "separador": separador},
    )


@monitor_required
def informe(request):
    """The progress report in OGP's format: printable HTML (and a PDF)."""
    compromiso = _compromiso(request)
    if compromiso is None:
        raise Http404
    datos = selectors.datos_publicos(compromiso)
    datos["evidencias"] = list(
        Evidencia.objects.filter(hito__compromiso=compromiso).select_related("hito")
    )
    contexto = {"compromiso": compromiso, **datos, "hoy": timezone.localdate()}
    if request.GET.get("formato") == "pdf":
        return descargas.adjunto(
            exportar.informe_pdf(contexto),
            f"informe-{compromiso.codigo}-{timezone.localdate():%Y%m%d}.pdf",
            "application/pdf",
        )
    return render(request, "hitos/informe.html", contexto)


# Public transparency: no log-in, cached ---------------------------------------------------------


def _publico(compromiso):
    """The public data, cached; the key moves with every change behind it and with the day."""

    def calcular():
        estado = selectors.datos_publicos(compromiso)
        return {
            "estado": estado,
            "filas": selectors.filas_de_indicadores(estado),
            "definiciones": list(catalogo.DEFINICIONES.values()),
        }

    return en_cache(f"transparencia:{compromiso.pk}", calcular, rancio=True)


def _compromiso_publico(request):
    compromiso = _compromiso(request)
    if compromiso is None:
        raise Http404(_("Aún no hay un compromiso publicado."))
    return compromiso


@pagina_en_cache(parametros=("compromiso",))
def transparencia(request):
    """The most visited page. Anonymous visitors get the whole page from the cache (one query:
    the change stamp); signed-in users get the cached body inside their own menu, the whole
    page cached per session until the data changes."""
    if not request.user.is_authenticated and not len(messages.get_messages(request)):
        return HttpResponse(
            pagina_anonima(
                request,
                f"pagina:transparencia:{_codigo(request)}",
                lambda: _transparencia(request).content,
            )
        )
    return _transparencia(request)


def _transparencia(request):
    compromiso = _compromiso_publico(request)

    def contexto():
        datos = _publico(compromiso)
        return {
            "compromiso": compromiso,
            **datos["estado"],
            "definiciones": datos["definiciones"],
            "consulta": f"?compromiso={compromiso.codigo}",
        }

    contenido = fragmento(
        request, f"transparencia:{compromiso.pk}", "hitos/_transparencia_contenido.html", contexto
    )
    return render(request, "hitos/transparencia.html", {"contenido": contenido})


def datos_json(request):
    compromiso = _compromiso_publico(request)
    datos = _publico(compromiso)
    estado = datos["estado"]
    cuerpo = {
        "compromiso": {
            "codigo": compromiso.codigo,
            "titulo": compromiso.titulo,
            "plan": compromiso.plan,
            "inicio": compromiso.inicio,
            "fin": compromiso.fin,
            "entidad_lider": compromiso.entidad_lider,
        },
        "generado": timezone.localdate(),
        "ultima_actualizacion": estado["ultima_actualizacion"],
        "hitos": [
            {
                "numero": f["hito"].numero,
                "titulo": f["hito"].titulo,
                "inicio_previsto": f["hito"].inicio_previsto,
                "fin_previsto": f["hito"].fin_previsto,
                "inicio_real": f["hito"].inicio_real,
                "fin_real": f["hito"].fin_real,
                "nivel_verificado": f["hito"].get_nivel_display(),
                "avance_valorado": f["hito"].avance,
                "pendiente_de_verificacion": f["pendiente"] is not None,
                "progreso_calculado": f["progreso"],
                "avance_esperado": f["esperado"],
                "atrasado": f["atrasado"],
            }
            for f in estado["hitos"]
        ],
        "indicadores": datos["filas"],
        "contratacion": _contratacion_json(estado["contratacion"]),
        "diccionario": [
            {
                "codigo": d.codigo,
                "nombre": str(d.nombre),
                "unidad": str(d.unidad),
                "calculo": str(d.calculo),
            }
            for d in datos["definiciones"]
        ],
    }
    return HttpResponse(
        json.dumps(cuerpo, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )


def _contratacion_json(embudo):
    """The SECOP II funnel of the open data: aggregates of organizations, no Junta named."""
    total = embudo["total"]
    return {
        "datos_de_demostracion": embudo["demostracion"],
        "juntas": total["juntas"],
        "contratos": embudo["contratos"],
        "valor_contratado": total["valor"] or 0,
        "embudo": [
            {
                "etapa": e["clave"],
                "nombre": str(e["nombre"]),
                "definicion": str(e["descripcion"]),
                "juntas": e["juntas"],
                "porcentaje": e["porcentaje"],
            }
            for e in total["etapas"]
        ],
        "filas": selectors.filas_de_contratacion(embudo),
    }


def datos_csv(request):
    """Open data for programs: `,`, decimal point, ISO dates, UTF-8 (the open-data convention)."""
    compromiso = _compromiso_publico(request)
    return exportar.csv_respuesta(
        _publico(compromiso)["filas"],
        f"indicadores-{compromiso.codigo}",
        para=hojas.MAQUINAS,
        adjunto=False,
    )


def datos_excel(request):
    """The same open data for Excel under Spanish (Colombia): `;`, decimal comma, BOM."""
    compromiso = _compromiso_publico(request)
    return exportar.csv_respuesta(
        _publico(compromiso)["filas"], f"indicadores-{compromiso.codigo}", adjunto=False
    )


def contratacion_csv(request):
    """The SECOP II funnel for programs: total, by localidad and by route (`,`, decimal point)."""
    compromiso = _compromiso_publico(request)
    filas = selectors.filas_de_contratacion(_publico(compromiso)["estado"]["contratacion"])
    return exportar.contratacion_csv(filas, "contratacion", para=hojas.MAQUINAS)


def contratacion_excel(request):
    """The same funnel for Excel under Spanish (Colombia): `;`, decimal comma, BOM."""
    compromiso = _compromiso_publico(request)
    filas = selectors.filas_de_contratacion(_publico(compromiso)["estado"]["contratacion"])
    return exportar.contratacion_csv(filas, "contratacion")
