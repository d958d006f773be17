"""Reads of SECOP II outcomes for the pages: a Junta's contracts and supplier account, the route
of each contract, the opportunity radar, the funnel trained → supplier account → bid →
contracted, and the before/after comparison of trained and not-yet-trained Juntas.

Every aggregate is computed in SQL: the number of queries does not grow with the Juntas.
"""

import datetime

from django.db import connection
from django.db.models import (
    Count,
    F,
    Max,
    Min,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from capacitacion.models import Certificado, Inscripcion, Sesion
from juntas import selectors as selectores_juntas
from juntas.models import Localidad, Organizacion, RequisitoJunta, UnidadComunera
from juntas.models import Ruta as RutaJunta
from juntas.resumenes import de_territorio

from . import resumenes
from .models import (
    Contrato,
    CuentaProveedor,
    Expediente,
    FamiliaUnspsc,
    Fuente,
    Proceso,
    SuscripcionRadar,
)
from .rutas import REGLAS_DE_RUTA, Ruta, expresion_ruta, ruta_de, sin_tildes  # noqa: F401

# ---------------------------------------------------------------------------------------------
# A Junta's own page


def contratos_de(junta: Organizacion) -> list[dict]:
    """The Junta's contracts and convenios, newest first, each with its route."""
    filas = (
        Contrato.objects.filter(organizacion=junta)
        .order_by(F("fecha_firma").desc(nulls_last=True), "id_contrato")
        .values(
            "id_contrato",
            "nombre_entidad",
            "objeto",
            "valor",
            "fecha_firma",
            "fecha_inicio",
            "fecha_fin",
            "estado",
            "url",
            "modalidad",
            "justificacion_modalidad",
            "tipo",
        )
    )
    resultado = []
    for fila in filas:
        ruta = ruta_de(fila["modalidad"], fila["justificacion_modalidad"], fila["tipo"])
        resultado.append({**fila, "ruta": ruta, "ruta_nombre": Ruta.NOMBRES[ruta]})
    return resultado


def cuenta_proveedor_de(junta: Organizacion) -> CuentaProveedor | None:
    return CuentaProveedor.objects.filter(organizacion=junta).first()


def familias_de(junta: Organizacion) -> list[FamiliaUnspsc]:
    return list(FamiliaUnspsc.objects.filter(organizacion=junta).order_by("codigo"))


def recibe_radar_por_correo(usuario) -> bool:
    """Whether the leader asked for the radar by e-mail (`avisos.enviar_radar`)."""
    return SuscripcionRadar.objects.filter(usuario=usuario, activa=True).exists()


# Processes in these states no longer take offers.
ESTADOS_CERRADOS = r"adjudicad|cancelad|desiert|terminad|cerrad|celebrad|suspendid|borrador"
# A process without a published deadline counts as open for this many days after publication
# (mínima cuantía gives at least one business day for offers).
DIAS_SIN_FECHA_LIMITE = 10


def radar(junta: Organizacion, ahora: datetime.datetime | None = None, limite: int = 50):
    """Open mínima-cuantía processes whose UNSPSC family is one the Junta declared it can do,
    whose deadline has not passed, newest first."""
    ahora = ahora or timezone.now()
    hoy = timezone.localdate(ahora)
    familias = FamiliaUnspsc.objects.filter(organizacion=junta).values("codigo")
    return list(
        Proceso.objects.filter(
            familia_unspsc__in=Subquery(familias),
            modalidad__iregex=sin_tildes(r"mínima\s*cuantía"),
        )
        .exclude(estado__iregex=ESTADOS_CERRADOS)
        .filter(
            Q(fecha_limite__gte=ahora)
            | Q(
                fecha_limite__isnull=True,
                fecha_publicacion__gte=hoy - datetime.timedelta(days=DIAS_SIN_FECHA_LIMITE),
            )
        )
        .order_by(F("fecha_publicacion").desc(nulls_last=True), "-id")[:limite]
    )


# ---------------------------------------------------------------------------------------------
# The funnel


ETAPAS = [
    ("formada", _("Formadas"), _("asistieron a una sesión realizada o tienen un certificado")),
    ("con_cuenta", _("Con cuenta de proveedor"), _("registradas como proveedor en SECOP II")),
    (
        "oferto",
        _("Se presentaron"),
        _(
            "un proceso adjudicado a la Junta o un contrato firmado con ella: SECOP II no "
            "publica las ofertas que no ganaron"
        ),
    ),
    ("contrato", _("Contrataron"), _("al menos un contrato o convenio en SECOP II")),
]


# Each Junta's stages in one pass (each set read once, hash-joined), counted by localidad and
# by UCG in the same scan (GROUPING SETS; GROUPING() tells the two apart).
SQL_ETAPAS = """
WITH formadas AS (
    SELECT i.organizacion_id AS id FROM {inscripcion} i JOIN {sesion} s ON s.id = i.sesion_id
     WHERE i.asistio AND s.estado = %(realizada)s
    UNION SELECT organizacion_id FROM {certificado} WHERE NOT anulado
), cuentas AS (
    SELECT DISTINCT organizacion_id AS id FROM {cuenta}
), valores AS (
    SELECT organizacion_id AS id, SUM(valor) AS valor FROM {contrato}
     WHERE organizacion_id IS NOT NULL GROUP BY organizacion_id
), adjudicadas AS (
    SELECT DISTINCT organizacion_adjudicada_id AS id FROM {proceso}
     WHERE organizacion_adjudicada_id IS NOT NULL
), etapas AS (
    SELECT o.localidad_id, o.unidad_comunera_id,
           f.id IS NOT NULL AS formada, c.id IS NOT NULL AS con_cuenta,
           (v.id IS NOT NULL OR a.id IS NOT NULL) AS oferto, v.id IS NOT NULL AS contrato,
           COALESCE(v.valor, 0) AS valor
      FROM {organizacion} o
      LEFT JOIN formadas f ON f.id = o.id
      LEFT JOIN cuentas c ON c.id = o.id
      LEFT JOIN valores v ON v.id = o.id
      LEFT JOIN adjudicadas a ON a.id = o.id
     WHERE o.tipo <> %(asojac)s
)
"""
SQL_EMBUDO = (
    SQL_ETAPAS
    + """
SELECT GROUPING(l.codigo, l.nombre) = 0 AS por_localidad,
       l.codigo, l.nombre, u.numero, lu.nombre, COUNT(*), {conteos}, SUM(e.valor)
  FROM etapas e
  LEFT JOIN {localidad} l ON l.id = e.localidad_id
  LEFT JOIN {ucg} u ON u.id = e.unidad_comunera_id
  LEFT JOIN {localidad} lu ON lu.id = u.localidad_id
 GROUP BY GROUPING SETS ((l.codigo, l.nombre), (u.numero, lu.nombre))
 ORDER BY 1 DESC, 2, 4
"""
)
# The same figures where there are no GROUPING SETS (SQLite, which `make run` uses): the two
# groupings one after the other, empty groups last as PostgreSQL sorts them.
SQL_EMBUDO_PORTABLE = (
    SQL_ETAPAS
    + """
SELECT * FROM (
SELECT 1 AS por_localidad, l.codigo AS codigo, l.nombre, NULL AS numero, NULL, COUNT(*),
       {conteos}, SUM(e.valor)
  FROM etapas e
  LEFT JOIN {localidad} l ON l.id = e.localidad_id
 GROUP BY l.codigo, l.nombre
UNION ALL
SELECT 0, NULL, NULL, u.numero, lu.nombre, COUNT(*), {conteos}, SUM(e.valor)
  FROM etapas e
  LEFT JOIN {ucg} u ON u.id = e.unidad_comunera_id
  LEFT JOIN {localidad} lu ON lu.id = u.localidad_id
 GROUP BY u.numero, lu.nombre
) grupos
 ORDER BY por_localidad DESC, codigo IS NULL, codigo, numero IS NULL, numero
"""
)


def _conteos_por_territorio():
    """(by localidad, by UCG): per group, Juntas, stage counts (all and among the trained) and
    the value of their contracts. One query."""
    conteos = []
    for etapa, _n, _d in ETAPAS:
        conteos.append(f"COUNT(*) FILTER (WHERE e.{etapa})")
        conteos.append(f"COUNT(*) FILTER (WHERE e.{etapa} AND e.formada)")
    sql = SQL_EMBUDO if connection.vendor == "postgresql" else SQL_EMBUDO_PORTABLE
    consulta = sql.format(
        inscripcion=Inscripcion._meta.db_table,
        sesion=Sesion._meta.db_table,
        certificado=Certificado._meta.db_table,
        cuenta=CuentaProveedor._meta.db_table,
        contrato=Contrato._meta.db_table,
        proceso=Proceso._meta.db_table,
        organizacion=Organizacion._meta.db_table,
        localidad=Localidad._meta.db_table,
        ucg=UnidadComunera._meta.db_table,
        conteos=", ".join(conteos),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            consulta, {"realizada": Sesion.Estado.REALIZADA, "asojac": Organizacion.Tipo.ASOJAC}
        )
        resultado = cursor.fetchall()
    por_localidad, por_ucg = [], []
    for por_loc, codigo, nombre, numero, localidad_ucg, juntas, *cifras in resultado:
        fila = {"juntas": juntas, "valor": cifras[-1] or 0}
        for i, (etapa, _n, _d) in enumerate(ETAPAS):
            fila[f"n_{etapa}"] = cifras[2 * i]
            fila[f"formadas_{etapa}"] = cifras[2 * i + 1]
        if por_loc:
            por_localidad.append({"codigo_localidad": codigo, "nombre_localidad": nombre, **fila})
        else:
            por_ucg.append({"numero_ucg": numero, "localidad_ucg": localidad_ucg, **fila})
    return por_localidad, por_ucg


def _contratos_de_juntas():
    return Contrato.objects.filter(organizacion__isnull=False).exclude(
        organizacion__tipo=Organizacion.Tipo.ASOJAC
    )


def _con_porcentajes(fila):
    total = fila["juntas"]
    fila["etapas"] = [
        {
            "clave": etapa,
            "nombre": nombre,
            "descripcion": descripcion,
            "juntas": fila[f"n_{etapa}"],
            "porcentaje": _porcentaje(fila[f"n_{etapa}"], total),
            "de_las_formadas": fila[f"formadas_{etapa}"],
        }
        for etapa, nombre, descripcion in ETAPAS
    ]
    return fila


def _porcentaje(parte, total):
    return None if not total else round(100 * parte / total, 1)


def embudo() -> dict:
    """The funnel trained → supplier account → bid → contracted: totals, by localidad, by UCG,
    and contracts by route, from the summary rows (`resumenes`). Four queries whatever the
    number of Juntas and contracts (two when the request already read the summaries)."""
    cubetas = resumenes.leer()
    por_localidad, por_ucg = _conteos_de_resumenes(cubetas)
    rutas = resumenes.por_ruta(cubetas)
    return _embudo(
        por_localidad,
        por_ucg,
        {ruta: {"contratos": c, "juntas": j, "valor": v} for ruta, (c, j, v) in rutas.items() if c},
    )


def _conteos_de_resumenes(cubetas):
    """`_conteos_por_territorio` added up from the summary rows, named and ordered as its
    query does (two queries: the localidades' and UCGs' names)."""
    localidades = {
        pk: (codigo, nombre)
        for pk, codigo, nombre in Localidad.objects.values_list("pk", "codigo", "nombre")
    }
    ucgs = {
        pk: (numero, nombre)
        for pk, numero, nombre in UnidadComunera.objects.values_list(
            "pk", "numero", "localidad__nombre"
        )
    }
    grupos_localidad, grupos_ucg = {}, {}
    for territorio, (cuentas, valor) in resumenes.por_territorio(cubetas).items():
        localidad_id, ucg_id = de_territorio(territorio)
        for grupos, clave in (
            (grupos_localidad, localidades.get(localidad_id, (None, None))),
            (grupos_ucg, ucgs.get(ucg_id, (None, None))),
        ):
            suma, total = grupos.get(clave, ([0] * len(cuentas), 0))
            grupos[clave] = ([a + b for a, b in zip(suma, cuentas, strict=True)], total + valor)

    def fila(cuentas, valor):
        datos = {"juntas": cuentas[resumenes.JUNTAS], "valor": valor}
        for i, etapa in enumerate(resumenes.ETAPAS):
            datos[f"n_{etapa}"] = cuentas[resumenes.FORMADA + i]
            datos[f"formadas_{etapa}"] = (
                cuentas[resumenes.FORMADA] if i == 0 else cuentas[resumenes.CONTRATO + i]
            )
        return datos

    def orden(clave):
        return (clave[0] is None, clave[0] if clave[0] is not None else 0)

    por_localidad = [
        {"codigo_localidad": codigo, "nombre_localidad": nombre, **fila(*grupos_localidad[k])}
        for k in sorted(grupos_localidad, key=orden)
        for codigo, nombre in [k]
    ]
    por_ucg = [
        {"numero_ucg": numero, "localidad_ucg": nombre, **fila(*grupos_ucg[k])}
        for k in sorted(grupos_ucg, key=orden)
        for numero, nombre in [k]
    ]
    return por_localidad, por_ucg


def embudo_directo() -> dict:
    """`embudo` from the raw rows (two queries; the reference for the summaries' tests)."""
    por_localidad, por_ucg = _conteos_por_territorio()
    por_ruta = {
        f["ruta"]: f
        for f in _contratos_de_juntas()
        .annotate(ruta=expresion_ruta())
        .values("ruta")
        .annotate(
            contratos=Count("pk"), juntas=Count("organizacion", distinct=True), valor=Sum("valor")
        )
        .order_by("ruta")
    }
    return _embudo(por_localidad, por_ucg, por_ruta)


def _embudo(por_localidad, por_ucg, por_ruta) -> dict:
    total = {"juntas": 0, "valor": 0}
    for etapa, _n, _d in ETAPAS:
        total[f"n_{etapa}"] = total[f"formadas_{etapa}"] = 0
    for fila in por_localidad:
        for clave in total:
            total[clave] += fila[clave] or 0
    rutas = [
        {
            "ruta": ruta,
            "nombre": Ruta.NOMBRES[ruta],
            "contratos": por_ruta.get(ruta, {}).get("contratos", 0),
            "juntas": por_ruta.get(ruta, {}).get("juntas", 0),
            "valor": por_ruta.get(ruta, {}).get("valor") or 0,
        }
        for ruta in Ruta.ORDEN
    ]
    return {
        "total": _con_porcentajes(total),
        "por_localidad": [_con_porcentajes(f) for f in por_localidad],
        "por_ucg": [_con_porcentajes(f) for f in por_ucg],
        "por_ruta": rutas,
        "contratos": sum(r["contratos"] for r in rutas),
    }


# ---------------------------------------------------------------------------------------------
# Did it work? Before and after, trained and not yet trained


DIAS_VENTANA = 365  # «12 months» before and after

# One pass over each table (hash joins, no subquery per Junta per aggregate): each Junta's
# training date (first held session attended, else first valid certificate), the median of
# those dates as the reference for the Juntas not yet trained, and whether each Junta signed a
# contract in the window before (dia - 365 ≤ firma < dia) and after (dia ≤ firma < dia + 365).
# What both versions share: each Junta's training day (first held session attended, else first
# valid certificate), the not-yet-trained ones dated on the reference, the counts.
_CTE_JUNTAS = """), certificados AS (
    SELECT organizacion_id, MIN(emitido) AS dia FROM {certificado}
     WHERE NOT anulado GROUP BY organizacion_id
), juntas AS (
    SELECT o.id, COALESCE(a.dia, c.dia) AS dia
      FROM {organizacion} o
      LEFT JOIN asistencia a ON a.organizacion_id = o.id
      LEFT JOIN certificados c ON c.organizacion_id = o.id
     WHERE o.tipo <> %(asojac)s
"""
_CTE_FECHAS = """), fechas AS (
    SELECT j.id, j.dia IS NOT NULL AS formada, COALESCE(j.dia, r.dia) AS dia
      FROM juntas j CROSS JOIN referencia r
"""
_SELECT_COMPARACION = """
SELECT (SELECT dia FROM referencia), formada, COUNT(*),
       COUNT(*) FILTER (WHERE antes), COUNT(*) FILTER (WHERE despues)
  FROM marcas GROUP BY formada
"""
SQL_COMPARACION = (
    """
WITH asistencia AS (
    SELECT i.organizacion_id, MIN((s.inicio AT TIME ZONE %(zona)s)::date) AS dia
      FROM {inscripcion} i JOIN {sesion} s ON s.id = i.sesion_id
     WHERE i.asistio AND s.estado = %(realizada)s
     GROUP BY i.organizacion_id
"""
    + _CTE_JUNTAS
    + """), referencia AS (
    SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY dia) AS dia FROM juntas
     WHERE dia IS NOT NULL
"""
    + _CTE_FECHAS
    + """), marcas AS (
    SELECT f.formada,
           EXISTS (SELECT 1 FROM {contrato} k WHERE k.organizacion_id = f.id
                      AND k.fecha_firma >= f.dia - %(dias)s AND k.fecha_firma < f.dia) AS antes,
           EXISTS (SELECT 1 FROM {contrato} k WHERE k.organizacion_id = f.id
                      AND k.fecha_firma >= f.dia AND k.fecha_firma < f.dia + %(dias)s) AS despues
      FROM fechas f
)
"""
    + _SELECT_COMPARACION
)

# The same on SQLite (`make run`): datetimes are stored in UTC, so the local day is the UTC
# one shifted by the zone's current offset (exact for America/Bogota, which has no DST); the
# median is the middle row (percentile_disc(0.5) picks the same one); dates are ISO texts.
SQL_COMPARACION_PORTABLE = (
    """
WITH asistencia AS (
    SELECT i.organizacion_id, MIN(date(s.inicio, %(desfase)s)) AS dia
      FROM {inscripcion} i JOIN {sesion} s ON s.id = i.sesion_id
     WHERE i.asistio AND s.estado = %(realizada)s
     GROUP BY i.organizacion_id
"""
    + _CTE_JUNTAS
    + """), referencia AS (
    SELECT (SELECT dia FROM juntas WHERE dia IS NOT NULL ORDER BY dia
             LIMIT 1 OFFSET ((SELECT COUNT(dia) FROM juntas) - 1) / 2) AS dia
"""
    + _CTE_FECHAS
    + """), marcas AS (
    SELECT f.formada,
           EXISTS (SELECT 1 FROM {contrato} k WHERE k.organizacion_id = f.id
                      AND k.fecha_firma >= date(f.dia, %(antes)s) AND k.fecha_firma < f.dia)
               AS antes,
           EXISTS (SELECT 1 FROM {contrato} k WHERE k.organizacion_id = f.id
                      AND k.fecha_firma >= f.dia AND k.fecha_firma < date(f.dia, %(despues)s))
               AS despues
      FROM fechas f
)
"""
    + _SELECT_COMPARACION
)


def comparacion() -> dict:
    """Share of Juntas with a contract signed in the 12 months before and after their training
    (trained Juntas: their first held session attended, else their first certificate) or a
    reference date (not-yet-trained Juntas: the median training date), and the difference in
    differences, with the counts behind each cell. From the summary rows: two queries (none
    when the request already read them)."""
    referencia, filas = resumenes.comparacion(resumenes.leer())
    return _comparacion(referencia, filas)


def comparacion_directa() -> dict:
    """`comparacion` from the raw rows (one query; the reference for the summaries' tests)."""
    postgresql = connection.vendor == "postgresql"
    sql = (SQL_COMPARACION if postgresql else SQL_COMPARACION_PORTABLE).format(
        inscripcion=Inscripcion._meta.db_table,
        sesion=Sesion._meta.db_table,
        certificado=Certificado._meta.db_table,
        organizacion=Organizacion._meta.db_table,
        contrato=Contrato._meta.db_table,
    )
    parametros = {
        "zona": timezone.get_current_timezone_name(),
        "realizada": Sesion.Estado.REALIZADA,
        "asojac": Organizacion.Tipo.ASOJAC,
        "dias": DIAS_VENTANA,
    }
    if not postgresql:
        minutos = int(timezone.localtime().utcoffset().total_seconds() // 60)
        parametros.update(
            desfase=f"{minutos:+d} minutes",
            antes=f"-{DIAS_VENTANA} days",
            despues=f"+{DIAS_VENTANA} days",
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, parametros)
        resultado = cursor.fetchall()
    referencia = resultado[0][0] if resultado else None
    if isinstance(referencia, str):
        referencia = datetime.date.fromisoformat(referencia)
    filas = {
        formada: {"juntas": n, "antes_n": antes, "despues_n": despues}
        for _ref, formada, n, antes, despues in resultado
    }
    return _comparacion(referencia, filas)


def _comparacion(referencia, filas) -> dict:
    if referencia is None:
        return {"referencia": None, "grupos": [], "diferencia_en_diferencias": None}
    grupos, cambios = [], []
    for formada, nombre in ((True, _("Formadas")), (False, _("Aún no formadas"))):
        fila = filas.get(formada, {"juntas": 0, "antes_n": 0, "despues_n": 0})
        antes = _porcentaje(fila["antes_n"], fila["juntas"])
        despues = _porcentaje(fila["despues_n"], fila["juntas"])
        n = fila["juntas"]
        cambios.append(None if not n else 100 * (fila["despues_n"] - fila["antes_n"]) / n)
        grupos.append(
            {
                "formada": formada,
                "nombre": nombre,
                "juntas": fila["juntas"],
                "antes": fila["antes_n"],
                "despues": fila["despues_n"],
                "antes_pct": antes,
                "despues_pct": despues,
                "cambio": None if cambios[-1] is None else round(cambios[-1], 1),
            }
        )
    return {
        "referencia": referencia,
        "grupos": grupos,
        "diferencia_en_diferencias": None if None in cambios else round(cambios[0] - cambios[1], 1),
    }


# ---------------------------------------------------------------------------------------------
# The public page and milestone 5


def hay_datos_de_demostracion() -> bool:
    """Whether synthetic demo rows (`Fuente.DEMO`, `seed_demo`) are among the contracts or the
    processes: every page that shows them says so. One or two queries."""
    return (
        Contrato.objects.filter(fuente=Fuente.DEMO).exists()
        or Proceso.objects.filter(fuente=Fuente.DEMO).exists()
    )


def embudo_publico() -> dict:
    """What /transparencia/ and its open data show of SECOP II: the funnel's totals, by
    localidad and by route, the value contracted, and whether demo rows are among them.
    Counts of organizations and sums of public contracts only; no Junta is named. Four queries
    at most, whatever the number of Juntas."""
    datos = embudo()
    return {
        "total": datos["total"],
        "por_localidad": datos["por_localidad"],
        "por_ruta": datos["por_ruta"],
        "contratos": datos["contratos"],
        "demostracion": hay_datos_de_demostracion(),
    }


def resumen_para_indicadores(hoy: datetime.date | None = None) -> dict:
    """What `hitos` needs of SECOP II: `juntas_contrataron_tras_formacion` (as
    `resumen_para_indicadores_directo` defines it), from the summary rows: two queries (none
    when the request already read them)."""
    hoy = hoy or timezone.localdate()
    return {
        "juntas_contrataron_tras_formacion": resumenes.contrataron_tras_formacion(
            resumenes.leer(), hoy
        )
    }


def resumen_para_indicadores_directo(hoy: datetime.date | None = None) -> dict:
    """What `hitos` needs of SECOP II, from the raw rows, in three grouped queries:
    `juntas_contrataron_tras_formacion`,
    the Juntas (not Asociaciones) with a contract signed on or after their training day and no
    later than `hoy`. The training day is `comparacion`'s: the first held session someone of
    the Junta attended, else its first valid certificate. It reads the Juntas with contracts
    only (each one's last signature up to `hoy`, then their first attendance and certificate,
    grouped), never one subquery per contract: at 64,000 Juntas and 50,000 contracts the
    correlated version took minutes."""
    hoy = hoy or timezone.localdate()
    ultima_firma = dict(
        _contratos_de_juntas()
        .filter(fecha_firma__lte=hoy)
        .values("organizacion_id")
        .annotate(ultima=Max("fecha_firma"))
        .values_list("organizacion_id", "ultima")
        .order_by()
    )
    if not ultima_firma:
        return {"juntas_contrataron_tras_formacion": 0}
    con_contrato = (
        _contratos_de_juntas().filter(fecha_firma__lte=hoy).values("organizacion_id").distinct()
    )
    asistencia = dict(
        Inscripcion.objects.filter(
            organizacion_id__in=con_contrato,
            asistio=True,
            sesion__estado=Sesion.Estado.REALIZADA,
        )
        .values("organizacion_id")
        .annotate(dia=Min(TruncDate("sesion__inicio", tzinfo=timezone.get_current_timezone())))
        .values_list("organizacion_id", "dia")
        .order_by()
    )
    certificado = dict(
        Certificado.objects.filter(organizacion_id__in=con_contrato, anulado=False)
        .values("organizacion_id")
        .annotate(dia=Min("emitido"))
        .values_list("organizacion_id", "dia")
        .order_by()
    )
    juntas = 0
    for organizacion_id, ultima in ultima_firma.items():
        dia = asistencia.get(organizacion_id) or certificado.get(organizacion_id)
        if dia is not None and ultima >= dia:
            juntas += 1
    return {"juntas_contrataron_tras_formacion": juntas}


# The dossier (expediente de contratación)


def preparar_expediente(junta: Organizacion, ruta: str, hoy=None) -> dict:
    """What a dossier of `ruta` would hold today: the route's readiness, the documents that go
    in (met, in force, with a file), in catalogue order, and the requirements that block it,
    each with what to do. Three queries."""
    preparacion = next(
        p for p in selectores_juntas.preparacion_por_ruta(junta, hoy) if p.ruta == ruta
    )
    documentos, bloqueos = [], []
    for fila in preparacion.filas:
        if fila.cumple and fila.estado.archivo:
            documentos.append(fila)
        elif fila.cumple:
            bloqueos.append(
                (
                    fila,
                    _(
                        "La Secretaría lo dio por cumplido, pero no hay archivo: cargue el "
                        "documento para que vaya en el expediente."
                    ),
                )
            )
        elif fila.situacion == "vencido":
            bloqueos.append(
                (
                    fila,
                    _("Venció el %(fecha)s: cargue el documento vigente.")
                    % {"fecha": fila.estado.fecha_vencimiento.strftime("%d/%m/%Y")},
                )
            )
        elif fila.situacion == "en_tramite" and fila.estado.pendiente_verificacion:
            bloqueos.append(
                (fila, _("La Secretaría está revisando el documento: espere su verificación."))
            )
        else:
            bloqueos.append(
                (fila, _("Falta: cargue el documento para que la Secretaría lo verifique."))
            )
    return {"preparacion": preparacion, "documentos": documentos, "bloqueos": bloqueos}


def expedientes_de(junta: Organizacion):
    """The Junta's dossiers, newest first (a queryset to paginate)."""
    return (
        Expediente.objects.filter(organizacion=junta)
        .annotate(documentos=Count("items"))
        .order_by("-generado_en", "-id")
    )


ESTADOS_HOY = {
    "vigente": _("Vigente"),
    "vencido": _("Vencido"),
    "reemplazado": _("Reemplazado por un documento más reciente"),
    "retirado": _("Ya no cumple: la Secretaría cambió su estado"),
}


def verificacion_expediente(codigo: str, hoy=None) -> dict | None:
    """What anyone may check of a dossier: what it held when generated (each document's name,
    dates, validity then and SHA-256) and whether each is still valid today. No personal data:
    the Junta is an organization; who generated it is said as «la Junta» or «la Secretaría».
    Three queries; None for an unknown code."""
    hoy = hoy or timezone.localdate()
    expediente = (
        Expediente.objects.select_related("organizacion", "organizacion__localidad")
        .filter(codigo=(codigo or "").strip().upper())
        .first()
    )
    if expediente is None:
        return None
    items = list(expediente.items.all())
    actuales = {
        fila.requisito_id: fila
        for fila in RequisitoJunta.objects.filter(
            organizacion_id=expediente.organizacion_id,
            requisito_id__in=[i.requisito_id for i in items if i.requisito_id],
        ).only("requisito_id", "estado", "archivo", "fecha_vencimiento")
    }
    generado = timezone.localdate(expediente.generado_en)
    documentos = []
    for item in items:
        fila = actuales.get(item.requisito_id)
        if item.fecha_vencimiento and item.fecha_vencimiento < hoy:
            estado = "vencido"
        elif fila is None or fila.archivo.name != item.archivo:
            estado = "reemplazado"
        elif fila.fecha_vencimiento and fila.fecha_vencimiento < hoy:
            estado = "vencido"  # the same file, its expiry corrected since
        elif fila.estado != RequisitoJunta.Estado.CUMPLE:
            estado = "retirado"
        else:
            estado = "vigente"
        documentos.append(
            {
                "orden": item.orden,
                "documento": item.nombre,
                "requisito": item.requisito_codigo,
                "fecha_expedicion": item.fecha_expedicion,
                "fecha_vencimiento": item.fecha_vencimiento,
                "vigente_al_generar": item.fecha_vencimiento is None
                or item.fecha_vencimiento >= generado,
                "sha256": item.sha256,
                "estado_hoy": estado,
                "estado_hoy_nombre": ESTADOS_HOY[estado],
                "vigente_hoy": estado == "vigente",
            }
        )
    junta = expediente.organizacion
    return {
        "codigo": expediente.codigo,
        "junta": {
            "nombre": junta.nombre,
            "nit": junta.nit or "",
            "codigo_registro": junta.codigo_registro,
            "localidad": junta.localidad.nombre if junta.localidad_id else "",
        },
        "ruta": expediente.ruta,
        "ruta_nombre": RutaJunta(expediente.ruta).label,
        "generado_en": expediente.generado_en,
        "generado_por": _("la Secretaría") if expediente.por_la_secretaria else _("la Junta"),
        "indice_al_generar": expediente.indice,
        "sha256_pdf": expediente.sha256_pdf,
        "documentos": documentos,
        "vigentes_hoy": sum(d["vigente_hoy"] for d in documentos),
        "todos_vigentes_hoy": all(d["vigente_hoy"] for d in documentos),
        "consultado": hoy,
    }
