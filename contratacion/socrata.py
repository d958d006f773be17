"""A small client for Socrata's SODA API (datos.gov.co), with the standard library only.

- Base URL from `SECOP_API_URL` (a local fake server in the tests), app token `SECOP_APP_TOKEN`
  sent as `X-App-Token` when set.
- Every page asks for `$order` (a total order: without it Socrata may skip or repeat rows
  between pages), `$limit` and `$offset`.
- Transient failures — 5xx, 429 (rate limit), timeouts, dropped connections, a truncated
  body — are retried with exponential backoff (`SECOP_ESPERA_INICIAL` doubling up to
  `SECOP_ESPERA_MAXIMA`, at most `SECOP_REINTENTOS` retries; a `Retry-After` header is
  honoured within that bound). Any other 4xx is the query's fault: never retried, reported in
  Spanish with Socrata's own message.
- Socrata leaves null fields out of the JSON; callers read every field with `.get`.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

AGENTE = "PortalJAC/1.0 (+sincronizar_secop)"


class ErrorSocrata(Exception):
    """The source could not answer; `mensaje` says why and what to do, in Spanish."""

    def __init__(self, mensaje: str, *, estado: int | None = None):
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.estado = estado


class _Transitorio(Exception):
    def __init__(self, motivo: str, espera: float | None = None):
        super().__init__(motivo)
        self.motivo = motivo
        self.espera = espera


def literal(valor: str) -> str:
    """A SoQL string literal: quoted, with its quotes doubled."""
    return "'" + str(valor).replace("'", "''") + "'"


class ClienteSocrata:
    def __init__(
        self,
        *,
        url_base: str | None = None,
        token: str | None = None,
        reintentos: int | None = None,
        espera_inicial: float | None = None,
        espera_maxima: float | None = None,
        tiempo_limite: float | None = None,
        dormir: Callable[[float], None] = time.sleep,
    ):
        self.url_base = (url_base or settings.SECOP_API_URL).rstrip("/") + "/"
        self.token = settings.SECOP_APP_TOKEN if token is None else token
        self.reintentos = settings.SECOP_REINTENTOS if reintentos is None else reintentos
        self.espera_inicial = (
            settings.SECOP_ESPERA_INICIAL if espera_inicial is None else espera_inicial
        )
        self.espera_maxima = (
            settings.SECOP_ESPERA_MAXIMA if espera_maxima is None else espera_maxima
        )
        self.tiempo_limite = (
            settings.SECOP_TIEMPO_LIMITE if tiempo_limite is None else tiempo_limite
        )
        self.dormir = dormir
        self.peticiones = 0  # requests made, retries included

    def consultar(self, conjunto: str, parametros: dict) -> list[dict]:
        """One request (retried while the failure is transient): the rows as dicts."""
        url = f"{self.url_base}{conjunto}.json?{urllib.parse.urlencode(parametros)}"
        for intento in range(self.reintentos + 1):
            try:
                return self._pedir(url)
            except _Transitorio as falla:
                if intento == self.reintentos:
                    raise ErrorSocrata(
                        _(
                            "datos.gov.co no respondió bien después de %(n)d intentos "
                            "(%(motivo)s). Vuelva a ejecutar más tarde: la sincronización sigue "
                            "desde donde quedó."
                        )
                        % {"n": intento + 1, "motivo": falla.motivo}
                    ) from None
                espera = min(self.espera_inicial * 2**intento, self.espera_maxima)
                if falla.espera is not None:
                    espera = min(max(espera, falla.espera), self.espera_maxima)
                logger.warning(
                    "SECOP request to %s failed (%s); retry %d of %d in %.2f s",
                    conjunto,
                    falla.motivo,
                    intento + 1,
                    self.reintentos,
                    espera,
                )
                self.dormir(espera)
        raise AssertionError("unreachable")  # pragma: no cover

    def paginas(
        self,
        conjunto: str,
        *,
        order: str,
        tamano: int,
        where: str | None = None,
        select: Iterable[str] | None = None,
    ) -> Iterator[list[dict]]:
        """Every row of a query, one page of `tamano` rows at a time, in `order`."""
        if not order:
            raise ValueError("Paging without $order skips rows: give a total order.")
        parametros = {"$order": order, "$limit": tamano}
        if select:
            parametros["$select"] = ",".join(select)
        if where:
            parametros["$where"] = where
        desplazamiento = 0
        while True:
            pagina = self.consultar(conjunto, {**parametros, "$offset": desplazamiento})
            yield pagina
            if len(pagina) < tamano:
                return
            desplazamiento += tamano

    def _pedir(self, url: str) -> list[dict]:
        cabeceras = {"Accept": "application/json", "User-Agent": AGENTE}
        if self.token:
            cabeceras["X-App-Token"] = self.token
        self.peticiones += 1
        peticion = urllib.request.Request(url, headers=cabeceras)
        try:
            with urllib.request.urlopen(peticion, timeout=self.tiempo_limite) as respuesta:
                cuerpo = respuesta.read()
        except urllib.error.HTTPError as error:
            self._fallo_http(error)
        except TimeoutError:
            raise _Transitorio(_("tiempo de espera agotado")) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise _Transitorio(_("tiempo de espera agotado")) from None
            raise _Transitorio(_("sin conexión: %(r)s") % {"r": error.reason}) from None
        except (http.client.HTTPException, ConnectionError) as error:
            raise _Transitorio(
                _("conexión interrumpida: %(r)s") % {"r": type(error).__name__}
            ) from None
        try:
            datos = json.loads(cuerpo)
        except ValueError:
            raise _Transitorio(_("respuesta incompleta o que no es JSON")) from None
        if not isinstance(datos, list):
            raise ErrorSocrata(
                _("datos.gov.co respondió algo que no es una lista de filas: %(m)s")
                % {"m": _mensaje_de(datos)}
            )
        return datos

    def _fallo_http(self, error: urllib.error.HTTPError):
        estado = error.code
        try:
            cuerpo = error.read()
        except (OSError, http.client.HTTPException):
            cuerpo = b""
        if estado >= 500 or estado == 429:
            raise _Transitorio(
                f"HTTP {estado}", _segundos(error.headers.get("Retry-After"))
            ) from None
        try:
            detalle = _mensaje_de(json.loads(cuerpo))
        except ValueError:
            detalle = cuerpo.decode("utf-8", "replace")[:300]
        if estado in (401, 403):
            consejo = _("Revise SECOP_APP_TOKEN (un token inválido se rechaza) o quítelo.")
        elif estado == 404:
            consejo = _("Revise SECOP_API_URL y el identificador del conjunto de datos.")
        else:
            consejo = _("La consulta no es válida; no se reintenta. Revise la configuración.")
        raise ErrorSocrata(
            _("datos.gov.co rechazó la consulta (HTTP %(estado)d): %(detalle)s. %(consejo)s")
            % {"estado": estado, "detalle": detalle or _("sin detalle"), "consejo": consejo},
            estado=estado,
        ) from None


def _mensaje_de(datos) -> str:
    if isinstance(datos, dict):
        return str(datos.get("message") or datos.get("error") or datos)[:300]
    return str(datos)[:300]


def _segundos(valor) -> float | None:
    try:
        return max(0.0, float(valor))
    except (TypeError, ValueError):
        return None
