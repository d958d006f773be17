"""Free texts people type (justifications, observations, answers, narratives) have a length
limit, said in Spanish with the figures people read («Máximo 2.000 caracteres (escribió
2.345).»), so that a pasted document or a script cannot fill the database or break a page.

The limit lives on the forms (and the browser's `maxlength`), not on the model fields: the same
bound everywhere a person types, without a migration per app.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

LARGO_TEXTO = 2000


class LargoMaximo(MaxLengthValidator):
    message = _(
        "Máximo %(limite)s caracteres (escribió %(largo)s). Acorte el texto y envíelo de nuevo."
    )

    def __call__(self, value):
        largo = self.clean(value)
        if self.compare(largo, self.limit_value):
            raise forms.ValidationError(
                self.message,
                code=self.code,
                params={
                    "limite": number_format(self.limit_value, force_grouping=True),
                    "largo": number_format(largo, force_grouping=True),
                    "limit_value": self.limit_value,
                    "show_value": largo,
                    "value": value,
                },
            )


def limitar(campo, maximo=LARGO_TEXTO):
    """Bound one form field: the validator with the Spanish message and the browser's limit."""
    campo.validators.append(LargoMaximo(maximo))
    campo.widget.attrs["maxlength"] = str(maximo)
    return campo


class TextoLibre(forms.CharField):
    """A CharField for a person's free text, bounded to `LARGO_TEXTO` characters."""

    def __init__(self, *, maximo=LARGO_TEXTO, **kwargs):
        super().__init__(**kwargs)
        limitar(self, maximo)


class TextosLimitadosMixin:
    """For a ModelForm over TextFields: `textos_limitados = ["texto"]` bounds those fields."""

    textos_limitados = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nombre in self.textos_limitados:
            limitar(self.fields[nombre])
