import re

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import Cuantia
from .normalizacion import nit9


class CuantiaForm(forms.ModelForm):
    """The NIT as people copy it («890.480.184-4») is kept as its nine digits."""

    fuente_url = forms.URLField(
        label=_("enlace a la fuente"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Resolución o publicación de la entidad con sus cuantías del año."),
    )

    class Meta:
        model = Cuantia
        fields = [
            "nombre_entidad",
            "nit_entidad",
            "anio",
            "menor_cuantia",
            "minima_cuantia",
            "fuente_url",
            "notas",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nit_entidad"].max_length = 20
        self.fields["nit_entidad"].widget.attrs["maxlength"] = 20
        self.fields["nit_entidad"].validators = []

    def clean_nit_entidad(self):
        nueve = nit9(self.cleaned_data["nit_entidad"])
        if nueve is None:
            raise forms.ValidationError(
                _("Escriba el NIT de la entidad: nueve dígitos, con o sin dígito de verificación.")
            )
        return nueve


class CargarContratosForm(forms.Form):
    archivo = forms.FileField(
        label=_("Archivo"),
        help_text=_(
            "CSV exportado de datos.gov.co («SECOP II - Contratos Electrónicos» → Exportar → CSV), "
            "o el mismo archivo guardado como Libro de Excel (.xlsx)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        if archivo.size > settings.SECOP_CSV_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "El archivo pesa %(peso)s; el máximo es %(max)s. Exporte menos filas (filtre "
                    "por entidad o por fecha) y cárguelo en partes."
                )
                % {
                    "peso": filesizeformat(archivo.size),
                    "max": filesizeformat(settings.SECOP_CSV_MAX_BYTES),
                }
            )
        return archivo


class VerificarExpedienteForm(forms.Form):
    """Type a dossier's code (as on the certificates' check)."""

    codigo = forms.CharField(
        label=_("Código del expediente"),
        max_length=24,
        help_text=_("Está al pie de cada página del expediente, p. ej. «EXP-7KQ2-M9XA-4HTB»."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

    def clean_codigo(self):
        codigo = self.cleaned_data["codigo"].strip().upper().replace(" ", "")
        if not codigo.startswith("EXP-"):
            codigo = f"EXP-{codigo}"
        if not re.fullmatch(r"EXP-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", codigo):
            raise forms.ValidationError(
                _("El código empieza por EXP y sigue con tres grupos de cuatro caracteres.")
            )
        return codigo
