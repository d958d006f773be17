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

/* Inputs the admin builds without a name of their own: a date-and-time field's two boxes (its
   label is the fieldset's legend; «Fecha:» and «Hora:» are loose text beside them), and the
   tooltips of the two-list picker (a span with an aria-label but no role). axe: label,
   aria-prohibited-attr. */
(function () {
  "use strict";

  function textoAntes(nodo) {
    var previo = nodo.previousSibling;
    while (previo && previo.nodeType === Node.TEXT_NODE && !previo.textContent.trim()) {
      previo = previo.previousSibling;
    }
    return previo && previo.nodeType === Node.TEXT_NODE ? previo.textContent.trim().replace(/:$/, "") : "";
  }

  function nombrar(raiz) {
    raiz.querySelectorAll("p.datetime input").forEach(function (caja) {
      if (caja.getAttribute("aria-label") || (caja.id && document.querySelector('label[for="' + caja.id + '"]'))) {
        return;
      }
      var conjunto = caja.closest("fieldset");
      var leyenda = conjunto && conjunto.querySelector("legend");
      var partes = [leyenda ? leyenda.textContent.trim().replace(/:$/, "") : "", textoAntes(caja)];
      caja.setAttribute("aria-label", partes.filter(Boolean).join(" — ") || caja.name);
    });
    raiz.querySelectorAll(".help-tooltip[aria-label]:not([role]), .search-label-icon[aria-label]:not([role])").forEach(function (icono) {
      icono.setAttribute("role", "img");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    window.setTimeout(function () {
      nombrar(document);
    }, 0);
  });
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      nombrar(document);
    }, 0);
  });
  document.addEventListener("formset:added", function (evento) {
    window.setTimeout(function () {
      nombrar(evento.target);
    }, 0);
  });
})();
