from django.urls import path

from . import views

app_name = "estrategia"

urlpatterns = [
    path("", views.tablero_capacitacion, name="tablero"),
    path("plan/", views.plan_estrategia, name="plan"),
    path("sesiones/", views.sesiones, name="sesiones"),
    path("sesiones/<int:sesion_id>/asistencia/", views.asistencia, name="asistencia"),
    path("sesiones/<int:sesion_id>/planilla/", views.planilla, name="planilla"),
    path("sesiones/<int:sesion_id>/invitar/", views.invitar, name="invitar"),
    path(
        "sesiones/<int:sesion_id>/asistencia/importar/",
        views.importar_asistencia,
        name="importar_asistencia",
    ),
    path(
        "sesiones/<int:sesion_id>/asistencia/importar/<str:clave>/",
        views.revisar_asistencia,
        name="revisar_asistencia",
    ),
]
