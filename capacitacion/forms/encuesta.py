"""The survey engine's forms: a survey page as a form (one field per question, built from the
instrument), staff's review, and the results dashboard's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from juntas.forms import FechaInput
from juntas.models import Localidad, Organizacion, UnidadComunera
from nucleo.numeros import NumeroColombianoField

from ..models.encuesta import Pregunta, Respuesta
from ..models.textos import TEXTO_RESPUESTA

ETIQUETAS_LIKERT = [
    ("1", _("1 — Muy bajo")),
    ("2", _("2 — Bajo")),
    ("3", _("3 — Medio")),
    ("4", _("4 — Alto")),
    ("5", _("5 — Muy alto")),
]


TEXTO_CORTO = 200


def largo_maximo(caracteres):
    """The Spanish message of a text field's ceiling, saying what to do."""
    return {
        "max_length": _(
            "Escriba como máximo %(limit_value)d caracteres (este texto tiene %(show_value)d): "
            "resuma su respuesta."
        )
    }


def nombre_campo(pregunta):
    """The form field of a question (the page's script and errors name fields by it)."""
    return f"p_{pregunta.codigo}"


def _campo(pregunta):
    comun = {"label": pregunta.texto, "help_text": pregunta.ayuda, "required": False}
    tipo = pregunta.tipo
    if tipo == Pregunta.Tipo.UNICA:
        opciones = [(o.codigo, o.texto) for o in pregunta.opciones.all()]
        return forms.ChoiceField(choices=opciones, widget=forms.RadioSelect, **comun)
    if tipo == Pregunta.Tipo.MULTIPLE:
        opciones = [(o.codigo, o.texto) for o in pregunta.opciones.all()]
        return forms.MultipleChoiceField(
            choices=opciones, widget=forms.CheckboxSelectMultiple, **comun
        )
    if tipo == Pregunta.Tipo.SI_NO:
        return forms.ChoiceField(
            choices=[("si", _("Sí")), ("no", _("No"))], widget=forms.RadioSelect, **comun
        )
    if tipo == Pregunta.Tipo.LIKERT:
        return forms.ChoiceField(choices=ETIQUETAS_LIKERT, widget=forms.RadioSelect, **comun)
    if tipo == Pregunta.Tipo.NUMERO:
        return NumeroColombianoField(minimo=pregunta.minimo, maximo=pregunta.maximo, **comun)
    if tipo == Pregunta.Tipo.FECHA:
        return forms.DateField(widget=FechaInput(), **comun)
    if tipo == Pregunta.Tipo.TEXTO_CORTO:
        return forms.CharField(
            max_length=TEXTO_CORTO, error_messages=largo_maximo(TEXTO_CORTO), **comun
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXTO_RESPUESTA,
        error_messages=largo_maximo(TEXTO_RESPUESTA),
        **comun,
    )


def valor_inicial(pregunta, fila):
    if fila is None:
        return None
    if pregunta.tipo == Pregunta.Tipo.MULTIPLE:
        return fila.valores
    if pregunta.tipo == Pregunta.Tipo.NUMERO:
        return fila.numero
    if pregunta.tipo == Pregunta.Tipo.FECHA:
        return fila.fecha
    return fila.valor or fila.texto


class PasoForm(forms.Form):
    """The questions of one dimension. Required-ness is checked by the view, which knows which
    questions are visible given the answers on this page and on others."""

    def __init__(self, *args, preguntas, respuestas, **kwargs):
        super().__init__(*args, **kwargs)
        self.preguntas = preguntas
        for pregunta in preguntas:
            campo = _campo(pregunta)
            campo.initial = valor_inicial(pregunta, respuestas.get(pregunta.pk))
            campo.pregunta = pregunta
            self.fields[nombre_campo(pregunta)] = campo

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        # A code that is not among the options (a stale page, an option staff removed) has no
        # radio or box to show it in; show the stored answer checked instead, so that saving the
        # page again does not send «nothing chosen» and clear it.
        sin_opcion = [
            nombre
            for nombre, errores in self.errors.as_data().items()
            if isinstance(self.fields.get(nombre), forms.ChoiceField)
            and any(e.code == "invalid_choice" for e in errores)
        ]
        if sin_opcion:
            self.data = self.data.copy()
            for nombre in sin_opcion:
                guardado = self.fields[nombre].initial
                if hasattr(self.data, "setlist"):
                    lista = guardado if isinstance(guardado, list) else [guardado]
                    self.data.setlist(nombre, [v for v in lista if v])
                else:
                    self.data[nombre] = guardado

    def valores(self):
        """Cleaned values by question id (only for fields that validated)."""
        datos = getattr(self, "cleaned_data", {})
        return {
            p.pk: datos.get(nombre_campo(p)) for p in self.preguntas if nombre_campo(p) in datos
        }


class RevisionForm(forms.Form):
    estado = forms.ChoiceField(
        label=_("Resultado de la revisión"),
        choices=[
            (Respuesta.Estado.APROBADA, _("Aprobada")),
            (Respuesta.Estado.CON_OBSERVACIONES, _("Con observaciones")),
        ],
    )
    comentario = forms.CharField(
        label=_("Comentario para la Junta"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXTO_RESPUESTA,
        error_messages=largo_maximo(TEXTO_RESPUESTA),
    )

    def clean(self):
        datos = super().clean()
        if datos.get("estado") == Respuesta.Estado.CON_OBSERVACIONES and not datos.get(
            "comentario"
        ):
            self.add_error("comentario", _("Escriba las observaciones para la Junta."))
        return datos


class FiltroResultadosForm(forms.Form):
    """The results dashboard's filters (GET)."""

    instrumento = forms.ModelChoiceField(
        label=_("Instrumento y ronda"), queryset=None, required=False, empty_label=None
    )
    tipo = forms.ChoiceField(label=_("Tipo"), required=False)
    localidad = forms.ModelChoiceField(
        label=_("Localidad"), queryset=None, required=False, empty_label=_("Todas")
    )
    ucg = forms.ModelChoiceField(
        label=_("UCG"), queryset=None, required=False, empty_label=_("Todas")
    )
    por = forms.ChoiceField(
        label=_("Mapa de calor por"),
        choices=[("localidad", _("Localidad")), ("ucg", _("UCG"))],
        required=False,
    )

    def __init__(self, *args, instrumentos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrumento"].queryset = instrumentos
        self.fields["tipo"].choices = [("", _("JAC y JVC"))] + [
            c for c in Organizacion.Tipo.choices if c[0] != Organizacion.Tipo.ASOJAC
        ]
        self.fields["localidad"].queryset = Localidad.objects.all()
        self.fields["ucg"].queryset = UnidadComunera.objects.all()

    def filtros(self):
        datos = self.cleaned_data if self.is_valid() else {}
        instrumento = datos.get("instrumento") or self.fields["instrumento"].queryset.first()
        return (
            instrumento,
            {k: datos.get(k) for k in ("tipo", "localidad", "ucg")},
            datos.get("por") or "localidad",
        )
