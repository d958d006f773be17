from django.urls import path

from . import views

app_name = "capacitacion_portal"

urlpatterns = [
    path("", views.capacitacion_portal, name="inicio"),
    path("ruta/", views.ruta, name="ruta"),
    path("certificados/<str:codigo>.pdf", views.certificado_pdf, name="certificado_pdf"),
    path("sesiones/<int:sesion_id>.ics", views.calendario, name="calendario"),
]
