import re
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nucleo.numeros import es_co, numero_es_co

from .models import Organizacion, Ruta
from .validators import validar_archivo


class FechaInput(forms.DateInput):
    """A native date picker (a phone shows its own calendar); the value travels as ISO."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ContactoForm(forms.ModelForm):
    """A leader may change their Junta's contact data, nothing that the Secretaría certifies.

    The Secretaría must always be able to reach the Junta, so a phone or an e-mail stays;
    and clearing a field that held a value is asked again («Sí, quiero borrar …») before it
    is saved, because a stray empty field would otherwise erase it silently.
    """

    CAMPOS = ("direccion", "telefono", "correo")

    confirmar_borrado = forms.BooleanField(required=False)

    class Meta:
        model = Organizacion
        fields = ["direccion", "telefono", "correo"]
        widgets = {
            "telefono": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "correo": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Fields that hold a value today and were sent empty or left out of the POST (the
        # ModelForm would store "" for both).
        self.borrados = [
            nombre
            for nombre in self.CAMPOS
            if self.is_bound
            and getattr(self.instance, nombre)
            and not (self.data.get(nombre) or "").strip()
        ]
        if self.borrados:
            self.fields["confirmar_borrado"].label = _("Sí, quiero borrar %(campos)s") % {
                "campos": ", ".join(str(self.fields[n].label).lower() for n in self.borrados)
            }
        else:
            del self.fields["confirmar_borrado"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("guardar", _("Guardar cambios"), css_class="w-100 w-sm-auto"))

    def clean(self):
        datos = super().clean()
        if (
            not datos.get("telefono")
            and not datos.get("correo")
            and "telefono" not in self.errors
            and "correo" not in self.errors
        ):
            raise forms.ValidationError(
                _(
                    "Deje al menos un teléfono o un correo: es la forma en que la Secretaría "
                    "se comunica con la Junta. No se guardó ningún cambio."
                ),
                code="sin_contacto",
            )
        if self.borrados and not datos.get("confirmar_borrado"):
            self.add_error(
                "confirmar_borrado",
                _(
                    "Va a borrar datos que la Junta tenía registrados. Si es lo que quiere, "
                    "marque la casilla y guarde de nuevo; si no, vuelva a escribirlos."
                ),
            )
        return datos


class DocumentoForm(forms.Form):
    archivo = forms.FileField(
        label=_("Documento"),
        validators=[validar_archivo],
        help_text=_("PDF, JPG o PNG de hasta 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    fecha_expedicion = forms.DateField(label=_("Fecha de expedición"), widget=FechaInput())
    fecha_vencimiento = forms.DateField(
        label=_("Fecha de vencimiento"),
        required=False,
        widget=FechaInput(),
        help_text=_("Déjela en blanco si el documento no vence."),
    )

    def __init__(self, *args, requisito, **kwargs):
        super().__init__(*args, **kwargs)
        self.requisito = requisito
        if requisito.tiene_vencimiento and not requisito.vigencia_dias:
            self.fields["fecha_vencimiento"].required = True
            self.fields["fecha_vencimiento"].help_text = ""
        self.helper = FormHelper()
        self.helper.add_input(Submit("cargar", _("Cargar documento"), css_class="w-100 w-sm-auto"))

    def clean_fecha_expedicion(self):
        fecha = self.cleaned_data["fecha_expedicion"]
        if fecha > timezone.localdate():
            raise forms.ValidationError(_("La fecha de expedición no puede estar en el futuro."))
        return fecha

    def clean(self):
        datos = super().clean()
        expedicion, vencimiento = datos.get("fecha_expedicion"), datos.get("fecha_vencimiento")
        if expedicion and vencimiento and vencimiento <= expedicion:
            self.add_error(
                "fecha_vencimiento", _("El vencimiento debe ser posterior a la expedición.")
            )
        if vencimiento and vencimiento < timezone.localdate():
            self.add_error(
                "fecha_vencimiento",
                _("Ese documento ya venció: cargue uno vigente."),
            )
        return datos


class AutorizacionForm(forms.Form):
    acepto = forms.BooleanField(
        label=_(
            "Autorizo a la Alcaldía de Cartagena el tratamiento de mis datos personales según la "
            "política descrita arriba."
        ),
        error_messages={"required": _("Debe aceptar la autorización para usar el portal.")},
    )


class EnteroColombianoField(forms.IntegerField):
    """A whole number in a text box, as typed in Colombia: «1.234» is 1234 (a number input
    would send «1.234» as 1.234 or nothing, depending on the browser's language)."""

    widget = forms.TextInput

    default_error_messages = {
        "invalid": _(
            "Escriba un número entero, p. ej. 1234 o 1.234 (el punto separa miles), sin decimales."
        ),
    }

    def widget_attrs(self, widget):
        return {"inputmode": "numeric", "autocomplete": "off"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            normalizado = numero_es_co(value.strip())
            if normalizado is None or not re.fullmatch(r"-?\d+", normalizado):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = normalizado
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return es_co(Decimal(value))
        return value


class OrganizacionAdminForm(forms.ModelForm):
    """The registry's change form in the admin: afiliados typed as people write them."""

    afiliados = EnteroColombianoField(
        label=_("número de afiliados"),
        required=False,
        min_value=0,
        help_text=_("Un número entero; el punto separa miles (1.234)."),
    )

    class Meta:
        model = Organizacion
        fields = ["afiliados"]  # the admin adds the rest from its fieldsets


class ImportarRegistroForm(forms.Form):
    archivo = forms.FileField(
        label=_("Archivo"),
        help_text=_(
            "Libro de Excel (.xlsx) o CSV tal como lo guarda Excel («CSV UTF-8» o «CSV "
            "delimitado por comas»), LibreOffice o Google Sheets."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )


class RutaForm(forms.Form):
    """The contracting route the Junta pursues (or none yet)."""

    ruta = forms.ChoiceField(
        label=_("Ruta de contratación que busca la Junta"),
        choices=[("", _("Todavía no la hemos elegido")), *Ruta.choices],
        required=False,
    )
