/* Shows or hides a question as the answer it depends on changes (the server checks it again). */
(function () {
  "use strict";
  var fuente = document.getElementById("condiciones");
  var formulario = document.getElementById("paso");
  if (!fuente || !formulario) {
    return;
  }
  var condiciones = JSON.parse(fuente.textContent);

  function valores(nombre) {
    var elegidos = [];
    formulario.querySelectorAll('[name="' + nombre + '"]').forEach(function (campo) {
      if ((campo.type === "radio" || campo.type === "checkbox") ? campo.checked : campo.value) {
        elegidos.push(campo.value);
      }
    });
    return elegidos;
  }

  function actualizar() {
    Object.keys(condiciones).forEach(function (campo) {
      var bloque = document.getElementById("bloque-" + campo);
      var depende = condiciones[campo];
      var padre = document.getElementById("bloque-" + depende[0]);
      var visible = !(padre && padre.hidden) && valores(depende[0]).indexOf(depende[1]) !== -1;
      if (bloque) {
        bloque.hidden = !visible;
      }
    });
  }

  formulario.addEventListener("change", actualizar);
  actualizar();
})();
