"""Accounts in the admin, with the roles kept apart from the Secretaría.

The Secretaría creates and edits leaders' accounts (name, e-mail, password, active flag); only a
role administrator or a superuser assigns roles (groups, staff flag), only a superuser makes
superusers or grants permissions one by one, and nobody but a superuser changes their own roles.
Accounts that hold a role other than «Líder de Junta» (colleagues, monitors, role administrators,
superusers) are read-only to the Secretaría: setting a monitor's password would be holding the
second key. Every change of role is listed on the account's page (`CambioDeRol`).
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from .models import CambioDeRol
from .roles import LIDER, conflicto_de_roles, puede_asignar_roles

CAMPOS_DE_ROL = ("is_staff", "is_superuser", "groups", "user_permissions")


def tiene_otro_rol(usuario) -> bool:
    """Whether the account may do more than a leader: the Secretaría leaves those alone."""
    return bool(
        usuario.is_staff
        or usuario.is_superuser
        or usuario.groups.exclude(name=LIDER).exists()
        or usuario.user_permissions.exists()
    )


def campos_de_rol_editables(user, obj):
    """The role fields `user` may change on account `obj` in the admin."""
    if user.is_superuser:
        return set(CAMPOS_DE_ROL)
    if not puede_asignar_roles(user) or (obj is not None and obj.pk == user.pk):
        return set()
    return {"is_staff", "groups"}


class UsuarioForm(UserChangeForm):
    """Refuses roles that cannot go together, with the same rule the signals apply."""

    def clean(self):
        datos = super().clean()
        usuario = self.instance

        def valor(campo, actual):
            return datos.get(campo) if campo in self.fields else actual

        grupos = valor("groups", usuario.groups.all() if usuario.pk else [])
        mensaje = conflicto_de_roles(
            grupos={grupo.name for grupo in grupos or []},
            staff=valor("is_staff", usuario.is_staff),
            superusuario=valor("is_superuser", usuario.is_superuser),
        )
        if mensaje:
            raise forms.ValidationError(mensaje)
        return datos


class CambioDeRolInline(admin.TabularInline):
    """The account's role history, read-only, for anyone who may see the account."""

    model = CambioDeRol
    fk_name = "usuario"
    fields = ["momento", "autor", "resumen", "origen"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name = _("cambio de rol")
    verbose_name_plural = _("historial de roles (quién cambió qué y cuándo)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("autor")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("auth.view_user")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("cambio"))
    def resumen(self, cambio):
        return cambio.resumen()


admin.site.unregister(User)


@admin.register(User)
class UsuarioAdmin(UserAdmin):
    form = UsuarioForm
    inlines = [CambioDeRolInline]
    list_display = ("username", "email", "first_name", "last_name", "is_active", "roles")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # a new account has no history yet

    @admin.display(description=_("roles"))
    def roles(self, usuario):
        nombres = [grupo.name for grupo in usuario.groups.all()]
        if usuario.is_superuser:
            nombres.insert(0, str(_("superusuario")))
        elif usuario.is_staff:
            nombres.insert(0, str(_("staff")))
        return ", ".join(nombres) or "—"

    def get_readonly_fields(self, request, obj=None):
        editables = campos_de_rol_editables(request.user, obj)
        return [
            *super().get_readonly_fields(request, obj),
            *(campo for campo in CAMPOS_DE_ROL if campo not in editables),
        ]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        if obj.is_superuser:
            return False  # only a superuser touches a superuser's account
        return puede_asignar_roles(request.user) or not tiene_otro_rol(obj)

    def save_model(self, request, obj, form, change):
        # The account is saved before its groups: the role rule must judge the groups that
        # follow, not the ones being replaced.
        if "groups" in form.cleaned_data:
            obj._grupos_destino = {grupo.name for grupo in form.cleaned_data["groups"]}
        super().save_model(request, obj, form, change)


@admin.register(CambioDeRol)
class CambioDeRolAdmin(admin.ModelAdmin):
    """Every change of role across accounts, for the role administrators' audit."""

    list_display = ["momento", "nombre_de_usuario", "autor", "resumen", "origen"]
    list_filter = ["momento"]
    search_fields = ["nombre_de_usuario", "autor__username"]
    list_select_related = ["autor"]
    date_hierarchy = "momento"
    fields = [
        "momento",
        "usuario",
        "nombre_de_usuario",
        "autor",
        "resumen",
        "antes",
        "despues",
        "origen",
    ]
    readonly_fields = fields

    @admin.display(description=_("cambio"))
    def resumen(self, cambio):
        return cambio.resumen()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
