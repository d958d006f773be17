"""Bases for the ModelAdmins: junk in the admin's addresses gets a 404 or the admin's own
"invalid filter" notice, never a 500.

- django-simple-history passes the ids of `…/<id>/history/<version>/` straight to the ORM, so
  `/admin/juntas/organizacion/abc/history/abc/` raised ValueError: `HistorialAdmin` checks both.
- The admin turns a date-hierarchy year like `?fecha__year=99999999999999999999` into a
  `datetime` and catches ValueError but not OverflowError; and an autocomplete field shows a
  form sent back with `organizacion=abc` by filtering the database with "abc" (ValueError).
  `AdminSeguroMixin` turns the first into the invalid-filter notice and shows the form again
  with the junk value left out.

On a change list, the scripts only a change form needs (urlify, prepopulate and the 36 KB
xregexp, for prepopulated fields) are left out: loaded in the page's <head> they held its first
paint on a phone (Lighthouse's render-blocking resources). The others stay as the admin loads them
(deferring them was measured: the page was drawn sooner but then busy, Lighthouse's TBT).

Every ModelAdmin and inline of the portal derives from one of them.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms import Media
from django.forms.widgets import MediaAsset
from django.http import Http404
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from .peticiones import entero_o_404


class _ListaSinDesbordes(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class _SoloValoresValidos:
    """An autocomplete widget that renders only the sent values its model's key accepts."""

    def optgroups(self, name, value, attr=None):
        opciones = self.field.remote_field.model._meta
        campo = opciones.get_field(getattr(self.field.remote_field, "field_name", opciones.pk.name))
        validos = []
        for valor in value:
            try:
                campo.to_python(valor)
            except (ValidationError, ValueError, TypeError):
                continue
            validos.append(valor)
        return super().optgroups(name, validos, attr)


class _Autocompletar(_SoloValoresValidos, AutocompleteSelect):
    pass


class _AutocompletarVarios(_SoloValoresValidos, AutocompleteSelectMultiple):
    pass


class _CeldasConNombre:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            if not campo.widget.is_hidden and "aria-label" not in campo.widget.attrs:
                campo.widget.attrs["aria-label"] = f"{capfirst(str(campo.label))} ({self.instance})"


SOLO_EN_FORMULARIOS = ("admin/js/urlify.js", "admin/js/prepopulate.js", "admin/js/vendor/xregexp/")


def scripts_de_lista(media):
    """`media` without the scripts of the change form's prepopulated fields."""
    return Media(
        css=media._css,
        js=[
            s
            for s in media._js
            if not (s._path if isinstance(s, MediaAsset) else s).startswith(SOLO_EN_FORMULARIOS)
        ],
    )


class AdminSeguroMixin:
    """For a ModelAdmin or an inline: its list and its autocomplete fields take junk; the cells
    of an editable list are named «Campo (fila)» (they have a column header, no <label>)."""

    def get_changelist(self, request, **kwargs):
        return _ListaSinDesbordes

    def changelist_view(self, request, extra_context=None):
        respuesta = super().changelist_view(request, extra_context)
        contexto = getattr(respuesta, "context_data", None)
        if contexto and isinstance(contexto.get("media"), Media):
            contexto["media"] = scripts_de_lista(contexto["media"])
        return respuesta

    def get_changelist_form(self, request, **kwargs):
        return type(
            "FormularioDeLista",
            (_CeldasConNombre, super().get_changelist_form(request, **kwargs)),
            {},
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = _Autocompletar(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = _AutocompletarVarios(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _pk_o_404(modelo, object_id):
    if not isinstance(object_id, str) or "\x00" in object_id:
        raise Http404
    try:
        modelo._meta.pk.to_python(object_id)
    except (ValidationError, ValueError, TypeError):
        raise Http404 from None


class HistorialAdmin(AdminSeguroMixin, SimpleHistoryAdmin):
    def history_view(self, request, object_id, extra_context=None):
        _pk_o_404(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _pk_o_404(self.model, object_id)
        entero_o_404(version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
