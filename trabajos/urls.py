from django.urls import path

from . import views

app_name = "trabajos"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("lanzar/", views.lanzar, name="lanzar"),
    path("<int:pk>/", views.detalle, name="detalle"),
    path("<int:pk>/estado/", views.estado, name="estado"),
    path("<int:pk>/cancelar/", views.cancelar, name="cancelar"),
    path("<int:pk>/archivo/<str:cual>/", views.archivo, name="archivo"),
]
