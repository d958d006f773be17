from django.urls import path

from . import views

app_name = "privacidad"

urlpatterns = [
    path("", views.mis_datos, name="inicio"),
    path("descargar/json/", views.descargar_json, name="descargar_json"),
    path("descargar/xlsx/", views.descargar_xlsx, name="descargar_xlsx"),
    path("solicitar/", views.radicar, name="radicar"),
    path("solicitudes/<int:pk>/", views.solicitud, name="solicitud"),
]
