"""The Secretaría's admin for the commitment: milestones, targets, evidence, updates. Completion
levels are not edited here: they come from the two-key flow on the milestone page."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from nucleo.administracion import AdminSeguroMixin, HistorialAdmin

from .catalogo import DEFINICIONES
from .models import (
    Actualizacion,
    Compromiso,
    Evidencia,
    Hito,
    Indicador,
    Medicion,
    Observacion,
    PropuestaNivel,
    ValoracionOGP,
    ValorOGP,
)


class CompromisoForm(forms.ModelForm):
    valores = forms.MultipleChoiceField(
        label=_("valores OGP"),
        choices=ValorOGP.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Compromiso
        fields = [
            "codigo", "titulo", "plan", "inicio", "fin", "entidad_lider", "otros_actores",
            "problema", "status_quo", "accion", "contribucion", "objetivo_largo_plazo",
            "areas_politica", "valores", "recursos_asegurados", "monitor",
        ]  # fmt: skip


class HitoInline(admin.TabularInline):
    model = Hito
    extra = 0
    fields = ["numero", "titulo", "tipo", "inicio_previsto", "fin_previsto", "responsable", "nivel"]
    readonly_fields = ["nivel"]
    show_change_link = True


class ValoracionInline(admin.StackedInline):
    model = ValoracionOGP
    extra = 0


@admin.register(Compromiso)
class CompromisoAdmin(HistorialAdmin):
    form = CompromisoForm
    list_display = ["codigo", "titulo", "inicio", "fin", "entidad_lider", "enlaces"]
    search_fields = ["codigo", "titulo__sintildes"]
    inlines = [HitoInline, ValoracionInline]

    @admin.display(description=_("páginas"))
    def enlaces(self, compromiso):
        return format_html(
            '<a href="{}?compromiso={}">{}</a> · <a href="{}?compromiso={}">{}</a>',
            reverse("tablero:inicio"),
            compromiso.codigo,
            _("Tablero"),
            reverse("transparencia:inicio"),
            compromiso.codigo,
            _("Página pública"),
        )


class IndicadorForm(forms.ModelForm):
    codigo = forms.ChoiceField(
        label=_("indicador"),
        choices=[
            (
                etiqueta,
                [
                    (d.codigo, f"{d.nombre} ({d.unidad})")
                    for d in DEFINICIONES.values()
                    if d.tipo == tipo
                ],
            )
            for tipo, etiqueta in Hito.Tipo.choices
            if any(d.tipo == tipo for d in DEFINICIONES.values())
        ],  # fmt: skip
    )

    class Meta:
        model = Indicador
        fields = ["codigo", "meta", "orden"]


class IndicadorInline(admin.TabularInline):
    model = Indicador
    form = IndicadorForm
    extra = 0


class EvidenciaInline(admin.StackedInline):
    model = Evidencia
    extra = 0
    fields = ["titulo", "fecha", "archivo", "enlace", "descripcion", "publica"]


class ActualizacionInline(admin.StackedInline):
    model = Actualizacion
    extra = 0
    fields = ["fecha", "texto"]


@admin.register(Hito)
class HitoAdmin(HistorialAdmin):
    list_display = [
        "numero",
        "titulo",
        "compromiso",
        "inicio_previsto",
        "fin_previsto",
        "nivel",
        "avance",
        "pagina",
    ]
    list_filter = ["compromiso", "nivel", "tipo"]
    search_fields = ["titulo__sintildes"]
    list_select_related = ["compromiso"]
    readonly_fields = ["nivel", "avance", "justificacion", "verificado_en"]
    inlines = [IndicadorInline, EvidenciaInline, ActualizacionInline]

    @admin.display(description=_("página del hito"))
    def pagina(self, hito):
        url = reverse("tablero:hito", args=[hito.numero])
        return format_html(
            '<a href="{}?compromiso={}">{}</a>', url, hito.compromiso.codigo, _("Abrir")
        )

    def save_formset(self, request, form, formset, change):
        for objeto in formset.save(commit=False):
            if isinstance(objeto, Evidencia) and not objeto.agregada_por_id:
                objeto.agregada_por = request.user
            if isinstance(objeto, Actualizacion) and not objeto.autor_id:
                objeto.autor = request.user
            objeto.save()
        for objeto in formset.deleted_objects:
            objeto.delete()
        formset.save_m2m()


class SoloLectura:
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PropuestaNivel)
class PropuestaNivelAdmin(SoloLectura, admin.ModelAdmin):
    list_display = ["hito", "nivel", "avance", "estado", "propuesta_por", "propuesta_en"]
    list_filter = ["estado", "nivel"]
    list_select_related = ["hito", "propuesta_por"]


@admin.register(Observacion)
class ObservacionAdmin(SoloLectura, admin.ModelAdmin):
    list_display = ["hito", "autor", "creada", "respondida", "respuesta_a"]
    list_filter = ["respondida"]
    list_select_related = ["hito", "autor", "respuesta_a"]


@admin.register(Medicion)
class MedicionAdmin(AdminSeguroMixin, SoloLectura, admin.ModelAdmin):
    list_display = ["indicador", "fecha", "valor"]
    list_filter = ["indicador__hito__compromiso", "fecha"]
    list_select_related = ["indicador__hito"]
    date_hierarchy = "fecha"
