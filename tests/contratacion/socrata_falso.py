"""A local stand-in for datos.gov.co's SODA API, so no test leaves 127.0.0.1.

It serves fixture rows under `/resource/<dataset>.json` the way Socrata does:

- `$where` with the subset of SoQL the portal uses: comparisons (`= != <> < <= > >=`) of a field
  with a string or number literal, `in (…)`, `is [not] null`, `AND`, `OR`, `NOT` and parentheses;
  an unknown column is a 400 with Socrata's kind of message;
- `$order` by fields and the row id `:id` (ascending or `DESC`), `$limit` (default 1,000) and
  `$offset`; without `$order` rows come in an arbitrary (here: shuffled) order, as the real
  service gives no guarantee;
- `$select` (a field list, `:id`, `*`), unless `honrar_select` is off, to prove the client does
  not depend on it;
- null fields are left out of each row.

Failures are scripted: `fallar(503)` answers the next request with that status (once, or
`veces`), `fallar_en(n, 400)` the n-th request; `"cortar"` closes the connection without an
answer and `("demora", s)` answers late. Every request is recorded (`peticiones`) with its
parameters and headers.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ErrorConsulta(Exception):
    pass


# SoQL subset ------------------------------------------------------------------------------------

_TOKENS = re.compile(
    r"\s*(?:(?P<cadena>'(?:[^']|'')*')|(?P<numero>-?\d+(?:\.\d+)?)|(?P<op>>=|<=|!=|<>|=|<|>)"
    r"|(?P<par>[(),])|(?P<nombre>:?[A-Za-z_][A-Za-z0-9_]*))"
)


def _tokens(texto):
    posicion, salida = 0, []
    texto = texto.strip()
    while posicion < len(texto):
        m = _TOKENS.match(texto, posicion)
        if not m or m.end() == posicion:
            raise ErrorConsulta(f"Could not parse SoQL query at position {posicion}")
        tipo = m.lastgroup
        valor = m.group(tipo)
        if tipo == "cadena":
            valor = valor[1:-1].replace("''", "'")
        salida.append((tipo, valor))
        posicion = m.end()
        while posicion < len(texto) and texto[posicion].isspace():
            posicion += 1
    return salida


class _Analizador:
    def __init__(self, texto, columnas):
        self.tokens = _tokens(texto)
        self.i = 0
        self.columnas = columnas

    def ver(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def tomar(self, tipo=None, valor=None):
        t = self.ver()
        if t[0] is None or (tipo and t[0] != tipo) or (valor and str(t[1]).lower() != valor):
            raise ErrorConsulta(f"Unexpected token {t[1]!r} in SoQL query")
        self.i += 1
        return t

    def palabra(self, valor):
        t = self.ver()
        return t[0] == "nombre" and t[1].lower() == valor

    def analizar(self):
        expresion = self.o()
        if self.i != len(self.tokens):
            raise ErrorConsulta(f"Unexpected token {self.ver()[1]!r} in SoQL query")
        return expresion

    def o(self):
        partes = [self.y()]
        while self.palabra("or"):
            self.tomar()
            partes.append(self.y())
        return lambda fila: any(p(fila) for p in partes)

    def y(self):
        partes = [self.no()]
        while self.palabra("and"):
            self.tomar()
            partes.append(self.no())
        return lambda fila: all(p(fila) for p in partes)

    def no(self):
        if self.palabra("not"):
            self.tomar()
            interior = self.no()
            return lambda fila: not interior(fila)
        return self.atomo()

    def atomo(self):
        if self.ver() == ("par", "("):
            self.tomar()
            interior = self.o()
            self.tomar("par", ")")
            return interior
        _tipo, campo = self.tomar("nombre")
        if campo not in self.columnas and campo != ":id":
            raise ErrorConsulta(f"No such column: {campo}")
        if self.palabra("is"):
            self.tomar()
            negado = self.palabra("not")
            if negado:
                self.tomar()
            self.tomar("nombre", "null")
            return lambda fila: (fila.get(campo) is None) != negado
        if self.palabra("in"):
            self.tomar()
            self.tomar("par", "(")
            valores = [self.literal()]
            while self.ver() == ("par", ","):
                self.tomar()
                valores.append(self.literal())
            self.tomar("par", ")")
            return lambda fila: (
                fila.get(campo) is not None
                and any(_comparar(fila.get(campo), v) == 0 for v in valores)
            )
        _t, operador = self.tomar("op")
        valor = self.literal()
        prueba = {
            "=": lambda c: c == 0,
            "!=": lambda c: c != 0,
            "<>": lambda c: c != 0,
            "<": lambda c: c < 0,
            "<=": lambda c: c <= 0,
            ">": lambda c: c > 0,
            ">=": lambda c: c >= 0,
        }[operador]
        return lambda fila: (
            fila.get(campo) is not None and prueba(_comparar(fila.get(campo), valor))
        )

    def literal(self):
        tipo, valor = self.tomar()
        if tipo not in ("cadena", "numero"):
            raise ErrorConsulta(f"Expected a literal, found {valor!r}")
        return valor


def _clave(valor):
    """Numbers compare as numbers, anything else as text (numbers first)."""
    try:
        return (0, float(valor), "")
    except (TypeError, ValueError):
        return (1, 0.0, str(valor))


def _comparar(a, b):
    x, y = _clave(a), _clave(b)
    return (x > y) - (x < y)


def _ordenar(filas, orden):
    claves = []
    for parte in orden.split(","):
        palabras = parte.split()
        if not palabras:
            raise ErrorConsulta("Empty $order term")
        claves.append((palabras[0], len(palabras) > 1 and palabras[1].lower() == "desc"))
    for campo, descendente in reversed(claves):
        presentes = [f for f in filas if f.get(campo) is not None]
        nulas = [f for f in filas if f.get(campo) is None]
        presentes.sort(key=lambda f, c=campo: _clave(f[c]), reverse=descendente)
        filas = presentes + nulas  # nulls last, as Socrata (PostgreSQL) does ascending
    return filas


# The server -------------------------------------------------------------------------------------


class SocrataFalso:
    def __init__(self, conjuntos=None, *, honrar_select=True, semilla=7):
        self.conjuntos = {}
        self.columnas = {}
        self._resultados = {}
        for nombre, filas in (conjuntos or {}).items():
            self.cargar(nombre, filas)
        self.honrar_select = honrar_select
        self.peticiones = []
        self._fallas = []
        self._fallas_en = {}
        self._azar = random.Random(semilla)
        self._cerrojo = threading.Lock()
        self._servidor = ThreadingHTTPServer(("127.0.0.1", 0), self._manejador())
        self._servidor.daemon_threads = True
        self._hilo = None

    # setup
    def cargar(self, conjunto, filas, columnas=()):
        """Replace a dataset's rows; each gets a stable `:id` in the order given."""
        copias = []
        for numero, fila in enumerate(filas, start=1):
            copia = {k: v for k, v in fila.items() if v is not None}
            copia[":id"] = f"row-{numero:07d}"
            copias.append(copia)
        self.conjuntos[conjunto] = copias
        self.columnas[conjunto] = set(columnas) | {k for f in copias for k in f}
        self._resultados = {}

    def fallar(self, estado, *, veces=1, cuerpo=None, cabeceras=None):
        for _vez in range(veces):
            self._fallas.append((estado, cuerpo, cabeceras or {}))

    def fallar_en(self, numero, estado, *, cuerpo=None):
        """The `numero`-th request from now (1 = the next) fails with `estado`."""
        self._fallas_en[len(self.peticiones) + numero] = (estado, cuerpo, {})

    @property
    def url(self):
        return f"http://127.0.0.1:{self._servidor.server_address[1]}/resource/"

    def parametros(self, indice=-1):
        return self.peticiones[indice]["parametros"]

    def __enter__(self):
        self._hilo = threading.Thread(
            target=self._servidor.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._hilo.start()
        return self

    def __exit__(self, *exc):
        self._servidor.shutdown()
        self._servidor.server_close()

    # answering
    def _manejador(self):
        falso = self

        class Manejador(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                falso._atender(self)

        return Manejador

    def _atender(self, peticion):
        partes = urllib.parse.urlsplit(peticion.path)
        parametros = {k: v[-1] for k, v in urllib.parse.parse_qs(partes.query).items()}
        with self._cerrojo:
            self.peticiones.append(
                {"ruta": partes.path, "parametros": parametros, "cabeceras": dict(peticion.headers)}
            )
            numero = len(self.peticiones)
            falla = self._fallas_en.pop(numero, None) or (
                self._fallas.pop(0) if self._fallas else None
            )
        if falla is not None:
            estado, cuerpo, cabeceras = falla
            if estado == "cortar":
                peticion.close_connection = True
                peticion.connection.shutdown(2)
                return
            if isinstance(estado, tuple) and estado[0] == "demora":
                time.sleep(estado[1])
            else:
                cuerpo = cuerpo or {"code": f"http-{estado}", "error": True, "message": "Falla"}
                return self._responder(peticion, estado, cuerpo, cabeceras)
        m = re.fullmatch(r"/resource/([a-z0-9]{4}-[a-z0-9]{4})\.json", partes.path)
        if not m or m.group(1) not in self.conjuntos:
            return self._responder(
                peticion, 404, {"code": "not_found", "error": True, "message": "Not found"}
            )
        try:
            filas = self._consultar(m.group(1), parametros)
        except ErrorConsulta as error:
            cuerpo = {"code": "query.compiler.malformed", "error": True, "message": str(error)}
            return self._responder(peticion, 400, cuerpo)
        self._responder(peticion, 200, filas)

    def _consultar(self, conjunto, parametros):
        columnas = self.columnas[conjunto]
        donde, orden = parametros.get("$where"), parametros.get("$order")
        if orden:
            # The pages of one ordered query are slices of one result, computed once (the
            # benchmark pages through 200,000 rows).
            llave = (conjunto, donde, orden)
            with self._cerrojo:
                filas = self._resultados.get(llave)
            if filas is None:
                filas = _ordenar(self._filtrar(conjunto, donde), orden)
                with self._cerrojo:
                    self._resultados[llave] = filas
        else:
            filas = self._filtrar(conjunto, donde)
            self._azar.shuffle(filas)
        try:
            desplazamiento = int(parametros.get("$offset", 0))
            limite = int(parametros.get("$limit", 1000))
        except ValueError:
            raise ErrorConsulta("$limit and $offset must be integers") from None
        if limite > 50000:
            raise ErrorConsulta("$limit must be at most 50000")
        filas = filas[desplazamiento : desplazamiento + limite]
        seleccion = parametros.get("$select")
        if seleccion and self.honrar_select and seleccion.strip() != "*":
            campos = [c.strip() for c in seleccion.split(",")]
            for campo in campos:
                if campo not in columnas and campo not in (":id", "*"):
                    raise ErrorConsulta(f"No such column: {campo}")
            return [{c: f[c] for c in campos if c in f} for f in filas]
        return [{k: v for k, v in f.items() if k != ":id"} for f in filas]

    def _filtrar(self, conjunto, donde):
        filas = self.conjuntos[conjunto]
        if donde:
            condicion = _Analizador(donde, self.columnas[conjunto]).analizar()
            return [f for f in filas if condicion(f)]
        return list(filas)

    def _responder(self, peticion, estado, cuerpo, cabeceras=None):
        datos = json.dumps(cuerpo, ensure_ascii=False).encode()
        peticion.send_response(estado)
        peticion.send_header("Content-Type", "application/json; charset=utf-8")
        peticion.send_header("Content-Length", str(len(datos)))
        for nombre, valor in (cabeceras or {}).items():
            peticion.send_header(nombre, valor)
        peticion.end_headers()
        peticion.wfile.write(datos)
