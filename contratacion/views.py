"""What people see of SECOP II: the leader's own contracts, supplier account and opportunity
radar (`/portal/contratacion/`), and the monitors' and staff's dashboard with the funnel and the
before/after comparison (`/tablero/contratacion/`), with its export. No personal data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from juntas import selectors as selectores_juntas
from juntas.models import Ruta as RutaJunta
from juntas.permisos import junta_en_contexto, juntas_visibles, lider_required
from nucleo import descargas, hojas
from nucleo.archivos import servir
from nucleo.cache import fragmento, pagina_en_cache
from nucleo.permisos import monitor_required

from . import avisos, selectors, services
from .expedientes import DocumentoIlegible
from .forms import VerificarExpedienteForm
from .models import Expediente


@lider_required
@pagina_en_cache(parametros=())
def portal_contratacion(request):
    """The leader's Junta only (`request.junta`): its contracts, account and radar."""
    junta = request.junta
    return render(
        request,
        "contratacion/portal_contratacion.html",
        {
            "junta": junta,
            "contratos": selectors.contratos_de(junta),
            "cuenta": selectors.cuenta_proveedor_de(junta),
            "familias": selectors.familias_de(junta),
            "radar": selectors.radar(junta),
            "demostracion": selectors.hay_datos_de_demostracion(),
            "por_correo": selectors.recibe_radar_por_correo(request.user),
            "preparacion": selectores_juntas.preparacion_por_ruta(junta),
            "rutas": RutaJunta.choices,
            "expedientes": selectors.expedientes_de(junta)[:5],
        },
    )


@lider_required
@require_POST
def radar_por_correo(request):
    """The leader turns the radar's e-mail digest on or off, for themselves only."""
    activa = request.POST.get("activa") == "1"
    if activa and not request.user.email:
        messages.error(
            request,
            _(
                "Su cuenta no tiene correo electrónico: pida a la Secretaría de Participación que "
                "lo registre para recibir las oportunidades por correo."
            ),
        )
        return redirect("contratacion_portal:inicio")
    avisos.suscribir(request.user, activa=activa)
    if activa:
        texto = _(
            "Listo: le enviaremos a %(correo)s las oportunidades nuevas de su Junta, una vez "
            "al día, y nunca el mismo proceso dos veces."
        ) % {"correo": request.user.email}
    else:
        texto = _("Listo: ya no le enviaremos las oportunidades por correo.")
    messages.success(request, texto)
    return redirect("contratacion_portal:inicio")


@junta_en_contexto
@require_http_methods(["GET", "POST"])
def expediente(request):
    """Pick a route and assemble the dossier: the leader for their own Junta
    (`/portal/contratacion/expediente/`), staff for any (`…/juntas/<id>/expediente/`).
    Missing or expired requirements block it and are listed with what to do."""
    junta = request.junta
    ruta = request.POST.get("ruta") or request.GET.get("ruta") or junta.ruta
    if ruta not in RutaJunta.values:
        ruta = ""
    if request.method == "POST" and ruta:
        try:
            nuevo = services.generar_expediente(
                organizacion=junta,
                ruta=ruta,
                usuario=request.user,
                por_la_secretaria=request.por_la_secretaria,
                url_de=lambda codigo: request.build_absolute_uri(
                    reverse("expedientes:publico", args=[codigo])
                ),
            )
        except services.ExpedienteIncompleto:
            messages.error(
                request,
                _(
                    "Todavía no se puede armar el expediente: revise abajo los requisitos que "
                    "faltan o vencieron."
                ),
            )
        except DocumentoIlegible as error:
            messages.error(
                request,
                _(
                    "No pudimos leer el documento «%(documento)s» (dañado o protegido con "
                    "clave). Cárguelo de nuevo en PDF sin clave, o como imagen JPG o PNG."
                )
                % {"documento": error.nombre},
            )
        else:
            messages.success(
                request,
                _("Expediente %(codigo)s generado. Descargue el PDF o el ZIP de los originales.")
                % {"codigo": nuevo.codigo},
            )
            return redirect(f"{request.path}?ruta={ruta}")
    pagina = Paginator(selectors.expedientes_de(junta), 10).get_page(request.GET.get("pagina"))
    return render(
        request,
        "contratacion/expediente.html",
        {
            "junta": junta,
            "por_la_secretaria": request.por_la_secretaria,
            "ruta": ruta,
            "rutas": RutaJunta.choices,
            "datos": selectors.preparar_expediente(junta, ruta) if ruta else None,
            "pagina": pagina,
        },
    )


@login_required
def expediente_archivo(request, codigo, formato):
    """A dossier's PDF or ZIP: staff and the leaders of its Junta; anyone else gets 404 (the
    files hold the Junta's documents, personal data among them)."""
    if formato not in ("pdf", "zip"):
        raise Http404(_("Formato de descarga desconocido."))
    expediente = get_object_or_404(
        Expediente.objects.filter(organizacion__in=juntas_visibles(request.user)), codigo=codigo
    )
    campo = expediente.pdf if formato == "pdf" else expediente.zip
    respuesta = servir(campo)
    respuesta["Content-Disposition"] = (
        f'attachment; filename="expediente-{expediente.codigo}.{formato}"'
    )
    return respuesta


def verificar_expediente(request):
    """Type a dossier's code to check it (or read its QR with a phone's camera)."""
    form = VerificarExpedienteForm(request.GET or None)
    if form.is_valid():
        return redirect("expedientes:publico", codigo=form.cleaned_data["codigo"])
    return render(request, "contratacion/verificar_expediente.html", {"form": form})


def expediente_publico(request, codigo, formato=None):
    """Anyone, without log-in: what the dossier held when it was generated and whether each
    document is still valid today; `.json` (or `?formato=json`) for an entity's systems."""
    como_json = formato == "json" or request.GET.get("formato") == "json"
    datos = selectors.verificacion_expediente(codigo)
    if datos is None:
        mensaje = _(
            "No existe un expediente con el código «%(codigo)s». Revise que lo escribió igual "
            "que en el pie de las páginas del expediente."
        ) % {"codigo": codigo[:30]}
        if como_json:
            return JsonResponse({"error": mensaje}, status=404)
        return render(
            request,
            "contratacion/expediente_no_encontrado.html",
            {"mensaje": mensaje},
            status=404,
        )
    if como_json:
        return JsonResponse(_como_json(datos), json_dumps_params={"ensure_ascii": False})
    return render(request, "contratacion/expediente_publico.html", {"datos": datos})


def _fecha(valor):
    return valor.isoformat() if valor else None


def _como_json(datos):
    return {
        "codigo": datos["codigo"],
        "junta": datos["junta"],
        "ruta": datos["ruta"],
        "ruta_nombre": str(datos["ruta_nombre"]),
        "generado_en": datos["generado_en"].isoformat(),
        "generado_por": str(datos["generado_por"]),
        "indice_al_generar": float(datos["indice_al_generar"]),
        "sha256_pdf": datos["sha256_pdf"],
        "consultado": _fecha(datos["consultado"]),
        "todos_vigentes_hoy": datos["todos_vigentes_hoy"],
        "documentos": [
            {
                "orden": d["orden"],
                "documento": d["documento"],
                "requisito": d["requisito"],
                "fecha_expedicion": _fecha(d["fecha_expedicion"]),
                "fecha_vencimiento": _fecha(d["fecha_vencimiento"]),
                "vigente_al_generar": d["vigente_al_generar"],
                "sha256": d["sha256"],
                "estado_hoy": d["estado_hoy"],
                "vigente_hoy": d["vigente_hoy"],
            }
            for d in datos["documentos"]
        ],
    }


def _cifras():
    return {
        "embudo": selectors.embudo(),
        "comparacion": selectors.comparacion(),
        "etapas": selectors.ETAPAS,
        "demostracion": selectors.hay_datos_de_demostracion(),
        "preparacion": selectores_juntas.preparacion_agregada(),
    }


@monitor_required
@pagina_en_cache(parametros=())
def tablero_contratacion(request):
    """Funnel, value contracted and the comparison: aggregates only, the same for every role."""
    contenido = fragmento(
        request, "contratacion:tablero", "contratacion/_tablero_contenido.html", _cifras
    )
    return render(request, "contratacion/tablero_contratacion.html", {"contenido": contenido})


TABLAS = ("embudo", "rutas", "comparacion", "preparacion")


def _datos_embudo(embudo):
    encabezados = [_("Agrupación"), _("Nombre"), _("Juntas")]
    for _etapa, nombre, _d in selectors.ETAPAS:
        encabezados.append(str(nombre))
    encabezados.append(_("Valor contratado (pesos)"))
    filas = []

    def fila(agrupacion, nombre, datos):
        valores = [agrupacion, nombre, datos["juntas"]]
        valores += [e["juntas"] for e in datos["etapas"]]
        valores.append(datos["valor"] or 0)
        filas.append(valores)

    fila(_("Total"), _("Todas las Juntas"), embudo["total"])
    for datos in embudo["por_localidad"]:
        fila(_("Localidad"), datos["nombre_localidad"] or _("Sin localidad"), datos)
    for datos in embudo["por_ucg"]:
        numero = datos["numero_ucg"]
        nombre = _("UCG %(n)s") % {"n": numero} if numero else _("Sin UCG")
        fila(_("UCG"), nombre, datos)
    return hojas.dataset_seguro(filas, encabezados=encabezados, titulo=_("Embudo"))


def _datos_rutas(embudo):
    encabezados = [_("Ruta"), _("Contratos"), _("Juntas"), _("Valor contratado (pesos)")]
    filas = [
        [str(r["nombre"]), r["contratos"], r["juntas"], r["valor"]] for r in embudo["por_ruta"]
    ]
    return hojas.dataset_seguro(filas, encabezados=encabezados, titulo=_("Rutas"))


def _datos_preparacion(preparacion):
    encabezados = [
        _("Agrupación"),
        _("Nombre"),
        _("Ruta"),
        _("Juntas"),
        _("Índice promedio"),
        _("Juntas con índice ≥ %(umbral)s") % {"umbral": preparacion["umbral"]},
        _("La buscan"),
        _("La buscan y están listas"),
    ]
    filas = []

    def fila(agrupacion, nombre, ruta, datos):
        filas.append(
            [
                agrupacion,
                nombre,
                str(ruta),
                datos["juntas"],
                datos["indice_promedio"],
                datos["listas"],
                datos["persiguen"],
                datos["persiguen_listas"],
            ]
        )

    for datos in preparacion["rutas"]:
        fila(_("Total"), _("Todas las Juntas"), datos["nombre"], datos)
    for localidad in preparacion["por_localidad"]:
        for ruta, datos in zip(preparacion["rutas"], localidad["rutas"], strict=True):
            fila(_("Localidad"), str(localidad["localidad"]), ruta["nombre"], datos)
    return hojas.dataset_seguro(filas, encabezados=encabezados, titulo=_("Preparación"))


def _datos_comparacion(comparacion):
    encabezados = [
        _("Grupo"),
        _("Juntas"),
        _("Con contrato en los 12 meses antes"),
        _("% antes"),
        _("Con contrato en los 12 meses después"),
        _("% después"),
        _("Cambio (puntos)"),
    ]
    filas = [
        [
            str(g["nombre"]),
            g["juntas"],
            g["antes"],
            g["antes_pct"],
            g["despues"],
            g["despues_pct"],
            g["cambio"],
        ]
        for g in comparacion["grupos"]
    ]
    filas.append(
        [_("Diferencia en diferencias (puntos)"), None, None, None, None, None]
        + [comparacion["diferencia_en_diferencias"]]
    )
    return hojas.dataset_seguro(filas, encabezados=encabezados, titulo=_("Comparación"))


@monitor_required
def exportar(request):
    """One table of the dashboard as XLSX or CSV (Excel es-CO; `?separador=coma` for programs):
    `?tabla=embudo|rutas|comparacion|preparacion`. Aggregates only: no personal data."""
    formato = request.GET.get("formato", "xlsx")
    tabla = request.GET.get("tabla", "embudo")
    if formato not in ("xlsx", "csv") or tabla not in TABLAS:
        raise Http404(_("Formato de exportación desconocido."))
    if tabla == "comparacion":
        datos = _datos_comparacion(selectors.comparacion())
    elif tabla == "preparacion":
        datos = _datos_preparacion(selectores_juntas.preparacion_agregada())
    elif tabla == "rutas":
        datos = _datos_rutas(selectors.embudo())
    else:
        datos = _datos_embudo(selectors.embudo())
    nombre = descargas.nombre_de_archivo("contratacion", tabla)
    return descargas.hoja(datos, nombre, formato, para=descargas.csv_pedido(request))
