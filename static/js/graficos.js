/* Charts of the dashboards, drawn from data the page embeds with json_script. */
(function () {
  "use strict";
  var fuente = document.getElementById("datos-localidades");
  var lienzo = document.getElementById("grafico-localidades");
  if (!fuente || !lienzo || typeof Chart === "undefined") {
    return;
  }
  var datos = JSON.parse(fuente.textContent);
  new Chart(lienzo, {
    type: "bar",
    data: {
      labels: datos.etiquetas,
      datasets: [
        { label: "Registradas", data: datos.registradas, backgroundColor: "#9ecae1" },
        { label: "Activas", data: datos.activas, backgroundColor: "#3182bd" },
        { label: "Participan", data: datos.participantes, backgroundColor: "#0b4f6c" },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();

/* A Junta's survey profile: one horizontal bar per dimension, weakest first. */
(function () {
  "use strict";
  var fuente = document.getElementById("datos-perfil");
  var lienzo = document.getElementById("grafico-perfil");
  if (!fuente || !lienzo || typeof Chart === "undefined") {
    return;
  }
  var datos = JSON.parse(fuente.textContent);
  new Chart(lienzo, {
    type: "bar",
    data: {
      labels: datos.etiquetas,
      datasets: [{ label: "Puntaje (0–100)", data: datos.valores, backgroundColor: "#0b4f6c" }],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { min: 0, max: 100 } },
      plugins: { legend: { display: false } },
    },
  });
})();
