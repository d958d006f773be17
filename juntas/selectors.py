"""Read queries over the registry, for views and dashboards (aggregates computed in SQL, or
added up from the summary rows of `juntas.resumenes`)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from . import resumenes
from .models import (
    NOMBRE_CORTO_RUTA,
    Dignatario,
    Localidad,
    Organizacion,
    PesoRequisitoRuta,
    Requisito,
    RequisitoJunta,
    Ruta,
    UnidadComunera,
)

VENTANAS_DIAS = (30, 60, 90)  # at most resumenes.ALCANCE


@dataclass
class FilaRequisito:
    """One line of a Junta's readiness checklist."""

    requisito: Requisito
    estado: RequisitoJunta | None
    situacion: str  # cumple, por_vencer, vencido, en_tramite, no_cumple
    peso: int | None = None  # the weight in a route's index (`preparacion_por_ruta`)

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


# ---------------------------------------------------------------------------------------------
# Readiness per contracting route


@dataclass
class PreparacionRuta:
    """A Junta's readiness for one route: its index and the requirements it still lacks."""

    ruta: str
    nombre: str
    nombre_corto: str
    indice: Decimal
    persigue: bool
    filas: list  # the route's requirements (FilaRequisito with `peso`), in catalogue order

    @property
    def faltantes(self):
        return [f for f in self.filas if not f.cumple]

    @property
    def lista(self):
        return not self.faltantes


def pesos_por_ruta() -> dict[str, dict[int, int]]:
    """{route: {requirement id: weight}} of the active requirements (one query)."""
    pesos = {ruta: {} for ruta in Ruta.values}
    for ruta, requisito_id, peso in PesoRequisitoRuta.objects.filter(
        requisito__activo=True
    ).values_list("ruta", "requisito_id", "peso"):
        pesos[ruta][requisito_id] = peso
    return pesos


def _indice(cumplido, total) -> Decimal:
    if not total:
        return Decimal(0)
    return (Decimal(cumplido) * 100 / Decimal(total)).quantize(Decimal("0.01"))


def preparacion_por_ruta(organizacion, hoy=None) -> list[PreparacionRuta]:
    """The Junta's index for each route (the one it pursues first), with each requirement of
    the route and its state: same rule as the general index (met and in force; an expired
    document does not count), weighted by the route's weights. Three queries."""
    filas = checklist(organizacion, hoy)
    pesos = pesos_por_ruta()
    resultado = []
    for ruta in Ruta:
        de_ruta = []
        for fila in filas:
            peso = pesos[ruta.value].get(fila.requisito.pk)
            if peso:
                de_ruta.append(FilaRequisito(fila.requisito, fila.estado, fila.situacion, peso))
        total = sum(f.peso for f in de_ruta)
        cumplido = sum(f.peso for f in de_ruta if f.cumple)
        resultado.append(
            PreparacionRuta(
                ruta=ruta.value,
                nombre=ruta.label,
                nombre_corto=NOMBRE_CORTO_RUTA[ruta],
                indice=_indice(cumplido, total),
                persigue=organizacion.ruta == ruta.value,
                filas=de_ruta,
            )
        )
    resultado.sort(key=lambda p: not p.persigue)
    return resultado


def indice_de_ruta(organizacion, ruta, hoy=None) -> Decimal:
    """The Junta's index for one route (two queries)."""
    return indices_por_ruta([organizacion.pk], hoy)[organizacion.pk][ruta]


def indice_principal(organizacion, hoy=None) -> Decimal:
    """The index a Junta is shown first: that of the route it pursues, else the general one."""
    if organizacion.ruta:
        return indice_de_ruta(organizacion, organizacion.ruta, hoy)
    return organizacion.indice_preparacion(hoy)


class IndicesPorRuta(dict):
    """{organization id: {route: index}}; an organization with nothing met has 0 everywhere."""

    def __missing__(self, pk):
        return dict.fromkeys(Ruta.values, Decimal(0))


def indices_por_ruta(organizaciones, hoy=None) -> IndicesPorRuta:
    """{organization id: {route: index 0-100}} for a queryset or list of organizations (or
    their ids), in two queries whatever their number."""
    hoy = hoy or timezone.localdate()
    totales = dict(
        PesoRequisitoRuta.objects.filter(requisito__activo=True)
        .values("ruta")
        .annotate(t=Sum("peso"))
        .values_list("ruta", "t")
    )
    if hasattr(organizaciones, "values"):
        ids = organizaciones.order_by().values("pk")
    else:
        ids = [getattr(o, "pk", o) for o in organizaciones]
    cumplidos = (
        RequisitoJunta.objects.filter(
            RequisitoJunta.q_vigente(hoy),
            requisito__activo=True,
            organizacion__in=ids,
            requisito__pesos_ruta__isnull=False,
        )
        .values("organizacion_id", "requisito__pesos_ruta__ruta")
        .annotate(s=Sum("requisito__pesos_ruta__peso"))
        .values_list("organizacion_id", "requisito__pesos_ruta__ruta", "s")
        .order_by()
    )
    resultado = IndicesPorRuta()
    for organizacion_id, ruta, suma in cumplidos:
        if organizacion_id not in resultado:
            resultado[organizacion_id] = dict.fromkeys(Ruta.values, Decimal(0))
        resultado[organizacion_id][ruta] = _indice(suma, totales.get(ruta))
    return resultado


# Each Junta's weight met per route (one pass over the requirement rows), against every route's
# total, grouped by localidad and overall in the same scan.
SQL_PREPARACION_RUTAS = """
WITH totales AS (
    SELECT p.ruta, SUM(p.peso) AS t FROM {peso} p JOIN {requisito} r ON r.id = p.requisito_id
     WHERE r.activo GROUP BY p.ruta
), sumas AS (
    SELECT rj.organizacion_id AS o, p.ruta, SUM(p.peso) AS s
      FROM {fila} rj JOIN {requisito} r ON r.id = rj.requisito_id AND r.activo
      JOIN {peso} p ON p.requisito_id = r.id
     WHERE rj.estado = %(cumple)s
       AND (rj.fecha_vencimiento IS NULL OR rj.fecha_vencimiento >= %(hoy)s)
     GROUP BY rj.organizacion_id, p.ruta
), juntas AS (
    SELECT id, localidad_id, ruta AS persigue FROM {organizacion} WHERE tipo <> %(asojac)s
)
SELECT j.localidad_id, t.ruta, t.t, COUNT(*),
       SUM(COALESCE(s.s, 0)),
       COUNT(*) FILTER (WHERE COALESCE(s.s, 0) * 100 >= %(umbral)s * t.t),
       COUNT(*) FILTER (WHERE j.persigue = t.ruta),
       COUNT(*) FILTER (WHERE j.persigue = t.ruta AND COALESCE(s.s, 0) * 100 >= %(umbral)s * t.t)
  FROM juntas j CROSS JOIN totales t
  LEFT JOIN sumas s ON s.o = j.id AND s.ruta = t.ruta
 GROUP BY j.localidad_id, t.ruta, t.t
"""


def preparacion_agregada(umbral=80, hoy=None) -> dict:
    """Per route: Juntas, average index, Juntas at or above `umbral`, and how many pursue it
    (and of those, how many are ready); overall and by localidad; no personal data. From the
    «vigencias» summary rows for the dashboards' threshold (three queries, one when the request
    already read them); another threshold, or a day long past, from the requirement rows."""
    hoy = hoy or timezone.localdate()
    cubetas = resumenes.leer_vigencias(hoy) if umbral == resumenes.UMBRAL else None
    if cubetas is None:
        return preparacion_agregada_directo(umbral, hoy)
    totales, por_localidad = {}, {}
    for dias, datos in cubetas:
        totales = datos["wr"] or totales
        for localidad, rutas in datos["q"].items():
            suma = por_localidad.setdefault(int(localidad) if localidad else None, {})
            for ruta, cifras in rutas.items():
                fila = suma.setdefault(ruta, [0] * 5)
                fila[resumenes.Q_JUNTAS] += cifras[resumenes.Q_JUNTAS]
                fila[resumenes.Q_PERSIGUEN] += cifras[resumenes.Q_PERSIGUEN]
                for i in (resumenes.Q_SUMA, resumenes.Q_LISTAS, resumenes.Q_PERSIGUEN_LISTAS):
                    fila[i] += resumenes.antes_de(dias, cifras[i])
    filas = []
    for localidad, rutas in por_localidad.items():
        for ruta, (juntas, persiguen, suma, listas, persiguen_listas) in rutas.items():
            if ruta in totales:
                filas.append(
                    (True, localidad, ruta, totales[ruta], juntas, suma, listas, persiguen,
                     persiguen_listas)
                )  # fmt: skip
    return _preparacion(umbral, _con_totales(filas))


def preparacion_agregada_directo(umbral=80, hoy=None) -> dict:
    """`preparacion_agregada` from the requirement rows (two queries)."""
    hoy = hoy or timezone.localdate()
    sql = SQL_PREPARACION_RUTAS.format(
        peso=PesoRequisitoRuta._meta.db_table,
        requisito=Requisito._meta.db_table,
        fila=RequisitoJunta._meta.db_table,
        organizacion=Organizacion._meta.db_table,
    )
    parametros = {
        "cumple": RequisitoJunta.Estado.CUMPLE,
        "hoy": hoy,
        "asojac": Organizacion.Tipo.ASOJAC,
        "umbral": umbral,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, parametros)
        filas = [(True, *fila) for fila in cursor.fetchall()]
    return _preparacion(umbral, _con_totales(filas))


def _con_totales(filas):
    """The rows by localidad, and each route's total over them (as GROUPING SETS would add,
    on every database: SQLite, which `make run` uses, has none)."""
    totales = {}
    for _por, _localidad, ruta, total, *cifras in filas:
        suma = totales.setdefault((ruta, total), [0] * len(cifras))
        totales[(ruta, total)] = [a + b for a, b in zip(suma, cifras, strict=True)]
    return filas + [
        (False, None, ruta, total, *cifras)
        for (ruta, total), cifras in totales.items()
        if cifras[0]
    ]


def _preparacion(umbral, filas) -> dict:
    """The figures of `preparacion_agregada` from rows (by localidad?, localidad, route, its
    total weight, Juntas, weight met, ready, pursue it, ready among those); one query."""
    nombres = dict(Localidad.objects.values_list("pk", "nombre"))

    def cifras(total, juntas, suma, listas, persiguen, persiguen_listas):
        return {
            "juntas": juntas,
            "indice_promedio": round(100 * float(suma) / (juntas * total), 1)
            if juntas and total
            else None,
            "listas": listas,
            "listas_pct": round(100 * listas / juntas, 1) if juntas else None,
            "persiguen": persiguen,
            "persiguen_listas": persiguen_listas,
        }

    total_por_ruta, por_localidad = {}, {}
    for por_loc, localidad_id, ruta, total, *resto in filas:
        if por_loc:
            por_localidad.setdefault(localidad_id, {})[ruta] = cifras(total, *resto)
        else:
            total_por_ruta[ruta] = cifras(total, *resto)
    rutas = [
        {
            "ruta": r.value,
            "nombre": r.label,
            **total_por_ruta.get(r.value, cifras(0, 0, 0, 0, 0, 0)),
        }
        for r in Ruta
    ]
    localidades = sorted(
        (
            {
                "localidad": nombres.get(pk) or _("Sin localidad"),
                "rutas": [por_ruta.get(r.value, cifras(0, 0, 0, 0, 0, 0)) for r in Ruta],
            }
            for pk, por_ruta in por_localidad.items()
        ),
        key=lambda f: str(f["localidad"]),
    )
    return {"umbral": umbral, "rutas": rutas, "por_localidad": localidades}


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


# Dashboard figures, added up from the registry's summary rows (`juntas.resumenes`): a few
# hundred small rows whatever the size of the registry, the same answer as the raw versions
# below (`*_directo`, kept as the reference the property test compares with).


def conteo_vencimientos(hoy=None) -> dict:
    """How many documents and boards expire within 30, 60 and 90 days (two queries, no rows)."""
    hoy = hoy or timezone.localdate()
    cubetas = resumenes.leer_vigencias(hoy)
    if cubetas is None:
        return conteo_vencimientos_directo(hoy)
    documentos = dict.fromkeys(VENTANAS_DIAS, 0)
    periodos = dict.fromkeys(VENTANAS_DIAS, 0)
    vencidos = 0
    for dias, datos in cubetas:
        antes, por_dia = datos["d"]
        vencidos += antes + sum(por_dia[:dias])
        for ventana in VENTANAS_DIAS:
            documentos[ventana] += sum(por_dia[dias : dias + ventana + 1])
            periodos[ventana] += resumenes.en_ventana(datos["f"], dias, dias + ventana)
    return {
        "ventanas": [
            {"dias": dias, "documentos": documentos[dias], "periodos": periodos[dias]}
            for dias in VENTANAS_DIAS
        ],
        "documentos_vencidos": vencidos,
    }


def indice_agregado(n_juntas, hoy=None, umbral=80) -> dict:
    """Average readiness index of the Juntas, and how many reach `umbral` (three queries).

    The summary rows keep the scores for the dashboards' threshold (`resumenes.UMBRAL`);
    another threshold, or a day long past, is added up from the requirement rows."""
    hoy = hoy or timezone.localdate()
    peso_total = Requisito.peso_total()
    if not n_juntas or not peso_total:
        return {"indice_promedio": 0, "listas_para_contratar": 0}
    cubetas = resumenes.leer_vigencias(hoy, peso_total) if umbral == resumenes.UMBRAL else None
    if cubetas is None:
        cumplido, listas = _indice_de_filas(hoy, peso_total * umbral / 100)
    else:
        cumplido = sum(resumenes.antes_de(dias, datos["p"]) for dias, datos in cubetas)
        listas = sum(resumenes.antes_de(dias, datos["l"]) for dias, datos in cubetas)
    return {
        "indice_promedio": round(100 * cumplido / (n_juntas * peso_total), 1),
        "listas_para_contratar": listas,
    }


def _totales(territorios) -> list:
    """The territories' counts added up (in the order of `resumenes.REGISTRADAS`…)."""
    totales = [0] * 6
    for cuentas in territorios.values():
        for i, n in enumerate(cuentas):
            totales[i] += n
    return totales


def resumen_registro(hoy=None) -> dict:
    """Registry figures for the landing pages: no personal data, six queries."""
    hoy = hoy or timezone.localdate()
    territorios = resumenes.leer_registro()
    suma = _totales(territorios)
    totales = {
        "registradas": suma[resumenes.REGISTRADAS],
        "jac": suma[resumenes.JAC],
        "jvc": suma[resumenes.JVC],
        "activas": suma[resumenes.ACTIVAS],
        "participantes": suma[resumenes.PARTICIPANTES],
        "asociaciones": suma[resumenes.ASOCIACIONES],
    }
    totales.update(indice_agregado(totales["registradas"], hoy))
    por_localidad = list(Localidad.objects.order_by("codigo"))
    for localidad in por_localidad:
        localidad.etiqueta = localidad.nombre
        localidad.registradas = localidad.activas = localidad.participantes = 0
    de_localidad = {localidad.pk: localidad for localidad in por_localidad}
    for clave, cuentas in territorios.items():
        localidad = de_localidad.get(resumenes.de_territorio(clave)[0])
        if localidad is not None:
            localidad.registradas += cuentas[resumenes.REGISTRADAS]
            localidad.activas += cuentas[resumenes.ACTIVAS]
            localidad.participantes += cuentas[resumenes.PARTICIPANTES]
    totales["por_localidad"] = por_localidad
    totales["por_localidad_grafico"] = {
        "etiquetas": [localidad.nombre for localidad in por_localidad],
        "registradas": [localidad.registradas for localidad in por_localidad],
        "activas": [localidad.activas for localidad in por_localidad],
        "participantes": [localidad.participantes for localidad in por_localidad],
    }
    return totales


def resumen_por_ucg() -> list:
    """Juntas registered, active and participating per UCG (rural ones grouped apart), in the
    order of the raw version: by UCG number, then localidad name, empty ones last (four
    queries)."""
    numeros = dict(UnidadComunera.objects.values_list("pk", "numero"))
    # The database's collation orders the names, as the raw version's ORDER BY does.
    localidades = list(Localidad.objects.order_by("nombre").values_list("pk", "nombre"))
    puesto = {pk: i for i, (pk, _nombre) in enumerate(localidades)}
    nombres = dict(localidades)
    filas = []
    for clave, cuentas in resumenes.leer_registro().items():
        if not cuentas[resumenes.REGISTRADAS]:
            continue
        localidad, ucg = resumenes.de_territorio(clave)
        numero = numeros.get(ucg)
        filas.append((numero is None, numero or 0, localidad is None, puesto.get(localidad, 0),
                      numero, nombres.get(localidad), cuentas))  # fmt: skip
    return [
        {
            "ucg": numero,
            "localidad": nombre,
            "etiqueta": (
                _("UCG %(n)s") % {"n": numero}
                if numero
                else _("Rural — %(localidad)s") % {"localidad": nombre}
            ),
            "registradas": cuentas[resumenes.REGISTRADAS],
            "activas": cuentas[resumenes.ACTIVAS],
            "participantes": cuentas[resumenes.PARTICIPANTES],
        }
        for *_orden, numero, nombre, cuentas in sorted(filas, key=lambda f: f[:4])
    ]


def cumplimiento_por_requisito(hoy=None) -> list:
    """For each active requirement, how many Juntas meet it today (three queries)."""
    hoy = hoy or timezone.localdate()
    cubetas = resumenes.leer_vigencias(hoy)
    if cubetas is None:
        return cumplimiento_por_requisito_directo(hoy)
    total = sum(datos["n"] for _dias, datos in cubetas)
    cumplen = {}
    for dias, datos in cubetas:
        for requisito, par in datos["r"].items():
            cumplen[int(requisito)] = cumplen.get(int(requisito), 0) + resumenes.antes_de(dias, par)
    return [
        {
            "requisito": requisito,
            "cumplen": cumplen.get(requisito.pk, 0),
            "porcentaje": round(100 * cumplen.get(requisito.pk, 0) / total, 1) if total else 0,
        }
        for requisito in Requisito.objects.filter(activo=True).order_by("orden")
    ]


def resumen_para_indicadores(hoy=None) -> dict:
    """The registry measures the commitment's indicators use (five queries, no rows)."""
    hoy = hoy or timezone.localdate()
    suma = _totales(resumenes.leer_registro())
    totales = {
        "registradas": suma[resumenes.REGISTRADAS],
        "participantes": suma[resumenes.PARTICIPANTES],
    }
    totales.update(indice_agregado(totales["registradas"], hoy))
    return totales


# The same figures from the raw rows -----------------------------------------------------------


def conteo_vencimientos_directo(hoy=None) -> dict:
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


def indice_agregado_directo(n_juntas, hoy=None, umbral=80) -> dict:
    """Average readiness index of the Juntas, and how many reach `umbral`, from the rows.

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
        cumplido = (cifras["cumplido"] or 0) + sum(vencidas)
        listas = cifras["listas"] + sum(1 for suma in vencidas if suma >= minimo)
    else:
        cumplido, listas = _indice_de_filas(hoy, minimo)
    return {
        "indice_promedio": round(100 * cumplido / (n_juntas * peso_total), 1),
        "listas_para_contratar": listas,
    }


def _indice_de_filas(hoy, minimo):
    """The weight met in force on `hoy` by the Juntas, and how many reach `minimo`, from the
    requirement rows (two queries)."""
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
    return cumplido, listas


def resumen_registro_directo(hoy=None) -> dict:
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
    totales.update(indice_agregado_directo(totales["registradas"], hoy))
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


def resumen_por_ucg_directo() -> list:
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


def cumplimiento_por_requisito_directo(hoy=None) -> list:
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


def resumen_para_indicadores_directo(hoy=None) -> dict:
    """The registry measures the commitment's indicators use (three queries, no rows)."""
    hoy = hoy or timezone.localdate()
    totales = Organizacion.objects.juntas().aggregate(
        registradas=Count("pk"),
        participantes=Count("pk", filter=Q(participa=True)),
    )
    totales.update(indice_agregado_directo(totales["registradas"], hoy))
    return totales
