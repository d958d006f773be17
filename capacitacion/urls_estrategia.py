from django.urls import path

from .views import asistencia, formacion

app_name = "estrategia"

urlpatterns = [
    path("", formacion.tablero_capacitacion, name="tablero"),
    path("plan/", formacion.plan_estrategia, name="plan"),
    path("sesiones/", formacion.sesiones, name="sesiones"),
    path("sesiones/<int:sesion_id>/asistencia/", asistencia.asistencia, name="asistencia"),
    path("sesiones/<int:sesion_id>/planilla/", asistencia.planilla, name="planilla"),
    path("sesiones/<int:sesion_id>/invitar/", formacion.invitar, name="invitar"),
    path(
        "sesiones/<int:sesion_id>/asistencia/importar/",
        asistencia.importar_asistencia,
        name="importar_asistencia",
    ),
    path(
        "sesiones/<int:sesion_id>/asistencia/importar/trabajo/<int:trabajo_id>/",
        asistencia.revisar_trabajo,
        name="revisar_asistencia_trabajo",
    ),
    path(
        "sesiones/<int:sesion_id>/asistencia/importar/<str:clave>/",
        asistencia.revisar_asistencia,
        name="revisar_asistencia",
    ),
]
