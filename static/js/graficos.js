/* Charts of the dashboards, drawn from data the page embeds with json_script. */

/* Long labels broken into lines of about `ancho` characters (16 by default), so they fit beside
   bars on a phone; with `maximo`, at most that many lines, the last one ending in «…» when the
   label is longer (the full text is in the tooltip and in the data table under the chart). */
function partirEtiqueta(texto, ancho, maximo) {
  "use strict";
  ancho = ancho || 16;
  var lineas = [];
  var actual = "";
  String(texto).split(" ").forEach(function (palabra) {
    if (actual && (actual + " " + palabra).length > ancho) {
      lineas.push(actual);
      actual = palabra;
    } else {
      actual = actual ? actual + " " + palabra : palabra;
    }
  });
  if (actual) {
    lineas.push(actual);
  }
  if (maximo && lineas.length > maximo) {
    lineas = lineas.slice(0, maximo);
    var ultima = lineas[maximo - 1];
    lineas[maximo - 1] = (ultima.length > ancho - 1 ? ultima.slice(0, ancho - 1) : ultima) + "…";
  }
  return lineas;
}

/* Charts are drawn when they come near the screen, without animation: a dashboard with several
   charts does not block the phone's main thread while it loads (Lighthouse's TBT), and nothing
   moves for people who get dizzy. */
if (typeof Chart !== "undefined") {
  Chart.defaults.animation = false;
}
function dibujar(lienzo, configuracion) {
  "use strict";
  if (!("IntersectionObserver" in window)) {
    return new Chart(lienzo, configuracion);
  }
  var observador = new IntersectionObserver(
    function (entradas) {
      if (entradas.some(function (e) { return e.isIntersecting; })) {
        observador.disconnect();
        new Chart(lienzo, configuracion);
      }
    },
    { rootMargin: "200px" }
  );
  observador.observe(lienzo);
}

/* The full label of the bar under the pointer, for the tooltip's title. */
function tituloCompleto(etiquetas) {
  "use strict";
  return function (elementos) {
    return elementos.length ? String(etiquetas[elementos[0].dataIndex]) : "";
  };
}
(function () {
  "use strict";
  var fuente = document.getElementById("datos-localidades");
  var lienzo = document.getElementById("grafico-localidades");
  if (!fuente || !lienzo || typeof Chart === "undefined") {
    return;
  }
  var datos = JSON.parse(fuente.textContent);
  dibujar(lienzo, {
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
  dibujar(lienzo, {
    type: "bar",
    data: {
      labels: datos.etiquetas.map(function (e) {
        return partirEtiqueta(e, 18, 3);
      }),
      datasets: [{ label: "Puntaje (0–100)", data: datos.valores, backgroundColor: "#0b4f6c" }],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { min: 0, max: 100 }, y: { ticks: { autoSkip: false } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: tituloCompleto(datos.etiquetas) } },
      },
    },
  });
})();

/* Survey results: average per dimension, and one small bar chart per question. */
(function () {
  "use strict";
  var fuente = document.getElementById("datos-resultados");
  if (!fuente || typeof Chart === "undefined") {
    return;
  }
  var datos = JSON.parse(fuente.textContent);
  var dimensiones = document.getElementById("grafico-dimensiones");
  if (dimensiones) {
    dibujar(dimensiones, {
      type: "bar",
      data: {
        labels: datos.dimensiones.etiquetas.map(function (e) {
          return partirEtiqueta(e, 18, 3);
        }),
        datasets: [{ label: "Promedio (0–100)", data: datos.dimensiones.valores, backgroundColor: "#0b4f6c" }],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { min: 0, max: 100 }, y: { ticks: { autoSkip: false } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: tituloCompleto(datos.dimensiones.etiquetas) } },
        },
      },
    });
  }
  datos.preguntas.forEach(function (pregunta) {
    var lienzo = document.getElementById(pregunta.id);
    if (!lienzo) {
      return;
    }
    dibujar(lienzo, {
      type: "bar",
      data: {
        labels: pregunta.etiquetas,
        datasets: [{ label: "Juntas", data: pregunta.valores, backgroundColor: "#3182bd" }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: false } },
      },
    });
  });
})();

/* Generic series charts: <canvas data-datos="id of a json_script" data-tipo="bar|line">, where the
   data is {etiquetas: [...], series: [{nombre, datos: [...]}, ...]}. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  // Eight colours told apart also by people with colour-blindness (Okabe–Ito, darkened for
  // contrast on white); past eight, lines repeat a colour with a dash pattern, never the same.
  var colores = ["#0b4f6c", "#d55e00", "#009e73", "#9ecae1", "#cc79a7", "#8a6d00", "#56b4e9", "#000000"];
  var trazos = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
  document.querySelectorAll("canvas[data-datos]").forEach(function (lienzo) {
    var fuente = document.getElementById(lienzo.dataset.datos);
    if (!fuente) {
      return;
    }
    var datos = JSON.parse(fuente.textContent);
    var tipo = lienzo.dataset.tipo || "bar";
    var horizontal = lienzo.dataset.eje === "y";
    var escala = { beginAtZero: true, ticks: { precision: 0 } };
    if (lienzo.dataset.maximo) {
      escala.max = Number(lienzo.dataset.maximo);
    }
    // Horizontal bars: labels of at most two lines (narrower on a phone), and a chart tall
    // enough that each bar has room for its label, so no label overlaps the next.
    var angosto = lienzo.parentNode.clientWidth < 576;
    var etiquetas = horizontal
      ? datos.etiquetas.map(function (e) {
          return partirEtiqueta(e, angosto ? 18 : 34, 2);
        })
      : datos.etiquetas.map(function (e) {
          return partirEtiqueta(e);
        });
    if (horizontal) {
      lienzo.parentNode.style.height = Math.max(240, datos.etiquetas.length * 40 + 70) + "px";
    } else if (datos.series.length > 2) {
      // Room for a legend of one line per series on a phone (two per line on wider screens),
      // so it is never cut and the plot keeps its height.
      var lineas = Math.ceil(datos.series.length / (angosto ? 1 : 2));
      lienzo.parentNode.style.height = 300 + lineas * 24 + "px";
    }
    dibujar(lienzo, {
      type: tipo,
      data: {
        labels: etiquetas,
        datasets: datos.series.map(function (serie, i) {
          return {
            label: serie.nombre,
            data: serie.datos,
            backgroundColor: colores[i % colores.length],
            borderColor: colores[i % colores.length],
            borderDash: tipo === "line" ? trazos[Math.floor(i / colores.length) % trazos.length] : [],
            tension: 0.2,
          };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        scales: horizontal
          ? { x: escala, y: { ticks: { autoSkip: false, font: { size: 12 } } } }
          : { y: escala },
        plugins: {
          legend: {
            position: "bottom",
            labels: {
              boxWidth: 14,
              // A long series name is shortened in the legend; the tooltip and the table
              // under the chart carry it whole.
              generateLabels: function (grafico) {
                return Chart.defaults.plugins.legend.labels.generateLabels(grafico).map(function (e) {
                  var texto = String(e.text);
                  e.text = texto.length > (angosto ? 38 : 60) ? texto.slice(0, angosto ? 37 : 59) + "…" : texto;
                  return e;
                });
              },
            },
          },
          tooltip: { callbacks: { title: tituloCompleto(datos.etiquetas) } },
        },
      },
    });
  });
})();
