"""The training programme's reads: priorities and each Junta's plan, the sessions a Junta is
called to, a Junta's training record and the training dashboard's figures.
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from juntas.models import Localidad, Organizacion, UnidadComunera

from ..models.encuesta import Instrumento, PuntajeDimension, Respuesta
from ..models.formacion import (
    AccionPlan,
    Acompanamiento,
    AjustePlan,
    Certificado,
    Estrategia,
    Evaluacion,
    Inscripcion,
    Modulo,
    Sesion,
    SolicitudPersona,
)
from ..resumenes import formacion as resumenes_formacion
from .encuesta import linea_base_vigente, mapa_de_calor, por_dimension, resumen_de_encuestas

# Strategy: prioritisation and each Junta's plan ------------------------------------------------


def prioridades(juntas: QuerySet[Organizacion]) -> dict:
    """Dimensions ranked by need (overall) and the need per localidad, from the baseline."""
    base = linea_base_vigente()
    if base is None:
        return {"instrumento": None, "ranking": [], "mapa": {"columnas": [], "filas": []}}
    ranking = sorted(por_dimension(base, juntas), key=lambda d: -d["necesidad"])
    return {"instrumento": base, "ranking": ranking, "mapa": mapa_de_calor(base, juntas)}


def planes(
    organizaciones: list[Organizacion], estrategia: Estrategia | None
) -> dict[int, dict[int, dict]]:
    """Each Junta's plan: {org id: {module id: {"recomendado", "ajuste", "incluido"}}}.

    A module is recommended when it addresses a dimension the Junta scored below the strategy's
    threshold in a submitted baseline; staff adjustments include or exclude modules by hand.
    Three queries whatever the number of Juntas.
    """
    ids = [o.pk for o in organizaciones]
    umbral = estrategia.umbral if estrategia else 0
    modulos_por_dimension = {}
    for modulo_id, dimension_id in Modulo.dimensiones.through.objects.filter(
        modulo__activo=True
    ).values_list("modulo_id", "dimension_id"):
        modulos_por_dimension.setdefault(dimension_id, set()).add(modulo_id)
    debiles = PuntajeDimension.objects.filter(
        respuesta__organizacion__in=ids,
        respuesta__estado__in=Respuesta.ENVIADAS,
        respuesta__instrumento__ronda=Instrumento.Ronda.LINEA_BASE,
        puntaje__lt=umbral,
    ).values_list("respuesta__organizacion_id", "dimension_id")
    resultado = {pk: {} for pk in ids}
    for org_id, dimension_id in debiles:
        for modulo_id in modulos_por_dimension.get(dimension_id, ()):
            resultado[org_id][modulo_id] = {"recomendado": True, "ajuste": None, "incluido": True}
    for org_id, modulo_id, incluido in AjustePlan.objects.filter(organizacion__in=ids).values_list(
        "organizacion_id", "modulo_id", "incluido"
    ):
        celda = resultado[org_id].setdefault(
            modulo_id, {"recomendado": False, "ajuste": None, "incluido": False}
        )
        celda["ajuste"], celda["incluido"] = incluido, incluido
    return resultado


def plan_de_junta(organizacion: Organizacion) -> list[dict]:
    """The modules in a Junta's plan, in the strategy's order, with why each one is there."""
    estrategia = Estrategia.vigente()
    celdas = planes([organizacion], estrategia)[organizacion.pk]
    incluidos = [pk for pk, celda in celdas.items() if celda["incluido"]]
    modulos = Modulo.objects.filter(pk__in=incluidos).select_related("programa")
    return [{"modulo": m, **celdas[m.pk]} for m in modulos]


# Sessions ---------------------------------------------------------------------------------------


def _q_convocatoria(junta):
    """Sessions whose call reaches the Junta, but for plan calls (those need its plan)."""
    return (
        Q(convocatoria=Sesion.Convocatoria.TODAS)
        | Q(convocatoria=Sesion.Convocatoria.LOCALIDAD, convocatoria_localidad=junta.localidad_id)
        | Q(convocatoria=Sesion.Convocatoria.UCG, convocatoria_ucg=junta.unidad_comunera_id)
        | Q(convocatoria=Sesion.Convocatoria.PLAN)
    )


def _convocable(junta):
    """Sessions call participating first-grade Juntas (JAC, JVC), as `juntas_convocadas` says."""
    return junta.participa and junta.tipo != Organizacion.Tipo.ASOJAC


def convoca(sesion: Sesion, junta: Organizacion) -> bool:
    """Whether the session calls the Junta: the one rule behind the leader's list of sessions,
    registrations (`services.formacion.inscribir`), the .ics file and the invitations."""
    if not _convocable(junta):
        return False
    if not Sesion.objects.filter(_q_convocatoria(junta), pk=sesion.pk).exists():
        return False
    if sesion.convocatoria == Sesion.Convocatoria.PLAN:
        plan = planes([junta], Estrategia.vigente())[junta.pk]
        return bool(plan.get(sesion.modulo_id, {}).get("incluido"))
    return True


def sesiones_para_junta(junta: Organizacion, hoy: datetime.date | None = None) -> list[dict]:
    """Upcoming sessions the Junta is invited to, with free seats and its own registrations.

    Seats held by requests waiting for staff count as taken, and those requests are listed
    among the Junta's registrations under the name the leader typed: the leader sees a
    registration of someone new and one staff must confirm alike.

    A fixed number of queries: the sessions with their counts, the Junta's registrations, its
    pending requests, and (for sessions called by plan) the Junta's plan.
    """
    if not _convocable(junta):
        return []
    ahora = timezone.now()
    pendientes = SolicitudPersona.objects.filter(
        sesion=OuterRef("pk"),
        tipo=SolicitudPersona.Tipo.VINCULAR,
        estado=SolicitudPersona.Estado.PENDIENTE,
    )
    sesiones = list(
        Sesion.objects.filter(estado=Sesion.Estado.PROGRAMADA, inicio__gt=ahora)
        .filter(_q_convocatoria(junta))
        .select_related("modulo", "barrio")
        .annotate(
            inscritas=Count("inscripciones")
            + Coalesce(
                Subquery(
                    pendientes.values("sesion").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            )
        )
        .order_by("inicio")
    )
    if any(s.convocatoria == Sesion.Convocatoria.PLAN for s in sesiones):
        plan = planes([junta], Estrategia.vigente())[junta.pk]
        sesiones = [
            s
            for s in sesiones
            if s.convocatoria != Sesion.Convocatoria.PLAN
            or plan.get(s.modulo_id, {}).get("incluido")
        ]
    ids = [s.pk for s in sesiones]
    propias = {}
    for inscripcion in Inscripcion.objects.filter(
        organizacion=junta, sesion__in=ids
    ).select_related("persona"):
        propias.setdefault(inscripcion.sesion_id, []).append(
            {
                "nombre": inscripcion.persona.nombre_completo,
                "documento": inscripcion.persona.documento,
            }
        )
    for solicitud in SolicitudPersona.objects.filter(
        organizacion=junta,
        sesion__in=ids,
        tipo=SolicitudPersona.Tipo.VINCULAR,
        estado=SolicitudPersona.Estado.PENDIENTE,
    ):
        propias.setdefault(solicitud.sesion_id, []).append(
            {"nombre": solicitud.nombre_escrito, "documento": solicitud.documento}
        )
    for lista in propias.values():
        lista.sort(key=lambda p: p["nombre"].casefold())
    return [
        {
            "sesion": s,
            "libres": max(0, s.cupo - s.inscritas),
            "propias": propias.get(s.pk, []),
            "puede_inscribir": len(propias.get(s.pk, [])) < s.cupo_por_junta
            and s.inscritas < s.cupo,
        }
        for s in sesiones
    ]


def sesiones_para_secretaria() -> QuerySet[Sesion]:
    """All sessions with registration and attendance counts (one query)."""
    return (
        Sesion.objects.select_related("modulo")
        .annotate(
            inscritas=Count("inscripciones"),
            asistentes=Count("inscripciones", filter=Q(inscripciones__asistio=True)),
        )
        .order_by("-inicio")
    )


def juntas_convocadas(sesion: Sesion) -> QuerySet[Organizacion]:
    """The participating Juntas a session calls (a queryset; for plan calls, those whose plan
    includes the module)."""
    juntas = Organizacion.objects.juntas().filter(participa=True)
    if sesion.convocatoria == Sesion.Convocatoria.LOCALIDAD:
        return juntas.filter(localidad=sesion.convocatoria_localidad_id)
    if sesion.convocatoria == Sesion.Convocatoria.UCG:
        return juntas.filter(unidad_comunera=sesion.convocatoria_ucg_id)
    if sesion.convocatoria == Sesion.Convocatoria.PLAN:
        todas = list(juntas.only("pk"))
        plan = planes(todas, Estrategia.vigente())
        return juntas.filter(
            pk__in=[
                pk
                for pk, celdas in plan.items()
                if celdas.get(sesion.modulo_id, {}).get("incluido")
            ]
        )
    return juntas


# A Junta's training record (leader portal) -------------------------------------------------------


def asistencia_de_junta(junta: Organizacion, limite: int = 20) -> list[tuple]:
    """The Junta's delegates in past sessions, latest first: [(session, [registrations])]."""
    inscripciones = (
        Inscripcion.objects.filter(organizacion=junta, sesion__inicio__lte=timezone.now())
        .select_related("sesion__modulo", "persona")
        .order_by("-sesion__inicio", "persona__apellidos")
    )
    sesiones = {}
    for inscripcion in inscripciones[: limite * 5]:
        sesiones.setdefault(inscripcion.sesion, []).append(inscripcion)
    return list(sesiones.items())[:limite]


def acompanamiento_de_junta(junta: Organizacion) -> dict:
    """The Junta's plan actions (open first, by due date) and its latest visits."""
    acciones = list(
        AccionPlan.objects.filter(organizacion=junta)
        .select_related("requisito", "dimension")
        .order_by(Case(When(estado__in=AccionPlan.ABIERTAS, then=0), default=1), "vence", "pk")
    )
    visitas = list(Acompanamiento.objects.filter(organizacion=junta).order_by("-fecha")[:10])
    return {
        "acciones": acciones,
        "abiertas": sum(1 for a in acciones if a.estado in AccionPlan.ABIERTAS),
        "vencidas": sum(1 for a in acciones if a.vencida),
        "visitas": visitas,
    }


def certificados_de_junta(junta: Organizacion) -> list[Certificado]:
    """The Junta's valid certificates: its own first, then its people's, latest first."""
    return list(
        Certificado.objects.filter(organizacion=junta, anulado=False)
        .select_related("persona", "modulo")
        .order_by("tipo", "-emitido", "persona__apellidos")
    )


# Training figures (/tablero/capacitacion/) ---------------------------------------------------
#
# `cifras_capacitacion` adds up summary rows (`capacitacion.resumenes.formacion`);
# `cifras_capacitacion_directo` computes the same figures from every session, registration,
# certificate and evaluation (the reference the summaries are tested against, and what the page
# cost before them).


def _horas(expresion):
    return ExpressionWrapper(expresion, output_field=DurationField())


def _en_horas(duracion):
    return round(duracion.total_seconds() / 3600, 1) if duracion else 0


def _tasa(parte, total):
    return round(100 * parte / total, 1) if total else None


def _totales_sesiones():
    """Sessions by state and the hours of those held (one query)."""
    realizada = Q(estado=Sesion.Estado.REALIZADA)
    sesiones = Sesion.objects.aggregate(
        planeadas=Count("pk", filter=~Q(estado=Sesion.Estado.CANCELADA)),
        realizadas=Count("pk", filter=realizada),
        programadas=Count("pk", filter=Q(estado=Sesion.Estado.PROGRAMADA)),
        canceladas=Count("pk", filter=Q(estado=Sesion.Estado.CANCELADA)),
        duracion=Sum(_horas(F("fin") - F("inicio")), filter=realizada),
    )
    sesiones["horas"] = _en_horas(sesiones.pop("duracion"))
    return sesiones


def _sesiones_por_modulo():
    """{module id: (held sessions, their hours)} (one query over the sessions)."""
    return {
        fila["modulo_id"]: (fila["sesiones"], _en_horas(fila["duracion"]))
        for fila in Sesion.objects.filter(estado=Sesion.Estado.REALIZADA)
        .values("modulo_id")
        .annotate(
            sesiones=Count("pk", distinct=True),
            duracion=Sum(_horas(F("fin") - F("inicio"))),
        )
        .order_by()
    }


def _meses():
    """Sessions planned and held per month (one query over the sessions)."""
    meses = {}
    for fila in (
        Sesion.objects.exclude(estado=Sesion.Estado.CANCELADA)
        .annotate(mes=TruncMonth("inicio"))
        .values("mes")
        .annotate(
            planeadas=Count("pk"), realizadas=Count("pk", filter=Q(estado=Sesion.Estado.REALIZADA))
        )
        .order_by("mes")
    ):
        meses[fila["mes"]] = fila
    return list(meses.values())


def _modulos(sesiones, asistentes, certificados, evaluaciones):
    """The active modules' rows from per-module figures ({module id: value} each; evaluations
    {module id: {moment: {"promedio", "n"}}}), with the learning gain."""
    por_modulo = {
        m.pk: {"modulo": m, "sesiones": 0, "horas": 0, "asistentes": 0, "certificados": 0}
        for m in Modulo.objects.filter(activo=True).select_related("programa")
    }
    for modulo_id, fila in por_modulo.items():
        if modulo_id in sesiones:
            fila["sesiones"], fila["horas"] = sesiones[modulo_id]
        fila["asistentes"] = asistentes.get(modulo_id, 0)
        fila["certificados"] = certificados.get(modulo_id, 0)
        fila.update(evaluaciones.get(modulo_id, {}))
        entrada, salida = fila.get("entrada"), fila.get("salida")
        fila["ganancia"] = (
            round(salida["promedio"] - entrada["promedio"], 1) if entrada and salida else None
        )
    ganancias = [f["ganancia"] for f in por_modulo.values() if f["ganancia"] is not None]
    ganancia = round(sum(ganancias) / len(ganancias), 1) if ganancias else None
    return list(por_modulo.values()), ganancia


def _figuras(
    *,
    sesiones,
    meses,
    asistencia,
    por_localidad,
    por_ucg,
    certificados,
    satisfaccion,
    modulos,
    acompanamiento,
    acciones,
):
    """The dashboard's dict, one shape for both ways of computing it."""
    modulos, ganancia = modulos
    certificados["tasa_personas"] = _tasa(certificados["personas"], asistencia["personas"])
    certificados["tasa_juntas"] = _tasa(certificados["juntas"], asistencia["juntas"])
    return {
        "sesiones": sesiones,
        "asistencia": asistencia,
        "por_localidad": por_localidad,
        "por_ucg": por_ucg,
        "certificados": certificados,
        "satisfaccion": satisfaccion,
        "ganancia": ganancia,
        "modulos": modulos,
        "acompanamiento": acompanamiento,
        "acciones": acciones,
        "meses": meses,
    }


# From the summary rows ------------------------------------------------------------------------


def _leido(nombre) -> dict:
    """The class's buckets added up (`resumenes_formacion.sumar`): one stored row when
    nothing is pending."""
    return resumenes_formacion.leer_sumado(nombre)


def _promedio(con_puntaje, centesimas):
    """As `round(float(Avg("puntaje")), 1)` says it, from the sum in hundredths (exact)."""
    return round(float(Decimal(centesimas) / (100 * con_puntaje)), 1)


def _por_territorio(personas, juntas, territorios):
    """[{"nombre", "personas", "juntas"}] in the territories' order, for those reached."""
    filas = []
    for clave, nombre in territorios:
        n_personas, n_juntas = personas.get(clave, 0), juntas.get(clave, 0)
        if n_personas or n_juntas:
            filas.append({"nombre": nombre, "personas": n_personas, "juntas": n_juntas})
    return filas


def _totales_sesiones_de(datos):
    """`_totales_sesiones` from the sessions' summary rows."""
    estados = datos.get("estados", {})
    cuenta = {e: estados.get(e, 0) for e in Sesion.Estado.values}
    return {
        "planeadas": sum(cuenta.values()) - cuenta[Sesion.Estado.CANCELADA],
        "realizadas": cuenta[Sesion.Estado.REALIZADA],
        "programadas": cuenta[Sesion.Estado.PROGRAMADA],
        "canceladas": cuenta[Sesion.Estado.CANCELADA],
        "horas": _en_horas(datetime.timedelta(microseconds=datos.get("duracion", 0))),
    }


def _sesiones_por_modulo_de(datos):
    return {
        int(modulo): (n, _en_horas(datetime.timedelta(microseconds=microsegundos)))
        for modulo, (n, microsegundos) in datos.get("modulos", {}).items()
    }


def _meses_de(datos):
    """`_meses` from the sessions' summary rows: each month as the database truncates it (the
    first day at midnight, in the current time zone)."""
    return [
        {
            "mes": timezone.make_aware(datetime.datetime.fromisoformat(mes)),
            "planeadas": planeadas,
            "realizadas": realizadas,
        }
        for mes, (planeadas, realizadas) in sorted(datos.get("meses", {}).items())
    ]


def _acciones_de(datos, hoy):
    acciones = datos.get("acciones", {})
    abiertas = acciones.get("abiertas", {})
    dia = hoy.isoformat()
    resultado = {
        "total": acciones.get("total", 0),
        "hechas": acciones.get("hechas", 0),
        "automaticas": acciones.get("automaticas", 0),
        "vencidas": sum(n for vence, n in abiertas.items() if vence < dia),
        "en_plazo": sum(n for vence, n in abiertas.items() if vence >= dia),
    }
    resultado["tasa"] = _tasa(resultado["hechas"], resultado["total"])
    return resultado


def _asistencia_de(personas, sesiones, juntas):
    asistencia = {
        "inscritas": sesiones.get("inscritas", 0),
        "inscritas_asistieron": sesiones.get("inscritas_asistieron", 0),
        "asistencias": sesiones.get("asistencias", 0),
        "personas": personas.get("personas", 0),
        "juntas": juntas.get("juntas", 0),
    }
    asistencia["tasa"] = _tasa(asistencia["inscritas_asistieron"], asistencia["inscritas"])
    return asistencia


def cifras_capacitacion(hoy: datetime.date | None = None) -> dict:
    """Every training figure of the dashboard, added up from a few hundred summary rows: a
    fixed number of queries, none over sessions, registrations, certificates or evaluations;
    equal to `cifras_capacitacion_directo`."""
    hoy = hoy or timezone.localdate()
    personas = _leido(resumenes_formacion.PERSONAS)
    sesiones = _leido(resumenes_formacion.SESIONES)
    juntas = _leido(resumenes_formacion.JUNTAS)
    acompanamiento = _leido(resumenes_formacion.ACOMPANAMIENTO)

    localidades = [
        (str(pk), nombre)
        for pk, nombre in Localidad.objects.order_by("nombre").values_list("pk", "nombre")
    ]
    localidades.append((resumenes_formacion.SIN_LOCALIDAD, None))  # NULLs sort last
    ucg = [
        (str(pk), _("UCG %(n)s") % {"n": numero})
        for pk, numero in UnidadComunera.objects.order_by("numero").values_list("pk", "numero")
    ]

    evaluaciones, satisfaccion = {}, [0, 0, 0]
    for modulo_id, momentos in sesiones.get("evaluaciones", {}).items():
        for momento, (n, con_puntaje, centesimas) in momentos.items():
            evaluaciones.setdefault(int(modulo_id), {})[momento] = {
                "promedio": _promedio(con_puntaje, centesimas) if con_puntaje else 0.0,
                "n": n,
            }
            if momento == Evaluacion.Momento.SATISFACCION:
                satisfaccion = [
                    a + b for a, b in zip(satisfaccion, (n, con_puntaje, centesimas), strict=True)
                ]
    certificados = personas.get("certificados", {})
    return _figuras(
        sesiones=_totales_sesiones_de(sesiones.get("sesiones", {})),
        meses=_meses_de(sesiones.get("sesiones", {})),
        asistencia=_asistencia_de(personas, sesiones, juntas),
        por_localidad=_por_territorio(
            personas.get("localidades", {}), juntas.get("localidades", {}), localidades
        ),
        por_ucg=_por_territorio(personas.get("ucg", {}), juntas.get("ucg", {}), ucg),
        certificados={
            "modulos": sum(certificados.values()),
            "personas": personas.get("certificadas", 0),
            "juntas": acompanamiento.get("certificados_junta", 0),
        },
        satisfaccion={
            "promedio": _promedio(satisfaccion[1], satisfaccion[2]) if satisfaccion[1] else None,
            "respuestas": satisfaccion[0],
        },
        modulos=_modulos(
            _sesiones_por_modulo_de(sesiones.get("sesiones", {})),
            {int(k): n for k, n in personas.get("modulos", {}).items()},
            {int(k): n for k, n in certificados.items()},
            evaluaciones,
        ),
        acompanamiento={
            "visitas": acompanamiento.get("visitas", 0),
            "juntas": acompanamiento.get("juntas_visitadas", 0),
        },
        acciones=_acciones_de(acompanamiento, hoy),
    )


# From the raw rows (the reference) ------------------------------------------------------------


def _asistencia_directo():
    """Registrations and attendance in held sessions, people and Juntas reached (one query,
    over every attendance row)."""
    asistencia = Inscripcion.objects.filter(sesion__estado=Sesion.Estado.REALIZADA).aggregate(
        inscritas=Count("pk", filter=Q(sin_inscripcion_previa=False)),
        inscritas_asistieron=Count("pk", filter=Q(sin_inscripcion_previa=False, asistio=True)),
        asistencias=Count("pk", filter=Q(asistio=True)),
        personas=Count("persona", filter=Q(asistio=True), distinct=True),
        juntas=Count("organizacion", filter=Q(asistio=True), distinct=True),
    )
    asistencia["tasa"] = _tasa(asistencia["inscritas_asistieron"], asistencia["inscritas"])
    return asistencia


def _acciones_directo(hoy):
    """Plan actions done, closed by a verified requirement, overdue and in time (one query)."""
    abiertas = Q(estado__in=AccionPlan.ABIERTAS)
    acciones = AccionPlan.objects.aggregate(
        total=Count("pk", filter=~Q(estado=AccionPlan.Estado.CANCELADA)),
        hechas=Count("pk", filter=Q(estado=AccionPlan.Estado.HECHA)),
        automaticas=Count("pk", filter=Q(cierre_automatico=True)),
        vencidas=Count("pk", filter=abiertas & Q(vence__lt=hoy)),
        en_plazo=Count("pk", filter=abiertas & Q(vence__gte=hoy)),
    )
    acciones["tasa"] = _tasa(acciones["hechas"], acciones["total"])
    return acciones


def _alcance(modelo, columna_fk, columna_nombre):
    """People and Juntas reached per territory (localidad or UCG), from held sessions.

    Counted over the distinct (Junta, person) pairs first: a hashed DISTINCT shrinks some
    640,000 attendance rows at national scale to the pairs, so the per-territory COUNT DISTINCT
    sorts tens of thousands of rows instead of all of them (0.3 s instead of 0.8 s at 64,000
    Juntas). Plain SQL: the ORM cannot aggregate over a derived table.
    """
    sql = f"""
        SELECT t.{columna_nombre} AS nombre, COUNT(DISTINCT p.persona_id) AS personas,
               COUNT(DISTINCT p.organizacion_id) AS juntas
        FROM (
            SELECT DISTINCT i.organizacion_id, i.persona_id
            FROM {Inscripcion._meta.db_table} i
            JOIN {Sesion._meta.db_table} s ON s.id = i.sesion_id
            WHERE s.estado = %s AND i.asistio = %s
        ) p
        JOIN {Organizacion._meta.db_table} o ON o.id = p.organizacion_id
        LEFT JOIN {modelo._meta.db_table} t ON t.id = o.{columna_fk}
        GROUP BY t.{columna_nombre}
        ORDER BY t.{columna_nombre}
    """  # noqa: S608 (table and column names from the models, values as parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [Sesion.Estado.REALIZADA, True])
        return [
            {"nombre": nombre, "personas": personas, "juntas": juntas}
            for nombre, personas, juntas in cursor.fetchall()
        ]


def cifras_capacitacion_directo(hoy: datetime.date | None = None) -> dict:
    """`cifras_capacitacion` computed from the raw rows (every registration, certificate and
    evaluation): the reference for the summaries' tests; about 1 s at 64,000 Juntas."""
    hoy = hoy or timezone.localdate()
    en_realizadas = Inscripcion.objects.filter(sesion__estado=Sesion.Estado.REALIZADA)
    asistencia = _asistencia_directo()
    por_ucg = [
        {**fila, "nombre": _("UCG %(n)s") % {"n": fila["nombre"]}}
        for fila in _alcance(UnidadComunera, "unidad_comunera_id", "numero")
        if fila["nombre"] is not None
    ]
    certificados = Certificado.objects.filter(anulado=False).aggregate(
        modulos=Count("pk", filter=Q(tipo=Certificado.Tipo.MODULO)),
        personas=Count("persona", filter=Q(tipo=Certificado.Tipo.MODULO), distinct=True),
        juntas=Count("pk", filter=Q(tipo=Certificado.Tipo.JUNTA)),
    )
    evaluaciones = Evaluacion.objects.aggregate(
        satisfaccion=Avg("puntaje", filter=Q(momento=Evaluacion.Momento.SATISFACCION)),
        respuestas_satisfaccion=Count("pk", filter=Q(momento=Evaluacion.Momento.SATISFACCION)),
    )
    asistentes = dict(
        en_realizadas.filter(asistio=True)
        .values(modulo_id=F("sesion__modulo_id"))
        .annotate(asistentes=Count("persona", distinct=True))
        .order_by()
        .values_list("modulo_id", "asistentes")
    )
    por_modulo_certificados = dict(
        Certificado.objects.filter(tipo=Certificado.Tipo.MODULO, anulado=False)
        .values("modulo_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("modulo_id", "n")
    )
    por_momento = {}
    for fila in (
        Evaluacion.objects.values("modulo_id", "momento")
        .annotate(promedio=Avg("puntaje"), n=Count("pk"))
        .order_by()
    ):
        por_momento.setdefault(fila["modulo_id"], {})[fila["momento"]] = {
            "promedio": round(float(fila["promedio"] or 0), 1),
            "n": fila["n"],
        }
    return _figuras(
        sesiones=_totales_sesiones(),
        meses=_meses(),
        asistencia=asistencia,
        por_localidad=_alcance(Localidad, "localidad_id", "nombre"),
        por_ucg=por_ucg,
        certificados=certificados,
        satisfaccion={
            "promedio": round(float(evaluaciones["satisfaccion"]), 1)
            if evaluaciones["satisfaccion"] is not None
            else None,
            "respuestas": evaluaciones["respuestas_satisfaccion"],
        },
        modulos=_modulos(_sesiones_por_modulo(), asistentes, por_modulo_certificados, por_momento),
        acompanamiento=Acompanamiento.objects.aggregate(
            visitas=Count("pk"), juntas=Count("organizacion", distinct=True)
        ),
        acciones=_acciones_directo(hoy),
    )


# Figures for the commitment's indicators (hitos) -------------------------------------------------


def _indicadores(hoy, *, sesiones, personas, juntas, visitas, acciones):
    encuestas = resumen_de_encuestas()
    return {
        **encuestas,
        "modulos_activos": Modulo.objects.filter(activo=True).count(),
        "linea_base_con_resultados": encuestas["encuestas_linea_base"] > 0,
        "estrategia_aprobada": Estrategia.objects.filter(aprobada_en__lte=hoy).exists(),
        "sesiones_planeadas": sesiones["planeadas"],
        "sesiones_realizadas": sesiones["realizadas"],
        "horas_impartidas": sesiones["horas"],
        "personas_formadas": personas,
        "juntas_formadas": juntas,
        "visitas": visitas,
        "acciones_total": acciones["total"],
        "acciones_hechas": acciones["hechas"],
    }


def resumen_para_indicadores(hoy: datetime.date | None = None) -> dict:
    """The survey, strategy and training measures the milestones' indicators use: training's
    from the summary rows, in a fixed number of queries (no rows per Junta or person); equal to
    `resumen_para_indicadores_directo`."""
    hoy = hoy or timezone.localdate()
    acompanamiento = _leido(resumenes_formacion.ACOMPANAMIENTO)
    return _indicadores(
        hoy,
        sesiones=_totales_sesiones_de(_leido(resumenes_formacion.SESIONES).get("sesiones", {})),
        personas=_leido(resumenes_formacion.PERSONAS).get("personas", 0),
        juntas=_leido(resumenes_formacion.JUNTAS).get("juntas", 0),
        visitas=acompanamiento.get("visitas", 0),
        acciones=_acciones_de(acompanamiento, hoy),
    )


def resumen_para_indicadores_directo(hoy: datetime.date | None = None) -> dict:
    """`resumen_para_indicadores` from the raw rows (the reference for the summaries' tests)."""
    hoy = hoy or timezone.localdate()
    alcance = _asistencia_directo()
    return _indicadores(
        hoy,
        sesiones=_totales_sesiones(),
        personas=alcance["personas"],
        juntas=alcance["juntas"],
        visitas=Acompanamiento.objects.count(),
        acciones=_acciones_directo(hoy),
    )
