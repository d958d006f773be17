"""The Secretaría's admin for the survey engine: dimensions, instruments, questions, responses
and their reviews."""

import functools
import operator

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nucleo.administracion import HistorialAdmin

from ..models.encuesta import (
    Dimension,
    Instrumento,
    Opcion,
    Pregunta,
    Respuesta,
    RespuestaPregunta,
    relaciones_de_respuestas,
)
from ..services import encuesta as services


@admin.register(Dimension)
class DimensionAdmin(HistorialAdmin):
    list_display = ["nombre", "codigo", "orden"]
    list_editable = ["orden"]
    search_fields = ["nombre__sintildes"]


class BloqueadaSiHayRespuestas:
    """Questions and options of an instrument that has responses are read-only: changing them
    would corrupt the answers; staff duplicate the instrument as a new version instead."""

    def _bloqueada(self, obj):
        instrumento = getattr(obj, "instrumento", None) or getattr(
            getattr(obj, "pregunta", None), "instrumento", None
        )
        if isinstance(obj, Instrumento):
            instrumento = obj
        return instrumento is not None and instrumento.tiene_respuestas()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and self._bloqueada(obj))

    def has_add_permission(self, request, *args):
        # ModelAdmin passes only the request; inlines also pass the parent object.
        obj = args[0] if args else None
        return super().has_add_permission(request, *args) and not (obj and self._bloqueada(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and self._bloqueada(obj))


class PreguntaInline(BloqueadaSiHayRespuestas, admin.TabularInline):
    model = Pregunta
    extra = 0
    fields = ["orden", "dimension", "codigo", "texto", "tipo", "obligatoria", "editar"]
    readonly_fields = ["editar"]
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("dimension")

    @admin.display(description=_("opciones y condición"))
    def editar(self, pregunta):
        if not pregunta.pk:
            return "—"
        url = reverse("admin:capacitacion_pregunta_change", args=[pregunta.pk])
        return format_html('<a href="{}">{}</a>', url, _("Editar"))


@admin.register(Instrumento)
class InstrumentoAdmin(HistorialAdmin):
    list_display = [
        "nombre",
        "proposito",
        "ronda",
        "version",
        "estado",
        "abre",
        "cierra",
        "n_respuestas",
    ]
    list_filter = ["proposito", "ronda", "estado"]
    search_fields = ["nombre__sintildes"]
    inlines = [PreguntaInline]
    actions = ["duplicar", "publicar", "cerrar"]
    readonly_fields = ["version_anterior"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                # A Junta's responses and every other domain's answers (training's evaluations)
                total_respuestas=functools.reduce(
                    operator.add,
                    (Count(relacion, distinct=True) for relacion in relaciones_de_respuestas()),
                )
            )
        )

    @admin.display(description=_("respuestas"), ordering="total_respuestas")
    def n_respuestas(self, instrumento):
        return instrumento.total_respuestas

    @admin.action(description=_("Duplicar como nueva versión"))
    def duplicar(self, request, queryset):
        for instrumento in queryset:
            nuevo = services.duplicar_como_nueva_version(instrumento)
            self.message_user(
                request,
                _("Creada la versión %(v)s de «%(nombre)s», en borrador.")
                % {"v": nuevo.version, "nombre": nuevo.nombre},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publicar (los líderes pueden responder entre sus fechas)"))
    def publicar(self, request, queryset):
        n = queryset.update(estado=Instrumento.Estado.PUBLICADO)
        self.message_user(
            request, ngettext("%d instrumento publicado.", "%d instrumentos publicados.", n) % n
        )

    @admin.action(description=_("Cerrar"))
    def cerrar(self, request, queryset):
        n = queryset.update(estado=Instrumento.Estado.CERRADO)
        self.message_user(
            request, ngettext("%d instrumento cerrado.", "%d instrumentos cerrados.", n) % n
        )


class OpcionInline(BloqueadaSiHayRespuestas, admin.TabularInline):
    model = Opcion
    extra = 0
    fields = ["orden", "codigo", "texto", "puntaje"]


@admin.register(Pregunta)
class PreguntaAdmin(BloqueadaSiHayRespuestas, HistorialAdmin):
    list_display = ["texto", "codigo", "instrumento", "dimension", "tipo", "obligatoria"]
    list_filter = ["instrumento", "dimension", "tipo"]
    search_fields = ["texto__sintildes", "codigo"]
    list_select_related = ["instrumento", "dimension"]
    inlines = [OpcionInline]
    raw_id_fields = ["condicion_pregunta"]


class RespuestaPreguntaInline(admin.TabularInline):
    model = RespuestaPregunta
    extra = 0
    fields = ["pregunta", "respuesta_legible", "puntaje"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("pregunta")

    @admin.display(description=_("respuesta"))
    def respuesta_legible(self, fila):
        return fila.mostrar()


@admin.register(Respuesta)
class RespuestaAdmin(HistorialAdmin):
    list_display = [
        "organizacion",
        "instrumento",
        "estado",
        "indice",
        "por_la_secretaria",
        "enviada_en",
        "diligenciar",
    ]
    list_filter = ["instrumento", "estado", "por_la_secretaria", "organizacion__localidad"]
    search_fields = ["organizacion__nombre__sintildes", "organizacion__codigo_registro"]
    list_select_related = ["organizacion", "instrumento"]
    autocomplete_fields = ["organizacion"]
    readonly_fields = [
        "estado",
        "indice",
        "enviada_en",
        "enviada_por",
        "revisada_por",
        "revisada_en",
        "por_la_secretaria",
    ]
    fields = ["organizacion", "instrumento", *readonly_fields, "comentario_revision"]
    inlines = [RespuestaPreguntaInline]
    actions = ["aprobar", "con_observaciones", "reabrir"]
    show_full_result_count = False

    @admin.display(description=_("diligenciar"))
    def diligenciar(self, respuesta):
        url = reverse(
            "diagnostico:revision_junta",
            kwargs={
                "instrumento_id": respuesta.instrumento_id,
                "junta_id": respuesta.organizacion_id,
            },
        )
        return format_html('<a href="{}">{}</a>', url, _("Abrir"))

    def _revisar(self, request, queryset, estado):
        hechas = propias = 0
        for respuesta in queryset.filter(estado__in=Respuesta.ENVIADAS):
            try:
                services.revisar(
                    respuesta,
                    usuario=request.user,
                    estado=estado,
                    comentario=respuesta.comentario_revision,
                )
            except ValidationError:
                propias += 1
                continue
            hechas += 1
        if propias:
            self.message_user(
                request,
                ngettext(
                    "%d respuesta no se revisó: usted la envió y debe revisarla otra persona.",
                    "%d respuestas no se revisaron: usted las envió y debe revisarlas otra "
                    "persona.",
                    propias,
                )
                % propias,
                level=messages.WARNING,
            )
        self.message_user(
            request,
            ngettext("%d respuesta revisada.", "%d respuestas revisadas.", hechas) % hechas
            + (
                " " + _("Las que no estaban enviadas no cambiaron.")
                if hechas < queryset.count()
                else ""
            ),
        )

    @admin.action(description=_("Revisión: aprobada"))
    def aprobar(self, request, queryset):
        self._revisar(request, queryset, Respuesta.Estado.APROBADA)

    @admin.action(
        description=_("Revisión: con observaciones (escriba antes el comentario en cada respuesta)")
    )
    def con_observaciones(self, request, queryset):
        self._revisar(request, queryset, Respuesta.Estado.CON_OBSERVACIONES)

    @admin.action(description=_("Reabrir para que la Junta corrija"))
    def reabrir(self, request, queryset):
        for respuesta in queryset:
            services.reabrir(respuesta, usuario=request.user)
        self.message_user(request, _("Respuestas reabiertas: vuelven a borrador."))
