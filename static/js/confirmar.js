// Behaviour that used to sit in on…= attributes, which the Content-Security-Policy forbids
// (script-src 'self'): a form with data-confirmar asks before it is sent; a button with
// data-imprimir prints the page.
document.addEventListener("submit", (evento) => {
  const formulario = evento.target;
  if (formulario instanceof HTMLFormElement && formulario.dataset.confirmar) {
    if (!window.confirm(formulario.dataset.confirmar)) {
      evento.preventDefault();
    }
  }
});

document.addEventListener("click", (evento) => {
  const boton = evento.target.closest("[data-imprimir]");
  if (boton) {
    window.print();
  }
});
