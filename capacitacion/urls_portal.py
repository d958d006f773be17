from django.urls import path

from .views import formacion

app_name = "capacitacion_portal"

urlpatterns = [
    path("", formacion.capacitacion_portal, name="inicio"),
    path("ruta/", formacion.ruta, name="ruta"),
    path("certificados/<str:codigo>.pdf", formacion.certificado_pdf, name="certificado_pdf"),
    path("sesiones/<int:sesion_id>.ics", formacion.calendario, name="calendario"),
]
