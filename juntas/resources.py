"""Import and export of the registry (django-import-export), with Spanish columns and messages.

An import is all-or-nothing: the admin only offers to confirm a file whose every row is valid, and
`importar` (used by the admin's confirm step and by `manage.py importar_juntas`) rolls back the
whole file on any error. Each bad row is reported with its line, column and reason.

Exports escape texts that would open as formulas (`nucleo.hojas`); importing such a file again
removes that escape, so a round trip keeps the text as typed.
"""

import datetime
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from nucleo.hojas import celda_segura, sin_escape

from .models import Barrio, Dignatario, Localidad, Organizacion
from .validators import normalizar_nit


def _sin_tildes(texto) -> str:
    texto = unicodedata.normalize("NFKD", str(texto or "")).encode("ascii", "ignore").decode()
    return " ".join(texto.lower().split())


class ChoiceWidget(widgets.Widget):
    """Accepts a choice's code or its Spanish label (any case, with or without accents)."""

    def __init__(self, choices, nombre):
        super().__init__()
        self.nombre = nombre
        self.por_texto = {}
        for codigo, etiqueta in choices:
            self.por_texto[_sin_tildes(codigo)] = codigo
            self.por_texto[_sin_tildes(etiqueta)] = codigo

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return ""
        codigo = self.por_texto.get(_sin_tildes(value))
        if codigo is None:
            validos = ", ".join(sorted(set(self.por_texto.values())))
            raise ValueError(
                _("«%(valor)s» no es un %(campo)s válido; use uno de: %(validos)s.")
                % {"valor": value, "campo": self.nombre, "validos": validos}
            )
        return codigo

    def render(self, value, obj=None, **kwargs):
        return value or ""


class FechaWidget(widgets.Widget):
    """Dates as dd/mm/aaaa (also ISO, and real dates from a spreadsheet cell)."""

    FORMATOS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        texto = str(value).strip()
        for formato in self.FORMATOS:
            try:
                return datetime.datetime.strptime(texto, formato).date()
            except ValueError:
                continue
        raise ValueError(_("«%(valor)s» no es una fecha; use dd/mm/aaaa.") % {"valor": value})

    def render(self, value, obj=None, **kwargs):
        # The date itself: the XLSX writes a date cell, the CSV for Excel dd/mm/aaaa, the CSV
        # for programs ISO 8601 (`nucleo.hojas`); `clean` reads each of them back.
        return value or ""


class SiNoWidget(widgets.Widget):
    SI = {"si", "s", "x", "1", "true", "verdadero"}
    NO = {"no", "n", "0", "false", "falso", ""}

    def clean(self, value, row=None, **kwargs):
        if value is True or value is False:
            return value
        texto = _sin_tildes(value)
        if texto in self.SI:
            return True
        if texto in self.NO:
            return False
        raise ValueError(_("«%(valor)s» no es sí o no.") % {"valor": value})

    def render(self, value, obj=None, **kwargs):
        return _("sí") if value else _("no")


class TextoWidget(widgets.CharWidget):
    """Text cells; spreadsheet numbers (a phone typed as a number) keep no trailing «.0»."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else sin_escape(str(value)).strip()


class NitWidget(TextoWidget):
    def clean(self, value, row=None, **kwargs):
        texto = super().clean(value, row, **kwargs)
        return normalizar_nit(texto) or None


class BarrioWidget(widgets.ForeignKeyWidget):
    """A barrio or vereda by name, ignoring case and accents; clear errors if unknown or ambiguous.

    The catalogue (a few hundred rows) is read once per import, not once per row.
    """

    def __init__(self):
        super().__init__(Barrio, "nombre")
        self._indice = None

    def _catalogo(self):
        if self._indice is None:
            self._indice = {}
            for barrio in Barrio.objects.select_related("unidad_comunera", "localidad"):
                self._indice.setdefault(_sin_tildes(barrio.nombre), []).append(barrio)
        return self._indice

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        candidatos = self._catalogo().get(_sin_tildes(value), [])
        if not candidatos:
            raise ValueError(
                _(
                    "El barrio o vereda «%(valor)s» no está en el catálogo; revise el nombre o "
                    "créelo primero en Barrios y veredas."
                )
                % {"valor": value}
            )
        if len(candidatos) > 1 and row and row.get("localidad"):
            localidad = _sin_tildes(row["localidad"])
            candidatos = [
                c
                for c in candidatos
                if localidad in (_sin_tildes(c.localidad.codigo), _sin_tildes(c.localidad.nombre))
            ] or candidatos
        if len(candidatos) > 1:
            raise ValueError(
                _(
                    "Hay varios barrios «%(valor)s» (en %(donde)s); indique la localidad en la "
                    "columna localidad."
                )
                % {"valor": value, "donde": ", ".join(str(c.localidad) for c in candidatos)}
            )
        return candidatos[0]


class LocalidadWidget(widgets.ForeignKeyWidget):
    """A localidad by code (L1) or name."""

    def __init__(self):
        super().__init__(Localidad, "codigo")
        self._localidades = None

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        buscado = _sin_tildes(value)
        if self._localidades is None:  # three rows, read once per import
            self._localidades = list(Localidad.objects.all())
        for localidad in self._localidades:
            if buscado in (_sin_tildes(localidad.codigo), _sin_tildes(localidad.nombre)):
                return localidad
        raise ValueError(_("La localidad «%(valor)s» no existe.") % {"valor": value})

    def render(self, value, obj=None, **kwargs):
        return value.nombre if value else ""


class AsociacionWidget(widgets.ForeignKeyWidget):
    """The ASOJAC a Junta belongs to, by its registry code."""

    def __init__(self):
        super().__init__(Organizacion, "codigo_registro")
        self._asociaciones = None

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        codigo = str(value).strip()
        if self._asociaciones is None or codigo not in self._asociaciones:
            # A handful of rows, read again only if the file itself created a new one.
            self._asociaciones = {
                a.codigo_registro: a
                for a in Organizacion.objects.filter(tipo=Organizacion.Tipo.ASOJAC)
            }
        asociacion = self._asociaciones.get(codigo)
        if asociacion is None:
            raise ValueError(
                _("No hay una Asociación con código de registro «%(valor)s».") % {"valor": value}
            )
        return asociacion


def _campo(atributo, columna, widget=None, **kwargs):
    return fields.Field(
        attribute=atributo, column_name=columna, widget=widget or TextoWidget(), **kwargs
    )


class ExportacionSegura:
    """Every exported text cell through `celda_segura`, in CSV and XLSX alike.

    Cells of numeric columns are left alone: they hold numbers (a real -5), which no spreadsheet
    reads as a formula even when the CSV writes them as text. Widgets give their native values
    (numbers, dates) whatever the format: `nucleo.hojas` writes them for each file type.
    """

    def export_field(self, field, instance, **kwargs):
        kwargs["force_native_type"] = True
        valor = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget):
            return valor
        return celda_segura(valor)


class OrganizacionResource(ExportacionSegura, resources.ModelResource):
    """One row per organization; columns named as the Secretaría's spreadsheets name them."""

    codigo_registro = _campo("codigo_registro", "codigo_registro")
    nombre = _campo("nombre", "nombre")
    tipo = _campo("tipo", "tipo", ChoiceWidget(Organizacion.Tipo.choices, _("tipo")))
    nit = _campo("nit", "nit", NitWidget())
    personeria_numero = _campo("personeria_numero", "personeria_numero")
    personeria_fecha = _campo("personeria_fecha", "personeria_fecha", FechaWidget())
    barrio = _campo("barrio", "barrio", BarrioWidget())
    ucg = fields.Field(column_name="ucg", readonly=True)
    localidad = _campo("localidad", "localidad", LocalidadWidget())
    asociacion = _campo("asociacion", "asociacion", AsociacionWidget())
    direccion = _campo("direccion", "direccion")
    telefono = _campo("telefono", "telefono")
    correo = _campo("correo", "correo")
    estado = _campo("estado", "estado", ChoiceWidget(Organizacion.Estado.choices, _("estado")))
    afiliados = _campo("afiliados", "afiliados", widgets.IntegerWidget())
    fecha_eleccion = _campo("fecha_eleccion", "fecha_eleccion", FechaWidget())
    periodo_inicio = _campo("periodo_inicio", "periodo_inicio", FechaWidget())
    periodo_fin = _campo("periodo_fin", "periodo_fin", FechaWidget())
    participa = _campo("participa", "participa", SiNoWidget())
    participa_desde = _campo("participa_desde", "participa_desde", FechaWidget())
    notas = _campo("notas", "notas")

    class Meta:
        model = Organizacion
        fields = (
            "codigo_registro",
            "nombre",
            "tipo",
            "nit",
            "personeria_numero",
            "personeria_fecha",
            "barrio",
            "ucg",
            "localidad",
            "asociacion",
            "direccion",
            "telefono",
            "correo",
            "estado",
            "afiliados",
            "fecha_eleccion",
            "periodo_inicio",
            "periodo_fin",
            "participa",
            "participa_desde",
            "notas",
        )
        export_order = fields
        import_id_fields = ["codigo_registro"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        # One query for every existing organization instead of one per row.
        instance_loader_class = CachedInstanceLoader

    def get_queryset(self):
        return Organizacion.objects.select_related(
            "barrio", "unidad_comunera", "localidad", "asociacion"
        ).order_by("codigo_registro")

    def import_data(self, dataset, **kwargs):
        """All or nothing by default: a row with validation errors rolls the file back."""
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)

    def dehydrate_ucg(self, organizacion):
        return organizacion.unidad_comunera.numero if organizacion.unidad_comunera_id else ""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """A cell that could not be read reports its own reason, not also the model's rule."""
        # Copied first: the parent appends the model's errors to these very lists.
        previos = {campo: list(e) for campo, e in (import_validation_errors or {}).items()}
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(
                {
                    campo: previos.get(campo, mensajes)
                    for campo, mensajes in error.message_dict.items()
                }
            ) from None

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = "Importado desde archivo"


class OrganizacionResourceMasiva(OrganizacionResource):
    """The same columns, rules and error messages, for large files (`importar_juntas`).

    Rows are written in batches with their history rows; the widgets have already checked the
    foreign keys, so `full_clean` skips those queries; NITs are checked against the registry read
    once, and against the rest of the file, in memory.
    """

    RELACIONES = ("barrio", "localidad", "asociacion", "unidad_comunera", "corregimiento")

    class Meta(OrganizacionResource.Meta):
        use_bulk = True
        batch_size = 2000

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._usuario = kwargs.get("user")
        self._nits = dict(
            Organizacion.objects.exclude(nit="").values_list("nit", "codigo_registro")
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        previos = {campo: list(e) for campo, e in (import_validation_errors or {}).items()}
        errores = {campo: list(e) for campo, e in previos.items()}
        try:
            instance.full_clean(exclude=set(errores) | set(self.RELACIONES), validate_unique=False)
        except ValidationError as error:
            errores = error.update_error_dict(errores)
        errores.update(previos)  # a cell that could not be read reports only its own reason
        if instance.nit and "nit" not in errores:
            otra = self._nits.setdefault(instance.nit, instance.codigo_registro)
            if otra != instance.codigo_registro:
                errores["nit"] = [
                    _("Otra organización (%(codigo)s) ya tiene el NIT %(nit)s.")
                    % {"codigo": otra, "nit": instance.nit}
                ]
        if errores:
            raise ValidationError(errores)

    def save_instance(self, instance, is_create, row, **kwargs):
        if instance.tipo == Organizacion.Tipo.ASOJAC:
            # Written at once (a handful of rows): the file's Juntas may point to it.
            self.before_save_instance(instance, row, **kwargs)
            instance.save()
            self.after_save_instance(instance, row, **kwargs)
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.barrio_id:  # what Organizacion.save() derives, which bulk writes skip
            instance.unidad_comunera_id = instance.barrio.unidad_comunera_id
            instance.localidad_id = instance.barrio.localidad_id

    def get_bulk_update_fields(self):
        columnas = [
            campo.attribute
            for campo in self.get_import_fields()
            if campo.attribute and not campo.readonly
        ]
        return [*columnas, "unidad_comunera"]  # derived from the barrio

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances, Organizacion, batch_size=batch_size,
                    default_user=self._usuario, default_change_reason="Importado desde archivo",
                )  # fmt: skip
            except Exception as error:  # noqa: BLE001 (reported as the file's error)
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                bulk_update_with_history(
                    self.update_instances, Organizacion, self.get_bulk_update_fields(),
                    batch_size=batch_size, default_user=self._usuario,
                    default_change_reason="Importado desde archivo",
                )  # fmt: skip
            except Exception as error:  # noqa: BLE001 (reported as the file's error)
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()


class DignatarioResource(ExportacionSegura, resources.ModelResource):
    """Export of the boards (personal data: only staff reach it, from the admin)."""

    organizacion = fields.Field(column_name="organizacion", attribute="organizacion__nombre")
    codigo_registro = fields.Field(
        column_name="codigo_registro", attribute="organizacion__codigo_registro"
    )
    cargo = fields.Field(column_name="cargo", attribute="get_cargo_display")
    suplente = _campo("suplente", "suplente", SiNoWidget())
    periodo_inicio = _campo("periodo_inicio", "periodo_inicio", FechaWidget())
    periodo_fin = _campo("periodo_fin", "periodo_fin", FechaWidget())
    activo = _campo("activo", "activo", SiNoWidget())

    class Meta:
        model = Dignatario
        fields = (
            "codigo_registro",
            "organizacion",
            "cargo",
            "suplente",
            "nombres",
            "apellidos",
            "tipo_documento",
            "documento",
            "telefono",
            "correo",
            "periodo_inicio",
            "periodo_fin",
            "activo",
        )
        export_order = fields

    def get_queryset(self):
        return Dignatario.objects.select_related("organizacion").order_by(
            "organizacion__codigo_registro", "cargo"
        )


@dataclass
class ErrorDeFila:
    linea: int
    columna: str
    motivo: str


def errores_de(resultado) -> list[ErrorDeFila]:
    """Flatten an import result into (line, column, reason), lines numbered as in the spreadsheet.

    Line 1 is the header, so the first data row is line 2.
    """
    errores = []
    for fila in resultado.invalid_rows:
        for columna, mensajes in fila.field_specific_errors.items():
            for mensaje in mensajes:
                errores.append(ErrorDeFila(fila.number + 1, columna, str(mensaje)))
        for mensaje in fila.non_field_specific_errors:
            errores.append(ErrorDeFila(fila.number + 1, "—", str(mensaje)))
    for numero, fila in resultado.row_errors():
        for error in fila:
            errores.append(ErrorDeFila(numero + 1, "—", str(error.error)))
    for error in resultado.base_errors:
        errores.append(ErrorDeFila(0, "—", str(error.error)))
    return sorted(errores, key=lambda e: e.linea)


def importar(dataset, *, usuario=None, dry_run=False, masiva=False):
    """Import a registry dataset atomically; returns (result, errors). An error writes nothing.

    `masiva` writes in batches (large files from the command line); otherwise row by row with
    the diff the admin's preview shows.
    """
    recurso = OrganizacionResourceMasiva() if masiva else OrganizacionResource()
    with transaction.atomic():
        resultado = recurso.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=usuario,
        )
        errores = errores_de(resultado)
        if errores or dry_run:
            transaction.set_rollback(True)
    return resultado, errores
