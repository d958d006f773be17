from django import forms
from django.utils.translation import gettext_lazy as _

from juntas.forms import FechaInput
from nucleo.formularios import TextoLibre, TextosLimitadosMixin

from .models import Actualizacion, Evidencia, Nivel


class PropuestaForm(forms.Form):
    nivel = forms.ChoiceField(label=_("Nivel de cumplimiento"), choices=Nivel.choices)
    avance = forms.IntegerField(
        label=_("Avance valorado (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    justificacion = TextoLibre(
        label=_("Justificación"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Qué se hizo y qué evidencia lo respalda."),
    )


class DevolucionForm(forms.Form):
    observacion = TextoLibre(
        label=_("Por qué la devuelve"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ObservacionForm(forms.Form):
    texto = TextoLibre(label=_("Observación"), widget=forms.Textarea(attrs={"rows": 3}))


class RespuestaForm(forms.Form):
    texto = TextoLibre(label=_("Respuesta"), widget=forms.Textarea(attrs={"rows": 2}))


class EvidenciaForm(TextosLimitadosMixin, forms.ModelForm):
    textos_limitados = ["descripcion"]
    enlace = forms.URLField(
        label=_("Enlace"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Evidencia
        fields = ["titulo", "fecha", "archivo", "enlace", "descripcion", "publica"]
        widgets = {"fecha": FechaInput(), "descripcion": forms.Textarea(attrs={"rows": 2})}


class ActualizacionForm(TextosLimitadosMixin, forms.ModelForm):
    textos_limitados = ["texto"]

    class Meta:
        model = Actualizacion
        fields = ["fecha", "texto"]
        widgets = {"fecha": FechaInput(), "texto": forms.Textarea(attrs={"rows": 4})}
