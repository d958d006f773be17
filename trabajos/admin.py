from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Trabajo


@admin.register(Trabajo)
class TrabajoAdmin(admin.ModelAdmin):
    """Read-only: jobs are created by the pages that hand work to them and run by workers."""

    list_display = ["id", "titulo", "estado", "creado_por", "creado", "finalizado", "pagina"]
    list_filter = ["estado", "tipo"]
    search_fields = ["titulo", "creado_por__username"]
    list_select_related = ["creado_por"]
    date_hierarchy = "creado"
    fields = [
        "tipo", "titulo", "estado", "creado_por", "total", "hechos", "creado", "iniciado",
        "finalizado", "latido", "cancelacion_pedida", "error", "clave_bloqueo",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("página"))
    def pagina(self, trabajo):
        return format_html('<a href="{}">{}</a>', trabajo.get_absolute_url(), _("Ver"))
