from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LARGO_TEXTO, SolicitudHabeas

ACCIONES = ("tramitar", "prorrogar", "responder", "suprimir")


class SolicitudForm(forms.Form):
    """A leader's consulta or reclamo about the data of someone of their own Junta."""

    tipo = forms.ChoiceField(label=_("¿Qué desea hacer?"), choices=SolicitudHabeas.Tipo.choices)
    titular = forms.ChoiceField(
        label=_("¿Sobre los datos de quién?"),
        help_text=_("Usted o una persona de su Junta (dignatario o participante)."),
    )
    dato = forms.CharField(
        label=_("Dato al que se refiere"),
        max_length=200,
        required=False,
        help_text=_("p. ej. «teléfono», «correo», «nombre», «todos mis datos»."),
    )
    texto = forms.CharField(
        label=_("Su solicitud"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": LARGO_TEXTO}),
        max_length=LARGO_TEXTO,
        error_messages={
            "required": _("Escriba su consulta o reclamo."),
            "max_length": _(
                "Escriba como máximo %(limit_value)d caracteres (tiene %(show_value)d): "
                "resuma su solicitud."
            ),
        },
        help_text=_("Para una rectificación, diga cuál es el dato correcto."),
    )

    def __init__(self, *args, titulares, **kwargs):
        super().__init__(*args, **kwargs)
        self.titulares = titulares
        self.fields["titular"].choices = [
            (clave, descripcion) for clave, (_nombre, descripcion) in titulares.items()
        ]

    def clean(self):
        datos = super().clean()
        tipo = datos.get("tipo")
        if tipo and tipo != SolicitudHabeas.Tipo.CONSULTA and not datos.get("dato", "").strip():
            self.add_error("dato", _("Indique el dato que quiere rectificar, suprimir o revisar."))
        return datos

    def titular_elegido(self):
        """(name, document type, document) of the chosen person."""
        clave = self.cleaned_data["titular"]
        tipo_documento, documento = clave.split(":", 1)
        return self.titulares[clave][0], tipo_documento, documento


class RespuestaAdminForm(forms.ModelForm):
    """Staff's answer in the admin; which button was pressed (`accion`) is set by the admin."""

    accion = None

    class Meta:
        model = SolicitudHabeas
        fields = ["respuesta", "motivo_prorroga"]
        widgets = {
            "respuesta": forms.Textarea(attrs={"rows": 8}),
            "motivo_prorroga": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        datos = super().clean()
        solicitud = self.instance
        if self.accion is None:
            raise forms.ValidationError(
                _("Elija una acción: guardar en trámite, prorrogar, responder o suprimir.")
            )
        if self.accion in ("responder", "suprimir") and not datos.get("respuesta", "").strip():
            self.add_error("respuesta", _("Escriba la respuesta antes de enviarla."))
        if self.accion == "suprimir" and solicitud.tipo != SolicitudHabeas.Tipo.SUPRESION:
            raise forms.ValidationError(_("Solo un reclamo de supresión puede suprimir datos."))
        if self.accion == "prorrogar":
            if not solicitud.prorrogable:
                raise forms.ValidationError(
                    _("La solicitud ya fue prorrogada una vez; la ley no permite otra.")
                )
            if timezone.localdate() > solicitud.vence_el:
                raise forms.ValidationError(
                    _("El término ya venció: la prórroga se informa antes del vencimiento.")
                )
            if not datos.get("motivo_prorroga", "").strip():
                self.add_error(
                    "motivo_prorroga",
                    _("Escriba el motivo de la prórroga: se le informa al solicitante."),
                )
        return datos
