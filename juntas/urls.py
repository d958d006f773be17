from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_inicio, name="inicio"),
    path("autorizacion/", views.autorizacion, name="autorizacion"),
    path("junta/", views.mi_junta, name="junta"),
    path("junta/contacto/", views.editar_contacto, name="contacto"),
    path("junta/ruta/", views.elegir_ruta, name="ruta"),
    path("junta/requisitos/<slug:codigo>/", views.cargar_requisito, name="cargar_requisito"),
]
