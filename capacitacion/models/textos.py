"""Ceilings of free text, shared by the survey and the training models and their forms."""

from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# Free text has a ceiling: an answer, a comment or a note fits in 2,000 characters; staff's
# descriptions of modules and strategies in 5,000. The forms say so in Spanish before saving.
TEXTO_RESPUESTA = 2000
TEXTO_DESCRIPCION = 5000


def limite(caracteres):
    """The validators of a free-text field of at most `caracteres` characters."""
    return [
        MaxLengthValidator(
            caracteres,
            message=_(
                "Escriba como máximo %(limit_value)d caracteres (este texto tiene %(show_value)d)."
            ),
        )
    ]
