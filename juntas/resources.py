"""Import and export of the registry (django-import-export), with Spanish columns and messages.

An import is all-or-nothing: the admin only offers to confirm a file whose every row is valid, and
`importar` (used by the admin's confirm step and by `manage.py importar_juntas`) rolls back the
whole file on any error. Each bad row is reported with its line, column and reason.

Exports escape texts that would open as formulas (`nucleo.hojas`); importing such a file again
removes that escape, so a round trip keeps the text as typed.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.resources import Diff
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from nucleo import resumenes
from nucleo.hojas import celda_segura, sin_escape
from nucleo.numeros import numero_es_co
from nucleo.tablas import (
    ArchivoIlegible,
    Fila,
    Tabla,
    fila_vacia,
    leer_tabla,
    letra_de_columna,
    mapear_columnas,
    texto_de,
)

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


class EnteroWidget(widgets.IntegerWidget):
    """A whole number as typed in Colombia: «1.234» is 1234; decimals and doubtful notations
    («1,5», «12.34», «1,234») are refused with the reason rather than rounded or cut."""

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise ValueError(_("«%(valor)s» no es un número.") % {"valor": value})
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)  # a number cell
        texto = sin_escape(texto_de(value))
        normalizado = numero_es_co(texto) if not isinstance(value, float) else None
        if normalizado is not None and re.fullmatch(r"-?\d+", normalizado):
            return int(normalizado)
        if normalizado is not None or isinstance(value, float):
            raise ValueError(
                _(
                    "«%(valor)s» no es un número entero: sin decimales, y el punto solo separa "
                    "miles en grupos de tres cifras (1.234)."
                )
                % {"valor": texto}
            )
        raise ValueError(
            _("«%(valor)s» no es un número: escriba, p. ej., 1234 o 1.234.") % {"valor": texto}
        )


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


@dataclass
class Cambio:
    columna: str
    antes: str
    despues: str


def _legible(valor) -> str:
    if isinstance(valor, datetime.date):
        return valor.strftime("%d/%m/%Y")
    return texto_de(valor)


class CambiosDeFila(Diff):
    """What the preview shows of a row: only the columns it changes, old → new (a new row: the
    columns it fills), instead of an HTML diff of every column."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self._resource = resource

    def as_html(self):
        columnas = [f.column_name for f in self._resource.get_import_fields()]
        cambios = []
        for columna, antes, despues in zip(columnas, self.left, self.right, strict=False):
            antes, despues = _legible(antes), _legible(despues)
            if (despues if self.new else antes != despues) and columna != "ucg":
                cambios.append(Cambio(columna, "" if self.new else antes, despues))
        return cambios


class SinVistaPrevia(Diff):
    """Large files from the command line show no per-row preview: exporting every column of
    every row twice only for it was a sixth of a 64,000-row import. Unchanged rows are still
    found (`skip_row` compares the instance with its original copy)."""

    def __init__(self, resource, instance, new):
        self.left, self.right, self.new = [], [], new

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class OrganizacionResource(ExportacionSegura, resources.ModelResource):
    """One row per organization; columns named as the Secretaría's spreadsheets name them."""

    # Columns that are not a model field, as the export page names them (nucleo.formatos).
    etiquetas = {"ucg": gettext_lazy("unidad comunera de gobierno (UCG)")}

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
    afiliados = _campo("afiliados", "afiliados", EnteroWidget())
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

    def get_diff_class(self):
        return CambiosDeFila

    avance = None  # `importar(avance=…)`: called after each row

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if self.avance is not None:
            self.avance(kwargs.get("row_number", 0), self._filas)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._filas = len(dataset)

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
        skip_html_diff = True

    def get_diff_class(self):
        return SinVistaPrevia

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


class OrganizacionResourceMasivaConCambios(OrganizacionResourceMasiva):
    """The batch path with the admin preview's changes per row (the preview job): validating a
    national file row by row took minutes; in batches it takes what the import takes, plus
    the export of each row twice for its changes."""

    class Meta(OrganizacionResourceMasiva.Meta):
        skip_html_diff = False

    def get_diff_class(self):
        return CambiosDeFila


class DignatarioResource(ExportacionSegura, resources.ModelResource):
    """Export of the boards (personal data: only staff reach it, from the admin)."""

    etiquetas = {
        "organizacion": gettext_lazy("organización"),
        "codigo_registro": gettext_lazy("código de registro de la organización"),
    }

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


# Reading a registry file ---------------------------------------------------------------------

# The labels people give each column, besides the export's own name (case, accents, spaces,
# underscores and «de/la/del» do not matter: see nucleo.tablas.clave). The first one names the
# column in messages.
ETIQUETAS = {
    "codigo_registro": ["Código de registro", "Código", "Cód. registro", "Número de registro"],
    "nombre": [
        "Nombre de la Junta",
        "Nombre de la organización",
        "Nombre de la organización comunal",
        "Organización",
        "Junta",
        "Razón social",
    ],
    "tipo": ["Tipo", "Tipo de organización"],
    "nit": ["NIT", "Número de NIT", "NIT con dígito de verificación"],
    "personeria_numero": [
        "Número de personería jurídica",
        "Personería jurídica",
        "Personería",
        "Número de personería",
        "Resolución de personería",
    ],
    "personeria_fecha": ["Fecha de la personería jurídica", "Fecha de personería"],
    "barrio": ["Barrio o vereda", "Barrio", "Vereda", "Barrio/vereda"],
    "ucg": ["UCG", "Unidad comunera", "Unidad comunera de gobierno"],
    "localidad": ["Localidad"],
    "asociacion": ["Asociación", "ASOJAC", "Código de la asociación"],
    "direccion": ["Dirección", "Dirección de la sede", "Sede"],
    "telefono": ["Teléfono", "Teléfono de contacto", "Celular", "Tel."],
    "correo": ["Correo", "Correo electrónico", "E-mail", "Email"],
    "estado": ["Estado"],
    "afiliados": ["Afiliados", "Número de afiliados", "No. de afiliados", "Nro. de afiliados"],
    "fecha_eleccion": ["Fecha de elección", "Fecha de elección de la directiva", "Elección"],
    "periodo_inicio": ["Inicio del periodo", "Inicio del período", "Inicio periodo"],
    "periodo_fin": ["Fin del periodo", "Fin del período", "Fin periodo"],
    "participa": ["Participa", "Participa en la estrategia"],
    "participa_desde": ["Participa desde"],
    "notas": ["Notas", "Observaciones"],
}
REQUERIDAS = ["codigo_registro", "nombre"]
# Exported for reference, never imported: derived from the barrio.
DERIVADAS = {"ucg": gettext_lazy("se calcula a partir del barrio")}


def nombre_de_columna(campo) -> str:
    """«codigo_registro» (Código de registro): the export's name and the one people use."""
    return f"«{campo}» ({ETIQUETAS[campo][0]})"


@dataclass
class LecturaDelRegistro:
    """A registry file read for import: the dataset with the export's column names, and what
    messages need to speak of the file as the clerk sees it."""

    datos: tablib.Dataset
    lineas: list[int]  # dataset row (0-based) → the file's line
    columnas: dict[str, str]  # field → «C (NIT)»: the file's column letter and header
    ignoradas: list[str] = field(default_factory=list)  # «F (Observaciones 2): motivo»
    formato: str = ""

    def linea(self, numero_de_fila) -> int:
        """The file's line of import-export's row number (1 = the dataset's first row)."""
        if 1 <= numero_de_fila <= len(self.lineas):
            return self.lineas[numero_de_fila - 1]
        return 0


def _columna(indice, encabezado) -> str:
    letra = letra_de_columna(indice)
    return f"{letra} ({encabezado})" if encabezado else letra


def leer_registro(contenido: bytes, nombre: str = "") -> LecturaDelRegistro:
    """Read an uploaded registry file (XLSX or any CSV Excel, LibreOffice or a script writes)
    with the same rules for the admin and `importar_juntas`; ArchivoIlegible with a Spanish
    reason if it is not a spreadsheet or lacks a required column."""
    return lectura_de_tabla(leer_tabla(contenido, nombre))


def lectura_de_dataset(datos: tablib.Dataset) -> LecturaDelRegistro:
    """A dataset built in code, read with the same header rules (its first row is line 2)."""
    filas = [Fila(numero, list(fila)) for numero, fila in enumerate(datos, start=2)]
    return lectura_de_tabla(Tabla(encabezados=list(datos.headers or []), filas=filas))


def lectura_de_tabla(tabla: Tabla) -> LecturaDelRegistro:
    columnas = mapear_columnas(tabla.encabezados, ETIQUETAS, REQUERIDAS)
    if columnas.faltan:
        encontradas = ", ".join(f"«{e}»" for e in tabla.encabezados if e) or "—"
        raise ArchivoIlegible(
            _(
                "Falta la columna %(columnas)s. La fila de encabezados (línea %(linea)d) tiene: "
                "%(encontradas)s. Use los nombres de la exportación o los de la plantilla."
            )
            % {
                "columnas": _(" y la columna ").join(nombre_de_columna(c) for c in columnas.faltan),
                "linea": tabla.linea_encabezado,
                "encontradas": encontradas,
            }
        )
    if columnas.repetidas:
        raise ArchivoIlegible(
            _("Hay más de una columna para %(columnas)s: deje solo una y vuelva a cargar.")
            % {"columnas": ", ".join(nombre_de_columna(c) for c in columnas.repetidas)}
        )
    ignoradas = [
        _("%(columna)s: %(motivo)s")
        % {"columna": _columna(i, tabla.encabezados[i]), "motivo": DERIVADAS[campo]}
        for campo, i in columnas.indices.items()
        if campo in DERIVADAS
    ]
    tomadas = {c: i for c, i in columnas.indices.items() if c not in DERIVADAS}
    ignoradas += [
        _("%(columna)s: no es una columna del registro") % {"columna": _columna(i, e)}
        for i, e in enumerate(tabla.encabezados)
        if e and i not in columnas.indices.values()
    ]
    # Cells under no header: a column the clerk sees in the file, and should be told about.
    ancho = max((len(f.celdas) for f in tabla.filas), default=0)
    sin_encabezado = [
        i
        for i in range(ancho)
        if (i >= len(tabla.encabezados) or not tabla.encabezados[i])
        and any(not fila_vacia([f[i]]) for f in tabla.filas)
    ]
    ignoradas += [
        _("%(columna)s: tiene datos pero no tiene encabezado") % {"columna": letra_de_columna(i)}
        for i in sin_encabezado
    ]
    campos = list(tomadas)
    datos, lineas = tablib.Dataset(headers=campos), []
    for fila in tabla.filas:
        valores = [fila[i] for i in tomadas.values()]
        if fila_vacia(valores):  # data only in ignored columns, or nothing
            continue
        datos.append(["" if v is None else v for v in valores])
        lineas.append(fila.linea)
    return LecturaDelRegistro(
        datos=datos,
        lineas=lineas,
        columnas={c: _columna(i, tabla.encabezados[i]) for c, i in tomadas.items()},
        ignoradas=ignoradas,
        formato=tabla.formato,
    )


@dataclass
class ErrorDeFila:
    linea: int  # the file's own line (0: the whole file)
    columna: str  # as the clerk finds it: «C (NIT)», or «—»
    motivo: str
    campo: str = ""  # the export's column name


def errores_de(resultado, lectura: LecturaDelRegistro | None = None) -> list[ErrorDeFila]:
    """Flatten an import result into (line, column, reason), as the file shows them: the
    file's own line numbers and its column letter and header."""
    lectura = lectura or getattr(resultado, "lectura", None)

    def linea(numero):
        return lectura.linea(numero) if lectura else numero + 1

    def columna(campo):
        return lectura.columnas.get(campo, campo) if lectura else campo

    errores = []
    for fila in resultado.invalid_rows:
        for campo, mensajes in fila.field_specific_errors.items():
            for mensaje in mensajes:
                errores.append(ErrorDeFila(linea(fila.number), columna(campo), str(mensaje), campo))
        for mensaje in fila.non_field_specific_errors:
            errores.append(ErrorDeFila(linea(fila.number), "—", str(mensaje)))
    for numero, fila in resultado.row_errors():
        for error in fila:
            errores.append(ErrorDeFila(linea(numero), "—", _motivo(error.error)))
    for error in resultado.base_errors:
        errores.append(ErrorDeFila(0, "—", _motivo(error.error)))
    return sorted(errores, key=lambda e: e.linea)


def _motivo(error) -> str:
    """A row's unexpected error (a database constraint, say), without the library's jargon."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("No se pudo guardar la fila (%(detalle)s).") % {"detalle": error}


@dataclass
class FilaQueCambia:
    linea: int
    codigo_registro: str
    nombre: str
    nueva: bool
    cambios: list[Cambio]


@dataclass
class VistaPrevia:
    """What the admin shows before confirming: counts, and only the rows that change."""

    nuevas: int
    cambian: int
    iguales: int
    con_errores: int
    filas: list[FilaQueCambia]


def vista_previa(resultado, errores) -> VistaPrevia:
    lectura = getattr(resultado, "lectura", None)
    filas = [
        FilaQueCambia(
            linea=lectura.linea(numero) if lectura else numero + 1,
            codigo_registro=fila.instance.codigo_registro if fila.instance else "",
            nombre=fila.instance.nombre if fila.instance else "",
            nueva=fila.import_type == fila.IMPORT_TYPE_NEW,
            cambios=fila.diff or [],
        )
        for numero, fila in enumerate(resultado.rows, start=1)
        if fila.import_type in (fila.IMPORT_TYPE_NEW, fila.IMPORT_TYPE_UPDATE)
    ]
    return VistaPrevia(
        nuevas=resultado.totals["new"],
        cambian=resultado.totals["update"],
        iguales=resultado.totals["skip"],
        con_errores=len({e.linea for e in errores if e.linea}),
        filas=filas,
    )


def importar(fuente, *, usuario=None, dry_run=False, masiva=False, con_cambios=False, avance=None):
    """Import a registry file atomically; returns (result, errors). An error writes nothing.

    `fuente` is a file already read (`leer_registro`) or a dataset, read with the same header
    rules. `masiva` writes in batches (large files from the command line); otherwise row by
    row with the changes the admin's preview shows (in batches too with `con_cambios`, the
    preview job). `avance(hechas, total)`, if given, is
    called after each row (a background job's progress; it may raise to stop the import).
    """
    lectura = fuente if isinstance(fuente, LecturaDelRegistro) else lectura_de_dataset(fuente)
    if masiva:
        recurso = (
            OrganizacionResourceMasivaConCambios() if con_cambios else OrganizacionResourceMasiva()
        )
    else:
        recurso = OrganizacionResource()
    recurso.avance = avance
    with transaction.atomic():
        resultado = recurso.import_data(
            lectura.datos,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=usuario,
            retain_instance_in_row_result=not masiva or con_cambios,  # the preview names rows
        )
        resultado.lectura = lectura
        errores = errores_de(resultado, lectura)
        if errores or dry_run:
            transaction.set_rollback(True)
    if masiva and not (errores or dry_run):
        # Written in batches, without the signals that keep the dashboards' summary rows
        # current: every class is rebuilt (a Junta's territory or type feeds the survey's and
        # training's summaries too).
        resumenes.reconstruir()
    return resultado, errores
