"""Reads of convenios for the pages: figures per convenio (paid share, verified progress,
overdue deliverables, payments without support, community workers) computed in SQL as
subqueries, the four alerts from them, the public list and page, and the chart of payments
against verified progress.

Every list costs the same number of queries whatever its length: each figure is a correlated
subquery of the list's one query, never a query per row.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from contratacion.selectors import Ruta

from .models import (
    Convenio,
    Entregable,
    FotoAvance,
    InformeAvance,
    ObservacionCiudadana,
    Pago,
    TrabajadorComunitario,
)

_PESOS = DecimalField(max_digits=20, decimal_places=2)
_PUNTOS = DecimalField(max_digits=12, decimal_places=4)
CERO = Decimal(0)


def margen_alerta() -> Decimal:
    """Points by which the paid share may exceed the verified progress before it alerts."""
    return Decimal(str(getattr(settings, "CONVENIOS_MARGEN_ALERTA", 15)))


def _contar(consulta):
    return Coalesce(
        Subquery(
            consulta.order_by().values("convenio").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def con_cifras(convenios=None, hoy=None):
    """`convenios` (a queryset) with each one's figures and alerts as annotations:

    - `pagado` (pesos) and `pagado_pct` (share of the value, 0–100+);
    - `avance_verificado`: the physical progress of its latest verified report (0 if none);
    - `entregables_vencidos`, `pagos_sin_soporte`, `n_trabajadores`;
    - `alerta_pago_adelantado`: paid share above verified progress by more than the margin;
      `alerta_entregables`, `alerta_soporte`, `alerta_trabajadores` (art. 95 under way with
      no community worker recorded); `con_alerta`: any of them.
    """
    hoy = hoy or timezone.localdate()
    convenios = Convenio.objects.all() if convenios is None else convenios
    pagado = Subquery(
        Pago.objects.filter(convenio=OuterRef("pk"))
        .order_by()
        .values("convenio")
        .annotate(s=Sum("valor"))
        .values("s")[:1],
        output_field=_PESOS,
    )
    avance = Subquery(
        InformeAvance.objects.filter(
            convenio=OuterRef("pk"), estado=InformeAvance.Estado.VERIFICADO
        )
        .order_by("-fecha", "-pk")
        .values("avance")[:1],
        output_field=_PUNTOS,
    )
    margen = margen_alerta()
    return convenios.annotate(
        pagado=Coalesce(pagado, Value(CERO), output_field=_PESOS),
        avance_verificado=Coalesce(avance, Value(CERO), output_field=_PUNTOS),
        pagado_pct=Case(
            When(valor__gt=0, then=F("pagado") * Value(Decimal(100)) / F("valor")),
            default=Value(CERO),
            output_field=_PUNTOS,
        ),
        entregables_vencidos=_contar(
            Entregable.objects.filter(
                convenio=OuterRef("pk"), fecha_entrega__isnull=True, fecha_prevista__lt=hoy
            )
        ),
        pagos_sin_soporte=_contar(Pago.objects.filter(convenio=OuterRef("pk"), soporte="")),
        n_trabajadores=_contar(TrabajadorComunitario.objects.filter(convenio=OuterRef("pk"))),
    ).annotate(
        alerta_pago_adelantado=ExpressionWrapper(
            Q(pagado_pct__gt=F("avance_verificado") + Value(margen)),
            output_field=BooleanField(),
        ),
        alerta_entregables=ExpressionWrapper(
            Q(entregables_vencidos__gt=0) & ~Q(estado=Convenio.Estado.LIQUIDADO),
            output_field=BooleanField(),
        ),
        alerta_soporte=ExpressionWrapper(Q(pagos_sin_soporte__gt=0), output_field=BooleanField()),
        alerta_trabajadores=ExpressionWrapper(
            Q(ruta=Ruta.CONVENIO_SOLIDARIO, n_trabajadores=0) & ~Q(estado=Convenio.Estado.FIRMADO),
            output_field=BooleanField(),
        ),
    )


FILTRO_ALERTA = {
    "pago": Q(alerta_pago_adelantado=True),
    "entregables": Q(alerta_entregables=True),
    "soporte": Q(alerta_soporte=True),
    "trabajadores": Q(alerta_trabajadores=True),
}
CON_ALERTA = (
    FILTRO_ALERTA["pago"]
    | FILTRO_ALERTA["entregables"]
    | FILTRO_ALERTA["soporte"]
    | FILTRO_ALERTA["trabajadores"]
)


def nombres_de_alertas():
    return {
        "pago": _("Pagos adelantados al avance verificado"),
        "entregables": _("Entregables vencidos"),
        "soporte": _("Pagos sin soporte"),
        "trabajadores": _("Art. 95 sin trabajadores de la comunidad registrados"),
    }


def alertas_de(convenio) -> list[str]:
    """The alerts of one convenio annotated by `con_cifras`, as sentences."""
    alertas = []
    if convenio.alerta_pago_adelantado:
        alertas.append(
            _(
                "Lo pagado (%(pagado)s %%) supera el avance físico verificado (%(avance)s %%) "
                "en más de %(margen)s puntos."
            )
            % {
                "pagado": _pct(convenio.pagado_pct),
                "avance": _pct(convenio.avance_verificado),
                "margen": _pct(margen_alerta()),
            }
        )
    if convenio.alerta_entregables:
        alertas.append(
            _("%(n)s entregable(s) vencido(s) sin entregar.") % {"n": convenio.entregables_vencidos}
        )
    if convenio.alerta_soporte:
        alertas.append(
            _("%(n)s pago(s) sin documento soporte.") % {"n": convenio.pagos_sin_soporte}
        )
    if convenio.alerta_trabajadores:
        alertas.append(
            _(
                "Convenio solidario (art. 95) en ejecución sin trabajadores de la comunidad "
                "registrados."
            )
        )
    return alertas


def _pct(valor):
    from django.utils.formats import number_format

    return number_format(Decimal(valor).quantize(Decimal("0.1")), 1, use_l10n=True)


def resumen_alertas(convenios=None, hoy=None) -> dict:
    """How many convenios carry each alert, and any: one query."""
    filas = con_cifras(convenios, hoy)
    return filas.aggregate(
        total=Count("pk"),
        con_alerta=Count("pk", filter=CON_ALERTA),
        **{clave: Count("pk", filter=filtro) for clave, filtro in FILTRO_ALERTA.items()},
    )


def contar_con_alerta(hoy=None) -> int:
    """For the main dashboard: convenios not yet liquidated with any alert."""
    return resumen_alertas(Convenio.objects.exclude(estado=Convenio.Estado.LIQUIDADO), hoy)[
        "con_alerta"
    ]


def lista_tablero(*, estado="", ruta="", alerta="", buscar="", hoy=None):
    """The staff and monitors' list, filtered; the caller paginates it."""
    convenios = Convenio.objects.select_related("organizacion", "barrio")
    if estado in Convenio.Estado.values:
        convenios = convenios.filter(estado=estado)
    if ruta in Ruta.NOMBRES:
        convenios = convenios.filter(ruta=ruta)
    if buscar:
        convenios = convenios.filter(
            Q(organizacion__nombre__icontains=buscar)
            | Q(objeto__icontains=buscar)
            | Q(entidad__icontains=buscar)
            | Q(numero__icontains=buscar)
        )
    convenios = con_cifras(convenios, hoy)
    if alerta == "cualquiera":
        convenios = convenios.filter(CON_ALERTA)
    elif alerta in FILTRO_ALERTA:
        convenios = convenios.filter(FILTRO_ALERTA[alerta])
    return convenios.order_by("-fecha_firma", "-pk")


def convenios_de(junta, hoy=None):
    """A leader's own Junta's convenios, with their figures."""
    return con_cifras(
        Convenio.objects.filter(organizacion=junta).select_related("barrio"), hoy
    ).order_by("-fecha_firma", "-pk")


def convenio_con_cifras(convenios, pk, hoy=None):
    """One convenio of `convenios` (a queryset already scoped to the user) with its figures,
    or None."""
    return (
        con_cifras(convenios.select_related("organizacion", "barrio", "contrato"), hoy)
        .filter(pk=pk)
        .first()
    )


def publicos(*, barrio=None, hoy=None):
    """Works under way, for the public list by barrio (no personal data)."""
    convenios = Convenio.objects.filter(estado__in=Convenio.EN_CURSO).select_related(
        "organizacion", "barrio", "barrio__localidad"
    )
    if barrio is not None:
        convenios = convenios.filter(barrio_id=barrio)
    return con_cifras(convenios, hoy).order_by("barrio__nombre", "-fecha_firma", "pk")


def barrios_con_obras():
    """Barrios with works under way, for the public list's filter."""
    return list(
        Convenio.objects.filter(estado__in=Convenio.EN_CURSO)
        .values("barrio_id", "barrio__nombre")
        .annotate(n=Count("pk"))
        .order_by("barrio__nombre")
    )


def plan(convenio, hoy=None):
    """Deliverables and tranches (each tranche with whether a supported payment exists)."""
    hoy = hoy or timezone.localdate()
    entregables = list(convenio.entregables.all())
    for entregable in entregables:
        entregable.esta_vencido = entregable.vencido(hoy)
    tramos = list(
        convenio.tramos.select_related("pagado_por").annotate(
            con_soporte=Exists(Pago.objects.filter(tramo=OuterRef("pk")).exclude(soporte=""))
        )
    )
    return {"entregables": entregables, "tramos": tramos}


def informes(convenio, *, solo_verificados=False, solo_fotos_publicas=False):
    """The convenio's reports, newest first, with their photos (two queries)."""
    consulta = convenio.informes.select_related("autor", "revisado_por")
    if solo_verificados:
        consulta = consulta.filter(estado=InformeAvance.Estado.VERIFICADO)
    fotos = FotoAvance.objects.order_by("pk")
    if solo_fotos_publicas:
        fotos = fotos.filter(publica=True)
    return list(consulta.prefetch_related(Prefetch("fotos", queryset=fotos)))


def pagos(convenio):
    return list(convenio.pagos.select_related("tramo", "registrado_por"))


def fotos_publicas(convenio):
    """Photos the public may see: of verified reports, marked public."""
    return list(
        FotoAvance.objects.filter(
            informe__convenio=convenio,
            informe__estado=InformeAvance.Estado.VERIFICADO,
            publica=True,
        )
        .select_related("informe")
        .order_by("-informe__fecha", "pk")
    )


def trabajadores(convenio):
    """Personal data: call only for staff or the Junta's own leaders."""
    return list(convenio.trabajadores.all())


def serie(convenio):
    """Paid share against verified progress over time: each date where either changed, the
    cumulative paid share and the verified progress as of that date (two queries). Returns
    {etiquetas, series} for the chart and `filas` for the table beside it."""
    pagos_por_fecha = (
        Pago.objects.filter(convenio=convenio)
        .order_by("fecha")
        .values("fecha")
        .annotate(total=Sum("valor"))
    )
    avances = (
        InformeAvance.objects.filter(convenio=convenio, estado=InformeAvance.Estado.VERIFICADO)
        .order_by("fecha", "pk")
        .values_list("fecha", "avance")
    )
    cambios = {}
    for fila in pagos_por_fecha:
        cambios.setdefault(fila["fecha"], {})["pago"] = fila["total"]
    for fecha, valor in avances:
        cambios.setdefault(fecha, {})["avance"] = valor
    filas, acumulado, avance = [], CERO, CERO
    for fecha in sorted(cambios):
        acumulado += cambios[fecha].get("pago", CERO)
        avance = cambios[fecha].get("avance", avance)
        pagado = (acumulado * 100 / convenio.valor) if convenio.valor else CERO
        filas.append(
            {
                "fecha": fecha,
                "pagado_pct": pagado.quantize(Decimal("0.1")),
                "avance": Decimal(avance).quantize(Decimal("0.1")),
            }
        )
    return {
        "filas": filas,
        "grafico": {
            "etiquetas": [f["fecha"].strftime("%d/%m/%Y") for f in filas],
            "series": [
                {
                    "nombre": _("Pagado acumulado (%)"),
                    "datos": [float(f["pagado_pct"]) for f in filas],
                },
                {
                    "nombre": _("Avance físico verificado (%)"),
                    "datos": [float(f["avance"]) for f in filas],
                },
            ],
        },
    }


# Residents' observations --------------------------------------------------------------------------

_CORREO = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Seven or more digits, possibly split by spaces, dots or dashes: a phone or an id number.
_NUMERO_LARGO = re.compile(r"(?<!\w)(?:\d[\s.\-]?){6,}\d(?!\w)")


def enmascarar(texto: str) -> str:
    """An observation as published: e-mails and phone or id numbers a resident typed are taken
    out even after approval (the moderator may miss one)."""
    texto = _CORREO.sub(_("[correo retirado]"), texto)
    return _NUMERO_LARGO.sub(_("[número retirado]"), texto)


def observaciones_publicadas(convenio, limite=50):
    """Approved observations, newest first, without authors: text (masked), date, whether a
    monitor wrote it."""
    filas = ObservacionCiudadana.objects.filter(
        convenio=convenio, estado=ObservacionCiudadana.Estado.APROBADA
    ).values("texto", "creada", "autor_id")[:limite]
    return [
        {
            "texto": enmascarar(f["texto"]),
            "creada": f["creada"],
            "de_monitor": f["autor_id"] is not None,
        }
        for f in filas
    ]


def observaciones_pendientes():
    """For staff moderation: every pending observation with its convenio."""
    return (
        ObservacionCiudadana.objects.filter(estado=ObservacionCiudadana.Estado.PENDIENTE)
        .select_related("convenio", "convenio__organizacion", "autor")
        .order_by("creada", "pk")
    )


def observaciones_de(convenio):
    """All of one convenio's observations, for staff."""
    return list(convenio.observaciones.select_related("autor", "moderada_por"))
