"""Reads for the commitment's dashboards and its public page: a fixed number of queries each."""

from django.db.models import Max, Prefetch
from django.utils import timezone

from contratacion import selectors as contratacion
from juntas import selectors as registro

from . import catalogo, indicadores
from .models import (
    Actualizacion,
    Evidencia,
    Indicador,
    Medicion,
    Nivel,
    Observacion,
    PropuestaNivel,
)

TOLERANCIA = 15  # points of computed progress below the expected share before a milestone is late


def _indicadores(indicadores_del_hito, valores):
    filas = []
    for indicador in indicadores_del_hito:
        definicion = catalogo.DEFINICIONES.get(indicador.codigo)
        if definicion is None:
            continue
        valor = valores.get(indicador.codigo)
        filas.append(
            {
                "indicador": indicador,
                "codigo": indicador.codigo,
                "nombre": definicion.nombre,
                "unidad": definicion.unidad,
                "calculo": definicion.calculo,
                "valor": valor,
                "meta": indicador.meta,
                "progreso": indicadores.progreso(valor, indicador.meta),
            }
        )
    return filas


def estado_de_hitos(compromiso, hoy=None, valores=None):
    """Each milestone with its indicators, computed and expected progress, late flags and any
    proposal waiting for verification. Constant queries (3 plus the indicators')."""
    hoy = hoy or timezone.localdate()
    valores = valores if valores is not None else indicadores.medir(hoy)
    hitos = list(
        compromiso.hitos.prefetch_related(
            Prefetch("indicadores", queryset=Indicador.objects.order_by("orden", "pk")),
            Prefetch(
                "propuestas",
                queryset=PropuestaNivel.objects.filter(estado=PropuestaNivel.Estado.PENDIENTE),
                to_attr="pendientes",
            ),
        ).order_by("numero")
    )
    inicio = min([compromiso.inicio] + [h.inicio_previsto for h in hitos])
    fin = max(
        [compromiso.fin]
        + [h.fin_previsto for h in hitos]
        + [h.fin_real or h.fin_previsto for h in hitos]
    )
    dias = max(1, (fin - inicio).days + 1)

    def posicion(desde, hasta):
        desde = max(desde, inicio)
        hasta = min(hasta, fin)
        return {
            "izquierda": round(100 * (desde - inicio).days / dias, 2),
            "ancho": max(1, round(100 * ((hasta - desde).days + 1) / dias, 2)),
        }

    filas = []
    for hito in hitos:
        filas_indicadores = _indicadores(hito.indicadores.all(), valores)
        progresos = [f["progreso"] for f in filas_indicadores if f["progreso"] is not None]
        calculado = round(sum(progresos) / len(progresos)) if progresos else None
        esperado = hito.avance_esperado(hoy)
        vencido = hoy > hito.fin_previsto and hito.nivel != Nivel.COMPLETO
        rezagado = (
            not vencido
            and hito.nivel != Nivel.COMPLETO
            and calculado is not None
            and calculado < esperado - TOLERANCIA
        )
        filas.append(
            {
                "hito": hito,
                "indicadores": filas_indicadores,
                "progreso": calculado,
                "esperado": esperado,
                "vencido": vencido,
                "rezagado": rezagado,
                "atrasado": vencido or rezagado,
                "pendiente": hito.pendientes[0] if hito.pendientes else None,
                "previsto": posicion(hito.inicio_previsto, hito.fin_previsto),
                "real": posicion(hito.inicio_real, hito.fin_real or min(hoy, fin))
                if hito.inicio_real
                else None,
            }
        )
    hoy_en_linea = round(100 * (hoy - inicio).days / dias, 2) if inicio <= hoy <= fin else None
    return {
        "hitos": filas,
        "linea": {"inicio": inicio, "fin": fin, "hoy": hoy_en_linea},
        "valores": valores,
    }


def tablero(compromiso, hoy=None):
    """Everything /tablero/ shows beyond the milestones: latest updates, open observations,
    alerts (milestones late, documents about to expire, in aggregate) and registry figures."""
    hoy = hoy or timezone.localdate()
    estado = estado_de_hitos(compromiso, hoy)
    actualizaciones = list(
        Actualizacion.objects.filter(hito__compromiso=compromiso)
        .select_related("hito", "autor")
        .order_by("-fecha", "-pk")[:5]
    )
    observaciones = list(
        Observacion.objects.filter(
            hito__compromiso=compromiso, respuesta_a__isnull=True, respondida=False
        )
        .select_related("hito", "autor")
        .order_by("-creada")[:5]
    )
    return {
        **estado,
        "actualizaciones": actualizaciones,
        "observaciones": observaciones,
        "alertas": {
            "hitos": [f for f in estado["hitos"] if f["atrasado"]],
            "vencimientos": registro.conteo_vencimientos(hoy),
        },
        "resumen": registro.resumen_registro(hoy),
        "por_ucg": registro.resumen_por_ucg(),
        "requisitos": registro.cumplimiento_por_requisito(hoy),
    }


def detalle_hito(hito, hoy=None):
    """A milestone's page: indicators with their history, evidence, updates, observation threads
    and proposals. Constant queries."""
    hoy = hoy or timezone.localdate()
    estado = estado_de_hitos(hito.compromiso, hoy)
    fila = next(f for f in estado["hitos"] if f["hito"].pk == hito.pk)
    mediciones = list(
        Medicion.objects.filter(indicador__hito=hito)
        .order_by("fecha")
        .values_list("indicador_id", "fecha", "valor")
    )
    fechas = sorted({fecha for _i, fecha, _v in mediciones})
    posicion = {fecha: n for n, fecha in enumerate(fechas)}
    series = []
    for f in fila["indicadores"]:
        datos = [None] * len(fechas)
        for indicador_id, fecha, valor in mediciones:
            if indicador_id == f["indicador"].pk:
                datos[posicion[fecha]] = indicadores.progreso(valor, f["meta"])
        series.append({"nombre": str(f["nombre"]), "datos": datos})
    grafico = {"etiquetas": [fecha.strftime("%d/%m/%Y") for fecha in fechas], "series": series}
    hilos = list(
        Observacion.objects.filter(hito=hito, respuesta_a__isnull=True)
        .select_related("autor")
        .prefetch_related(
            Prefetch(
                "respuestas",
                queryset=Observacion.objects.select_related("autor").order_by("creada"),
            )
        )
        .order_by("-creada")
    )
    return {
        "fila": fila,
        "grafico_historia": grafico,
        "evidencias": list(hito.evidencias.select_related("agregada_por")),
        "actualizaciones": list(hito.actualizaciones.select_related("autor")),
        "hilos": hilos,
        "propuestas": list(
            hito.propuestas.select_related("propuesta_por", "revisada_por").order_by(
                "-propuesta_en"
            )[:10]
        ),
    }


def datos_publicos(compromiso, hoy=None):
    """What the public page and the open data show: no personal data, no per-person rows, and
    of SECOP II only aggregates (the funnel by localidad and by route, the value contracted)."""
    hoy = hoy or timezone.localdate()
    estado = estado_de_hitos(compromiso, hoy)
    evidencias = list(
        Evidencia.objects.filter(hito__compromiso=compromiso, publica=True)
        .select_related("hito")
        .order_by("hito__numero", "-fecha")
    )
    ultima = Actualizacion.objects.filter(hito__compromiso=compromiso).aggregate(
        ultima=Max("fecha")
    )["ultima"]
    return {
        **estado,
        "evidencias": evidencias,
        "ultima_actualizacion": ultima,
        "valoraciones": list(compromiso.valoraciones.all()),
        "resumen": registro.resumen_registro(hoy),
        "contratacion": contratacion.embudo_publico(),
    }


def filas_de_indicadores(estado):
    """One flat row per indicator (for XLSX/CSV and the open data)."""
    filas = []
    for fila in estado["hitos"]:
        hito = fila["hito"]
        for indicador in fila["indicadores"]:
            filas.append(
                {
                    "hito": hito.numero,
                    "hito_titulo": hito.titulo,
                    "codigo": indicador["codigo"],
                    "indicador": str(indicador["nombre"]),
                    "unidad": str(indicador["unidad"]),
                    "valor": indicador["valor"],
                    "meta": indicador["meta"],
                    "progreso": indicador["progreso"],
                    "nivel_verificado": hito.get_nivel_display(),
                    "avance_esperado": fila["esperado"],
                }
            )
    return filas


def filas_de_contratacion(embudo):
    """The public funnel as flat rows (open data): the total, each localidad, each route.
    `contrataron` is always Juntas with a contract (in that territory, or by that route)."""
    filas = []
    total = embudo["total"]

    def etapas(datos):
        return {e["clave"]: e["juntas"] for e in datos["etapas"]}

    grupos = [("total", "Todas las Juntas", total)] + [
        ("localidad", f["nombre_localidad"] or "Sin localidad", f) for f in embudo["por_localidad"]
    ]
    for agrupacion, nombre, datos in grupos:
        cifras = etapas(datos)
        filas.append(
            {
                "agrupacion": agrupacion,
                "nombre": nombre,
                "juntas": datos["juntas"],
                "formadas": cifras["formada"],
                "con_cuenta_proveedor": cifras["con_cuenta"],
                "se_presentaron": cifras["oferto"],
                "contrataron": cifras["contrato"],
                "contratos": embudo["contratos"] if agrupacion == "total" else None,
                "valor_contratado": datos["valor"] or 0,
            }
        )
    for ruta in embudo["por_ruta"]:
        filas.append(
            {
                "agrupacion": "ruta",
                "nombre": str(ruta["nombre"]),
                "juntas": None,
                "formadas": None,
                "con_cuenta_proveedor": None,
                "se_presentaron": None,
                "contrataron": ruta["juntas"],
                "contratos": ruta["contratos"],
                "valor_contratado": ruta["valor"] or 0,
            }
        )
    return filas
