from django.urls import path

from . import views

app_name = "convenios_portal"

urlpatterns = [
    path("", views.portal_lista, name="lista"),
    path("<int:pk>/", views.portal_convenio, name="convenio"),
    path("<int:pk>/informe/", views.nuevo_informe, name="informe"),
    path("<int:pk>/trabajadores/", views.agregar_trabajador, name="trabajador"),
    path(
        "<int:pk>/trabajadores/<int:trabajador>/quitar/",
        views.quitar_trabajador,
        name="quitar_trabajador",
    ),
    path("archivos/<str:tipo>/<int:pk>/", views.archivo, name="archivo"),
]
