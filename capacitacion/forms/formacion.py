"""The training programme's forms: plan filters and adjustments, registrations, attendance
(the sheet's walk-ins, an import, a meeting report's review), evaluations and certificate checks."""

import re

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from juntas.models import Localidad, Organizacion
from juntas.validators import DOCUMENTO_REGEX, MENSAJE_DOCUMENTO, validar_telefono
from nucleo.busqueda import sin_tildes

from ..models.formacion import ALFABETO_CERTIFICADO, Modulo, normalizar_codigo_certificado
from .encuesta import PasoForm, largo_maximo


class FiltroPlanForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar Junta"), required=False, max_length=100, error_messages=largo_maximo(100)
    )
    localidad = forms.ModelChoiceField(
        label=_("Localidad"), queryset=None, required=False, empty_label=_("Todas")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["localidad"].queryset = Localidad.objects.all()

    def juntas(self):
        datos = self.cleaned_data if self.is_valid() else {}
        juntas = Organizacion.objects.juntas().filter(participa=True).order_by("nombre")
        if datos.get("localidad"):
            juntas = juntas.filter(localidad=datos["localidad"])
        if datos.get("q"):
            juntas = juntas.filter(nombre__sintildes=datos["q"])
        return juntas


class AjustePlanForm(forms.Form):
    organizacion = forms.ModelChoiceField(queryset=None)
    modulo = forms.ModelChoiceField(queryset=None)
    accion = forms.ChoiceField(choices=[("incluir", ""), ("excluir", ""), ("automatico", "")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizacion"].queryset = Organizacion.objects.juntas()
        self.fields["modulo"].queryset = Modulo.objects.all()

    def incluido(self):
        return {"incluir": True, "excluir": False, "automatico": None}[self.cleaned_data["accion"]]


class InscripcionForm(forms.Form):
    """A leader registers a delegate: one of the Junta's dignatarios, or anyone by document.

    `dignatarios` is the Junta's board, read once by the view and shared by the forms of every
    session on the page (a queryset per form would cost a query per session).
    """

    dignatario = forms.TypedChoiceField(
        label=_("Dignatario de la Junta"), coerce=int, required=False, empty_value=None
    )
    documento = forms.RegexField(
        label=_("Número de documento"),
        regex=DOCUMENTO_REGEX,
        required=False,
        error_messages={"invalid": MENSAJE_DOCUMENTO},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    nombres = forms.CharField(label=_("Nombres"), max_length=100, required=False)
    apellidos = forms.CharField(label=_("Apellidos"), max_length=100, required=False)
    telefono = forms.CharField(
        label=_("Teléfono"),
        max_length=20,
        required=False,
        validators=[validar_telefono],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, dignatarios, **kwargs):
        super().__init__(*args, **kwargs)
        self.dignatarios = {d.pk: d for d in dignatarios}
        self.fields["dignatario"].choices = [("", _("— Otra persona —"))] + [
            (d.pk, f"{d.nombre_completo} ({d.get_cargo_display()})") for d in dignatarios
        ]

    def clean(self):
        datos = super().clean()
        # A document typed wrong has its own message: not also «choose someone».
        if (
            not datos.get("dignatario")
            and not datos.get("documento")
            and "documento" not in self.errors
        ):
            raise forms.ValidationError(
                _("Elija un dignatario o escriba el documento de la persona que asistirá.")
            )
        return datos

    def datos_persona(self):
        """What `services.formacion.inscribir_delegado` takes: a dignatario's registry data, or
        what the leader typed."""
        datos = self.cleaned_data
        if datos.get("dignatario"):
            d = self.dignatarios[datos["dignatario"]]
            return {
                "dignatario": d,
                "documento": d.documento,
                "nombres": d.nombres,
                "apellidos": d.apellidos,
                "telefono": d.telefono,
                "correo": d.correo,
            }
        return {k: datos[k] for k in ("documento", "nombres", "apellidos", "telefono")}


# The <datalist> of Juntas a page renders once for every box that picks one from it.
LISTA_DE_JUNTAS = "juntas-de-la-lista"


def nombre_en_lista(junta):
    """How a Junta reads in the list: its name and, to tell namesakes apart, its code."""
    return f"{junta.nombre} ({junta.codigo_registro})" if junta.codigo_registro else junta.nombre


class JuntaEnListaField(forms.ModelChoiceField):
    """A Junta typed with suggestions instead of a 429-item drop-down: a text box tied to the
    page's <datalist> (LISTA_DE_JUNTAS), which phones and screen readers offer as a combobox.
    It takes what the list puts in the box («Nombre (código)»), a name written in full with or
    without accents, or the Junta's id (what the drop-down used to send)."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid_choice": _("Escriba parte del nombre de la Junta y elíjala de la lista."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text", _("Escriba parte del nombre o del código y elija la Junta de la lista.")
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"list": LISTA_DE_JUNTAS, "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        texto = " ".join(str(value).split())
        junta = None
        if texto.isdigit():
            junta = self.queryset.filter(pk=texto).first()
        else:
            codigo = re.search(r"\(([^()]+)\)$", texto)
            if codigo:
                junta = self.queryset.filter(codigo_registro=codigo.group(1)).first()
            if junta is None:
                iguales = [
                    j
                    for j in self.queryset.filter(nombre__sintildes=texto)
                    if sin_tildes(j.nombre) == sin_tildes(texto)
                ]
                junta = iguales[0] if len(iguales) == 1 else None
        if junta is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return junta

    def prepare_value(self, value):
        if isinstance(value, Organizacion):
            return nombre_en_lista(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            junta = self.queryset.filter(pk=value).first()
            return nombre_en_lista(junta) if junta else value
        return value

    def has_changed(self, initial, data):
        return bool(data) != bool(initial)


class AsistenteNuevoForm(forms.Form):
    """A walk-in on the attendance sheet, found or created by document number."""

    documento = forms.RegexField(
        label=_("Documento"),
        regex=DOCUMENTO_REGEX,
        error_messages={"invalid": MENSAJE_DOCUMENTO},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    nombres = forms.CharField(label=_("Nombres"), max_length=100, required=False)
    apellidos = forms.CharField(label=_("Apellidos"), max_length=100, required=False)
    organizacion = JuntaEnListaField(label=_("Junta"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizacion"].queryset = Organizacion.objects.juntas().order_by("nombre")


class ImportarAsistenciaForm(forms.Form):
    archivo = forms.FileField(
        label=_("Archivo de asistencia"),
        help_text=_(
            "El informe de asistencia de Microsoft Teams, el informe de participantes de Zoom, el "
            "de asistencia de Google Meet (descargado como CSV) o una lista del portal con las "
            "columnas documento, nombres, apellidos y codigo_registro (CSV de Excel o .xlsx)."
        ),
    )

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        if archivo.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("El archivo pesa más de %(max)s: suba solo la lista de asistencia.")
                % {"max": filesizeformat(settings.UPLOAD_MAX_BYTES)}
            )
        return archivo


NO_INCLUIR = "no"


class RevisionAsistenciaForm(forms.Form):
    """Staff's decision on each line of a meeting report: the registered person it is, or left
    out. Minutes never travel in the form: they stay with the parsed report on the server."""

    porcentaje = forms.IntegerField(
        label=_("Cuenta como asistencia desde este porcentaje de la sesión conectado"),
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control"}),
        error_messages={
            "invalid": _("Escriba un número entero de 1 a 100."),
            "min_value": _("Escriba un número entero de 1 a 100."),
            "max_value": _("Escriba un número entero de 1 a 100."),
            "required": _("Escriba un número entero de 1 a 100."),
        },
    )

    def __init__(self, *args, participantes, inscripciones, **kwargs):
        super().__init__(*args, **kwargs)
        self.participantes = participantes
        etiquetas = {
            i.pk: f"{i.persona.nombre_completo} · {i.organizacion.nombre}" for i in inscripciones
        }
        for indice, participante in enumerate(participantes):
            posibles = [
                (str(pk), etiquetas[pk]) for pk in participante.candidatas if pk in etiquetas
            ]
            otras = [
                (str(pk), e) for pk, e in etiquetas.items() if pk not in participante.candidatas
            ]
            opciones = [(NO_INCLUIR, _("No incluir"))]
            if participante.estado == "ambigua":
                opciones = [("", _("— Elija a quién corresponde —")), *opciones]
            if posibles:
                opciones.append((_("Coinciden con la línea"), posibles))
            if otras:
                opciones.append((_("Otras personas inscritas"), otras))
            inicial = posibles[0][0] if len(posibles) == 1 else ""
            if participante.estado == "ninguna":
                inicial = NO_INCLUIR
            self.fields[self.nombre(indice)] = forms.ChoiceField(
                label=_("Persona de la línea de «%(n)s»") % {"n": participante.nombre[:80]},
                choices=opciones,
                initial=inicial,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                error_messages={
                    "required": _("Elija a quién corresponde esta línea o «No incluir»."),
                    "invalid_choice": _("Elija una persona inscrita en la sesión o «No incluir»."),
                },
            )

    @staticmethod
    def nombre(indice):
        return f"fila_{indice}"

    def elecciones(self):
        """Participant index → inscripcion id or None: the valid choices so far (bound or not),
        for the result shown before confirming; after is_valid(), all of them."""
        elecciones = {}
        for indice in range(len(self.participantes)):
            campo = self.nombre(indice)
            if self.is_bound:
                valor = (self.cleaned_data if hasattr(self, "cleaned_data") else {}).get(campo)
            else:
                valor = self.fields[campo].initial
            elecciones[indice] = int(valor) if valor and valor != NO_INCLUIR else None
        return elecciones


class EvaluacionForm(PasoForm):
    """An evaluation's questions, preceded by the document number that identifies the attendee."""

    documento = forms.CharField(
        label=_("Su número de documento"),
        max_length=12,
        help_text=_("El mismo con que se inscribió. Solo sirve para saber que asistió."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        validators=[RegexValidator(DOCUMENTO_REGEX, MENSAJE_DOCUMENTO)],
    )

    field_order = ["documento"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["documento"])


class VerificarCertificadoForm(forms.Form):
    codigo = forms.CharField(
        label=_("Código del certificado"),
        max_length=30,
        help_text=_(
            "Está al pie del certificado, p. ej. «7KQ2-M9XA-4HTB»: doce caracteres, con o sin "
            "guiones, en mayúsculas o minúsculas. Usa las cifras del 2 al 9 y las letras sin la "
            "I ni la O (no hay 0 ni 1)."
        ),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

    def clean_codigo(self):
        escrito = self.cleaned_data["codigo"]
        codigo = normalizar_codigo_certificado(escrito)
        if codigo:
            return codigo
        limpio = "".join(c for c in escrito.upper() if c not in " -.\t")
        ajenos = sorted({c for c in limpio if c not in ALFABETO_CERTIFICADO})
        if ajenos:
            raise forms.ValidationError(
                _(
                    "El código no usa %(ajenos)s: solo las cifras del 2 al 9 y las letras sin la "
                    "I ni la O (así no se confunden el 0 con la O ni el 1 con la I)."
                ),
                params={"ajenos": ", ".join(f"«{c}»" for c in ajenos)},
            )
        raise forms.ValidationError(
            _(
                "El código tiene doce caracteres (tres grupos de cuatro, con o sin guiones); "
                "el que escribió tiene %(n)d."
            ),
            params={"n": len(limpio)},
        )
