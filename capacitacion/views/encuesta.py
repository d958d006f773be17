"""Answering the needs survey (leaders on a phone, or staff on a Junta's behalf)."""

import datetime
import functools
import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from juntas.permisos import (
    junta_del_lider,
    junta_en_contexto,
    lider_required,
    puede_ver_datos_personales,
)
from nucleo import descargas
from nucleo.cache import fragmento, pagina_en_cache
from nucleo.permisos import es_secretaria, monitor_required, staff_required
from nucleo.tablas import ArchivoIlegible

from . import certificados, notificaciones, reglas, reportes_reunion, selectors, services
from . import exportar as exportar_datos
from .forms import (
    AjustePlanForm,
    AsistenteNuevoForm,
    EvaluacionForm,
    FiltroPlanForm,
    FiltroResultadosForm,
    ImportarAsistenciaForm,
    InscripcionForm,
    PasoForm,
    RevisionAsistenciaForm,
    VerificarCertificadoForm,
    nombre_campo,
)
from .models import (
    Certificado,
    Estrategia,
    Evaluacion,
    Instrumento,
    Modulo,
    Sesion,
)


def _url(request, nombre, instrumento, **kwargs):
    """The same page for a leader (own Junta) or for staff (Junta in the URL)."""
    if request.por_la_secretaria:
        nombre = f"diagnostico:{nombre}_junta"
        kwargs["junta_id"] = request.junta.pk
    else:
        nombre = f"diagnostico:{nombre}"
    return reverse(nombre, kwargs={"instrumento_id": instrumento.pk, **kwargs})


def _encuesta(request, instrumento_id):
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
    return instrumento, services.respuesta_de_junta(request.junta, instrumento)


@lider_required
def inicio(request):
    return render(
        request,
        "capacitacion/diagnostico_inicio.html",
        {"junta": request.junta, "encuestas": selectors.encuestas_de_junta(request.junta)},
    )


@junta_en_contexto
@require_http_methods(["GET", "POST"])
def paso(request, instrumento_id, numero):
    instrumento, respuesta = _encuesta(request, instrumento_id)
    if respuesta.enviada or not (request.por_la_secretaria or instrumento.abierto()):
        return redirect(_url(request, "resultado", instrumento))
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
        mostradas = {p.pk for p in reglas.visibles(preguntas, respuestas)}
        if "salir" in request.POST and not form.errors:
            messages.success(request, _("Sus respuestas quedaron guardadas. Puede seguir después."))
            return redirect(_url(request, "revision", instrumento))
        for pregunta in del_paso:
            campo = nombre_campo(pregunta)
            if (
                pregunta.pk in mostradas
                and pregunta.obligatoria
                and not reglas.respondida(pregunta, respuestas.get(pregunta.pk))
                and campo not in form.errors
            ):
                form.add_error(campo, _("Esta pregunta es obligatoria."))
        if not form.errors:
            if numero < len(pasos):
                return redirect(_url(request, "paso", instrumento, numero=numero + 1))
            return redirect(_url(request, "revision", instrumento))
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
                {"numero": i, "dimension": d, "url": _url(request, "paso", instrumento, numero=i)}
                for i, (d, _preguntas) in enumerate(pasos, start=1)
            ],
            "progreso": selectors.progreso(preguntas, respuestas),
            "ocultas": [nombre_campo(p) for p in del_paso if p.pk not in mostradas],
            "condiciones": selectors.condiciones_del_paso(del_paso),
            "anterior": _url(request, "paso", instrumento, numero=numero - 1)
            if numero > 1
            else None,
            "por_la_secretaria": request.por_la_secretaria,
        },
    )


@junta_en_contexto
@require_http_methods(["GET", "POST"])
def revision(request, instrumento_id):
    instrumento, respuesta = _encuesta(request, instrumento_id)
    preguntas = services.preguntas_de(instrumento)
    respuestas = services.respuestas_de(respuesta)
    if request.method == "POST" and not respuesta.enviada:
        try:
            services.enviar(respuesta, usuario=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("¡Encuesta enviada! Este es el perfil de su Junta."))
            return redirect(_url(request, "resultado", instrumento))
    pasos = selectors.pasos(preguntas)
    numero_de = {d.pk: i for i, (d, _p) in enumerate(pasos, start=1)}
    pendientes = [
        {"pregunta": p, "url": _url(request, "paso", instrumento, numero=numero_de[p.dimension_id])}
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
            "progreso": selectors.progreso(preguntas, respuestas),
            "primer_paso": _url(request, "paso", instrumento, numero=1),
            "por_la_secretaria": request.por_la_secretaria,
        },
    )


@junta_en_contexto
def resultado(request, instrumento_id):
    instrumento, respuesta = _encuesta(request, instrumento_id)
    if not respuesta.enviada:
        return redirect(_url(request, "revision", instrumento))
    puntajes = selectors.perfil(respuesta)
    return render(
        request,
        "capacitacion/diagnostico_resultado.html",
        {
            "junta": request.junta,
            "instrumento": instrumento,
            "respuesta": respuesta,
            "puntajes": puntajes,
            "plan": selectors.plan_de_junta(request.junta),
            "grafico": {
                "etiquetas": [p["dimension"].nombre for p in puntajes],
                "valores": [float(p["puntaje"]) for p in puntajes],
            },
        },
    )


# Results dashboard (monitors and staff) --------------------------------------------------------


def _filtros(request):
    form = FiltroResultadosForm(
        request.GET or None, instrumentos=selectors.instrumentos_con_resultados()
    )
    instrumento, filtros, por = form.filtros()
    return form, instrumento, selectors.juntas_filtradas(filtros), por


@monitor_required
@pagina_en_cache(formulario=FiltroResultadosForm, parametros=("pagina",))
def resultados(request):
    es_staff = es_secretaria(request.user)
    filtros = request.GET.copy()
    filtros.pop("pagina", None)

    filtrado = functools.cache(lambda: _filtros(request))  # read once, only when needed

    def contexto():
        form, instrumento, juntas, por = filtrado()
        datos = {"form": form, "instrumento": instrumento, "por": por}
        if instrumento is None:
            return datos
        distribucion = selectors.distribucion(instrumento, juntas)
        dimensiones = selectors.por_dimension(instrumento, juntas)
        datos.update(
            {
                "avance": selectors.avance(instrumento, juntas),
                "dimensiones": dimensiones,
                "mapa": selectors.mapa_de_calor(instrumento, juntas, por=por),
                "distribucion": distribucion,
                "comparacion": selectors.comparacion_rondas(juntas, nombre=instrumento.nombre),
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
    # Juntas (staff only, with the president's phone) is never cached.
    contenido = fragmento(
        request,
        f"resultados:{filtros.urlencode()}:{int(es_staff)}",
        "capacitacion/_resultados_contenido.html",
        contexto,
    )
    instrumento = pendientes = None
    if es_staff:
        _form, instrumento, juntas, _por = filtrado()
        if instrumento is not None:
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


# Strategy: prioritisation and the Juntas × modules matrix (staff) ----------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def plan_estrategia(request):
    """Staff see the priorities and the Juntas × modules matrix, and adjust a plan by hand."""
    if request.method == "POST":
        form = AjustePlanForm(request.POST)
        if form.is_valid():
            services.ajustar_plan(
                form.cleaned_data["organizacion"],
                form.cleaned_data["modulo"],
                incluido=form.incluido(),
                usuario=request.user,
            )
            messages.success(request, _("Plan actualizado."))
        else:
            messages.error(request, _("No se pudo ajustar el plan: datos incompletos."))
        return redirect(f"{reverse('estrategia:plan')}?{request.POST.get('consulta', '')}")
    filtro = FiltroPlanForm(request.GET or None)
    juntas = filtro.juntas()
    pagina = Paginator(juntas, 25).get_page(request.GET.get("pagina"))
    estrategia = Estrategia.vigente()
    modulos = list(Modulo.objects.filter(activo=True).select_related("programa"))
    planes = selectors.planes(list(pagina), estrategia)
    filas = [
        {"junta": junta, "celdas": [(m, planes[junta.pk].get(m.pk)) for m in modulos]}
        for junta in pagina
    ]
    return render(
        request,
        "capacitacion/plan_estrategia.html",
        {
            "estrategia": estrategia,
            "prioridades": selectors.prioridades(selectors.juntas_filtradas({})),
            "modulos": modulos,
            "filas": filas,
            "pagina": pagina,
            "filtro": filtro,
            "consulta": request.GET.urlencode(),
        },
    )


# Sessions: leaders register delegates; staff take attendance -----------------------------------


def _id_o_404(valor):
    """A positive integer id from a form, or 404: junk («abc», «1e5», nothing) is not a 500."""
    if valor is None or not str(valor).isdigit():
        raise Http404(_("No encontramos esa sesión o inscripción."))
    return int(valor)


@lider_required
@require_http_methods(["GET", "POST"])
def capacitacion_portal(request):
    """The Junta's sessions; a leader registers or withdraws delegates.

    Registration answers never tell whether a document exists elsewhere in the portal (see
    `services.inscribir_delegado`); sessions not called for the Junta are 404, as if absent.
    """
    junta = request.junta
    dignatarios = list(junta.dignatarios.filter(activo=True).order_by("apellidos", "nombres"))
    form = None
    if request.method == "POST":
        sesion = get_object_or_404(Sesion, pk=_id_o_404(request.POST.get("sesion")))
        if "cancelar" in request.POST:
            try:
                cancelada = services.cancelar_delegado(
                    sesion=sesion, organizacion=junta, documento=request.POST["cancelar"]
                )
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                if not cancelada:
                    raise Http404(_("No encontramos esa inscripción de su Junta."))
                messages.success(request, _("Inscripción cancelada."))
            return redirect("capacitacion_portal:inicio")
        form = InscripcionForm(request.POST, dignatarios=dignatarios, prefix=f"s{sesion.pk}")
        if form.is_valid():
            try:
                mensaje = services.inscribir_delegado(
                    sesion=sesion, organizacion=junta, usuario=request.user, **form.datos_persona()
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, mensaje)
                return redirect("capacitacion_portal:inicio")
    sesiones = selectors.sesiones_para_junta(junta)
    for item in sesiones:
        prefijo = f"s{item['sesion'].pk}"
        item["form"] = (
            form
            if form is not None and form.prefix == prefijo
            else InscripcionForm(dignatarios=dignatarios, prefix=prefijo)
        )
    if form is not None and not any(
        item["form"] is form and item["puede_inscribir"] for item in sesiones
    ):
        # A session whose form the page does not show (not called, full, past): the error
        # still has to reach the leader.
        for error in form.non_field_errors():
            messages.error(request, error)
    return render(
        request, "capacitacion/portal_capacitacion.html", {"junta": junta, "sesiones": sesiones}
    )


@staff_required
def sesiones(request):
    pagina = Paginator(selectors.sesiones_para_secretaria(), 30).get_page(request.GET.get("pagina"))
    return render(request, "capacitacion/sesiones.html", {"pagina": pagina})


def _sesion(sesion_id):
    return get_object_or_404(Sesion.objects.select_related("modulo", "barrio"), pk=sesion_id)


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
    sesion = _sesion(sesion_id)
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
            "motivo": motivo,
            "resumen_errores": _resumen_errores(nuevos),
            "evaluaciones": services.evaluaciones_de(sesion),
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
    sesion = _sesion(sesion_id)
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
    """Upload an online session's attendance: a meeting tool's report goes to the review
    screen (nothing written yet); the portal's own layout is imported at once, all or nothing."""
    sesion = _sesion(sesion_id)
    form = ImportarAsistenciaForm(request.POST or None, request.FILES or None)
    motivo = services.motivo_sin_asistencia(sesion)
    errores = []
    if request.method == "POST" and form.is_valid() and motivo:
        form.add_error(None, motivo)
    elif request.method == "POST" and form.is_valid():
        archivo = form.cleaned_data["archivo"]
        contenido = archivo.read()
        try:
            disposicion, tabla = reportes_reunion.leer(contenido, archivo.name)
            if disposicion == "portal":
                cantidad, errores, existentes = services.importar_asistencia(
                    sesion, contenido, nombre=archivo.name, usuario=request.user
                )
            else:
                reporte = reportes_reunion.reporte(
                    disposicion, tabla, fecha=timezone.localtime(sesion.inicio).date()
                )
                errores = reporte.errores
        except ArchivoIlegible as error:
            form.add_error("archivo", error.mensaje)
        except services.SesionSinEmpezar as error:
            form.add_error(None, error.messages[0])
        else:
            if not errores and disposicion == "portal":
                messages.success(request, _("%(n)d asistentes importados.") % {"n": cantidad})
                _avisar_existentes(request, existentes)
                return redirect("estrategia:asistencia", sesion_id=sesion.pk)
            if not errores:
                reportes_reunion.emparejar(reporte.participantes, _inscripciones(sesion))
                clave = _guardar_reporte(request, sesion, reporte, archivo.name)
                return redirect("estrategia:revisar_asistencia", sesion_id=sesion.pk, clave=clave)
    return render(
        request,
        "capacitacion/importar_asistencia.html",
        {
            "sesion": sesion,
            "form": form,
            "errores": errores,
            "motivo": motivo,
            "porcentaje": reportes_reunion.porcentaje_por_defecto(),
        },
    )


# A meeting report between its upload and staff's confirmation lives in the clerk's session
# (server-side, in the database): the minutes never travel through the browser, and nothing
# read from the report stays on the server once the clerk's session ends.
REPORTES_EN_SESION = "reportes_de_asistencia"
REPORTES_GUARDADOS = 5


def _inscripciones(sesion):
    return list(
        sesion.inscripciones.select_related("persona", "organizacion").order_by(
            "persona__apellidos", "persona__nombres"
        )
    )


def _guardar_reporte(request, sesion, reporte, nombre_archivo):
    guardados = request.session.get(REPORTES_EN_SESION, {})
    while len(guardados) >= REPORTES_GUARDADOS:
        guardados.pop(next(iter(guardados)))
    clave = secrets.token_urlsafe(12)
    guardados[clave] = {
        "sesion": sesion.pk,
        "herramienta": reporte.herramienta,
        "archivo": nombre_archivo[:200],
        "formato": reporte.formato,
        "titulo": reporte.titulo,
        "inicio": reporte.inicio.isoformat() if reporte.inicio else None,
        "porcentaje": reportes_reunion.porcentaje_por_defecto(),
        "participantes": reportes_reunion.a_json(reporte.participantes),
        "confirmado": False,
    }
    request.session[REPORTES_EN_SESION] = guardados
    return clave


def _fila_de_resultado(inscripcion, segundos, minimo):
    return {
        "inscripcion": inscripcion,
        "conectado": reportes_reunion.duracion_legible(segundos),
        "presente": segundos >= minimo,
    }


@staff_required
@require_http_methods(["GET", "POST"])
def revisar_asistencia(request, sesion_id, clave):
    """Staff confirm or correct each line of a meeting report (the registered person it is, or
    left out) and the share of the session that counts; only «Confirmar» writes."""
    sesion = _sesion(sesion_id)
    guardados = request.session.get(REPORTES_EN_SESION, {})
    datos = guardados.get(clave)
    if not isinstance(datos, dict) or datos.get("sesion") != sesion.pk:
        raise Http404(_("Ese informe ya no está: vuelva a subir el archivo."))
    if datos["confirmado"]:
        messages.info(request, _("Este informe ya se guardó: no se registró nada de nuevo."))
        return redirect("estrategia:asistencia", sesion_id=sesion.pk)
    participantes = reportes_reunion.de_json(datos["participantes"])
    inscripciones = _inscripciones(sesion)
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
    porcentaje = datos["porcentaje"]
    if form.is_bound and "porcentaje" in getattr(form, "cleaned_data", {}):
        porcentaje = datos["porcentaje"] = form.cleaned_data["porcentaje"]
        request.session.modified = True
    minimo = reportes_reunion.minimo_segundos(sesion, porcentaje)
    por_pk = {i.pk: i for i in inscripciones}
    conectados = reportes_reunion.conectado_por_inscripcion(participantes, form.elecciones())
    resultado = [
        _fila_de_resultado(por_pk[pk], segundos, minimo)
        for pk, segundos in sorted(
            conectados.items(), key=lambda par: por_pk[par[0]].persona.nombre_completo
        )
        if pk in por_pk
    ]
    estados = [p.estado for p in participantes]
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
            "filas": [
                (
                    participante,
                    form[form.nombre(indice)],
                    reportes_reunion.duracion_legible(participante.segundos),
                )
                for indice, participante in enumerate(participantes)
            ],
            "cuentas": {e: estados.count(e) for e in ("correo", "nombre", "ambigua", "ninguna")},
            "resultado": resultado,
            "presentes": sum(1 for fila in resultado if fila["presente"]),
            "porcentaje": porcentaje,
            "duracion": reportes_reunion.duracion_legible(reportes_reunion.duracion_sesion(sesion)),
            "minimo": reportes_reunion.duracion_legible(minimo),
            "motivo": services.motivo_sin_asistencia(sesion),
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


@staff_required
@require_http_methods(["POST"])
def invitar(request, sesion_id):
    """E-mail the invitation (with its .ics) to the leaders of the Juntas the session calls."""
    sesion = _sesion(sesion_id)
    if sesion.estado != Sesion.Estado.PROGRAMADA:
        messages.error(request, _("Solo se invita a sesiones programadas."))
    else:
        enviados = notificaciones.invitar(sesion)
        messages.success(
            request,
            ngettext(
                "Invitación enviada a %(n)d líder.", "Invitación enviada a %(n)d líderes.", enviados
            )
            % {"n": enviados},
        )
    volver = request.POST.get("volver", "")
    if not (
        volver.startswith("/")
        and url_has_allowed_host_and_scheme(
            volver, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        volver = reverse("estrategia:sesiones")  # a path on the portal, nothing else
    return HttpResponseRedirect(volver)


@login_required
def calendario(request, sesion_id):
    """The session's .ics file ("agregar al calendario"): for staff and for leaders of the Juntas
    the session calls; anyone else gets 404, as if it did not exist."""
    sesion = _sesion(sesion_id)
    if not es_secretaria(request.user):
        junta = junta_del_lider(request.user)
        if junta is None or not selectors.convoca(sesion, junta):
            raise Http404(_("No encontramos esa sesión."))
    return descargas.adjunto(
        notificaciones.ics(sesion), notificaciones.nombre_ics(sesion), "text/calendar"
    )


@monitor_required
@pagina_en_cache(parametros=())
def tablero_capacitacion(request):
    """Training figures for monitors and staff: no personal data, cached until data changes."""

    def contexto():
        cifras = selectors.cifras_capacitacion()
        return {
            "cifras": cifras,
            "grafico_meses": {
                "etiquetas": [date_format(f["mes"], "M Y") for f in cifras["meses"]],
                "series": [
                    {"nombre": _("Planeadas"), "datos": [f["planeadas"] for f in cifras["meses"]]},
                    {
                        "nombre": _("Realizadas"),
                        "datos": [f["realizadas"] for f in cifras["meses"]],
                    },
                ],
            },
            "grafico_localidad": {
                "etiquetas": [f["nombre"] for f in cifras["por_localidad"]],
                "series": [
                    {
                        "nombre": _("Personas"),
                        "datos": [f["personas"] for f in cifras["por_localidad"]],
                    },
                    {
                        "nombre": _("Juntas"),
                        "datos": [f["juntas"] for f in cifras["por_localidad"]],
                    },
                ],
            },
        }

    contenido = fragmento(
        request,
        f"capacitacion:{int(es_secretaria(request.user))}",
        "capacitacion/_tablero_capacitacion_contenido.html",
        contexto,
    )
    return render(request, "capacitacion/tablero_capacitacion.html", {"contenido": contenido})


# Leaders: the Junta's route, certificates, plan and visits ------------------------------------


@lider_required
def ruta(request):
    junta = request.junta
    return render(
        request,
        "capacitacion/portal_ruta.html",
        {
            "junta": junta,
            "ruta": certificados.ruta_de_junta(junta),
            "certificados": selectors.certificados_de_junta(junta),
            "acompanamiento": selectors.acompanamiento_de_junta(junta),
            "asistencia": selectors.asistencia_de_junta(junta),
        },
    )


@login_required
def certificado_pdf(request, codigo):
    """The certificate PDF: for staff and the leaders of the certificate's Junta; others 404."""
    certificado = get_object_or_404(
        Certificado.objects.select_related("persona", "modulo__programa", "organizacion"),
        codigo=codigo,
        anulado=False,
    )
    if not puede_ver_datos_personales(request.user, certificado.organizacion):
        raise Http404
    url = request.build_absolute_uri(reverse("publico:certificado", args=[certificado.codigo]))
    return descargas.adjunto(
        certificados.pdf(certificado, url),
        certificados.nombre_archivo(certificado),
        "application/pdf",
    )


# Public pages: no log-in, ever --------------------------------------------------------------------


def verificar_certificado(request):
    """Type a certificate's code to check it."""
    form = VerificarCertificadoForm(request.GET or None)
    if form.is_valid():
        return redirect("publico:certificado", codigo=form.cleaned_data["codigo"])
    return render(request, "capacitacion/verificar_certificado.html", {"form": form})


def certificado_publico(request, codigo):
    """What anyone can confirm of a certificate: holder, module, date; the document masked."""
    certificado = get_object_or_404(
        Certificado.objects.select_related("persona", "modulo__programa", "organizacion"),
        codigo=codigo.upper(),
    )
    return render(
        request,
        "capacitacion/certificado_publico.html",
        {
            "certificado": certificado,
            "documento": certificados.enmascarar(certificado.persona.documento)
            if certificado.persona_id
            else "",
        },
    )


def _sesion_de_la_url(_grupo, request):
    """Rate-limit key: the session's evaluation code, so a session's form has its own ceiling."""
    return request.resolver_match.kwargs.get("codigo", "")


# Per client address: a phone sends two or three evaluations in a few minutes; ten a minute is
# room for retries and blocks walking through document numbers. Per session: its attendees
# (up to a few hundred) each send up to three. Read at each request, so tests can lower them.
EVALUACIONES_POR_DIRECCION = "10/m"
EVALUACIONES_POR_SESION = "600/h"


def _tasa_por_direccion(_grupo, _request):
    return EVALUACIONES_POR_DIRECCION


def _tasa_por_sesion(_grupo, _request):
    return EVALUACIONES_POR_SESION


@ratelimit(key="ip", rate=_tasa_por_direccion, method="POST", block=False)
@ratelimit(key=_sesion_de_la_url, rate=_tasa_por_sesion, method="POST", block=False)
@require_http_methods(["GET", "POST"])
def evaluacion(request, codigo):
    """Attendees answer the session's evaluations on their phones, identified by document.

    Anyone with the code can post, so the answer never tells a document's fate: the same
    thank-you page whether it is unknown, registered but absent, present, or already answered.
    Only present attendees of a held session are stored, once each.
    """
    if request.limited:
        return render(request, "capacitacion/evaluacion_limite.html", status=429)
    sesion = get_object_or_404(
        Sesion.objects.select_related("modulo__prueba").exclude(estado=Sesion.Estado.CANCELADA),
        codigo_evaluacion=codigo,
    )
    realizada = services.sesion_realizada(sesion)
    opciones = dict(services.evaluaciones_de(sesion)) if realizada else {}
    momento = request.GET.get("momento") or request.POST.get("momento")
    if momento not in opciones:
        return render(
            request,
            "capacitacion/evaluacion_inicio.html",
            {"sesion": sesion, "opciones": list(opciones.items()), "realizada": realizada},
        )
    instrumento = opciones[momento]
    preguntas = services.preguntas_de(instrumento)
    form = EvaluacionForm(request.POST or None, preguntas=preguntas, respuestas={})
    if request.method == "POST" and form.is_valid():
        datos = form.valores()
        for pregunta in services.faltantes_de_evaluacion(preguntas, datos):
            form.add_error(nombre_campo(pregunta), _("Responda esta pregunta."))
        if form.is_valid():
            services.registrar_evaluacion(
                sesion,
                documento=form.cleaned_data["documento"],
                momento=momento,
                instrumento=instrumento,
                preguntas=preguntas,
                datos=datos,
            )
            return render(
                request,
                "capacitacion/evaluacion_gracias.html",
                {"sesion": sesion, "opciones": list(opciones.items())},
            )
    return render(
        request,
        "capacitacion/evaluacion.html",
        {
            "sesion": sesion,
            "instrumento": instrumento,
            "momento": momento,
            "etiqueta": Evaluacion.Momento(momento).label,
            "form": form,
        },
    )
