"""The training programme's pages: the survey's result with the Junta's plan, staff's plan
matrix, leaders registering delegates, sessions, invitations and calendars, the training
dashboard, a Junta's route and certificates, and the public pages (certificate checks, session
evaluations). Attendance has its own module (`views.asistencia`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
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

from .. import certificados, notificaciones
from ..forms.encuesta import nombre_campo
from ..forms.formacion import (
    AjustePlanForm,
    EvaluacionForm,
    FiltroPlanForm,
    InscripcionForm,
    VerificarCertificadoForm,
)
from ..models.formacion import (
    Certificado,
    Estrategia,
    Evaluacion,
    Modulo,
    Sesion,
    normalizar_codigo_certificado,
)
from ..selectors import encuesta as selectors_encuesta
from ..selectors import formacion as selectors
from ..services import encuesta as services_encuesta
from ..services import formacion as services
from .encuesta import encuesta_de_la_junta, url_de_encuesta

# The survey's result: where the needs survey hands over to training -----------------------------


@junta_en_contexto
def resultado(request, instrumento_id):
    """The Junta's profile from a submitted survey, and the training plan it leads to."""
    instrumento, respuesta = encuesta_de_la_junta(request, instrumento_id)
    if not respuesta.enviada:
        return redirect(url_de_encuesta(request, "revision", instrumento))
    puntajes = selectors_encuesta.perfil(respuesta)
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


# Strategy: prioritisation and the Juntas × modules matrix (staff) ----------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def plan_estrategia(request):
    """Staff see the priorities and the Juntas × modules matrix, and adjust a plan by hand."""
    if request.method == "POST":
        # The matrix is one form: each cell's button sends «organización:módulo:acción» (a form
        # and a CSRF token per cell made the page 180 KB and 2,000 elements for 25 Juntas).
        datos = request.POST
        if "celda" in datos:
            organizacion, modulo, accion = ([*datos["celda"].split(":", 2), "", ""])[:3]
            datos = {"organizacion": organizacion, "modulo": modulo, "accion": accion}
        form = AjustePlanForm(datos)
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
            "prioridades": selectors.prioridades(selectors_encuesta.juntas_filtradas({})),
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
    `services.formacion.inscribir_delegado`); sessions not called for the Junta are 404, as if
    absent.
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


def sesion_o_404(sesion_id):
    """The session with its module and place, or 404."""
    return get_object_or_404(Sesion.objects.select_related("modulo", "barrio"), pk=sesion_id)


@staff_required
@require_http_methods(["POST"])
def invitar(request, sesion_id):
    """E-mail the invitation (with its .ics) to the leaders of the Juntas the session calls."""
    sesion = sesion_o_404(sesion_id)
    if sesion.estado != Sesion.Estado.PROGRAMADA:
        messages.error(request, _("Solo se invita a sesiones programadas."))
    else:
        enviados = notificaciones.invitar(sesion, request=request)
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
    sesion = sesion_o_404(sesion_id)
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
    """What anyone can confirm of a certificate: holder, module, date; the document masked.

    A code typed by hand in the address (lower case, without dashes) goes to its stored form;
    one that does not exist, or cannot be a code, is the checking form again with the reason
    (a 404, but this page rather than the generic one)."""
    normalizado = normalizar_codigo_certificado(codigo)
    if normalizado and normalizado != codigo:
        return redirect("publico:certificado", codigo=normalizado)
    certificado = (
        Certificado.objects.select_related("persona", "modulo__programa", "organizacion")
        .filter(codigo=normalizado)
        .first()
        if normalizado
        else None
    )
    if certificado is None:
        form = VerificarCertificadoForm({"codigo": codigo})
        if form.is_valid():
            form.add_error("codigo", _("No existe un certificado con ese código."))
        return render(
            request,
            "capacitacion/verificar_certificado.html",
            {"form": form},
            status=404,
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
    preguntas = services_encuesta.preguntas_de(instrumento)
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
