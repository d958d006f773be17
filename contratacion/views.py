"""What people see of SECOP II: the leader's own contracts, supplier account and opportunity
radar (`/portal/contratacion/`), and the monitors' and staff's dashboard with the funnel and the
before/after comparison (`/tablero/contratacion/`), with its export. No personal data."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juntas.permisos import lider_required
from nucleo import descargas, hojas
from nucleo.cache import fragmento, pagina_en_cache
from nucleo.permisos import monitor_required

from . import avisos, selectors


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


def _cifras():
    return {
        "embudo": selectors.embudo(),
        "comparacion": selectors.comparacion(),
        "etapas": selectors.ETAPAS,
        "demostracion": selectors.hay_datos_de_demostracion(),
    }


@monitor_required
@pagina_en_cache(parametros=())
def tablero_contratacion(request):
    """Funnel, value contracted and the comparison: aggregates only, the same for every role."""
    contenido = fragmento(
        request, "contratacion:tablero", "contratacion/_tablero_contenido.html", _cifras
    )
    return render(request, "contratacion/tablero_contratacion.html", {"contenido": contenido})


TABLAS = ("embudo", "rutas", "comparacion")


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
    `?tabla=embudo|rutas|comparacion`. Aggregates only: no personal data."""
    formato = request.GET.get("formato", "xlsx")
    tabla = request.GET.get("tabla", "embudo")
    if formato not in ("xlsx", "csv") or tabla not in TABLAS:
        raise Http404(_("Formato de exportación desconocido."))
    if tabla == "comparacion":
        datos = _datos_comparacion(selectors.comparacion())
    elif tabla == "rutas":
        datos = _datos_rutas(selectors.embudo())
    else:
        datos = _datos_embudo(selectors.embudo())
    nombre = descargas.nombre_de_archivo("contratacion", tabla)
    return descargas.hoja(datos, nombre, formato, para=descargas.csv_pedido(request))
