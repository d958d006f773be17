"""Reads of SECOP II outcomes for the pages: a Junta's contracts and supplier account, the route
of each contract, the opportunity radar, the funnel trained → supplier account → bid →
contracted, and the before/after comparison of trained and not-yet-trained Juntas.

Every aggregate is computed in SQL: the number of queries does not grow with the Juntas.
"""

import datetime
import re
import unicodedata

from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from capacitacion.models import Certificado, Inscripcion, Sesion
from juntas.models import Organizacion

from .models import Contrato, CuentaProveedor, FamiliaUnspsc, Proceso

# ---------------------------------------------------------------------------------------------
# Routes


class Ruta:
    CONVENIO_SOLIDARIO = "convenio_solidario"
    DESARROLLO = "ley_2166_art_63"
    DECRETO_092 = "decreto_092"
    MINIMA_CUANTIA = "minima_cuantia"
    OTRA = "otra"

    NOMBRES = {
        CONVENIO_SOLIDARIO: _("Convenio solidario (Ley 2166 art. 95)"),
        DESARROLLO: _("Funciones de desarrollo (Ley 2166 art. 63 par. 2 y Ley 136 art. 141)"),
        DECRETO_092: _("Entidad sin ánimo de lucro (Decreto 092 de 2017)"),
        MINIMA_CUANTIA: _("Mínima cuantía"),
        OTRA: _("Otra modalidad"),
    }
    ORDEN = [CONVENIO_SOLIDARIO, DESARROLLO, DECRETO_092, MINIMA_CUANTIA, OTRA]


def _sin_tildes(patron: str) -> str:
    """A regex that matches a vowel with or without accent, in either case, in Python and in
    PostgreSQL (whose `~*` may not fold accented capitals under every collation)."""
    clases = {"a": "[aáAÁ]", "e": "[eéEÉ]", "i": "[iíIÍ]", "o": "[oóOÓ]", "u": "[uúüUÚÜ]"}
    return re.sub(r"[áéíóú]", lambda m: clases[_base(m.group())], patron)


def _base(letra):
    return unicodedata.normalize("NFD", letra)[0]


# (route, regex, fields it is looked for in), first match wins. Real spellings in SECOP II
# (jbjy-vk9h): `justificacion_modalidad_de` «Law2166of2021_Article95_SolidarityAgreements» and
# «Convenios Solidarios Regimen articulo 92 Ley 2166 de 2021» (sic) for convenios solidarios,
# «Presupuesto menor al 10% de la Menor Cuantía» for mínima cuantía; `tipo_de_contrato`
# «Decreto 092 de 2017» for non-profits; `modalidad_de_contratacion` «Mínima cuantía».
# Art. 63 has no code of its own in SECOP II [verificar]: it is recognised when the
# justification cites art. 141 of Ley 136 or art. 63 of Ley 2166.
_J, _T, _M = "justificacion_modalidad", "tipo", "modalidad"
REGLAS_DE_RUTA = [
    (Ruta.CONVENIO_SOLIDARIO, r"solidar|article_?95", (_J, _T, _M)),
    (
        Ruta.DESARROLLO,
        r"136[^0-9].*141|141[^0-9].*136|article_?63|art[^0-9]{0,10}63([^0-9]|$)",
        (_J, _T),
    ),
    (Ruta.DECRETO_092, r"0?92\s*(de|/)?\s*(del?\s*)?2017", (_J, _T, _M)),
    (Ruta.MINIMA_CUANTIA, _sin_tildes(r"mínima\s*cuantía"), (_M,)),
    (Ruta.MINIMA_CUANTIA, _sin_tildes(r"10\s*%.*menor\s*cuantía"), (_J,)),
]
_COMPILADAS = [(ruta, re.compile(p, re.IGNORECASE), campos) for ruta, p, campos in REGLAS_DE_RUTA]


def ruta_de(modalidad: str = "", justificacion: str = "", tipo: str = "") -> str:
    """The contracting route of a contract, from how SECOP II describes it (`Ruta.*`)."""
    valores = {_M: modalidad or "", _J: justificacion or "", _T: tipo or ""}
    for ruta, patron, campos in _COMPILADAS:
        if any(patron.search(valores[c]) for c in campos):
            return ruta
    return Ruta.OTRA


def expresion_ruta():
    """`ruta_de` as a SQL expression over `Contrato` (same rules, same order)."""
    casos = []
    for ruta, patron, campos in REGLAS_DE_RUTA:
        condicion = Q()
        for campo in campos:
            condicion |= Q(**{f"{campo}__iregex": patron})
        casos.append(When(condicion, then=Value(ruta)))
    return Case(*casos, default=Value(Ruta.OTRA), output_field=CharField())


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
            modalidad__iregex=_sin_tildes(r"mínima\s*cuantía"),
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


def _asistio():
    return Inscripcion.objects.filter(
        organizacion=OuterRef("pk"), asistio=True, sesion__estado=Sesion.Estado.REALIZADA
    )


def _si(condicion):
    return ExpressionWrapper(condicion, output_field=BooleanField())


def _juntas_con_etapas():
    """First-grade Juntas, each with whether it reached each stage of the funnel."""
    valor = (
        Contrato.objects.filter(organizacion=OuterRef("pk"))
        .values("organizacion")
        .annotate(s=Sum("valor"))
        .values("s")
    )
    dinero = DecimalField(max_digits=22, decimal_places=2)
    return Organizacion.objects.juntas().annotate(
        formada=_si(
            Exists(_asistio())
            | Exists(Certificado.objects.filter(organizacion=OuterRef("pk"), anulado=False))
        ),
        con_cuenta=Exists(CuentaProveedor.objects.filter(organizacion=OuterRef("pk"))),
        contrato=Exists(Contrato.objects.filter(organizacion=OuterRef("pk"))),
        oferto=_si(
            Exists(Contrato.objects.filter(organizacion=OuterRef("pk")))
            | Exists(Proceso.objects.filter(organizacion_adjudicada=OuterRef("pk")))
        ),
        valor_contratado=Coalesce(
            Subquery(valor, output_field=dinero), Value(0), output_field=dinero
        ),
    )


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


def _conteos_por(juntas, agrupar: dict):
    conteos = {"juntas": Count("pk")}
    for etapa, _n, _d in ETAPAS:
        conteos[f"n_{etapa}"] = Count("pk", filter=Q(**{etapa: True}))
        conteos[f"formadas_{etapa}"] = Count("pk", filter=Q(**{etapa: True, "formada": True}))
    conteos["valor"] = Sum("valor_contratado")
    return list(juntas.values(**agrupar).annotate(**conteos).order_by(*agrupar))


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
    and contracts by route. Four queries whatever the number of Juntas."""
    juntas = _juntas_con_etapas()
    por_localidad = _conteos_por(
        juntas,
        {"codigo_localidad": F("localidad__codigo"), "nombre_localidad": F("localidad__nombre")},
    )
    por_ucg = _conteos_por(
        juntas,
        {
            "numero_ucg": F("unidad_comunera__numero"),
            "localidad_ucg": F("unidad_comunera__localidad__nombre"),
        },
    )
    total = {"juntas": 0, "valor": 0}
    for etapa, _n, _d in ETAPAS:
        total[f"n_{etapa}"] = total[f"formadas_{etapa}"] = 0
    for fila in por_localidad:
        for clave in total:
            total[clave] += fila[clave] or 0
    por_ruta = {
        f["ruta"]: f
        for f in Contrato.objects.filter(organizacion__isnull=False)
        .exclude(organizacion__tipo=Organizacion.Tipo.ASOJAC)
        .annotate(ruta=expresion_ruta())
        .values("ruta")
        .annotate(
            contratos=Count("pk"), juntas=Count("organizacion", distinct=True), valor=Sum("valor")
        )
        .order_by("ruta")
    }
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


class Mediana(Aggregate):
    function = "percentile_disc"
    template = "percentile_disc(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DateField()


def _fecha_de_formacion():
    """Per Junta: the first held session it attended (or, with no attendance recorded, its
    first certificate)."""
    primera_sesion = (
        Inscripcion.objects.filter(
            organizacion=OuterRef("pk"), asistio=True, sesion__estado=Sesion.Estado.REALIZADA
        )
        .annotate(dia=TruncDate("sesion__inicio"))
        .order_by("dia")
        .values("dia")[:1]
    )
    primer_certificado = (
        Certificado.objects.filter(organizacion=OuterRef("pk"), anulado=False)
        .order_by("emitido")
        .values("emitido")[:1]
    )
    return Coalesce(
        Subquery(primera_sesion, output_field=DateField()),
        Subquery(primer_certificado, output_field=DateField()),
    )


MESES_VENTANA = 12
_DIAS_VENTANA = datetime.timedelta(days=365)


def _con_contrato_entre(desde, hasta):
    return Exists(
        Contrato.objects.filter(
            organizacion=OuterRef("pk"),
            fecha_firma__gte=ExpressionWrapper(desde, output_field=DateTimeField()),
            fecha_firma__lt=ExpressionWrapper(hasta, output_field=DateTimeField()),
        )
    )


def comparacion() -> dict:
    """Share of Juntas with a contract signed in the 12 months before and after their training
    (trained Juntas: their first held session attended) or a reference date (not-yet-trained
    Juntas: the median training date), and the difference in differences. Two queries."""
    juntas = Organizacion.objects.juntas().annotate(fecha_formacion=_fecha_de_formacion())
    referencia = juntas.filter(fecha_formacion__isnull=False).aggregate(
        m=Mediana("fecha_formacion")
    )["m"]
    vacia = {"referencia": referencia, "grupos": [], "diferencia_en_diferencias": None}
    if referencia is None:
        return vacia
    filas = {
        f["formada"]: f
        for f in juntas.annotate(
            formada=_si(Q(fecha_formacion__isnull=False)),
            fecha=Coalesce("fecha_formacion", Value(referencia), output_field=DateField()),
        )
        .annotate(
            antes=_con_contrato_entre(OuterRef("fecha") - _DIAS_VENTANA, OuterRef("fecha")),
            despues=_con_contrato_entre(OuterRef("fecha"), OuterRef("fecha") + _DIAS_VENTANA),
        )
        .values("formada")
        .annotate(
            juntas=Count("pk"),
            antes_n=Count("pk", filter=Q(antes=True)),
            despues_n=Count("pk", filter=Q(despues=True)),
        )
        .order_by("formada")
    }
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
