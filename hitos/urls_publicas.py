from django.urls import path

from . import views

app_name = "transparencia"

urlpatterns = [
    path("", views.transparencia, name="inicio"),
    path("datos.json", views.datos_json, name="json"),
    path("datos.csv", views.datos_csv, name="csv"),
    path("datos-excel.csv", views.datos_excel, name="csv_excel"),
    path("contratacion.csv", views.contratacion_csv, name="contratacion_csv"),
    path("contratacion-excel.csv", views.contratacion_excel, name="contratacion_csv_excel"),
    path("evidencias/<int:pk>/", views.evidencia_publica, name="evidencia"),
]
