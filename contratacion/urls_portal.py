from django.urls import path

from . import views

app_name = "contratacion_portal"

urlpatterns = [
    path("", views.portal_contratacion, name="inicio"),
    path("radar-por-correo/", views.radar_por_correo, name="radar_por_correo"),
    path("expediente/", views.expediente, name="expediente"),
    path("juntas/<int:junta_id>/expediente/", views.expediente, name="expediente_junta"),
    path(
        "expedientes/<str:codigo>/<str:formato>/",
        views.expediente_archivo,
        name="expediente_archivo",
    ),
]
