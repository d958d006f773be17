from django.urls import path

from . import views

app_name = "convenios_publico"

urlpatterns = [
    path("", views.publico_lista, name="lista"),
    path("<int:pk>/", views.publico_convenio, name="convenio"),
    path("fotos/<int:pk>/", views.foto_publica, name="foto"),
]
