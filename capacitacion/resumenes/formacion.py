"""Summary rows of the training programme: what `/tablero/capacitacion/` and the milestones'
figures add up instead of reading every registration, certificate and evaluation.

Four classes, each bucketed so that what it counts adds up across its buckets:

- `formacion-personas` (by the person's id range): for its people, how many attended a held
  session, per localidad and UCG of the Junta they attended for (as the Junta is now), per
  module, and their module certificates. Distinct people add up because the buckets
  partition people.
- `formacion-sesiones` (by the session's id range): sessions per state, month and module and
  the hours of the held ones, registrations and attendance in held sessions, and the
  evaluations' sums per module and moment (plain counts and sums).
- `formacion-juntas` (by the Junta's id range): the Juntas reached by a held session, overall
  and per the territory each Junta is in now.
- `formacion-acompanamiento` (by the Junta's id range): visits and the Juntas visited, plan
  actions by state (the open ones per due date: overdue depends on the day it is read), and
  «Junta fortalecida» certificates.

A registration only marks the people and Junta buckets when it can change them: a person who
already attended another held session of the same module, for a Junta of the same localidad and
UCG, is counted the same whatever this registration says (most of a module's sessions), and so
is a Junta with another attendance. The attendance writers save a session's registrations in
`agrupar()`, which works that out once for all of them.
"""

import contextlib
import datetime
from collections import namedtuple

from asgiref.local import Local
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_init

from juntas import resumenes as resumenes_juntas
from juntas.models import Organizacion
from nucleo import resumenes

from ..models.formacion import (
    AccionPlan,
    Acompanamiento,
    Certificado,
    Evaluacion,
    Inscripcion,
    Persona,
    Sesion,
)

PERSONAS = "formacion-personas"
SESIONES = "formacion-sesiones"
JUNTAS = "formacion-juntas"
ACOMPANAMIENTO = "formacion-acompanamiento"

# Bucket sizes: small enough that recomputing one is a few milliseconds at national scale, large
# enough that the dashboard reads a few hundred rows each (at 64,000 Juntas: 668 + 189 + 129 +
# 65 at most).
POR_PERSONAS = 100
POR_SESIONES = 100
POR_JUNTAS = 500
POR_ACOMPANAMIENTO = 1000

REALIZADA = Sesion.Estado.REALIZADA
SIN_LOCALIDAD = ""  # Juntas without a localidad are a group of their own, as in the raw figures


def clave(pk, tamano) -> str | None:
    return None if pk is None else str(pk // tamano)


def _rango(clave_, tamano):
    inicio = int(clave_) * tamano
    return inicio, inicio + tamano


def _claves_de(modelo, tamano):
    """The buckets the rows of `modelo` fall in (each class is bucketed by one table's ids):
    every bucket that may hold data, for rebuilding."""
    cubeta = ExpressionWrapper(F("pk") / tamano, output_field=IntegerField())
    return [
        str(n)
        for n in modelo.objects.annotate(cubeta=cubeta)
        .values_list("cubeta", flat=True)
        .distinct()
        .order_by()
    ]


def _territorio(pk) -> str:
    return SIN_LOCALIDAD if pk is None else str(pk)


# Each bucket's aggregate, from the raw rows ---------------------------------------------------
#
# Each class computes any number of its buckets at once (`*_varias`, a fixed number of queries
# for all of them: what a page reading several pending buckets, or a commit that marked a sheet's
# thirty people, would use) and one bucket as the core asks (`calcular_*`).


def _en_rangos(campo, claves, tamano) -> Q:
    """Rows whose `campo` falls in one of the buckets: an index range scan each."""
    condicion = Q()
    for clave_ in claves:
        inicio, fin = _rango(clave_, tamano)
        condicion |= Q(**{f"{campo}__gte": inicio, f"{campo}__lt": fin})
    return condicion


def _cubeta(campo, tamano):
    return ExpressionWrapper(F(campo) / tamano, output_field=IntegerField())


def _asistencias():
    """Attendance in held sessions. Written as «not in a session that is not held» (those are
    few: upcoming and cancelled ones, found through the (estado, inicio) index) rather than as
    a join, which makes PostgreSQL hash every session for a bucket's few thousand rows."""
    no_realizadas = Sesion.objects.filter(
        estado__in=[e for e in Sesion.Estado.values if e != REALIZADA]
    ).values("pk")
    return Inscripcion.objects.filter(asistio=True).exclude(sesion__in=no_realizadas)


def _con_modulo(asistencias):
    """(person, module, Junta) of each attendance, distinct. The module is looked up row by row
    in the sessions' primary key: a bucket's thousand rows cost a thousand index probes, where
    a join would make PostgreSQL hash every session."""
    modulo = Subquery(
        Sesion.objects.filter(pk=OuterRef("sesion_id")).order_by().values("modulo_id")[:1]
    )
    return (
        asistencias.annotate(modulo_de_sesion=modulo)
        .values_list("persona_id", "modulo_de_sesion", "organizacion_id")
        .distinct()
        .order_by()
    )


def _territorios_de(organizaciones) -> dict:
    """{Junta id: (localidad key, UCG id or None)}, as the Juntas are now."""
    return {
        pk: (_territorio(loc), unidad)
        for pk, loc, unidad in Organizacion.objects.filter(pk__in=organizaciones)
        .values_list("pk", "localidad_id", "unidad_comunera_id")
        .order_by()
    }


def calcular_personas_varias(claves) -> dict[str, dict]:
    """People of the id ranges: attended (held sessions) overall, per territory and module, and
    module certificates (three queries)."""
    claves = [str(c) for c in claves]
    filas = list(_con_modulo(_asistencias().filter(_en_rangos("persona_id", claves, POR_PERSONAS))))
    territorio_de = _territorios_de({o for _p, _m, o in filas})
    conjuntos = {}
    for persona, modulo, organizacion in filas:
        localidad, unidad = territorio_de[organizacion]
        cubeta = conjuntos.setdefault(clave(persona, POR_PERSONAS), {})
        cubeta.setdefault("personas", set()).add(persona)
        cubeta.setdefault("modulos", {}).setdefault(str(modulo), set()).add(persona)
        cubeta.setdefault("localidades", {}).setdefault(localidad, set()).add(persona)
        if unidad is not None:
            cubeta.setdefault("ucg", {}).setdefault(str(unidad), set()).add(persona)
    for persona, modulo in (
        Certificado.objects.filter(
            _en_rangos("persona_id", claves, POR_PERSONAS),
            tipo=Certificado.Tipo.MODULO,
            anulado=False,
        )
        .values_list("persona_id", "modulo_id")
        .order_by()
    ):
        cubeta = conjuntos.setdefault(clave(persona, POR_PERSONAS), {})
        cubeta.setdefault("certificadas", set()).add(persona)
        certificados = cubeta.setdefault("certificados", {})
        certificados[str(modulo)] = certificados.get(str(modulo), 0) + 1
    resultado = {}
    for clave_ in claves:
        cubeta, datos = conjuntos.get(clave_, {}), {}
        if "personas" in cubeta:
            datos["personas"] = len(cubeta["personas"])
            for grupo in ("localidades", "ucg", "modulos"):
                datos[grupo] = {k: len(v) for k, v in cubeta.get(grupo, {}).items()}
        if "certificadas" in cubeta:
            datos["certificadas"] = len(cubeta["certificadas"])
            datos["certificados"] = cubeta["certificados"]
        resultado[clave_] = datos
    return resultado


def _microsegundos(duracion) -> int:
    return (duracion or datetime.timedelta()) // datetime.timedelta(microseconds=1)


def calcular_sesiones_varias(claves) -> dict[str, dict]:
    """Sessions of the id ranges: how many per state, the length of the held ones (in
    microseconds, exact) overall and per module, planned and held per month; their
    registrations and attendance (held ones); and evaluations per module and moment as
    [answers, answers with a score, sum of scores in hundredths] (three queries)."""
    claves = [str(c) for c in claves]
    resultado = {c: {} for c in claves}
    sesiones = {}
    for fila in (
        Sesion.objects.filter(_en_rangos("pk", claves, POR_SESIONES))
        .annotate(cubeta=_cubeta("pk", POR_SESIONES), mes=TruncMonth("inicio"))
        .values("cubeta", "estado", "modulo_id", "mes")
        .annotate(
            n=Count("pk"),
            duracion=Sum(ExpressionWrapper(F("fin") - F("inicio"), output_field=DurationField())),
        )
        .order_by()
    ):
        cubeta = sesiones.setdefault(
            str(fila["cubeta"]), {"estados": {}, "duracion": 0, "modulos": {}, "meses": {}}
        )
        estados = cubeta["estados"]
        estados[fila["estado"]] = estados.get(fila["estado"], 0) + fila["n"]
        mes = cubeta["meses"].setdefault(fila["mes"].date().isoformat(), [0, 0])
        if fila["estado"] != Sesion.Estado.CANCELADA:
            mes[0] += fila["n"]
        if fila["estado"] == REALIZADA:
            mes[1] += fila["n"]
            microsegundos = _microsegundos(fila["duracion"])
            cubeta["duracion"] += microsegundos
            modulo = cubeta["modulos"].setdefault(str(fila["modulo_id"]), [0, 0])
            modulo[0] += fila["n"]
            modulo[1] += microsegundos
    for clave_, cubeta in sesiones.items():
        cubeta["meses"] = {mes: n for mes, n in cubeta["meses"].items() if n[0]}
        resultado[clave_]["sesiones"] = cubeta
    realizadas = Sesion.objects.filter(_en_rangos("pk", claves, POR_SESIONES), estado=REALIZADA)
    for fila in (
        Inscripcion.objects.filter(sesion__in=realizadas.values("pk"))
        .annotate(cubeta=_cubeta("sesion_id", POR_SESIONES))
        .values("cubeta")
        .annotate(
            inscritas=Count("pk", filter=Q(sin_inscripcion_previa=False)),
            inscritas_asistieron=Count("pk", filter=Q(sin_inscripcion_previa=False, asistio=True)),
            asistencias=Count("pk", filter=Q(asistio=True)),
        )
        .order_by()
    ):
        clave_ = str(fila.pop("cubeta"))
        resultado[clave_].update(fila)
    for fila in (
        Evaluacion.objects.filter(_en_rangos("sesion_id", claves, POR_SESIONES))
        .annotate(cubeta=_cubeta("sesion_id", POR_SESIONES))
        .values("cubeta", "modulo_id", "momento")
        .annotate(n=Count("pk"), con_puntaje=Count("puntaje"), suma=Sum("puntaje"))
        .order_by()
    ):
        evaluaciones = resultado[str(fila["cubeta"])].setdefault("evaluaciones", {})
        evaluaciones.setdefault(str(fila["modulo_id"]), {})[fila["momento"]] = [
            fila["n"],
            fila["con_puntaje"],
            int((fila["suma"] or 0) * 100),  # two decimal places: exact in hundredths
        ]
    return resultado


def calcular_juntas_varias(claves) -> dict[str, dict]:
    """Juntas of the id ranges with someone who attended a held session for them, overall and
    per the localidad and UCG they are in now (two queries)."""
    claves = [str(c) for c in claves]
    alcanzadas = _territorios_de(
        set(
            _asistencias()
            .filter(_en_rangos("organizacion_id", claves, POR_JUNTAS))
            .values_list("organizacion_id", flat=True)
            .distinct()
            .order_by()
        )
    )
    resultado = {c: {} for c in claves}
    for pk, (localidad, unidad) in alcanzadas.items():
        datos = resultado[clave(pk, POR_JUNTAS)]
        datos["juntas"] = datos.get("juntas", 0) + 1
        localidades = datos.setdefault("localidades", {})
        localidades[localidad] = localidades.get(localidad, 0) + 1
        ucg = datos.setdefault("ucg", {})
        if unidad is not None:
            ucg[str(unidad)] = ucg.get(str(unidad), 0) + 1
    return resultado


def calcular_acompanamiento_varias(claves) -> dict[str, dict]:
    """Juntas of the id ranges: visits, Juntas visited, plan actions (open ones per due date)
    and «Junta fortalecida» certificates (four queries)."""
    claves = [str(c) for c in claves]
    resultado = {c: {} for c in claves}
    en_rangos = _en_rangos("organizacion_id", claves, POR_ACOMPANAMIENTO)
    cubeta = _cubeta("organizacion_id", POR_ACOMPANAMIENTO)

    def por_cubeta(consulta, *grupo, **cuentas):
        return (
            consulta.filter(en_rangos)
            .annotate(cubeta=cubeta)
            .values("cubeta", *grupo)
            .annotate(**cuentas)
            .order_by()
        )

    for fila in por_cubeta(
        Acompanamiento.objects, visitas=Count("pk"), juntas=Count("organizacion", distinct=True)
    ):
        resultado[str(fila["cubeta"])].update(
            visitas=fila["visitas"], juntas_visitadas=fila["juntas"]
        )
    for fila in por_cubeta(
        AccionPlan.objects,
        total=Count("pk", filter=~Q(estado=AccionPlan.Estado.CANCELADA)),
        hechas=Count("pk", filter=Q(estado=AccionPlan.Estado.HECHA)),
        automaticas=Count("pk", filter=Q(cierre_automatico=True)),
    ):
        clave_ = str(fila.pop("cubeta"))
        resultado[clave_]["acciones"] = {**fila, "abiertas": {}}
    for fila in por_cubeta(
        AccionPlan.objects.filter(estado__in=AccionPlan.ABIERTAS), "vence", n=Count("pk")
    ):
        abiertas = resultado[str(fila["cubeta"])]["acciones"]["abiertas"]
        abiertas[fila["vence"].isoformat()] = fila["n"]
    for fila in por_cubeta(
        Certificado.objects.filter(tipo=Certificado.Tipo.JUNTA, anulado=False), n=Count("pk")
    ):
        resultado[str(fila["cubeta"])]["certificados_junta"] = fila["n"]
    return resultado


def sumar(filas) -> dict:
    """Add up buckets' aggregates: numbers add, dicts add key by key, lists element-wise."""
    total = {}

    def sumar_en(destino, datos):
        for clave, valor in datos.items():
            if isinstance(valor, dict):
                sumar_en(destino.setdefault(clave, {}), valor)
            elif isinstance(valor, list):
                previo = destino.get(clave)
                destino[clave] = (
                    [a + b for a, b in zip(previo, valor, strict=True)] if previo else list(valor)
                )
            else:
                destino[clave] = destino.get(clave, 0) + valor

    for datos in filas:
        sumar_en(total, datos)
    return total


def leer_sumado(nombre: str) -> dict:
    """Every bucket of the class added up (`sumar`), as the raw rows say now: the stored sum
    (one row, rewritten with each recompute) when nothing is pending."""
    return resumenes.leer_plegado(nombre)


def leer(nombre: str) -> dict[str, dict]:
    """The class's rows as the raw rows say now (`nucleo.resumenes.leer`: pending buckets are
    computed together by the class's `*_varias`, a fixed number of queries)."""
    return resumenes.leer(nombre)


# What each change marks ------------------------------------------------------------------------

# A registration whose bucket effects are to be worked out: its session's module is known when
# the session itself changes state (then it counts whatever the session's state in the database
# says at that moment), None to read the session's state and module.
Fila = namedtuple("Fila", "pk persona organizacion sesion modulo")

_local = Local()


@contextlib.contextmanager
def agrupar():
    """Registrations saved inside are marked once, at the end, with a fixed number of queries
    for all of them (a session's attendance sheet). Use it inside the writer's transaction;
    if the block fails nothing is marked (its writes roll back with it)."""
    if getattr(_local, "filas", None) is not None:
        yield
        return
    _local.filas = []
    try:
        yield
    except BaseException:
        _local.filas = None
        raise
    filas, _local.filas = _local.filas, None
    _marcar_filas(filas)


def _encolar(filas):
    pendientes = getattr(_local, "filas", None)
    if pendientes is None:
        _marcar_filas(filas)
    else:
        pendientes.extend(filas)


def _marcar_filas(filas):
    """Mark the buckets these registrations may change: their held sessions' buckets, and the
    people and Junta buckets whose distinct counts they can move. A person's bucket is left
    alone when her other attendances (held sessions, outside these rows) already count her for
    the same module, localidad and UCG; a Junta's, when it has another attendance."""
    if not filas:
        return
    realizadas = dict(
        Sesion.objects.filter(
            pk__in={f.sesion for f in filas if f.modulo is None}, estado=REALIZADA
        )
        .values_list("pk", "modulo_id")
        .order_by()
    )
    resumenes.marcar(
        SESIONES, {clave(f.sesion, POR_SESIONES) for f in filas if f.sesion in realizadas}
    )
    cuentan = [
        f._replace(modulo=realizadas[f.sesion]) if f.modulo is None else f
        for f in filas
        if f.modulo is not None or f.sesion in realizadas
    ]
    if not cuentan:
        return
    otras = _asistencias().exclude(pk__in=[f.pk for f in filas if f.pk is not None])
    de_personas = list(_con_modulo(otras.filter(persona_id__in={f.persona for f in cuentan})))
    alcanzadas = set(
        otras.filter(organizacion_id__in={f.organizacion for f in cuentan})
        .values_list("organizacion_id", flat=True)
        .distinct()
        .order_by()
    )
    territorio_de = _territorios_de(
        {f.organizacion for f in cuentan} | {o for _p, _s, o in de_personas}
    )

    def cuenta(modulo, organizacion):
        """What one attendance counts its person for."""
        localidad, unidad = territorio_de.get(organizacion, (None, None))
        return {("m", modulo), ("l", localidad)} | (
            {("u", unidad)} if unidad is not None else set()
        )

    contadas = {}
    for persona, modulo, organizacion in de_personas:
        contadas.setdefault(persona, set()).update(cuenta(modulo, organizacion))
    resumenes.marcar(
        PERSONAS,
        {
            clave(f.persona, POR_PERSONAS)
            for f in cuentan
            if not cuenta(f.modulo, f.organizacion) <= contadas.get(f.persona, set())
        },
    )
    resumenes.marcar(
        JUNTAS,
        {clave(f.organizacion, POR_JUNTAS) for f in cuentan if f.organizacion not in alcanzadas},
    )


IDENTIDAD = ("persona_id", "organizacion_id", "sesion_id")


def _identidad(inscripcion):
    return tuple(inscripcion.__dict__.get(campo) for campo in IDENTIDAD)


def _recordar_identidad(sender, instance, **kwargs):
    """What a registration was loaded with (post_init: about 1 µs per row loaded), so saving a
    sheet of them needs no query to know whether one moved."""
    instance._identidad_cargada = _identidad(instance)


def _inscripcion_cambia(inscripcion):
    """A registration saved or deleted (the driver of three classes: it marks them itself)."""
    inscripcion._identidad_cargada = _identidad(inscripcion)  # as the database has it now
    _encolar(
        [
            Fila(
                inscripcion.pk,
                inscripcion.persona_id,
                inscripcion.organizacion_id,
                inscripcion.sesion_id,
                None,
            )
        ]
    )
    return []


def _inscripcion_antes(inscripcion):
    """A registration moved to another person, Junta or session leaves the buckets it was in.
    Known from what it was loaded or last saved with; read from the database when that is not
    known (a row built by hand with its id, fields left unloaded)."""
    previa = getattr(inscripcion, "_identidad_cargada", None)
    if inscripcion._state.db is None or previa is None or None in previa:
        previa = (
            Inscripcion.objects.filter(pk=inscripcion.pk).values_list(*IDENTIDAD).order_by().first()
        )
    if previa is None or previa == _identidad(inscripcion):
        return []
    persona, organizacion, sesion = previa
    resumenes.marcar(SESIONES, [clave(sesion, POR_SESIONES)])
    resumenes.marcar(JUNTAS, [clave(organizacion, POR_JUNTAS)])
    return [clave(persona, POR_PERSONAS)]


def _sesion_antes(sesion):
    """A session held or no longer held moves its attendees' counts; a held one moved to
    another module moves its attendees' per-module counts."""
    previa = (
        Sesion.objects.filter(pk=sesion.pk).values_list("estado", "modulo_id").order_by().first()
    )
    if previa is None:
        return []
    estado, modulo = previa
    if (estado == REALIZADA) != (sesion.estado == REALIZADA):
        # Counted with the module of the held state (before, or after the change).
        modulo = modulo if estado == REALIZADA else sesion.modulo_id
        _encolar(
            [
                Fila(pk, persona, organizacion, sesion.pk, modulo)
                for pk, persona, organizacion in Inscripcion.objects.filter(
                    sesion_id=sesion.pk, asistio=True
                )
                .values_list("pk", "persona_id", "organizacion_id")
                .order_by()
            ]
        )
    elif modulo != sesion.modulo_id and estado == REALIZADA:
        return {
            clave(persona, POR_PERSONAS)
            for persona in Inscripcion.objects.filter(sesion_id=sesion.pk, asistio=True)
            .values_list("persona_id", flat=True)
            .order_by()
        }
    return []


def _organizacion_antes(organizacion):
    """A Junta moving to another localidad or UCG moves its own reach and the people who
    attended for it (they count in the territory of the Junta as it is now)."""
    campos = ("localidad_id", "unidad_comunera_id")
    leida, previa = resumenes_juntas.valores_guardados(organizacion, campos)
    if not leida:
        previa = (
            Organizacion.objects.filter(pk=organizacion.pk).values_list(*campos).order_by().first()
        )
    if previa is None or previa == (organizacion.localidad_id, organizacion.unidad_comunera_id):
        return []
    resumenes.marcar(JUNTAS, [clave(organizacion.pk, POR_JUNTAS)])
    return {
        clave(persona, POR_PERSONAS)
        for persona in _asistencias()
        .filter(organizacion_id=organizacion.pk)
        .values_list("persona_id", flat=True)
        .distinct()
        .order_by()
    }


def _claves_certificado(tipo, persona, organizacion):
    """A «Junta fortalecida» certificate counts in its Junta's accompaniment bucket (marked
    here); a module certificate in its person's bucket (returned)."""
    if tipo == Certificado.Tipo.JUNTA:
        resumenes.marcar(ACOMPANAMIENTO, [clave(organizacion, POR_ACOMPANAMIENTO)])
        return []
    return [clave(persona, POR_PERSONAS)]


def _certificado_cambia(certificado):
    return _claves_certificado(
        certificado.tipo, certificado.persona_id, certificado.organizacion_id
    )


def _certificado_antes(certificado):
    previa = (
        Certificado.objects.filter(pk=certificado.pk)
        .values_list("tipo", "persona_id", "organizacion_id")
        .order_by()
        .first()
    )
    if previa is None or previa == (
        certificado.tipo,
        certificado.persona_id,
        certificado.organizacion_id,
    ):
        return []
    return _claves_certificado(*previa)


def _por_sesion(pk):
    return clave(pk, POR_SESIONES)


def _por_junta(pk):
    return clave(pk, POR_ACOMPANAMIENTO)


def _antes_por(modelo, campo, cubeta):
    """`antes` for a row bucketed by one foreign key: the bucket it leaves when that changes."""

    def antes(instancia):
        previa = (
            modelo.objects.filter(pk=instancia.pk).values_list(campo, flat=True).order_by().first()
        )
        if previa is None or previa == getattr(instancia, campo):
            return []
        return [cubeta(previa)]

    return antes


def conectar():
    """Register this domain's summary classes and what feeds them (called from `ready()`)."""
    resumenes.registrar(
        PERSONAS,
        calcular_varias=calcular_personas_varias,
        claves=lambda: _claves_de(Persona, POR_PERSONAS),
        plegar=sumar,
    )
    resumenes.registrar(
        SESIONES,
        calcular_varias=calcular_sesiones_varias,
        claves=lambda: _claves_de(Sesion, POR_SESIONES),
        plegar=sumar,
    )
    resumenes.registrar(
        JUNTAS,
        calcular_varias=calcular_juntas_varias,
        claves=lambda: _claves_de(Organizacion, POR_JUNTAS),
        plegar=sumar,
    )
    resumenes.registrar(
        ACOMPANAMIENTO,
        calcular_varias=calcular_acompanamiento_varias,
        claves=lambda: _claves_de(Organizacion, POR_ACOMPANAMIENTO),
        plegar=sumar,
    )
    # Registrations, sessions and Juntas feed three classes at once: one function works out
    # every bucket a change moves (a query for all the rows of a sheet) and marks the other
    # classes itself.
    post_init.connect(
        _recordar_identidad, sender=Inscripcion, dispatch_uid="formacion-identidad", weak=False
    )
    resumenes.depende(PERSONAS, Inscripcion, _inscripcion_cambia, antes=_inscripcion_antes)
    resumenes.depende(PERSONAS, Sesion, lambda _sesion: [], antes=_sesion_antes)
    resumenes.depende(SESIONES, Sesion, lambda sesion: [_por_sesion(sesion.pk)])
    resumenes.depende(PERSONAS, Organizacion, lambda _org: [], antes=_organizacion_antes)
    resumenes.depende(PERSONAS, Certificado, _certificado_cambia, antes=_certificado_antes)
    resumenes.depende(
        SESIONES,
        Evaluacion,
        lambda evaluacion: [_por_sesion(evaluacion.sesion_id)],
        antes=_antes_por(Evaluacion, "sesion_id", _por_sesion),
    )
    for modelo in (AccionPlan, Acompanamiento):
        resumenes.depende(
            ACOMPANAMIENTO,
            modelo,
            lambda fila: [_por_junta(fila.organizacion_id)],
            antes=_antes_por(modelo, "organizacion_id", _por_junta),
        )
