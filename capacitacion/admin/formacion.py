"""The Secretaría's admin for the training programme: programmes and modules, the strategy and
plans, people and leaders' requests, sessions with their registrations, evaluations,
accompaniment, plan actions and certificates."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nucleo.administracion import AdminSeguroMixin, HistorialAdmin

from .. import certificados, notificaciones
from ..models.formacion import (
    AccionPlan,
    Acompanamiento,
    AjustePlan,
    Certificado,
    Estrategia,
    Evaluacion,
    Inscripcion,
    Material,
    Modulo,
    Persona,
    Programa,
    Sesion,
    SolicitudPersona,
)
from ..services import formacion as services


@admin.register(Programa)
class ProgramaAdmin(HistorialAdmin):
    list_display = ["nombre", "orden", "horas"]
    search_fields = ["nombre__sintildes"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total_horas=Sum("modulos__horas"))

    @admin.display(description=_("horas"), ordering="total_horas")
    def horas(self, programa):
        return programa.total_horas or 0


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


@admin.register(Modulo)
class ModuloAdmin(HistorialAdmin):
    list_display = ["nombre", "programa", "horas", "modalidad", "orden", "activo"]
    list_filter = ["programa", "modalidad", "activo", "dimensiones"]
    search_fields = ["nombre__sintildes", "objetivos__sintildes"]
    list_select_related = ["programa"]
    filter_horizontal = ["dimensiones"]
    inlines = [MaterialInline]


@admin.register(Estrategia)
class EstrategiaAdmin(HistorialAdmin):
    list_display = ["nombre", "version", "aprobada_en", "acto", "umbral", "asistencia_minima"]
    search_fields = ["nombre__sintildes", "acto__sintildes"]


@admin.register(AjustePlan)
class AjustePlanAdmin(HistorialAdmin):
    list_display = ["organizacion", "modulo", "incluido", "motivo", "ajustado_por", "ajustado_en"]
    list_filter = ["incluido", "modulo"]
    search_fields = ["organizacion__nombre__sintildes"]
    list_select_related = ["organizacion", "modulo", "ajustado_por"]
    autocomplete_fields = ["organizacion"]


@admin.register(Persona)
class PersonaAdmin(HistorialAdmin):
    list_display = ["apellidos", "nombres", "documento", "organizacion"]
    search_fields = ["nombres__sintildes", "apellidos__sintildes", "documento"]
    list_select_related = ["organizacion"]
    autocomplete_fields = ["organizacion"]
    show_full_result_count = False


@admin.register(SolicitudPersona)
class SolicitudPersonaAdmin(HistorialAdmin):
    """What leaders' registration forms could not do: link someone of another Junta, or correct
    a stored name, phone or e-mail. Staff compare what was typed with what is stored and decide;
    leaders never see whether a document was already registered."""

    list_display = [
        "creada_en",
        "tipo",
        "estado",
        "organizacion",
        "documento",
        "nombre_escrito",
        "persona_registrada",
        "sesion",
    ]
    list_filter = ["estado", "tipo", "organizacion__localidad"]
    search_fields = [
        "documento",
        "nombres__sintildes",
        "apellidos__sintildes",
        "organizacion__nombre__sintildes",
    ]
    list_select_related = ["organizacion", "persona__organizacion", "sesion__modulo"]
    date_hierarchy = "creada_en"
    show_full_result_count = False
    actions = ["vincular", "fusionar", "rechazar"]
    readonly_fields = [
        "tipo",
        "estado",
        "organizacion",
        "documento",
        "nombres",
        "apellidos",
        "telefono",
        "correo",
        "persona_registrada",
        "sesion",
        "creada_por",
        "creada_en",
        "resuelta_por",
        "resuelta_en",
    ]
    fields = [*readonly_fields, "nota"]

    def has_add_permission(self, request):
        return False  # requests come from leaders' forms

    def has_delete_permission(self, request, obj=None):
        return False  # resolved or rejected, they stay as the record of what was decided

    @admin.display(description=_("persona registrada (datos guardados)"))
    def persona_registrada(self, solicitud):
        persona = solicitud.persona
        if persona is None:
            return "—"
        url = reverse("admin:capacitacion_persona_change", args=[persona.pk])
        junta = persona.organizacion.nombre if persona.organizacion_id else _("sin Junta")
        return format_html(
            '<a href="{}">{}</a> · {} · {} · {}',
            url,
            persona.nombre_completo,
            junta,
            persona.telefono or "—",
            persona.correo or "—",
        )

    def _resolver(self, request, queryset, accion):
        hechas, notas = 0, []
        for solicitud in queryset.filter(estado=SolicitudPersona.Estado.PENDIENTE):
            try:
                nota = services.resolver_solicitud(solicitud, accion=accion, usuario=request.user)
            except ValidationError as error:
                notas.append(f"{solicitud.documento}: {error.messages[0]}")
                continue
            hechas += 1
            if nota:
                notas.append(f"{solicitud.documento}: {nota}")
        self.message_user(
            request,
            ngettext("%d solicitud resuelta.", "%d solicitudes resueltas.", hechas) % hechas,
            messages.SUCCESS,
        )
        for nota in notas:
            self.message_user(request, nota, messages.WARNING)

    @admin.action(
        description=_(
            "Vincular la persona a la Junta (conserva sus datos) e inscribirla en la sesión"
        )
    )
    def vincular(self, request, queryset):
        self._resolver(request, queryset, "vincular")

    @admin.action(description=_("Fusionar: vincular y tomar los datos que escribió la Junta"))
    def fusionar(self, request, queryset):
        self._resolver(request, queryset, "fusionar")

    @admin.action(description=_("Rechazar (no cambia nada y libera el cupo)"))
    def rechazar(self, request, queryset):
        self._resolver(request, queryset, "rechazar")


class InscripcionInline(AdminSeguroMixin, admin.TabularInline):
    model = Inscripcion
    extra = 0
    fields = ["persona", "organizacion", "sin_inscripcion_previa", "asistio", "inscrita_en"]
    readonly_fields = ["inscrita_en"]
    autocomplete_fields = ["persona", "organizacion"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("persona", "organizacion")


@admin.register(Sesion)
class SesionAdmin(HistorialAdmin):
    list_display = [
        "modulo",
        "inicio",
        "modalidad",
        "lugar",
        "cupo",
        "estado",
        "convocatoria",
        "enlaces",
    ]
    list_filter = ["estado", "modalidad", "modulo", "convocatoria"]
    search_fields = ["modulo__nombre__sintildes", "lugar__sintildes", "facilitador__sintildes"]
    list_select_related = ["modulo"]
    autocomplete_fields = ["barrio"]
    date_hierarchy = "inicio"
    inlines = [InscripcionInline]
    actions = ["invitar", "emitir_certificados"]
    fieldsets = [
        (None, {"fields": ["modulo", ("inicio", "fin"), "modalidad", "estado"]}),
        (_("Lugar"), {"fields": ["lugar", "barrio", "enlace"]}),
        (_("Facilitación"), {"fields": ["facilitador_organizacion", "facilitador"]}),
        (
            _("Convocatoria y cupos"),
            {
                "fields": [
                    "convocatoria",
                    "convocatoria_localidad",
                    "convocatoria_ucg",
                    ("cupo", "cupo_por_junta"),
                ]
            },
        ),
        (_("Notas"), {"fields": ["notas"]}),
    ]

    @admin.action(description=_("Enviar la invitación a los líderes de las Juntas convocadas"))
    def invitar(self, request, queryset):
        programadas = queryset.filter(estado=Sesion.Estado.PROGRAMADA).select_related("modulo")
        correos = sum(notificaciones.invitar(s, request=request) for s in programadas)
        self.message_user(
            request,
            ngettext("%(s)d sesión", "%(s)d sesiones", len(programadas)) % {"s": len(programadas)}
            + ", "
            + ngettext("%(c)d correo enviado.", "%(c)d correos enviados.", correos) % {"c": correos}
            + " "
            + _("Las no programadas se omitieron."),
        )

    @admin.action(description=_("Emitir los certificados ganados en estos módulos"))
    def emitir_certificados(self, request, queryset):
        personales, juntas = certificados.emitir(
            modulos=set(queryset.values_list("modulo_id", flat=True))
        )
        self.message_user(
            request,
            certificados.mensaje_de_emision(personales, juntas),
        )

    @admin.display(description=_("asistencia"))
    def enlaces(self, sesion):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("estrategia:asistencia", args=[sesion.pk]),
            _("Tomar asistencia"),
            reverse("estrategia:planilla", args=[sesion.pk]),
            _("Planilla"),
        )


@admin.register(Evaluacion)
class EvaluacionAdmin(AdminSeguroMixin, admin.ModelAdmin):
    """Evaluations come from attendees' phones; staff read them, never edit them."""

    list_display = ["persona", "momento", "modulo", "sesion", "puntaje", "creada"]
    list_filter = ["momento", "modulo", "instrumento"]
    search_fields = [
        "persona__nombres__sintildes",
        "persona__apellidos__sintildes",
        "persona__documento",
    ]
    list_select_related = ["persona", "modulo", "sesion__modulo"]
    date_hierarchy = "creada"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Acompanamiento)
class AcompanamientoAdmin(HistorialAdmin):
    list_display = ["fecha", "organizacion", "tema", "modalidad", "asesor"]
    list_filter = ["modalidad", "organizacion__localidad", ("fecha", admin.DateFieldListFilter)]
    search_fields = [
        "organizacion__nombre__sintildes",
        "tema__sintildes",
        "asesor__sintildes",
        "descripcion__sintildes",
    ]
    list_select_related = ["organizacion"]
    autocomplete_fields = ["organizacion"]
    date_hierarchy = "fecha"
    exclude = ["registrado_por"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.registrado_por = request.user
        super().save_model(request, obj, form, change)


class VencidaFilter(admin.SimpleListFilter):
    title = _("plazo")
    parameter_name = "plazo"

    def lookups(self, request, model_admin):
        return [("vencida", _("Vencidas sin cerrar")), ("en_plazo", _("Abiertas en plazo"))]

    def queryset(self, request, queryset):
        from django.utils import timezone

        hoy = timezone.localdate()
        abiertas = queryset.filter(estado__in=AccionPlan.ABIERTAS)
        if self.value() == "vencida":
            return abiertas.filter(vence__lt=hoy)
        if self.value() == "en_plazo":
            return abiertas.filter(vence__gte=hoy)
        return queryset


@admin.register(AccionPlan)
class AccionPlanAdmin(HistorialAdmin):
    list_display = [
        "descripcion",
        "organizacion",
        "responsable",
        "vence",
        "estado",
        "requisito",
        "dimension",
        "cierre_automatico",
    ]
    list_filter = [VencidaFilter, "estado", "requisito", "dimension", "organizacion__localidad"]
    search_fields = [
        "descripcion__sintildes",
        "organizacion__nombre__sintildes",
        "responsable__sintildes",
    ]
    list_select_related = ["organizacion", "requisito", "dimension"]
    autocomplete_fields = ["organizacion"]
    readonly_fields = ["cerrada_en", "cierre_automatico"]
    exclude = ["creada_por"]
    actions = ["marcar_hechas"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.creada_por = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Marcar como hechas"))
    def marcar_hechas(self, request, queryset):
        n = services.marcar_acciones_hechas(queryset)
        self.message_user(
            request, ngettext("%d acción marcada como hecha.", "%d acciones marcadas.", n) % n
        )


@admin.register(Certificado)
class CertificadoAdmin(HistorialAdmin):
    list_display = ["codigo", "tipo", "titular_", "modulo", "organizacion", "emitido", "anulado"]
    list_filter = ["tipo", "anulado", "modulo"]
    search_fields = [
        "codigo",
        "persona__nombres__sintildes",
        "persona__apellidos__sintildes",
        "persona__documento",
        "organizacion__nombre__sintildes",
    ]
    list_select_related = ["persona", "modulo", "organizacion"]
    readonly_fields = [
        "codigo",
        "tipo",
        "organizacion",
        "persona",
        "modulo",
        "horas",
        "emitido",
        "enlaces",
    ]
    fields = readonly_fields + ["anulado", "motivo_anulacion"]
    date_hierarchy = "emitido"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # certificates are earned, not typed: see the «Emitir» action on sessions

    @admin.display(description=_("titular"))
    def titular_(self, certificado):
        return certificado.titular

    @admin.display(description=_("documentos"))
    def enlaces(self, certificado):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("capacitacion_portal:certificado_pdf", args=[certificado.codigo]),
            _("PDF"),
            reverse("publico:certificado", args=[certificado.codigo]),
            _("Página pública de verificación"),
        )

    def save_model(self, request, obj, form, change):
        if obj.anulado and not obj.motivo_anulacion:
            obj.motivo_anulacion = _("Anulado por la Secretaría.")
        super().save_model(request, obj, form, change)
