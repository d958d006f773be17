from django.urls import path

from . import views

app_name = "contratacion_tablero"

urlpatterns = [
    path("", views.tablero_contratacion, name="tablero"),
    path("exportar/", views.exportar, name="exportar"),
]
