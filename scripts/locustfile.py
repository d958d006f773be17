"""Mixed traffic for `make soak`: citizens, monitors, and leaders who answer the needs survey and
register delegates. Every write the server acknowledges (a redirect after POST) is appended to
$SOAK_ESCRITURAS, so the harness can check afterwards that none was lost; status codes are
counted into $SOAK_ESTADOS when the run ends."""

import itertools
import json
import os
import threading
from collections import Counter

from locust import HttpUser, between, events, task

CONFIG = json.loads(open(os.environ["SOAK_CONFIG"]).read())  # noqa: SIM115, PTH123
ESCRITURAS = open(os.environ["SOAK_ESCRITURAS"], "a", buffering=1)  # noqa: SIM115, PTH123
ESTADOS = Counter()
CANDADO = threading.Lock()
LIDERES = itertools.cycle(CONFIG["lideres"])
DOCUMENTOS = itertools.count(int(os.environ.get("SOAK_DOCUMENTO_INICIAL", "700000000")))


@events.request.add_listener
def _contar(response=None, exception=None, **kwargs):
    codigo = response.status_code if response is not None else 0
    with CANDADO:
        ESTADOS[
            "5xx" if codigo >= 500 else f"{codigo // 100}xx" if codigo else "sin respuesta"
        ] += 1


@events.quitting.add_listener
def _guardar(environment, **kwargs):
    with open(os.environ["SOAK_ESTADOS"], "w") as salida:  # noqa: PTH123
        json.dump(dict(ESTADOS), salida)


def _registrar(escritura):
    with CANDADO:
        ESCRITURAS.write(json.dumps(escritura) + "\n")


class Ciudadano(HttpUser):
    weight = 3
    wait_time = between(0.5, 2)

    @task(3)
    def transparencia(self):
        self.client.get("/transparencia/")

    @task(2)
    def inicio(self):
        self.client.get("/")

    @task(1)
    def datos(self):
        self.client.get("/transparencia/datos.json")


class Monitor(HttpUser):
    weight = 2
    wait_time = between(0.5, 2)

    def on_start(self):
        self.client.cookies.set("sessionid", CONFIG["monitor"])

    @task
    def tableros(self):
        for ruta in ("/tablero/", "/tablero/diagnostico/", "/tablero/capacitacion/",
                     "/tablero/hitos/4/"):  # fmt: skip
            self.client.get(ruta)


class Lider(HttpUser):
    weight = 3
    wait_time = between(0.3, 1.5)

    def on_start(self):
        datos = next(LIDERES)
        self.junta = datos["junta"]
        self.client.cookies.set("sessionid", datos["galleta"])
        self.paso = 1

    def _csrf(self, ruta):
        self.client.get(ruta, name=ruta.split("?")[0])
        return self.client.cookies.get("csrftoken", "")

    @task(2)
    def encuesta(self):
        if self.paso > len(CONFIG["pasos"]):
            self.client.get("/portal/")
            return
        instrumento = CONFIG["instrumento"]
        ruta = f"/portal/diagnostico/{instrumento}/paso/{self.paso}/"
        token = self._csrf(ruta)
        paso = CONFIG["pasos"][self.paso - 1]
        respuesta = self.client.post(
            ruta, data={**paso["datos"], "seguir": ""}, headers={"X-CSRFToken": token},
            allow_redirects=False, name="/portal/diagnostico/[paso] POST",
        )  # fmt: skip
        if respuesta.status_code == 302:
            _registrar({"tipo": "encuesta", "junta": self.junta, "instrumento": instrumento,
                        "paso": self.paso, "valores": paso["verificables"]})  # fmt: skip
            self.paso += 1

    @task(3)
    def inscribir(self):
        token = self._csrf("/portal/capacitacion/")
        sesion = CONFIG["sesiones"][next(DOCUMENTOS) % len(CONFIG["sesiones"])]
        documento = str(next(DOCUMENTOS))
        prefijo = f"s{sesion}"
        respuesta = self.client.post(
            "/portal/capacitacion/",
            data={"sesion": sesion, f"{prefijo}-documento": documento,
                  f"{prefijo}-nombres": "Prueba", f"{prefijo}-apellidos": "De Carga"},
            headers={"X-CSRFToken": token}, allow_redirects=False,
            name="/portal/capacitacion/ POST",
        )  # fmt: skip
        if respuesta.status_code == 302:
            _registrar({"tipo": "inscripcion", "sesion": sesion, "documento": documento})
