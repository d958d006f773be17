from django.urls import path

from . import views

app_name = "convenios_tablero"

urlpatterns = [
    path("", views.tablero, name="lista"),
    path("exportar/", views.exportar, name="exportar"),
    path("observaciones/", views.moderacion, name="moderacion"),
    path("<int:pk>/", views.convenio_tablero, name="convenio"),
    path("<int:pk>/informes/<int:informe>/verificar/", views.verificar, name="verificar"),
    path("<int:pk>/informes/<int:informe>/devolver/", views.devolver, name="devolver"),
    path("<int:pk>/pagos/", views.registrar_pago, name="pago"),
    path("<int:pk>/pagos/<int:pago>/soporte/", views.adjuntar_soporte, name="soporte"),
    path("<int:pk>/tramos/<int:tramo>/pagado/", views.tramo_pagado, name="tramo_pagado"),
]
