from django.shortcuts import render

from jac_portal.permisos import monitor_required
from juntas import selectors as registro


@monitor_required
def inicio(request):
    """Monitors' and staff's landing page: the registry in aggregate figures, no personal data."""
    return render(
        request,
        "hitos/tablero_inicio.html",
        {
            "resumen": registro.resumen_registro(),
            "vencimientos": registro.conteo_vencimientos(),
            "por_ucg": registro.resumen_por_ucg(),
            "requisitos": registro.cumplimiento_por_requisito(),
        },
    )
