from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path, reverse_lazy
from django.views.generic import RedirectView

from juntas import views as juntas_views
from juntas import views_cuentas as cuentas_views
from nucleo import views as nucleo_views

admin.site.site_header = "Portal JAC — Secretaría de Participación"
admin.site.site_title = "Portal JAC"
admin.site.index_title = "Administración del portal"

cuentas = [
    path("ingresar/", cuentas_views.IngresarView.as_view(), name="login"),
    path("salir/", cuentas_views.SalirView.as_view(), name="logout"),
    path("clave/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "clave/cambiada/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "recuperar/",
        cuentas_views.RecuperarClaveView.as_view(success_url=reverse_lazy("password_reset_done")),
        name="password_reset",
    ),
    path(
        "recuperar/enviado/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "recuperar/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "recuperar/listo/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", cuentas_views.inicio, name="inicio"),
    path("salud/", nucleo_views.salud, name="salud"),
    # Browsers ask for /favicon.ico on every page: the icon in static/ (one request, cached).
    path("favicon.ico", nucleo_views.favicon, name="favicon"),
    path("cuentas/", include(cuentas)),
    path("cuentas/inicio/", cuentas_views.inicio_rol, name="inicio_rol"),
    path("portal/diagnostico/", include("capacitacion.urls")),
    path("portal/capacitacion/", include("capacitacion.urls_portal")),
    path("portal/datos-personales/", include("privacidad.urls")),
    path("portal/contratacion/", include("contratacion.urls_portal")),
    path("portal/convenios/", include("convenios.urls_portal")),
    path("portal/", include("juntas.urls")),
    path("tablero/diagnostico/", include("capacitacion.urls_tablero")),
    path("tablero/capacitacion/", include("capacitacion.urls_estrategia")),
    path("tablero/contratacion/", include("contratacion.urls_tablero")),
    path("tablero/convenios/", include("convenios.urls_tablero")),
    path("tablero/trabajos/", include("trabajos.urls")),
    path("tablero/", include("hitos.urls")),
    path("transparencia/convenios/", include("convenios.urls_publicas")),
    path("transparencia/", include("hitos.urls_publicas")),
    path("", include("capacitacion.urls_publicas")),
    path("", include("contratacion.urls_publicas")),
    path("media/<path:ruta>", juntas_views.documento, name="documento"),
    # The audit of role changes moved with the core (app `nucleo`): old admin links redirect.
    re_path(
        r"^admin/jac_portal/cambioderol/(?P<resto>.*)$",
        RedirectView.as_view(url="/admin/nucleo/cambioderol/%(resto)s", query_string=True),
    ),
    path("admin/", admin.site.urls),
]

handler403 = "nucleo.views.error_403"
handler404 = "nucleo.views.error_404"
handler500 = "nucleo.views.error_500"
