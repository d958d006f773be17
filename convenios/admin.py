"""The Secretaría's admin for convenios: the convenio with its plan (deliverables, tranches) and
community workers inline, reports (verified or returned on the supervisor's page, where the two
keys are checked), payments, photos, and the moderation of observations (actions)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nucleo.administracion import AdminSeguroMixin, HistorialAdmin

from . import services
from .models import (
    Convenio,
    Entregable,
    FotoAvance,
    InformeAvance,
    ObservacionCiudadana,
    Pago,
    TrabajadorComunitario,
    Tramo,
)


class EntregableInline(AdminSeguroMixin, admin.TabularInline):
    model = Entregable
    extra = 0


class TramoInline(AdminSeguroMixin, admin.TabularInline):
    model = Tramo
    extra = 0
    fields = ["numero", "porcentaje", "condicion", "pagado", "pagado_en", "pagado_por"]
    readonly_fields = ["pagado_en", "pagado_por"]


class TrabajadorInline(AdminSeguroMixin, admin.TabularInline):
    model = TrabajadorComunitario
    extra = 0
    fields = ["nombre", "registrado_en"]
    readonly_fields = ["registrado_en"]


@admin.register(Convenio)
class ConvenioAdmin(HistorialAdmin, admin.ModelAdmin):
    list_display = ["__str__", "entidad", "ruta", "estado", "valor", "fecha_firma", "barrio"]
    list_filter = ["estado", "ruta"]
    search_fields = ["numero", "objeto", "entidad", "organizacion__nombre"]
    autocomplete_fields = ["organizacion", "barrio", "contrato"]
    inlines = [EntregableInline, TramoInline, TrabajadorInline]
    date_hierarchy = "fecha_firma"

    def save_formset(self, request, form, formset, change):
        # A tranche ticked «pagado» here gets who and when, as through the supervisor's page.
        for tramo in formset.save(commit=False):
            if isinstance(tramo, Tramo) and tramo.pagado and not tramo.pagado_por_id:
                tramo.pagado_por, tramo.pagado_en = request.user, timezone.now()
            tramo.save()
        for eliminado in formset.deleted_objects:
            eliminado.delete()
        formset.save_m2m()


@admin.register(Tramo)
class TramoAdmin(HistorialAdmin, admin.ModelAdmin):
    list_display = ["convenio", "numero", "porcentaje", "condicion", "pagado", "pagado_por"]
    list_filter = ["pagado"]
    search_fields = ["convenio__numero", "convenio__organizacion__nombre"]
    autocomplete_fields = ["convenio"]
    readonly_fields = ["pagado_en", "pagado_por"]

    def save_model(self, request, obj, form, change):
        if obj.pagado and not obj.pagado_por_id:
            obj.pagado_por, obj.pagado_en = request.user, timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Entregable)
class EntregableAdmin(HistorialAdmin, admin.ModelAdmin):
    list_display = ["descripcion", "convenio", "fecha_prevista", "fecha_entrega"]
    search_fields = ["descripcion", "convenio__numero", "convenio__organizacion__nombre"]
    autocomplete_fields = ["convenio"]


class FotoInline(AdminSeguroMixin, admin.TabularInline):
    model = FotoAvance
    extra = 0
    fields = [
        "imagen",
        "ancho",
        "alto",
        "fecha_declarada",
        "latitud_declarada",
        "longitud_declarada",
        "publica",
    ]
    readonly_fields = [
        "imagen",
        "ancho",
        "alto",
        "fecha_declarada",
        "latitud_declarada",
        "longitud_declarada",
    ]

    def has_add_permission(self, request, obj=None):
        return False  # photos come through the report form, which resizes them and strips EXIF


@admin.register(InformeAvance)
class InformeAvanceAdmin(HistorialAdmin, admin.ModelAdmin):
    """Reports are written on the leader's portal and reviewed on the supervisor's page (the
    two keys): here they are read, and photos may be hidden from the public."""

    list_display = ["convenio", "fecha", "avance", "estado", "autor", "revisado_por"]
    list_filter = ["estado"]
    search_fields = ["convenio__numero", "convenio__organizacion__nombre"]
    readonly_fields = [
        "convenio",
        "fecha",
        "avance",
        "descripcion",
        "acta_parcial",
        "autor",
        "creado",
        "estado",
        "revisado_por",
        "revisado_en",
        "motivo_devolucion",
        "pagina",
    ]
    inlines = [FotoInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("revisar"))
    def pagina(self, obj):
        from django.urls import reverse

        return format_html(
            '<a href="{}">{}</a>',
            reverse("convenios_tablero:convenio", args=[obj.convenio_id]),
            _("Verificar o devolver en la página del convenio"),
        )


@admin.register(Pago)
class PagoAdmin(HistorialAdmin, admin.ModelAdmin):
    list_display = ["convenio", "fecha", "valor", "tramo", "con_soporte", "registrado_por"]
    list_filter = [("soporte", admin.EmptyFieldListFilter)]
    search_fields = ["convenio__numero", "convenio__organizacion__nombre"]
    autocomplete_fields = ["convenio", "tramo"]
    readonly_fields = ["registrado_por", "registrado_en"]

    @admin.display(boolean=True, description=_("con soporte"))
    def con_soporte(self, obj):
        return bool(obj.soporte)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.registrado_por = request.user
        super().save_model(request, obj, form, change)


@admin.register(TrabajadorComunitario)
class TrabajadorAdmin(HistorialAdmin, admin.ModelAdmin):
    list_display = ["nombre", "convenio"]
    search_fields = ["nombre", "convenio__numero", "convenio__organizacion__nombre"]
    autocomplete_fields = ["convenio"]


@admin.register(ObservacionCiudadana)
class ObservacionAdmin(HistorialAdmin, admin.ModelAdmin):
    list_display = ["convenio", "creada", "estado", "de_monitor", "resumen"]
    list_filter = ["estado"]
    search_fields = ["texto", "convenio__numero"]
    readonly_fields = [
        "convenio",
        "texto",
        "autor",
        "creada",
        "estado",
        "moderada_por",
        "moderada_en",
    ]
    actions = ["publicar", "rechazar"]

    def has_add_permission(self, request):
        return False

    @admin.display(boolean=True, description=_("de un monitor"))
    def de_monitor(self, obj):
        return obj.autor_id is not None

    @admin.display(description=_("observación"))
    def resumen(self, obj):
        return obj.texto[:80]

    def _moderar(self, request, queryset, aprobar):
        hechas = 0
        for observacion in queryset.filter(estado=ObservacionCiudadana.Estado.PENDIENTE):
            try:
                services.moderar_observacion(observacion, usuario=request.user, aprobar=aprobar)
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.ERROR)
                return
            hechas += 1
        self.message_user(
            request,
            ngettext("%(n)s observación moderada.", "%(n)s observaciones moderadas.", hechas)
            % {"n": hechas},
        )

    @admin.action(description=_("Publicar las observaciones pendientes seleccionadas"))
    def publicar(self, request, queryset):
        self._moderar(request, queryset, True)

    @admin.action(description=_("Rechazar las observaciones pendientes seleccionadas"))
    def rechazar(self, request, queryset):
        self._moderar(request, queryset, False)
