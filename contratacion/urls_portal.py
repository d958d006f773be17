from django.urls import path

from . import views

app_name = "contratacion_portal"

urlpatterns = [
    path("", views.portal_contratacion, name="inicio"),
    path("expediente/", views.expediente, name="expediente"),
    path("juntas/<int:junta_id>/expediente/", views.expediente, name="expediente_junta"),
    path(
        "expedientes/<str:codigo>/<str:formato>/",
        views.expediente_archivo,
        name="expediente_archivo",
    ),
]
