"""The survey engine's pages: a Junta answering the needs survey (leaders on a phone, or staff
on a Junta's behalf) and the results dashboard with its export (monitors and staff).

The result page, where the survey hands over to the Junta's training plan, is training's
(`views.formacion.resultado`).
"""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from juntas.permisos import junta_en_contexto, lider_required
from nucleo import descargas
from nucleo.cache import fragmento, pagina_en_cache
from nucleo.permisos import es_secretaria, monitor_required, staff_required
from trabajos import cola

from .. import exportar as exportar_datos
from .. import reglas
from .. import trabajos as trabajos_de_la_encuesta
from ..forms.encuesta import FiltroResultadosForm, PasoForm, nombre_campo
from ..models.encuesta import Instrumento, Respuesta
from ..selectors import encuesta as selectors
from ..services import encuesta as services


def url_de_encuesta(request, nombre, instrumento, **kwargs):
    """The same page for a leader (own Junta) or for staff (Junta in the URL)."""
    if request.por_la_secretaria:
        nombre = f"diagnostico:{nombre}_junta"
        kwargs["junta_id"] = request.junta.pk
    else:
        nombre = f"diagnostico:{nombre}"
    return reverse(nombre, kwargs={"instrumento_id": instrumento.pk, **kwargs})


def encuesta_de_la_junta(request, instrumento_id):
    """The instrument and the Junta's response; 404 for a closed one the Junta never started.

    A draft is created by the first answers saved (a POST): only opening a step leaves nothing
    behind, so a Junta that looked is not counted as one that started. Until then the response
    is an unsaved one with no answers."""
    instrumento = get_object_or_404(
        Instrumento.objects.filter(proposito=Instrumento.Proposito.DIAGNOSTICO).exclude(
            estado="borrador"
        ),
        pk=instrumento_id,
    )
    if not request.por_la_secretaria and not instrumento.abierto():
        respuesta = selectors.respuesta_existente(request.junta, instrumento)
        if respuesta is None:
            raise Http404(_("Esta encuesta no está abierta."))
        return instrumento, respuesta
    if request.method == "POST":
        return instrumento, services.respuesta_de_junta(request.junta, instrumento)
    respuesta = selectors.respuesta_existente(request.junta, instrumento)
    return instrumento, respuesta or Respuesta(organizacion=request.junta, instrumento=instrumento)


@lider_required
def inicio(request):
    encuestas = selectors.encuestas_de_junta(request.junta)
    for encuesta in encuestas:
        respuesta, instrumento = encuesta["respuesta"], encuesta["instrumento"]
        if respuesta is None:
            encuesta["continuar"] = reverse("diagnostico:paso", args=[instrumento.pk, 1])
        elif not respuesta.enviada and encuesta["abierto"]:
            # «Continuar» opens the first step with a required question unanswered; with none
            # left, the review before sending.
            preguntas = services.preguntas_de(instrumento)
            faltan = services.faltantes(respuesta, preguntas)
            numero = selectors.primer_paso_pendiente(preguntas, faltan)
            encuesta["continuar"] = (
                reverse("diagnostico:paso", args=[instrumento.pk, numero])
                if numero
                else reverse("diagnostico:revision", args=[instrumento.pk])
            )
    return render(
        request,
        "capacitacion/diagnostico_inicio.html",
        {"junta": request.junta, "encuestas": encuestas},
    )


@junta_en_contexto
@require_http_methods(["GET", "POST"])
def paso(request, instrumento_id, numero):
    instrumento, respuesta = encuesta_de_la_junta(request, instrumento_id)
    if respuesta.enviada or not (request.por_la_secretaria or instrumento.abierto()):
        return redirect(url_de_encuesta(request, "resultado", instrumento))
    preguntas = services.preguntas_de(instrumento)
    pasos = selectors.pasos(preguntas)
    if not 1 <= numero <= len(pasos):
        raise Http404(_("Ese paso no existe."))
    dimension, del_paso = pasos[numero - 1]
    respuestas = services.respuestas_de(respuesta)
    form = PasoForm(request.POST or None, preguntas=del_paso, respuestas=respuestas)
    if request.method == "POST":
        # Fields that validate are saved even if others did not; a field that failed is not
        # passed at all (`valores` holds only cleaned fields), so its stored answer stays.
        form.is_valid()
        services.guardar_paso(
            respuesta,
            del_paso,
            form.valores(),
            usuario=request.user,
            por_la_secretaria=request.por_la_secretaria,
        )
        respuestas = services.respuestas_de(respuesta)
        if "salir" in request.POST and not form.errors:
            messages.success(request, _("Sus respuestas quedaron guardadas. Puede seguir después."))
            return redirect(url_de_encuesta(request, "revision", instrumento))
        faltan = {p.pk for p in services.faltantes(respuesta, preguntas, respuestas)}
        for pregunta in del_paso:
            campo = nombre_campo(pregunta)
            if pregunta.pk in faltan and campo not in form.errors:
                form.add_error(campo, _("Esta pregunta es obligatoria."))
        if not form.errors:
            if numero < len(pasos):
                return redirect(url_de_encuesta(request, "paso", instrumento, numero=numero + 1))
            return redirect(url_de_encuesta(request, "revision", instrumento))
    mostradas = {p.pk for p in reglas.visibles(preguntas, respuestas)}
    return render(
        request,
        "capacitacion/diagnostico_paso.html",
        {
            "junta": request.junta,
            "instrumento": instrumento,
            "respuesta": respuesta,
            "form": form,
            "dimension": dimension,
            "numero": numero,
            "pasos": [
                {
                    "numero": i,
                    "dimension": d,
                    "url": url_de_encuesta(request, "paso", instrumento, numero=i),
                }
                for i, (d, _preguntas) in enumerate(pasos, start=1)
            ],
            "progreso": selectors.progreso(preguntas, respuestas),
            "ocultas": [nombre_campo(p) for p in del_paso if p.pk not in mostradas],
            "condiciones": selectors.condiciones_del_paso(del_paso),
            "anterior": url_de_encuesta(request, "paso", instrumento, numero=numero - 1)
            if numero > 1
            else None,
            "por_la_secretaria": request.por_la_secretaria,
        },
    )


@junta_en_contexto
@require_http_methods(["GET", "POST"])
def revision(request, instrumento_id):
    instrumento, respuesta = encuesta_de_la_junta(request, instrumento_id)
    preguntas = services.preguntas_de(instrumento)
    respuestas = services.respuestas_de(respuesta)
    if request.method == "POST" and not respuesta.enviada:
        # (the POST made the draft if there was none: sending it names what is missing)
        try:
            services.enviar(respuesta, usuario=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("¡Encuesta enviada! Este es el perfil de su Junta."))
            return redirect(url_de_encuesta(request, "resultado", instrumento))
    pasos = selectors.pasos(preguntas)
    numero_de = {d.pk: i for i, (d, _p) in enumerate(pasos, start=1)}
    pendientes = [
        {
            "pregunta": p,
            "url": url_de_encuesta(request, "paso", instrumento, numero=numero_de[p.dimension_id]),
        }
        for p in services.faltantes(respuesta, preguntas, respuestas)
    ]
    return render(
        request,
        "capacitacion/diagnostico_revision.html",
        {
            "junta": request.junta,
            "instrumento": instrumento,
            "respuesta": respuesta,
            "pendientes": pendientes,
            "resumen": [
                {
                    **paso,
                    "url": url_de_encuesta(request, "paso", instrumento, numero=paso["numero"]),
                }
                for paso in selectors.resumen_de_respuestas(preguntas, respuestas)
            ],
            "progreso": selectors.progreso(preguntas, respuestas),
            "primer_paso": url_de_encuesta(request, "paso", instrumento, numero=1),
            "por_la_secretaria": request.por_la_secretaria,
        },
    )


# Results dashboard (monitors and staff) --------------------------------------------------------


def _filtros_del_tablero(request):
    """The dashboard's form, chosen instrument, filters ({tipo, localidad, ucg}) and heat map."""
    form = FiltroResultadosForm(
        request.GET or None, instrumentos=selectors.instrumentos_con_resultados()
    )
    instrumento, filtros, por = form.filtros()
    return form, instrumento, filtros, por


def _filtros(request):
    form, instrumento, filtros, por = _filtros_del_tablero(request)
    return form, instrumento, selectors.juntas_filtradas(filtros), por


@monitor_required
@pagina_en_cache(formulario=FiltroResultadosForm, parametros=("pagina",))
def resultados(request):
    es_staff = es_secretaria(request.user)
    filtros = request.GET.copy()
    filtros.pop("pagina", None)

    filtrado = functools.cache(lambda: _filtros_del_tablero(request))  # read once, when needed

    def contexto():
        form, instrumento, filtros_elegidos, por = filtrado()
        datos = {"form": form, "instrumento": instrumento, "por": por, "es_staff": es_staff}
        if instrumento is None:
            return datos
        # From the summary rows: the same figures whatever the number of Juntas and answers.
        tablero = selectors.tablero_diagnostico(instrumento, filtros_elegidos, por=por)
        distribucion, dimensiones = tablero["distribucion"], tablero["dimensiones"]
        datos.update(
            {
                **tablero,
                "graficos": {
                    "dimensiones": {
                        "etiquetas": [d["dimension"] for d in dimensiones],
                        "valores": [d["promedio"] for d in dimensiones],
                    },
                    "preguntas": [
                        {
                            "id": f"pregunta-{d['pregunta'].pk}",
                            "etiquetas": d["etiquetas"],
                            "valores": d["valores"],
                        }
                        for d in distribucion
                    ],
                },
                "consulta": request.GET.urlencode(),
            }
        )
        return datos

    # The aggregates are the same for monitors and staff: cached per filter combination (the
    # filters are read inside, so a cached page costs no query for them). The list of pending
    # Juntas (staff only, with the president's phone) is never cached, and read from the raw
    # rows a page at a time.
    contenido = fragmento(
        request,
        f"resultados:{filtros.urlencode()}:{int(es_staff)}",
        "capacitacion/_resultados_contenido.html",
        contexto,
    )
    instrumento = pendientes = None
    if es_staff:
        _form, instrumento, filtros_elegidos, _por = filtrado()
        if instrumento is not None:
            juntas = selectors.juntas_filtradas(filtros_elegidos)
            pendientes = Paginator(selectors.pendientes(instrumento, juntas), 25).get_page(
                request.GET.get("pagina")
            )
    return render(
        request,
        "capacitacion/resultados.html",
        {
            "contenido": contenido,
            "instrumento": instrumento,
            "pendientes": pendientes,
            "consulta": request.GET.urlencode(),
        },
    )


@monitor_required
def exportar(request):
    """The survey as XLSX or CSV (for Excel es-CO; `?separador=coma` for programs), a row per
    Junta or per answer, filtered as the page is; the file name says the filters."""
    form, instrumento, juntas, _por = _filtros(request)
    if instrumento is None:
        raise Http404(_("No hay instrumentos con resultados."))
    formato = request.GET.get("formato", "xlsx")
    forma = request.GET.get("forma", "ancha")
    if formato not in ("xlsx", "csv") or forma not in ("ancha", "larga"):
        raise Http404(_("Formato de exportación desconocido."))
    if forma == "ancha":
        datos = exportar_datos.ancha(
            instrumento, juntas, con_datos_personales=es_secretaria(request.user)
        )
    else:
        datos = exportar_datos.larga(instrumento, juntas)
    _instrumento, filtros, _por = form.filtros()
    nombre = descargas.nombre_de_archivo(
        "diagnostico",
        instrumento.ronda,
        f"v{instrumento.version}",
        forma,
        *exportar_datos.partes_del_filtro(filtros),
    )
    return descargas.hoja(datos, nombre, formato, para=descargas.csv_pedido(request))


@staff_required
def exportar_en_segundo_plano(request):
    """The same export as a background job (a national file): GET confirms, POST queues it
    and opens the job's page, where the file waits for download."""
    datos = request.POST if request.method == "POST" else request.GET
    formato, forma = datos.get("formato", "xlsx"), datos.get("forma", "ancha")
    if formato not in ("xlsx", "csv") or forma not in ("ancha", "larga"):
        raise Http404(_("Formato de exportación desconocido."))
    consulta = datos.get("consulta", "")
    if request.method == "POST":
        trabajo = cola.encolar(
            trabajos_de_la_encuesta.EXPORTAR_DIAGNOSTICO,
            usuario=request.user,
            titulo=_("Exportación del diagnóstico (%(formato)s, una fila por %(por)s)")
            % {
                "formato": formato.upper(),
                "por": _("Junta") if forma == "ancha" else _("respuesta"),
            },
            parametros={
                "formato": formato,
                "forma": forma,
                "consulta": consulta,
                "separador": datos.get("separador", ""),
            },
        )
        return redirect(trabajo)
    return render(
        request,
        "capacitacion/exportar_en_segundo_plano.html",
        {
            "formato": formato,
            "forma": forma,
            "consulta": consulta,
            "separador": datos.get("separador", ""),
        },
    )
