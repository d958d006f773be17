"""Read queries over the registry, for views and dashboards (aggregates computed in SQL)."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from nucleo.cache import en_cache

from .models import Dignatario, Localidad, Organizacion, Requisito, RequisitoJunta

VENTANAS_DIAS = (30, 60, 90)


@dataclass
class FilaRequisito:
    """One line of a Junta's readiness checklist."""

    requisito: Requisito
    estado: RequisitoJunta | None
    situacion: str  # cumple, por_vencer, vencido, en_tramite, no_cumple

    @property
    def cumple(self):
        return self.situacion in ("cumple", "por_vencer")


def checklist(organizacion, hoy=None, aviso_dias=90) -> list[FilaRequisito]:
    """Every active requirement with the organization's state for it (two queries)."""
    hoy = hoy or timezone.localdate()
    estados = {e.requisito_id: e for e in organizacion.requisitos.select_related("verificado_por")}
    filas = []
    for requisito in Requisito.objects.filter(activo=True):
        estado = estados.get(requisito.pk)
        if estado is None or estado.estado == RequisitoJunta.Estado.NO_CUMPLE:
            situacion = "no_cumple"
        elif estado.estado == RequisitoJunta.Estado.EN_TRAMITE:
            situacion = "en_tramite"
        elif estado.fecha_vencimiento and estado.fecha_vencimiento < hoy:
            situacion = "vencido"
        elif estado.fecha_vencimiento and estado.fecha_vencimiento <= hoy + datetime.timedelta(
            days=aviso_dias
        ):
            situacion = "por_vencer"
        else:
            situacion = "cumple"
        filas.append(FilaRequisito(requisito, estado, situacion))
    return filas


def junta_directiva(organizacion):
    """Active board members in the order people read a board: president first, then by cargo."""
    orden = Case(
        *[When(cargo=cargo, then=Value(i)) for i, cargo in enumerate(Dignatario.Cargo.values)],
        output_field=IntegerField(),
    )
    return (
        organizacion.dignatarios.filter(activo=True)
        .annotate(orden_cargo=orden)
        .order_by("orden_cargo", "suplente", "apellidos", "nombres")
    )


def documentos_por_vencer(organizaciones=None, dias=90, hoy=None):
    """Requirement rows met today whose document expires within `dias` days, soonest first."""
    hoy = hoy or timezone.localdate()
    filas = RequisitoJunta.objects.filter(
        estado=RequisitoJunta.Estado.CUMPLE,
        fecha_vencimiento__gte=hoy,
        fecha_vencimiento__lte=hoy + datetime.timedelta(days=dias),
    )
    if organizaciones is not None:
        filas = filas.filter(organizacion__in=organizaciones)
    return filas.select_related("requisito", "organizacion").order_by("fecha_vencimiento")


def periodos_por_terminar(organizaciones=None, dias=90, hoy=None):
    """Organizations whose board's period ends within `dias` days."""
    hoy = hoy or timezone.localdate()
    qs = organizaciones if organizaciones is not None else Organizacion.objects.all()
    return qs.filter(
        periodo_fin__gte=hoy, periodo_fin__lte=hoy + datetime.timedelta(days=dias)
    ).order_by("periodo_fin")


def conteo_vencimientos(hoy=None) -> dict:
    """How many documents and boards expire within 30, 60 and 90 days (two queries, no rows)."""
    hoy = hoy or timezone.localdate()
    en_rango = Q(fecha_vencimiento__gte=hoy)
    documentos = RequisitoJunta.objects.filter(estado=RequisitoJunta.Estado.CUMPLE).aggregate(
        **{
            f"d{dias}": Count(
                "pk", filter=en_rango & Q(fecha_vencimiento__lte=hoy + datetime.timedelta(dias))
            )
            for dias in VENTANAS_DIAS
        },
        vencidos=Count("pk", filter=Q(fecha_vencimiento__lt=hoy)),
    )
    periodos = Organizacion.objects.filter(periodo_fin__gte=hoy).aggregate(
        **{
            f"p{dias}": Count("pk", filter=Q(periodo_fin__lte=hoy + datetime.timedelta(dias)))
            for dias in VENTANAS_DIAS
        }
    )
    return {
        "ventanas": [
            {"dias": dias, "documentos": documentos[f"d{dias}"], "periodos": periodos[f"p{dias}"]}
            for dias in VENTANAS_DIAS
        ],
        "documentos_vencidos": documentos["vencidos"],
    }


def indice_agregado(n_juntas, hoy=None, umbral=80) -> dict:
    """Average readiness index of the Juntas, and how many reach `umbral`.

    For today, one pass over the organizations' kept summary (`Organizacion.puntaje`), with the
    few whose documents expired since it was computed added up from their rows (nothing is
    written); for another day, from the requirement rows themselves.
    """
    hoy = hoy or timezone.localdate()
    peso_total = Requisito.peso_total()
    if not n_juntas or not peso_total:
        return {"indice_promedio": 0, "listas_para_contratar": 0}
    minimo = peso_total * umbral / 100
    if hoy == timezone.localdate():

        def sumar():
            # A read never writes: the few Juntas whose kept summary has passed (a document
            # expired since it was computed) are added up from their requirement rows here;
            # `manage.py actualizar_puntajes` (daily) and every change keep the summary itself.
            juntas = Organizacion.objects.juntas()
            cifras = juntas.exclude(puntaje_hasta__lt=hoy).aggregate(
                cumplido=Sum("puntaje"), listas=Count("pk", filter=Q(puntaje__gte=minimo))
            )
            vencidas = list(
                RequisitoJunta.objects.filter(
                    RequisitoJunta.q_vigente(hoy),
                    requisito__activo=True,
                    organizacion__in=juntas.filter(puntaje_hasta__lt=hoy),
                )
                .values("organizacion")
                .annotate(s=Sum("requisito__peso"))
                .values_list("s", flat=True)
            )
            return {
                "cumplido": (cifras["cumplido"] or 0) + sum(vencidas),
                "listas": cifras["listas"] + sum(1 for suma in vencidas if suma >= minimo),
            }

        # Several dashboards ask for it: computed once per change to the data.
        cifras = en_cache(f"indice-agregado:{minimo}", sumar, ambitos=["registro"])
        cumplido, listas = cifras["cumplido"] or 0, cifras["listas"]
    else:
        vigentes = RequisitoJunta.objects.filter(
            RequisitoJunta.q_vigente(hoy), requisito__activo=True
        ).exclude(organizacion__tipo=Organizacion.Tipo.ASOJAC)
        cumplido = vigentes.aggregate(s=Sum("requisito__peso"))["s"] or 0
        listas = (
            vigentes.values("organizacion")
            .annotate(s=Sum("requisito__peso"))
            .filter(s__gte=minimo)
            .count()
        )
    return {
        "indice_promedio": round(100 * cumplido / (n_juntas * peso_total), 1),
        "listas_para_contratar": listas,
    }


def resumen_registro(hoy=None) -> dict:
    """Registry figures for the landing pages: no personal data, a fixed number of queries."""
    hoy = hoy or timezone.localdate()
    juntas = Organizacion.objects.juntas()
    totales = juntas.aggregate(
        registradas=Count("pk"),
        jac=Count("pk", filter=Q(tipo=Organizacion.Tipo.JAC)),
        jvc=Count("pk", filter=Q(tipo=Organizacion.Tipo.JVC)),
        activas=Count("pk", filter=Q(estado=Organizacion.Estado.ACTIVA)),
        participantes=Count("pk", filter=Q(participa=True)),
    )
    totales["asociaciones"] = Organizacion.objects.filter(tipo=Organizacion.Tipo.ASOJAC).count()
    totales.update(indice_agregado(totales["registradas"], hoy))
    por_localidad = list(
        Localidad.objects.order_by("codigo").annotate(
            etiqueta=F("nombre"),
            registradas=Count(
                "organizaciones", filter=~Q(organizaciones__tipo=Organizacion.Tipo.ASOJAC)
            ),
            activas=Count(
                "organizaciones",
                filter=Q(organizaciones__estado=Organizacion.Estado.ACTIVA)
                & ~Q(organizaciones__tipo=Organizacion.Tipo.ASOJAC),
            ),
            participantes=Count(
                "organizaciones",
                filter=Q(organizaciones__participa=True)
                & ~Q(organizaciones__tipo=Organizacion.Tipo.ASOJAC),
            ),
        )
    )
    totales["por_localidad"] = por_localidad
    totales["por_localidad_grafico"] = {
        "etiquetas": [localidad.nombre for localidad in por_localidad],
        "registradas": [localidad.registradas for localidad in por_localidad],
        "activas": [localidad.activas for localidad in por_localidad],
        "participantes": [localidad.participantes for localidad in por_localidad],
    }
    return totales


def resumen_por_ucg() -> list:
    """Juntas registered, active and participating per UCG (rural ones grouped apart), one query."""
    filas = (
        Organizacion.objects.juntas()
        .values("unidad_comunera__numero", "localidad__nombre")
        .annotate(
            registradas=Count("pk"),
            activas=Count("pk", filter=Q(estado=Organizacion.Estado.ACTIVA)),
            participantes=Count("pk", filter=Q(participa=True)),
        )
        .order_by("unidad_comunera__numero", "localidad__nombre")
    )
    return [
        {
            "ucg": fila["unidad_comunera__numero"],
            "localidad": fila["localidad__nombre"],
            "etiqueta": (
                _("UCG %(n)s") % {"n": fila["unidad_comunera__numero"]}
                if fila["unidad_comunera__numero"]
                else _("Rural — %(localidad)s") % {"localidad": fila["localidad__nombre"]}
            ),
            "registradas": fila["registradas"],
            "activas": fila["activas"],
            "participantes": fila["participantes"],
        }
        for fila in filas
    ]


def cumplimiento_por_requisito(hoy=None) -> list:
    """For each active requirement, how many Juntas meet it today (no rows per Junta).

    Grouped over the requirement rows alone: the Asociaciones are left out by a hashed
    `NOT IN` of their few ids rather than a join to 64,000 organizations.
    """
    hoy = hoy or timezone.localdate()
    total = Organizacion.objects.juntas().count()
    asociaciones = Organizacion.objects.filter(tipo=Organizacion.Tipo.ASOJAC).values("pk")
    cumplen = dict(
        RequisitoJunta.objects.filter(RequisitoJunta.q_vigente(hoy))
        .exclude(organizacion_id__in=asociaciones)
        .values_list("requisito_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {
            "requisito": requisito,
            "cumplen": cumplen.get(requisito.pk, 0),
            "porcentaje": round(100 * cumplen.get(requisito.pk, 0) / total, 1) if total else 0,
        }
        for requisito in Requisito.objects.filter(activo=True).order_by("orden")
    ]


def resumen_para_indicadores(hoy=None) -> dict:
    """The registry measures the commitment's indicators use (three queries, no rows)."""
    hoy = hoy or timezone.localdate()
    totales = Organizacion.objects.juntas().aggregate(
        registradas=Count("pk"),
        participantes=Count("pk", filter=Q(participa=True)),
    )
    totales.update(indice_agregado(totales["registradas"], hoy))
    return totales
