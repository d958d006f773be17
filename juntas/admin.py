"""The Secretaría's admin for the registry: filters, search, inlines, history, import/export."""

import datetime
import secrets

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from import_export.admin import ExportMixin, ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from nucleo.administracion import HistorialAdmin
from nucleo.cache import ListaEnCacheMixin
from nucleo.formatos import ExportacionExcelMixin
from nucleo.peticiones import entero_o_none
from nucleo.roles import LIDER
from trabajos import cola
from trabajos import selectors as trabajos_selectores

from . import selectors, services
from . import trabajos as trabajos_del_registro
from .forms import ImportarRegistroForm, OrganizacionAdminForm
from .models import (
    AutorizacionDatos,
    Barrio,
    Corregimiento,
    Dignatario,
    Localidad,
    Organizacion,
    PesoRequisitoRuta,
    Requisito,
    RequisitoJunta,
    Ruta,
    UnidadComunera,
)
from .resources import (
    DignatarioResource,
    OrganizacionResource,
)
from .selectors import VENTANAS_DIAS

FORMATOS = [XLSX, CSV]


class VentanaDeFechasFilter(admin.SimpleListFilter):
    """Rows whose date field falls in the next 30/60/90 days, or already passed."""

    campo = None
    titulo_pasado = None

    def lookups(self, request, model_admin):
        return [
            ("pasado", self.titulo_pasado),
            *[
                (str(dias), _("En los próximos %(dias)s días") % {"dias": dias})
                for dias in VENTANAS_DIAS
            ],
        ]

    def queryset(self, request, queryset):
        hoy = timezone.localdate()
        if self.value() == "pasado":
            return queryset.filter(**{f"{self.campo}__lt": hoy})
        if self.value() in {str(d) for d in VENTANAS_DIAS}:
            limite = hoy + datetime.timedelta(days=int(self.value()))
            return queryset.filter(**{f"{self.campo}__gte": hoy, f"{self.campo}__lte": limite})
        return queryset


class AsociacionFilter(admin.SimpleListFilter):
    """The Asociación a Junta belongs to. Lists the ASOJAC rows (a handful) instead of scanning
    every organization for the ones in use, as RelatedOnlyFieldListFilter would."""

    title = _("asociación")
    parameter_name = "asociacion"

    def lookups(self, request, model_admin):
        return [
            (str(pk), nombre)
            for pk, nombre in Organizacion.objects.filter(
                tipo=Organizacion.Tipo.ASOJAC
            ).values_list("pk", "nombre")
        ]

    def queryset(self, request, queryset):
        if self.value():
            # Junk (`?asociacion=abc`) is the admin's "invalid filter" notice, not a 500.
            pk = entero_o_none(self.value())
            if pk is None:
                raise IncorrectLookupParameters(self.value())
            return queryset.filter(asociacion_id=pk)
        return queryset


class PeriodoTerminaFilter(VentanaDeFechasFilter):
    title = _("periodo de la directiva")
    parameter_name = "periodo"
    campo = "periodo_fin"
    titulo_pasado = _("Ya terminó")


class VenceFilter(VentanaDeFechasFilter):
    title = _("vencimiento del documento")
    parameter_name = "vence"
    campo = "fecha_vencimiento"
    titulo_pasado = _("Vencido")

    def queryset(self, request, queryset):
        if self.value():
            # Only documents that count as met can expire in a meaningful way.
            queryset = queryset.filter(estado=RequisitoJunta.Estado.CUMPLE)
        return super().queryset(request, queryset)


class DignatarioInline(admin.TabularInline):
    """The board at a glance on the Junta's page: who holds which post. Document, phone, e-mail,
    period and portal account are on each dignatario's own page («Cambiar»), where a new one is
    added too (the link under «Directiva»): thirteen columns made the page 3,240 px wide."""

    model = Dignatario
    extra = 0
    fields = ["cargo", "suplente", "nombres", "apellidos", "activo"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


def marcar_carga(fila, form, usuario):
    """A file uploaded in the admin is that user's upload: they cannot also verify it."""
    if "archivo" in form.changed_data and fila.archivo:
        fila.cargado_por, fila.cargado_en = usuario, timezone.now()


class RequisitoJuntaInline(admin.TabularInline):
    model = RequisitoJunta
    extra = 0
    fields = [
        "requisito",
        "estado",
        "fecha_expedicion",
        "fecha_vencimiento",
        "archivo",
        "verificado_por",
        "verificado_en",
    ]
    # The state changes only through the verification actions, which record who verified and
    # refuse the uploader (two keys); a file uploaded here is recorded as this user's upload.
    readonly_fields = ["estado", "verificado_por", "verificado_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requisito", "verificado_por")


@admin.register(Organizacion)
class OrganizacionAdmin(
    ExportacionExcelMixin, ListaEnCacheMixin, ImportExportModelAdmin, HistorialAdmin
):
    def save_formset(self, request, form, formset, change):
        if formset.model is RequisitoJunta:
            for fila_form in formset.forms:
                if fila_form.has_changed() and not fila_form.cleaned_data.get("DELETE"):
                    marcar_carga(fila_form.instance, fila_form, request.user)
        super().save_formset(request, form, formset, change)

    resource_classes = [OrganizacionResource]
    formats = FORMATOS
    form = OrganizacionAdminForm
    import_template_name = "admin/juntas/organizacion/import.html"
    list_display = [
        "nombre",
        "sigla",
        "codigo_registro",
        "nit",
        "localidad",
        "unidad_comunera",
        "estado",
        "participa",
        "indice",
        "periodo_fin",
    ]
    list_filter = [
        "tipo",
        "localidad",
        "unidad_comunera",
        "estado",
        "participa",
        "ruta",
        PeriodoTerminaFilter,
        AsociacionFilter,
    ]
    # Accents and case do not matter (nucleo.busqueda); a Junta is also found by its own phone
    # and by its active president's name or phone (get_search_results).
    search_fields = ["nombre__sintildes", "codigo_registro", "nit", "telefono__digitos"]
    list_select_related = ["localidad", "unidad_comunera"]
    list_per_page = 50
    show_full_result_count = False
    # Total order served by the (nombre, id) index: the first page of a broad search stops early.
    ordering = ["nombre", "id"]
    autocomplete_fields = ["barrio", "asociacion"]
    readonly_fields = [
        "agregar_dignatario",
        "localidad_derivada",
        "unidad_comunera",
        "indice_actual",
        "preparacion_y_expediente",
        "creado",
        "actualizado",
    ]
    inlines = [DignatarioInline, RequisitoJuntaInline]
    fieldsets = [
        (
            _("Identificación"),
            {
                "fields": [
                    "nombre",
                    "tipo",
                    "codigo_registro",
                    ("personeria_numero", "personeria_fecha"),
                    "nit",
                    "asociacion",
                    "estado",
                ]
            },
        ),
        (
            _("Ubicación"),
            {
                "fields": ["barrio", "unidad_comunera", "localidad_derivada", "localidad"],
                "description": _(
                    "La UCG y la localidad salen del barrio. Una Asociación sin barrio indica "
                    "solo su localidad."
                ),
            },
        ),
        (_("Contacto"), {"fields": ["direccion", "telefono", "correo", "afiliados"]}),
        (
            _("Directiva"),
            {"fields": ["fecha_eleccion", ("periodo_inicio", "periodo_fin"), "agregar_dignatario"]},
        ),
        (
            _("Participación en la estrategia"),
            {
                "fields": [
                    ("participa", "participa_desde"),
                    "ruta",
                    "indice_actual",
                    "preparacion_y_expediente",
                ]
            },
        ),
        (_("Notas"), {"fields": ["notas", ("creado", "actualizado")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).con_indice()

    def get_search_results(self, request, queryset, search_term):
        encontradas, duplicados = super().get_search_results(request, queryset, search_term)
        palabras = [
            unescape_string_literal(p) if p[:1] in "\"'" and p[0] == p[-1] else p
            for p in smart_split(search_term)
        ]
        if palabras:
            presidentes = Dignatario.objects.filter(cargo=Dignatario.Cargo.PRESIDENTE, activo=True)
            for palabra in palabras:
                presidentes = presidentes.filter(
                    Q(nombres__sintildes=palabra)
                    | Q(apellidos__sintildes=palabra)
                    | Q(telefono__digitos=palabra)
                )
            encontradas |= queryset.filter(pk__in=presidentes.values("organizacion_id"))
        return encontradas, duplicados

    # Import: the same reader and rules as `importar_juntas` (juntas.resources.leer_registro
    # and importar) instead of import-export's format choice and tablib loaders, which refused
    # Excel's es-CO CSV and showed library errors. Both steps are background jobs
    # (juntas/trabajos.py): the upload queues the preview and opens its job page, which shows
    # the summary and the changed rows 50 at a time; its «Confirmar» queues the import.
    def import_action(self, request, **kwargs):
        """Upload a registry file: its preview runs as a job; nothing is written."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportarRegistroForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            subido = form.cleaned_data["archivo"]
            trabajo = cola.encolar(
                trabajos_del_registro.VISTA_PREVIA,
                usuario=request.user,
                titulo=_("Vista previa de «%(nombre)s»") % {"nombre": subido.name},
                archivo=(b"".join(subido.chunks()), subido.name),
            )
            return HttpResponseRedirect(trabajo.get_absolute_url())
        return self._pagina_de_importacion(request, form, {})

    def process_import(self, request, **kwargs):
        return require_POST(self._confirmar_importacion)(request, **kwargs)

    def _confirmar_importacion(self, request, **kwargs):
        """Import the previewed file as a job: all or nothing, one registry import at a time."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        previa = trabajos_selectores.trabajo_de(
            request.user, entero_o_none(request.POST.get("trabajo")) or 0
        )
        if previa.tipo != trabajos_del_registro.VISTA_PREVIA or previa.estado != "terminado":
            messages.error(request, _("Esa vista previa no se puede confirmar: cargue el archivo."))
            return HttpResponseRedirect(reverse("admin:juntas_organizacion_import"))
        try:
            with previa.archivo_entrada.open("rb") as archivo:
                contenido = archivo.read()
        except (OSError, ValueError):
            messages.error(
                request, _("El archivo de la vista previa ya no está: cárguelo de nuevo.")
            )
            return HttpResponseRedirect(reverse("admin:juntas_organizacion_import"))
        try:
            trabajo = cola.encolar(
                trabajos_del_registro.IMPORTACION,
                usuario=request.user,
                titulo=_("Importación de «%(nombre)s»") % {"nombre": previa.nombre_entrada},
                archivo=(contenido, previa.nombre_entrada),
                parametros={"vista_previa": previa.pk},
            )
        except cola.TrabajoOcupado as ocupado:
            messages.error(request, ocupado.mensaje)
            return HttpResponseRedirect(previa.get_absolute_url())
        return HttpResponseRedirect(trabajo.get_absolute_url())

    def _pagina_de_importacion(self, request, form, contexto):
        contexto = {
            **self.admin_site.each_context(request),
            "title": _("Importar organizaciones"),
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
            **contexto,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], contexto)

    @admin.display(description=_("tipo"), ordering="tipo")
    def sigla(self, organizacion):
        return organizacion.tipo

    @admin.display(description=_("índice"), ordering="indice")
    def indice(self, organizacion):
        return f"{organizacion.indice:.0f} %"

    @admin.display(description=_("índice de preparación"))
    def indice_actual(self, organizacion):
        if not organizacion.pk:
            return "—"
        return f"{organizacion.indice_preparacion():.0f} / 100"

    @admin.display(description=_("preparación por ruta y expediente"))
    def preparacion_y_expediente(self, organizacion):
        if not organizacion.pk:
            return "—"
        indices = selectors.indices_por_ruta([organizacion.pk])[organizacion.pk]
        partes = format_html_join(
            ", ", "{}: {} / 100", ((r.label, f"{indices[r.value]:.0f}") for r in Ruta)
        )
        # The dossier page lives in the contracting app (above this one): linked by URL name.
        return format_html(
            '{}<br><a href="{}">{}</a>',
            partes,
            reverse("contratacion_portal:expediente_junta", args=[organizacion.pk]),
            _("Armar el expediente de contratación"),
        )

    @admin.display(description=_("dignatarios"))
    def agregar_dignatario(self, organizacion):
        if not organizacion.pk:
            return _("Guarde la Junta para agregar sus dignatarios.")
        return format_html(
            '<a href="{}?organizacion={}">{}</a>',
            reverse("admin:juntas_dignatario_add"),
            organizacion.pk,
            _("Agregar un dignatario a esta Junta"),
        )

    @admin.display(description=_("localidad (según el barrio)"))
    def localidad_derivada(self, organizacion):
        return organizacion.localidad if organizacion.barrio_id else "—"


@admin.register(Dignatario)
class DignatarioAdmin(ExportacionExcelMixin, ExportMixin, HistorialAdmin):
    resource_classes = [DignatarioResource]
    formats = FORMATOS
    list_display = [
        "apellidos",
        "nombres",
        "cargo",
        "suplente",
        "organizacion",
        "documento",
        "activo",
        "cuenta",
    ]
    list_filter = ["cargo", "activo", "suplente", "organizacion__localidad"]
    search_fields = [
        "nombres__sintildes",
        "apellidos__sintildes",
        "documento",
        "telefono__digitos",
        "organizacion__nombre__sintildes",
    ]
    list_select_related = ["organizacion", "usuario"]
    autocomplete_fields = ["organizacion"]
    raw_id_fields = ["usuario"]
    show_full_result_count = False
    actions = ["crear_cuenta_de_lider"]

    @admin.display(description=_("cuenta del portal"))
    def cuenta(self, dignatario):
        return dignatario.usuario.get_username() if dignatario.usuario_id else "—"

    def has_crear_cuenta_permission(self, request):
        return request.user.has_perm("auth.add_user")

    @admin.action(
        description=_("Crear cuenta de líder para los seleccionados"), permissions=["crear_cuenta"]
    )
    def crear_cuenta_de_lider(self, request, queryset):
        """One portal account per selected dignatario, named after their document number.

        The password is random and unknown to anyone: the leader sets theirs through «¿Olvidó su
        contraseña?» with the e-mail on record, or staff set one in Usuarios.

        The Líder group is the only role the Secretaría gives: an existing account with any other
        role (staff, superuser, another group, own permissions) is left to the role administrator.
        """
        grupo = Group.objects.get(name=LIDER)
        creadas, omitidos, con_otro_rol = [], 0, []
        with transaction.atomic():
            for dignatario in queryset.select_related("usuario").select_for_update(of=("self",)):
                if dignatario.usuario_id or not dignatario.activo:
                    omitidos += 1
                    continue
                usuario, creado = User.objects.get_or_create(
                    username=dignatario.documento,
                    defaults={
                        "first_name": dignatario.nombres,
                        "last_name": dignatario.apellidos,
                        "email": dignatario.correo,
                    },
                )
                if not creado and usuario.dignatarios.filter(activo=True).exists():
                    # That account already leads a Junta: a user leads one Junta only.
                    omitidos += 1
                    continue
                if not creado and (
                    usuario.is_staff
                    or usuario.is_superuser
                    or usuario.groups.exclude(pk=grupo.pk).exists()
                    or usuario.user_permissions.exists()
                ):
                    con_otro_rol.append(usuario.username)
                    continue
                if creado:
                    usuario.set_password(secrets.token_urlsafe(24))
                    usuario.save()
                usuario.groups.add(grupo)
                dignatario.usuario = usuario
                dignatario._change_reason = "Cuenta de líder creada"
                dignatario.save()
                creadas.append(usuario.username)
        if creadas:
            self.message_user(
                request,
                _(
                    "Cuentas listas: %(cuentas)s. El usuario es el número de documento; cada líder "
                    "crea su contraseña con «¿Olvidó su contraseña?» y el correo registrado."
                )
                % {"cuentas": ", ".join(creadas)},
                messages.SUCCESS,
            )
        if omitidos:
            self.message_user(
                request,
                ngettext(
                    "%(n)d dignatario ya tenía cuenta o no está activo.",
                    "%(n)d dignatarios ya tenían cuenta o no están activos.",
                    omitidos,
                )
                % {"n": omitidos},
                messages.WARNING,
            )
        if con_otro_rol:
            self.message_user(
                request,
                _(
                    "Sin cambios en %(cuentas)s: ya existe una cuenta con ese usuario y otro rol. "
                    "Pida al administrador de roles que la revise."
                )
                % {"cuentas": ", ".join(con_otro_rol)},
                messages.WARNING,
            )


@admin.register(RequisitoJunta)
class RequisitoJuntaAdmin(HistorialAdmin):
    list_display = [
        "organizacion",
        "requisito",
        "estado",
        "fecha_vencimiento",
        "documento",
        "renovacion",
        "cargado_en",
        "verificado_por",
        "verificado_en",
    ]
    list_filter = [
        "estado",
        VenceFilter,
        "requisito",
        "organizacion__localidad",
        ("verificado_en", admin.EmptyFieldListFilter),
        ("archivo_nuevo", admin.EmptyFieldListFilter),
    ]
    search_fields = [
        "organizacion__nombre__sintildes",
        "organizacion__nit",
        "organizacion__codigo_registro",
    ]
    list_select_related = ["organizacion", "requisito", "verificado_por"]
    autocomplete_fields = ["organizacion"]
    # The renewal is the Junta's upload: staff accept or reject it with the actions, not by hand.
    readonly_fields = [
        "estado",
        "cargado_por",
        "cargado_en",
        "verificado_por",
        "verificado_en",
        "archivo_nuevo",
        "emitido_nuevo",
        "vence_nuevo",
        "cargado_nuevo_por",
        "cargado_nuevo_en",
    ]
    show_full_result_count = False
    date_hierarchy = "fecha_vencimiento"
    actions = ["verificar_cumple", "verificar_no_cumple"]

    def save_model(self, request, obj, form, change):
        marcar_carga(obj, form, request.user)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("documento"))
    def documento(self, fila):
        if not fila.archivo:
            return "—"
        return format_html('<a href="{}">{}</a>', fila.archivo.url, _("Ver"))

    @admin.display(description=_("renovación en revisión"))
    def renovacion(self, fila):
        # The actions decide on this file when present; the valid one counts meanwhile.
        if not fila.archivo_nuevo:
            return "—"
        return format_html(
            '<a href="{}">{}</a> ({})',
            fila.archivo_nuevo.url,
            _("Ver el nuevo"),
            _("vence el %(fecha)s") % {"fecha": fila.vence_nuevo.strftime("%d/%m/%Y")}
            if fila.vence_nuevo
            else _("no vence"),
        )

    def _verificar(self, request, queryset, estado):
        resultado = services.verificar(queryset, usuario=request.user, estado=estado)
        if resultado.verificados or not (resultado.omitidos or resultado.renovaciones_rechazadas):
            self.message_user(
                request,
                ngettext(
                    "%(n)d requisito verificado como «%(estado)s».",
                    "%(n)d requisitos verificados como «%(estado)s».",
                    resultado.verificados,
                )
                % {"n": resultado.verificados, "estado": RequisitoJunta.Estado(estado).label},
                messages.SUCCESS,
            )
        if resultado.renovaciones_rechazadas:
            self.message_user(
                request,
                ngettext(
                    "%(n)d documento nuevo rechazado: el documento vigente se conserva y sigue "
                    "contando. Avise a la Junta para que cargue uno correcto.",
                    "%(n)d documentos nuevos rechazados: los documentos vigentes se conservan y "
                    "siguen contando. Avise a las Juntas para que carguen unos correctos.",
                    resultado.renovaciones_rechazadas,
                )
                % {"n": resultado.renovaciones_rechazadas},
                messages.WARNING,
            )
        if resultado.omitidos:
            self.message_user(
                request,
                ngettext(
                    "%(n)d requisito no se verificó porque usted cargó su documento: debe "
                    "verificarlo otra persona de la Secretaría.",
                    "%(n)d requisitos no se verificaron porque usted cargó sus documentos: debe "
                    "verificarlos otra persona de la Secretaría.",
                    resultado.omitidos,
                )
                % {"n": resultado.omitidos},
                messages.WARNING,
            )

    # On a row with a renewal waiting, both actions judge the new document: «cumple» makes it
    # the valid one, «no cumple» discards it and keeps the valid document.
    @admin.action(description=_("Verificar: cumple"))
    def verificar_cumple(self, request, queryset):
        self._verificar(request, queryset, RequisitoJunta.Estado.CUMPLE)

    @admin.action(description=_("Verificar: no cumple"))
    def verificar_no_cumple(self, request, queryset):
        self._verificar(request, queryset, RequisitoJunta.Estado.NO_CUMPLE)


class PesoRequisitoRutaInline(admin.TabularInline):
    """For which routes the requirement counts, and its weight in each route's index."""

    model = PesoRequisitoRuta
    extra = 0
    fields = ["ruta", "peso"]
    verbose_name = _("ruta en la que cuenta")
    verbose_name_plural = _(
        "Rutas en las que cuenta (sin fila, el requisito no cuenta para esa ruta)"
    )


@admin.register(Requisito)
class RequisitoAdmin(HistorialAdmin):
    inlines = [PesoRequisitoRutaInline]
    list_display = [
        "nombre",
        "codigo",
        "peso",
        "tiene_vencimiento",
        "vigencia_dias",
        "orden",
        "activo",
    ]
    list_editable = ["peso", "orden", "activo"]
    list_filter = ["activo", "tiene_vencimiento"]
    search_fields = ["nombre__sintildes", "codigo"]
    prepopulated_fields = {"codigo": ["nombre"]}

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "peso_total": Requisito.peso_total()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(Barrio)
class BarrioAdmin(HistorialAdmin):
    list_display = ["nombre", "tipo", "unidad_comunera", "corregimiento", "localidad", "juntas"]
    list_filter = ["tipo", "localidad", "unidad_comunera", "corregimiento"]
    search_fields = ["nombre__sintildes"]
    fields = ["nombre", "tipo", "unidad_comunera", "corregimiento"]
    list_select_related = ["unidad_comunera", "corregimiento", "localidad"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_juntas=Count("organizaciones"))

    @admin.display(description=_("juntas"), ordering="n_juntas")
    def juntas(self, barrio):
        return barrio.n_juntas


class TerritorioAdmin(HistorialAdmin):
    """Reference data: editable names, never deleted (organizations point to it)."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Localidad)
class LocalidadAdmin(TerritorioAdmin):
    list_display = ["codigo", "nombre"]
    search_fields = ["nombre__sintildes", "codigo"]


@admin.register(UnidadComunera)
class UnidadComuneraAdmin(TerritorioAdmin):
    list_display = ["numero", "localidad"]
    list_filter = ["localidad"]
    list_select_related = ["localidad"]


@admin.register(Corregimiento)
class CorregimientoAdmin(TerritorioAdmin):
    list_display = ["nombre", "localidad"]
    list_filter = ["localidad"]
    search_fields = ["nombre__sintildes"]
    list_select_related = ["localidad"]


@admin.register(AutorizacionDatos)
class AutorizacionDatosAdmin(admin.ModelAdmin):
    """Evidence of each leader's consent (Ley 1581 de 2012): listed, never edited."""

    list_display = ["usuario", "version", "aceptada_en", "ip"]
    list_filter = ["version"]
    search_fields = [
        "usuario__username",
        "usuario__first_name__sintildes",
        "usuario__last_name__sintildes",
    ]
    list_select_related = ["usuario"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
