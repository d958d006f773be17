"""The core's models: the change stamp that dashboard caches carry in their keys, and
the audit of role changes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MarcaDeCambio(models.Model):
    """Stamps that move whenever data behind the dashboards or the public page changes: one for
    the whole portal (`ambito` empty) and one per area of data (see `nucleo.cache.AMBITOS`).
    Cache keys include them, so every server process drops stale entries at once, even with a
    per-process memory cache."""

    ambito = models.CharField(_("ámbito"), max_length=20, unique=True, default="", blank=True)
    momento = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("marca de cambio")
        verbose_name_plural = _("marcas de cambio")

    def __str__(self):
        return f"{self.ambito or '*'} {self.momento:%d/%m/%Y %H:%M:%S}"


class CambioDeRol(models.Model):
    """One change of what a user may do: their groups (the roles), staff or superuser flag or
    own permissions, with who changed it and from where. Written by the signals in
    `nucleo.roles` whatever the path (admin, shell, command, seed), so role assignments can
    be audited; rows are never edited (only the view permission exists).

    It also carries the role administrators' permission, `asignar_roles`."""

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="cambios_de_rol",
        verbose_name=_("usuario"),
    )
    # Kept as text too: the record outlives a deleted account.
    nombre_de_usuario = models.CharField(_("nombre de usuario"), max_length=150)
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cambiado por"),
    )
    momento = models.DateTimeField(_("momento"), default=timezone.now, db_index=True)
    antes = models.JSONField(_("antes"), default=dict)
    despues = models.JSONField(_("después"), default=dict)
    origen = models.CharField(
        _("origen"),
        max_length=200,
        blank=True,
        help_text=_("La dirección de la petición; vacío si fue por consola, comando o carga."),
    )

    class Meta:
        verbose_name = _("cambio de rol")
        verbose_name_plural = _("cambios de rol")
        ordering = ["-momento", "-pk"]
        default_permissions = ("view",)
        permissions = [
            (
                "asignar_roles",
                _("Puede asignar roles: grupos, permisos y marcas de staff y superusuario"),
            )
        ]

    def __str__(self):
        return f"{self.nombre_de_usuario} {timezone.localtime(self.momento):%d/%m/%Y %H:%M}"

    def resumen(self):
        """The change in words: groups added and removed, flags switched, permissions."""
        partes = []
        antes_g, despues_g = set(self.antes.get("grupos", [])), set(self.despues.get("grupos", []))
        partes += [_("+ grupo «%(g)s»") % {"g": g} for g in sorted(despues_g - antes_g)]
        partes += [_("− grupo «%(g)s»") % {"g": g} for g in sorted(antes_g - despues_g)]
        for marca, nombre in (("staff", _("staff")), ("superusuario", _("superusuario"))):
            antes, despues = bool(self.antes.get(marca)), bool(self.despues.get(marca))
            if antes != despues:
                partes.append(
                    _("%(marca)s: %(antes)s → %(despues)s")
                    % {
                        "marca": nombre,
                        "antes": _("sí") if antes else _("no"),
                        "despues": _("sí") if despues else _("no"),
                    }
                )
        antes_p, despues_p = (
            set(self.antes.get("permisos", [])),
            set(self.despues.get("permisos", [])),
        )
        partes += [_("+ permiso %(p)s") % {"p": p} for p in sorted(despues_p - antes_p)]
        partes += [_("− permiso %(p)s") % {"p": p} for p in sorted(antes_p - despues_p)]
        return "; ".join(str(p) for p in partes)


class Resumen(models.Model):
    """One summary row: an aggregate of one bucket of the data (a territory's Juntas, a range
    of people), kept current as the data changes (`nucleo.resumenes`). Dashboards add up a few
    hundred of these instead of reading every answer or attendance row."""

    clase = models.CharField(_("clase"), max_length=40)
    clave = models.CharField(_("clave"), max_length=120)
    datos = models.JSONField(_("datos"), default=dict)
    calculado = models.DateTimeField(_("calculado"), default=timezone.now)

    class Meta:
        verbose_name = _("resumen")
        verbose_name_plural = _("resúmenes")
        constraints = [
            models.UniqueConstraint(fields=["clase", "clave"], name="un_resumen_por_clave")
        ]

    def __str__(self):
        return f"{self.clase} {self.clave}"


class ResumenPendiente(models.Model):
    """A bucket whose data changed and whose summary row is not recomputed yet. Written in the
    same transaction as the change, deleted once the row is recomputed (right after the
    commit): if the process dies in between, readers still compute that bucket from the raw
    rows, and `reconstruir_resumenes` folds it in."""

    clase = models.CharField(_("clase"), max_length=40)
    clave = models.CharField(_("clave"), max_length=120)
    marcado = models.DateTimeField(_("marcado"), default=timezone.now)

    class Meta:
        verbose_name = _("resumen pendiente")
        verbose_name_plural = _("resúmenes pendientes")
        constraints = [
            models.UniqueConstraint(fields=["clase", "clave"], name="un_pendiente_por_clave")
        ]

    def __str__(self):
        return f"{self.clase} {self.clave}"
