"""The Secretaría's queue of habeas data requests: due dates first, warnings for those about to
expire, and the answer form (take up, extend once, answer, or answer suppressing the data)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nucleo.administracion import HistorialAdmin

from . import plazos, services
from .forms import ACCIONES, RespuestaAdminForm
from .models import SolicitudHabeas

DIAS_DE_AVISO = 3


class PlazoFilter(admin.SimpleListFilter):
    title = gettext_lazy("plazo")
    parameter_name = "plazo"

    def lookups(self, request, model_admin):
        return [
            ("pronto", gettext_lazy("Vence pronto (3 días hábiles o menos)")),
            ("vencida", gettext_lazy("Vencida")),
            ("abiertas", gettext_lazy("Sin responder")),
        ]

    def queryset(self, request, queryset):
        hoy = timezone.localdate()
        abiertas = queryset.abiertas()
        if self.value() == "pronto":
            return abiertas.filter(
                vence_el__gte=hoy, vence_el__lte=plazos.sumar_habiles(hoy, DIAS_DE_AVISO)
            )
        if self.value() == "vencida":
            return abiertas.filter(vence_el__lt=hoy)
        if self.value() == "abiertas":
            return abiertas
        return queryset


@admin.register(SolicitudHabeas)
class SolicitudHabeasAdmin(HistorialAdmin):
    form = RespuestaAdminForm
    change_form_template = "admin/privacidad/solicitudhabeas/change_form.html"
    list_display = [
        "radicado",
        "organizacion",
        "tipo",
        "estado",
        "vence",
        "dias_habiles_restantes",
    ]
    list_filter = [PlazoFilter, "estado", "tipo"]
    list_select_related = ["organizacion"]
    search_fields = ["radicado", "organizacion__nombre__sintildes", "titular_nombre__sintildes"]
    ordering = ["vence_el", "pk"]
    fieldsets = [
        (
            gettext_lazy("Solicitud"),
            {
                "fields": [
                    "radicado",
                    "organizacion",
                    "solicitante",
                    "tipo",
                    "titular_nombre",
                    "titular_tipo_documento",
                    "titular_documento",
                    "dato",
                    "texto",
                ]
            },
        ),
        (
            gettext_lazy("Plazo"),
            {
                "fields": [
                    "radicada_en",
                    "vence",
                    "dias_habiles_restantes",
                    "estado",
                    "motivo_prorroga",
                    "prorrogada_en",
                    "prorrogada_por",
                ]
            },
        ),
        (
            gettext_lazy("Respuesta"),
            {"fields": ["respuesta", "respondida_en", "respondida_por"]},
        ),
    ]
    # Everything but the answer (and the extension's reason while one is possible) is read-only.
    readonly_fields = [
        campo
        for _titulo, opciones in fieldsets
        for campo in opciones["fields"]
        if campo not in ("respuesta", "motivo_prorroga")
    ]

    @admin.display(description=gettext_lazy("vence el"), ordering="vence_el")
    def vence(self, solicitud):
        return f"{solicitud.vence_el:%d/%m/%Y}"

    @admin.display(description=gettext_lazy("días hábiles restantes"))
    def dias_habiles_restantes(self, solicitud):
        restantes = solicitud.habiles_restantes()
        if restantes is None:
            return "—"
        if restantes < 0:
            return _("Vencida hace %(n)s") % {"n": -restantes}
        return restantes

    def has_add_permission(self, request):
        # Requests are filed by leaders in the portal, with their Junta and person checked.
        return False

    def has_delete_permission(self, request, obj=None):
        # The request and its answer prove that the right was honoured: they are kept.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.respondida:
            return False  # an answered request is read-only
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        campos = list(self.readonly_fields)
        if obj is not None and not obj.prorrogable:
            campos.append("motivo_prorroga")
        return campos

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulario = super().get_form(request, obj, change, **kwargs)
        accion = next((a for a in ACCIONES if f"_{a}" in request.POST), None)
        return type(formulario.__name__, (formulario,), {"accion": accion})

    def changelist_view(self, request, extra_context=None):
        self._avisar_vencimientos(request)
        return super().changelist_view(request, extra_context)

    def _avisar_vencimientos(self, request):
        hoy = timezone.localdate()
        pendientes = list(
            SolicitudHabeas.objects.por_vencer(hoy, DIAS_DE_AVISO).values_list(
                "vence_el", flat=True
            )
        )
        vencidas = sum(1 for fecha in pendientes if fecha < hoy)
        if vencidas:
            messages.error(
                request,
                _(
                    "%(n)s solicitudes de habeas data están vencidas: respóndalas hoy "
                    "(filtro «Vencida»)."
                )
                % {"n": vencidas},
            )
        if len(pendientes) - vencidas:
            messages.warning(
                request,
                _(
                    "%(n)s solicitudes de habeas data vencen en %(dias)s días hábiles o menos "
                    "(filtro «Vence pronto»)."
                )
                % {"n": len(pendientes) - vencidas, "dias": DIAS_DE_AVISO},
            )

    def save_model(self, request, obj, form, change):
        """The buttons call the services (who and when are recorded there), never a bare save."""
        datos = form.cleaned_data
        try:
            if form.accion == "tramitar":
                services.tramitar(solicitud=obj, usuario=request.user, borrador=datos["respuesta"])
                aviso = _("Solicitud %(radicado)s en trámite; el borrador quedó guardado.")
            elif form.accion == "prorrogar":
                services.prorrogar(
                    solicitud=obj, usuario=request.user, motivo=datos["motivo_prorroga"]
                )
                aviso = _("Solicitud %(radicado)s prorrogada; se le avisó al solicitante.")
            else:
                services.responder(
                    solicitud=obj,
                    usuario=request.user,
                    respuesta=datos["respuesta"],
                    suprimir=form.accion == "suprimir",
                )
                aviso = _("Solicitud %(radicado)s respondida; el solicitante ya ve la respuesta.")
        except ValidationError as error:
            # Another clerk acted first (the row was locked and re-read): say so on the page.
            request.error_de_habeas = " ".join(error.messages)
            return
        obj.refresh_from_db()
        self.message_user(request, aviso % {"radicado": obj.radicado}, messages.SUCCESS)

    def save_related(self, request, form, formsets, change):
        """Nothing related to save: the services wrote everything."""

    def response_change(self, request, obj):
        if getattr(request, "error_de_habeas", None):
            self.message_user(request, request.error_de_habeas, messages.ERROR)
        return HttpResponseRedirect(
            reverse("admin:privacidad_solicitudhabeas_change", args=[obj.pk])
        )
