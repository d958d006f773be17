from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from juntas.forms import FechaInput
from juntas.validators import validar_archivo
from nucleo.formularios import TextoLibre
from nucleo.numeros import NumeroColombianoField

from .models import Tramo, validar_foto
from .services import MAXIMO_FOTOS


class VariasFotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class VariasFotosField(forms.FileField):
    """Several photos in one input (a phone's gallery lets people pick many at once)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", VariasFotosInput(attrs={"accept": "image/jpeg,image/png", "multiple": True})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        limpiar = super().clean
        if isinstance(data, list | tuple):
            return [limpiar(d, initial) for d in data if d]
        return [limpiar(data, initial)] if data else []


class InformeAvanceForm(forms.Form):
    fecha = forms.DateField(label=_("Fecha del avance"), widget=FechaInput())
    avance = NumeroColombianoField(
        label=_("Avance físico (%)"),
        minimo=Decimal(0),
        maximo=Decimal(100),
        help_text=_("Cuánto de la obra está hecho, según la Junta."),
    )
    descripcion = TextoLibre(
        label=_("Qué se hizo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fotos = VariasFotosField(
        label=_("Fotos de la obra"),
        required=False,
        validators=[validar_foto],
        help_text=_(
            "JPG o PNG, hasta %(n)s fotos de 10 MB. Se publican reducidas y sin los datos "
            "ocultos del archivo (EXIF)."
        )
        % {"n": MAXIMO_FOTOS},
    )
    acta_parcial = forms.FileField(
        label=_("Acta parcial"),
        required=False,
        validators=[validar_archivo],
        help_text=_("PDF, JPG o PNG de hasta 10 MB."),
    )

    def clean_fotos(self):
        fotos = self.cleaned_data.get("fotos") or []
        if len(fotos) > MAXIMO_FOTOS:
            raise forms.ValidationError(
                _("Cargue hasta %(n)s fotos por informe.") % {"n": MAXIMO_FOTOS}
            )
        return fotos


class DevolucionForm(forms.Form):
    motivo = TextoLibre(
        label=_("Por qué lo devuelve"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("La Junta lo leerá para corregir y enviar otro informe."),
    )


class PagoForm(forms.Form):
    tramo = forms.ModelChoiceField(
        label=_("Tramo"), queryset=Tramo.objects.none(), required=False, empty_label=_("Sin tramo")
    )
    fecha = forms.DateField(label=_("Fecha del pago"), widget=FechaInput())
    valor = NumeroColombianoField(label=_("Valor (pesos)"), minimo=Decimal(1))
    soporte = forms.FileField(
        label=_("Documento soporte"),
        required=False,
        validators=[validar_archivo],
        help_text=_("Comprobante de egreso u orden de pago: PDF, JPG o PNG de hasta 10 MB."),
    )

    def __init__(self, *args, convenio, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tramo"].queryset = convenio.tramos.all()


class SoporteForm(forms.Form):
    soporte = forms.FileField(
        label=_("Documento soporte"),
        validators=[validar_archivo],
        help_text=_("PDF, JPG o PNG de hasta 10 MB."),
    )


class TrabajadorForm(forms.Form):
    nombre = forms.CharField(
        label=_("Nombre completo"),
        max_length=200,
        help_text=_("Dato personal: solo lo ven la Secretaría y los dignatarios de su Junta."),
    )


class ObservacionCiudadanaForm(forms.Form):
    texto = TextoLibre(
        label=_("Su observación"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Qué vio en la obra. No escriba su nombre, teléfono, correo ni datos de otras "
            "personas: la Secretaría revisa cada observación antes de publicarla."
        ),
    )
