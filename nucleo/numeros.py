"""Numbers as people in Colombia type and read them: «1.234» is a thousand and more, «12,5» a half.

`numero_es_co` reads typed text (forms, imported spreadsheets); `es_co` writes a number back the
way the reader expects it. Survey questions, evaluations, the registry's forms and imports use
these, so a leader's «1.234» means the same everywhere.
"""

import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# «1.234», «1.234,5», «12.345.678»: dots every three digits are thousands, as people write them
# in Colombia. Anything else with a single dot («12.5», «1234.5») is a decimal point.
MILES_ES_CO = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
DECIMAL_CON_COMA = re.compile(r"^-?\d+,\d+$")
DECIMAL_CON_PUNTO = re.compile(r"^-?\d+(\.\d+)?$")
ESPACIOS = re.compile(r"[\s\u00a0\u202f]+")


def numero_es_co(texto):
    """The text of a number as typed in Colombia, in Python's notation, or None if unreadable.

    Dots in groups of three are thousands (so «1.234» is one thousand two hundred and
    thirty-four, never 1,234); a comma is the decimal mark; a lone dot followed by other than
    three digits is also read as a decimal mark, because phones and copied figures produce it.
    Mixed US notation («1,234.5») is refused rather than guessed.
    """
    texto = ESPACIOS.sub("", texto)
    if MILES_ES_CO.match(texto):
        return texto.replace(".", "").replace(",", ".")
    if DECIMAL_CON_COMA.match(texto):
        return texto.replace(",", ".")
    if DECIMAL_CON_PUNTO.match(texto):
        return texto
    return None


def es_co(valor):
    """A Decimal as a Colombian reads it: «1.234,5», «12», without trailing zeros."""
    entero = valor == valor.to_integral_value()
    valor = valor.quantize(Decimal(1)) if entero else valor.normalize()
    return number_format(valor, use_l10n=True, force_grouping=True)


class NumeroColombianoField(forms.DecimalField):
    """A number question that takes what a leader types on a phone: «12,5», «1.234,5», «1234.5».

    The widget is a text box with `inputmode="decimal"`, not `<input type="number">`: a number
    input throws away «12,5» in browsers whose locale uses a dot and sends an empty value, which
    would read as «no answer». A text box sends exactly what was typed, so the server either
    reads it or shows it back with the reason. `min`/`max` do not apply to a text box in HTML,
    so the range travels as `data-minimo`/`data-maximo` and, for people, in the help text.
    """

    default_error_messages = {
        "invalid": _(
            "Ingrese un número, p. ej. 12 o 12,5: coma para decimales; el punto separa miles "
            "(1.234 es mil doscientos treinta y cuatro)."
        ),
        "max_decimal_places": _("Escriba como máximo %(max)s decimales."),
        "max_digits": _("El número es demasiado grande: revise que esté bien escrito."),
        "max_whole_digits": _("El número es demasiado grande: revise que esté bien escrito."),
    }

    def __init__(self, *, minimo=None, maximo=None, **kwargs):
        self.minimo, self.maximo = minimo, maximo
        atributos = {
            "inputmode": "decimal",
            "pattern": r"-?[0-9]+([.,][0-9]+)*",
            "autocomplete": "off",
        }
        if minimo is not None:
            atributos["data-minimo"] = str(minimo)
        if maximo is not None:
            atributos["data-maximo"] = str(maximo)
        kwargs.setdefault("widget", forms.TextInput(attrs=atributos))
        super().__init__(max_digits=12, decimal_places=2, **kwargs)
        if minimo is not None:
            mensaje = _("Escriba un número mayor o igual a %(limite)s.") % {"limite": es_co(minimo)}
            self.validators.append(MinValueValidator(minimo, message=mensaje))
        if maximo is not None:
            mensaje = _("Escriba un número menor o igual a %(limite)s.") % {"limite": es_co(maximo)}
            self.validators.append(MaxValueValidator(maximo, message=mensaje))
        formato = _("Use coma para decimales (12,5); el punto separa miles (1.234).")
        rango = self._rango()
        self.help_text = " ".join(str(t) for t in (self.help_text, rango, formato) if t)

    def _rango(self):
        if self.minimo is not None and self.maximo is not None:
            return _("Entre %(minimo)s y %(maximo)s.") % {
                "minimo": es_co(self.minimo),
                "maximo": es_co(self.maximo),
            }
        if self.minimo is not None:
            return _("Desde %(minimo)s.") % {"minimo": es_co(self.minimo)}
        if self.maximo is not None:
            return _("Hasta %(maximo)s.") % {"maximo": es_co(self.maximo)}
        return ""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            normalizado = numero_es_co(value.strip())
            if normalizado is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = normalizado
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return es_co(value)
        return value

    def widget_attrs(self, widget):
        # DecimalField would add `step`, meaningless on a text box.
        return forms.Field.widget_attrs(self, widget)
