// GOV.UK error summary: when a form comes back with errors, focus the summary so a screen
// reader reads it and a keyboard user starts there; a link to a field focuses that field and
// scrolls its label into view (a plain #id jump scrolls but leaves the focus behind).
document.addEventListener("DOMContentLoaded", () => {
  const resumen = document.querySelector("[data-resumen-errores]");
  if (!resumen) {
    return;
  }
  resumen.focus();
  resumen.addEventListener("click", (evento) => {
    const enlace = evento.target.closest("a[href^='#']");
    const campo = enlace && document.getElementById(enlace.hash.slice(1));
    if (!campo) {
      return;
    }
    evento.preventDefault();
    const etiqueta = document.querySelector(`label[for='${campo.id}']`) || campo;
    etiqueta.scrollIntoView();
    campo.focus({ preventScroll: true });
  });
});
