"""The Secretaría's admin for SECOP II: cuantías (edited by staff), what the syncs read (read
only), the name candidates to confirm or reject, the runs, and the CSV upload for servers
without internet."""

from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nucleo.administracion import AdminSeguroMixin, HistorialAdmin
from nucleo.numeros import es_co

from . import services
from .forms import CargarContratosForm, CuantiaForm
from .models import (
    AvisoRadar,
    CandidatoPorNombre,
    Contrato,
    Cuantia,
    CuentaProveedor,
    Expediente,
    FamiliaUnspsc,
    ItemExpediente,
    Proceso,
    Sincronizacion,
    SuscripcionRadar,
)

PERMISO_CARGAR = "contratacion.cargar_csv_contrato"


def pesos(valor):
    return "—" if valor is None else f"$ {es_co(Decimal(valor))}"


def enlace_secop(url):
    if not url:
        return "—"
    return format_html(
        '<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', url, _("Ver")
    )


class SoloLecturaMixin:
    """What the syncs write is read here, never edited: the source is SECOP II."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cuantia)
class CuantiaAdmin(HistorialAdmin):
    form = CuantiaForm
    list_display = ["nombre_entidad", "nit_entidad", "anio", "menor", "minima", "fuente"]
    list_filter = ["anio"]
    search_fields = ["nombre_entidad", "nit_entidad"]
    ordering = ["-anio", "nombre_entidad"]

    @admin.display(description=_("menor cuantía"), ordering="menor_cuantia")
    def menor(self, cuantia):
        return pesos(cuantia.menor_cuantia)

    @admin.display(description=_("mínima cuantía"), ordering="minima_cuantia")
    def minima(self, cuantia):
        return pesos(cuantia.minima_cuantia)

    @admin.display(description=_("fuente"))
    def fuente(self, cuantia):
        return enlace_secop(cuantia.fuente_url)


@admin.register(FamiliaUnspsc)
class FamiliaUnspscAdmin(HistorialAdmin):
    """What each Junta declared it can do, for its opportunity radar (edited by staff)."""

    list_display = ["organizacion", "codigo", "nombre"]
    search_fields = ["organizacion__nombre", "organizacion__nit", "codigo", "nombre"]
    autocomplete_fields = ["organizacion"]
    list_select_related = ["organizacion"]
    ordering = ["organizacion__nombre", "codigo"]


@admin.register(Contrato)
class ContratoAdmin(SoloLecturaMixin, AdminSeguroMixin, admin.ModelAdmin):
    list_display = [
        "id_contrato",
        "organizacion",
        "coincidencia",
        "nombre_entidad",
        "fecha_firma",
        "valor_en_pesos",
        "estado",
        "fechas_anomalas",
        "secop",
    ]
    list_filter = ["coincidencia", "fuente", "fechas_anomalas", "estado", "modalidad"]
    search_fields = [
        "id_contrato",
        "proceso_de_compra",
        "nombre_entidad",
        "nit_proveedor",
        "organizacion__nombre",
        "objeto",
    ]
    list_select_related = ["organizacion"]
    date_hierarchy = "fecha_firma"
    list_per_page = 50
    show_full_result_count = False

    def get_urls(self):
        propias = [
            path(
                "cargar-csv/",
                self.admin_site.admin_view(self.cargar_csv),
                name="contratacion_contrato_cargar_csv",
            )
        ]
        return propias + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "puede_cargar": self.puede_cargar(request)}
        return super().changelist_view(request, extra_context)

    def puede_cargar(self, request):
        usuario = request.user
        return usuario.is_active and usuario.is_staff and usuario.has_perm(PERMISO_CARGAR)

    def cargar_csv(self, request):
        """Upload a contracts CSV exported from datos.gov.co: same rules as the API, all or
        nothing, errors by line and column."""
        if not self.puede_cargar(request):
            raise PermissionDenied
        form = CargarContratosForm(request.POST or None, request.FILES or None)
        errores = []
        if request.method == "POST" and form.is_valid():
            archivo = form.cleaned_data["archivo"]
            try:
                corrida = services.cargar_csv_contratos(
                    b"".join(archivo.chunks()), archivo.name, usuario=request.user
                )
            except services.ErroresDeCarga as error:
                errores = error.errores
            except services.SincronizacionEnCurso as error:
                errores = [error.mensaje]
            else:
                self.message_user(request, corrida.resumen(), messages.SUCCESS)
                return redirect("admin:contratacion_contrato_changelist")
        contexto = {
            **self.admin_site.each_context(request),
            "title": _("Cargar contratos desde un CSV de datos.gov.co"),
            "opts": self.model._meta,
            "form": form,
            "errores": errores,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/contratacion/contrato/cargar_csv.html", contexto)

    @admin.display(description=_("valor"), ordering="valor")
    def valor_en_pesos(self, contrato):
        return pesos(contrato.valor)

    @admin.display(description=_("SECOP II"))
    def secop(self, contrato):
        return enlace_secop(contrato.url)


@admin.register(Proceso)
class ProcesoAdmin(SoloLecturaMixin, AdminSeguroMixin, admin.ModelAdmin):
    list_display = [
        "id_del_proceso",
        "nombre_entidad",
        "nombre",
        "modalidad",
        "precio",
        "fecha_publicacion",
        "fecha_limite",
        "estado",
        "familia_unspsc",
        "organizacion_adjudicada",
        "secop",
    ]
    list_filter = ["estado", "modalidad", "ciudad_entidad", "fechas_anomalas"]
    search_fields = [
        "id_del_proceso",
        "id_del_portafolio",
        "nombre",
        "nombre_entidad",
        "codigo_unspsc",
    ]
    list_select_related = ["organizacion_adjudicada"]
    date_hierarchy = "fecha_publicacion"
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description=_("precio base"), ordering="precio_base")
    def precio(self, proceso):
        return pesos(proceso.precio_base)

    @admin.display(description=_("SECOP II"))
    def secop(self, proceso):
        return enlace_secop(proceso.url)


@admin.register(CuentaProveedor)
class CuentaProveedorAdmin(SoloLecturaMixin, AdminSeguroMixin, admin.ModelAdmin):
    list_display = ["organizacion", "nit", "fecha_creacion", "activa", "visto_ultimo"]
    list_filter = ["activa"]
    search_fields = ["organizacion__nombre", "nit"]
    list_select_related = ["organizacion"]


@admin.register(CandidatoPorNombre)
class CandidatoPorNombreAdmin(HistorialAdmin):
    list_display = [
        "contrato",
        "organizacion",
        "nombre_proveedor",
        "nit_proveedor",
        "entidad",
        "valor",
        "estado",
        "decidido_por",
        "decidido_en",
    ]
    list_filter = ["estado"]
    search_fields = [
        "contrato__id_contrato",
        "organizacion__nombre",
        "nombre_proveedor",
        "nit_proveedor",
    ]
    list_select_related = ["contrato", "organizacion", "decidido_por"]
    readonly_fields = [
        "contrato",
        "organizacion",
        "nombre_proveedor",
        "nit_proveedor",
        "estado",
        "propuesto",
        "decidido_por",
        "decidido_en",
        "nota",
    ]
    actions = ["confirmar", "rechazar"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("entidad"))
    def entidad(self, candidato):
        return candidato.contrato.nombre_entidad

    @admin.display(description=_("valor"))
    def valor(self, candidato):
        return pesos(candidato.contrato.valor)

    def _decidir(self, request, queryset, decision, hecho):
        hechos, errores = 0, []
        for candidato in queryset:
            try:
                decision(candidato, usuario=request.user)
            except services.DecisionInvalida as error:
                errores.append(error.mensaje)
            else:
                hechos += 1
        if hechos:
            self.message_user(request, hecho(hechos), messages.SUCCESS)
        for mensaje in errores[:10]:
            self.message_user(request, mensaje, messages.WARNING)

    @admin.action(description=_("Confirmar: el contrato es de esta Junta"), permissions=["change"])
    def confirmar(self, request, queryset):
        self._decidir(
            request,
            queryset,
            services.confirmar_candidato,
            lambda n: (
                ngettext(
                    "%(n)d candidato confirmado: su contrato quedó asociado a la Junta.",
                    "%(n)d candidatos confirmados: sus contratos quedaron asociados a las Juntas.",
                    n,
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Rechazar: no es de esta Junta"), permissions=["change"])
    def rechazar(self, request, queryset):
        self._decidir(
            request,
            queryset,
            services.rechazar_candidato,
            lambda n: (
                ngettext("%(n)d candidato rechazado.", "%(n)d candidatos rechazados.", n) % {"n": n}
            ),
        )


@admin.register(Sincronizacion)
class SincronizacionAdmin(SoloLecturaMixin, AdminSeguroMixin, admin.ModelAdmin):
    list_display = [
        "iniciada",
        "conjunto",
        "fuente",
        "estado",
        "desde",
        "filas_leidas",
        "creadas",
        "actualizadas",
        "sin_cambios",
        "duplicadas",
        "candidatos",
        "segundos",
    ]
    list_filter = ["conjunto", "fuente", "estado"]
    list_select_related = ["usuario"]
    readonly_fields = ["informe"]
    list_per_page = 50

    @admin.display(description=_("duración (s)"))
    def segundos(self, corrida):
        return es_co(Decimal(round(corrida.duracion, 1)))

    @admin.display(description=_("informe"))
    def informe(self, corrida):
        return corrida.resumen()


class AvisoRadarInline(SoloLecturaMixin, admin.TabularInline):
    model = AvisoRadar
    fields = ["proceso", "enviado"]
    readonly_fields = fields
    extra = 0
    ordering = ["-enviado"]


@admin.register(SuscripcionRadar)
class SuscripcionRadarAdmin(SoloLecturaMixin, AdminSeguroMixin, admin.ModelAdmin):
    """Who asked for the radar by e-mail and what `enviar_radar` sent them (the leader turns it
    on and off on their own page; staff only look)."""

    list_display = ["usuario", "activa", "creada", "actualizada", "enviados"]
    list_filter = ["activa"]
    search_fields = ["usuario__username", "usuario__first_name", "usuario__last_name"]
    list_select_related = ["usuario"]
    inlines = [AvisoRadarInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_avisos=models.Count("avisos"))

    @admin.display(description=_("procesos enviados"), ordering="n_avisos")
    def enviados(self, obj):
        return obj.n_avisos


class ItemExpedienteInline(admin.TabularInline):
    model = ItemExpediente
    extra = 0
    can_delete = False
    fields = ["orden", "nombre", "fecha_expedicion", "fecha_vencimiento", "peso", "sha256"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Expediente)
class ExpedienteAdmin(AdminSeguroMixin, admin.ModelAdmin):
    """Dossiers as they were generated (a record: never edited). They are generated from the
    portal (`/portal/contratacion/juntas/<id>/expediente/` for staff)."""

    list_display = [
        "codigo",
        "organizacion",
        "ruta",
        "generado_en",
        "generado_por",
        "por_la_secretaria",
        "verificacion",
        "descargas",
    ]
    list_filter = ["ruta", "por_la_secretaria"]
    search_fields = ["codigo", "organizacion__nombre", "organizacion__nit"]
    list_select_related = ["organizacion", "generado_por"]
    date_hierarchy = "generado_en"
    inlines = [ItemExpedienteInline]
    fields = [
        "codigo",
        "organizacion",
        "ruta",
        "generado_en",
        "generado_por",
        "por_la_secretaria",
        "indice",
        "sha256_pdf",
        "verificacion",
        "descargas",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("verificación pública"))
    def verificacion(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("expedientes:publico", args=[obj.codigo]), _("Ver")
        )

    @admin.display(description=_("descargar"))
    def descargas(self, obj):
        return format_html(
            '<a href="{}">PDF</a> · <a href="{}">ZIP</a>',
            reverse("contratacion_portal:expediente_archivo", args=[obj.codigo, "pdf"]),
            reverse("contratacion_portal:expediente_archivo", args=[obj.codigo, "zip"]),
        )
