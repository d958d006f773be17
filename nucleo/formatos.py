"""django-import-export's export formats written by `nucleo.hojas`, and an admin mixin for them.

The library's own CSV is `,`-separated without a BOM (Excel es-CO opens it as one column, with
«Ã©» for «é») and its XLSX writes whatever the widgets rendered, text dates included. These
formats write the resource's native values: XLSX with real number and date cells, «CSV para
Excel» as Excel under Spanish (Colombia) reads it, and «CSV para programas» with `,`, decimal
point and ISO dates. They only export; the import formats are the admin's `import_formats`.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm

from . import hojas
from .descargas import nombre_de_archivo


class XLSXConCeldas(XLSX):
    def get_title(self):
        return _("XLSX (Excel, con fechas y números reales)")

    def export_data(self, dataset, **kwargs):
        return hojas.xlsx_bytes(dataset)

    def can_import(self):
        return False


class _CSVPortal(CSV):
    para = hojas.EXCEL
    CONTENT_TYPE = hojas.TIPO_CSV

    def export_data(self, dataset, **kwargs):
        return hojas.csv_bytes(dataset, para=self.para)

    def is_binary(self):
        return True  # already bytes, BOM included: the admin must not encode them again

    def can_import(self):
        return False


class CSVParaExcel(_CSVPortal):
    def get_title(self):
        return _("CSV para Excel (separado por punto y coma)")


class CSVParaProgramas(_CSVPortal):
    para = hojas.MAQUINAS

    def get_title(self):
        return _("CSV para programas (separado por comas, punto decimal)")


FORMATOS_DE_EXPORTACION = [XLSXConCeldas, CSVParaExcel, CSVParaProgramas]


def etiqueta_de_columna(resource, nombre):
    """How a column is named to people: the resource's `etiquetas` entry, else the verbose name
    of the model field it reads (following relations: `organizacion__nombre`), else the column
    name itself. import-export titled the attribute name («Codigo Registro», «Direccion»)."""
    etiquetas = getattr(resource, "etiquetas", {})
    if nombre in etiquetas:
        return capfirst(str(etiquetas[nombre]))
    campo = resource.fields.get(nombre)
    atributo = getattr(campo, "attribute", None) or nombre
    modelo = resource._meta.model
    verbose = None
    for parte in atributo.split("__"):
        try:
            campo_modelo = modelo._meta.get_field(parte)
        except FieldDoesNotExist:
            break
        verbose = getattr(campo_modelo, "verbose_name", None)
        modelo = getattr(campo_modelo, "related_model", None) or modelo
    return capfirst(str(verbose or nombre.replace("_", " ")))


class FormularioDeExportacion(SelectableFieldsExportForm):
    """The admin's export page, its columns named in Spanish with their accents; the column
    name in the file follows in parentheses (the name the import reads)."""

    def _get_field_label(self, resource, field_name):
        etiqueta = etiqueta_de_columna(resource, field_name)
        campo = resource.fields.get(field_name)
        columna = campo.column_name if campo else field_name
        return f"{etiqueta} ({columna})"


class ExportacionExcelMixin:
    """For an import-export ModelAdmin: the formats above, widgets' native values (numbers and
    dates, whatever the format), and a file name that says the change list's active filters:
    `organizaciones-2026-05-04-localidad-historica-y-del-caribe-norte-participa-si.xlsx`."""

    export_formats = FORMATOS_DE_EXPORTACION
    export_form_class = FormularioDeExportacion

    def get_data_for_export(self, request, queryset, **kwargs):
        return super().get_data_for_export(
            request, queryset, **{**kwargs, "force_native_type": True}
        )

    def get_export_filename(self, request, queryset, file_format):
        partes = [self.model._meta.verbose_name_plural, f"{timezone.localdate():%Y-%m-%d}"]
        partes += self._partes_del_filtro(request)
        return f"{nombre_de_archivo(*partes)}.{file_format.get_extension()}"

    def _partes_del_filtro(self, request):
        """Each active list filter as its title and chosen value, and the search, if any."""
        try:
            lista = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return []
        partes = []
        for filtro in lista.filter_specs:
            if not filtro.used_parameters:
                continue
            elegidos = [str(c["display"]) for c in filtro.choices(lista) if c.get("selected")]
            partes += [filtro.title, *elegidos]
        if lista.query:
            partes += [_("búsqueda"), lista.query]
        return partes
