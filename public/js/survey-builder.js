// The survey builder (/encuestas/:id). Without it every option field shows, each saying which
// kind it is for; with it, a question form shows only the fields of the kind chosen, and the
// delete buttons ask first.
(() => {
  if (typeof document === 'undefined') return;

  for (const form of document.querySelectorAll('form.question-form')) {
    const select = form.querySelector('select[name="kind"]');
    if (!select) continue;
    const sync = () => {
      for (const block of form.querySelectorAll('.kind-fields')) {
        block.hidden = !(block.dataset.kinds || '').split(' ').includes(select.value);
      }
    };
    select.addEventListener('change', sync);
    sync();
  }

  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
})();
