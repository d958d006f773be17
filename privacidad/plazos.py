"""Legal terms in business days (días hábiles): Monday to Friday except Colombia's public holidays.

Ley 1581 de 2012 counts its terms in business days from the day after filing: a consulta is
answered within 10 (art. 14), a reclamo within 15 (art. 15); each may be extended once, by 5 and 8
business days after the first term, when the entity tells the person why.
"""

import datetime
from functools import cache

import holidays

UN_DIA = datetime.timedelta(days=1)


@cache
def _festivos(anio):
    return frozenset(holidays.Colombia(years=anio))


def es_habil(fecha: datetime.date) -> bool:
    return fecha.weekday() < 5 and fecha not in _festivos(fecha.year)


def sumar_habiles(desde: datetime.date, dias: int) -> datetime.date:
    """The business day that closes a term of `dias` business days counted after `desde`."""
    fecha = desde
    while dias > 0:
        fecha += UN_DIA
        if es_habil(fecha):
            dias -= 1
    return fecha


def habiles_restantes(hoy: datetime.date, vence: datetime.date) -> int:
    """Business days left until `vence` (0 on the day itself; negative once it has passed,
    counting the business days of delay)."""
    if vence >= hoy:
        return _habiles_entre(hoy, vence)
    return -_habiles_entre(vence, hoy)


def _habiles_entre(desde, hasta):
    """Business days in (desde, hasta]."""
    cuenta, fecha = 0, desde
    while fecha < hasta:
        fecha += UN_DIA
        cuenta += es_habil(fecha)
    return cuenta
