/* The admin's autocomplete boxes (select2) get the name of their field's label: select2's combobox
   is labelled only by the current choice, which is empty in an add form (axe: aria-input-field-name). */
(function () {
  "use strict";

  function nombrar(raiz) {
    raiz.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var envoltura = select.nextElementSibling;
      var caja = envoltura && envoltura.querySelector('.select2-selection[role="combobox"]');
      var etiqueta = select.id && document.querySelector('label[for="' + select.id + '"]');
      if (!caja || !etiqueta) {
        return;
      }
      if (!etiqueta.id) {
        etiqueta.id = select.id + "-etiqueta";
      }
      // The current choice is read as part of the box's name, not as a nameless text box.
      var elegido = caja.querySelector(".select2-selection__rendered");
      if (elegido) {
        elegido.removeAttribute("role");
        elegido.removeAttribute("aria-readonly");
      }
      var actual = caja.getAttribute("aria-labelledby") || "";
      if (actual.split(" ").indexOf(etiqueta.id) === -1) {
        caja.setAttribute("aria-labelledby", (etiqueta.id + " " + actual).trim());
      }
    });
  }

  // After the admin's own jQuery ready handlers (run from a timeout) have built the boxes.
  document.addEventListener("DOMContentLoaded", function () {
    window.setTimeout(function () {
      nombrar(document);
    }, 0);
  });
  window.addEventListener("load", function () {
    nombrar(document);
  });
  document.addEventListener("formset:added", function (evento) {
    window.setTimeout(function () {
      nombrar(evento.target);
    }, 0);
  });
})();
