// The public survey form (/participa/encuestas/:slug). Progressive enhancement only: the form
// works the same without this file. It moves the focus to the list of problems after a refused
// submit, and keeps a slow connection from sending the same answers twice.
(() => {
  if (typeof document === 'undefined') return;
  const form = document.querySelector('form.survey-form');
  if (!form) return;
  const button = form.querySelector('button[type="submit"]');
  const label = button ? button.textContent : '';

  const errors = document.getElementById('errores');
  if (errors) errors.focus();

  form.addEventListener('submit', (event) => {
    if (form.dataset.sending === 'true') {
      event.preventDefault();
      return;
    }
    form.dataset.sending = 'true';
    if (button) {
      button.setAttribute('aria-disabled', 'true');
      button.textContent = 'Enviando…';
    }
  });

  // Back to the page from the browser's history: the form can be sent again.
  window.addEventListener('pageshow', () => {
    delete form.dataset.sending;
    if (button) {
      button.removeAttribute('aria-disabled');
      button.textContent = label;
    }
  });
})();
