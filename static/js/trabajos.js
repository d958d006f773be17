// A job's page: asks the server for its progress every 1.5 s and moves the bar without
// reloading; when the job ends the page reloads once to show the outcome. Without JavaScript
// the page refreshes itself every 3 s (<noscript> meta refresh) and has an «Actualizar» link.
(() => {
  const caja = document.getElementById("avance-trabajo");
  if (!caja || caja.dataset.activo !== "1") {
    return;
  }
  const url = caja.dataset.estadoUrl;
  const barra = caja.querySelector(".progress-bar");
  const progreso = caja.querySelector("[role=progressbar]");
  const INTERVALO = 1500;

  const pintar = (estado) => {
    for (const campo of caja.querySelectorAll("[data-campo]")) {
      const valor = estado[campo.dataset.campo];
      if (valor !== undefined) {
        campo.textContent = valor;
      }
    }
    barra.style.width = `${estado.porcentaje}%`;
    progreso.setAttribute("aria-valuenow", Math.round(estado.porcentaje));
  };

  const preguntar = async () => {
    try {
      const respuesta = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (respuesta.ok) {
        const estado = await respuesta.json();
        pintar(estado);
        if (!estado.activo) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // A dropped connection: try again on the next tick.
    }
    window.setTimeout(preguntar, INTERVALO);
  };
  window.setTimeout(preguntar, INTERVALO);
})();
