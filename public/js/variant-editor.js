// Live counters and rule warnings for each network's variant on a piece's page.
// The rules live on the server (POST /api/channels/check, the same check that runs before
// publishing), so what the editor says and what publishing refuses can never disagree.
(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

  function read(editor) {
    const network = editor.dataset.network;
    const field = (name) => editor.querySelector(`[data-field="${name}"]`);
    const option = (name) => editor.querySelector(`[data-option="${name}"]`);
    const options = {};
    if (option('thread')) options.thread = option('thread').checked;
    if (option('youtubeMode')) options.youtubeMode = option('youtubeMode').value;
    if (option('privacy')) options.privacy = option('privacy').value;
    if (option('tags')?.value) options.tags = option('tags').value.split(',').map((t) => t.trim()).filter(Boolean);
    if (option('eventId')?.value) options.eventId = option('eventId').value;
    if (option('trackLinks')) options.trackLinks = option('trackLinks').checked;
    const ids = [...editor.querySelectorAll('[data-media-id]')];
    const alts = [...editor.querySelectorAll('[data-media-alt]')];
    const media = ids.map((s, i) => ({ mediaAssetId: s.value, altText: alts[i]?.value ?? '' })).filter((m) => m.mediaAssetId);
    const link = field('link')?.value.trim();
    return { network, title: field('title')?.value ?? null, text: field('text')?.value ?? '', link: link || null, options, media };
  }

  function show(editor, result) {
    for (const el of editor.querySelectorAll('[data-counter]')) {
      const c = result.counters.find((k) => k.field === el.dataset.counter);
      el.textContent = c ? `${c.used} / ${c.limit}` : '';
      el.classList.toggle('over', Boolean(c && c.used > c.limit));
    }
    const list = editor.querySelector('[data-issues]');
    list.replaceChildren(
      ...result.issues.map((i) => {
        const li = document.createElement('li');
        li.className = i.severity === 'error' ? 'error-item' : 'warning';
        li.textContent = `${i.severity === 'error' ? 'Error' : 'Aviso'}: ${i.message}`;
        return li;
      }),
    );
    const parts = editor.querySelector('[data-preview-parts]');
    parts.hidden = !(result.parts && result.parts.length > 1);
    if (!parts.hidden) parts.textContent = `Se publicará como hilo de ${result.parts.length} publicaciones.`;
  }

  async function check(editor) {
    const include = editor.querySelector('legend input[type="checkbox"]');
    if (include && !include.checked) {
      show(editor, { issues: [], counters: [] });
      return;
    }
    try {
      const res = await fetch('/api/channels/check', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(read(editor)) });
      const body = await res.json();
      if (res.ok) show(editor, body);
      else show(editor, { counters: [], issues: [{ severity: 'error', message: body.error?.message ?? 'No fue posible revisar la variante.' }] });
    } catch {
      // Offline or the server restarted: the check runs again on the next keystroke.
    }
  }

  for (const editor of document.querySelectorAll('.variant-editor')) {
    let timer;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(() => check(editor), 250);
    };
    editor.addEventListener('input', later);
    editor.addEventListener('change', later);
    check(editor);
  }
})();

// The rest of the piece editor: texts derived from the body, alt text from the library,
// autosave of drafts, and the template picker.
(() => {
  const form = document.getElementById('piece-form');
  if (!form) return;
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  const body = form.querySelector('textarea[name="body"]');

  // "Tomar el texto del cuerpo": a starting point each network's text is then edited from.
  for (const button of form.querySelectorAll('[data-derive]')) {
    button.addEventListener('click', () => {
      const editor = button.closest('.variant-editor');
      const text = editor.querySelector('[data-field="text"]');
      if (text.value.trim() && !window.confirm('¿Reemplazar el texto de esta variante por el cuerpo de la pieza?')) return;
      text.value = body.value;
      const include = editor.querySelector('legend input[type="checkbox"]');
      if (include) include.checked = true;
      const thread = editor.querySelector('[data-option="thread"]');
      if (thread) thread.checked = true;
      text.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  // Choosing an image fills its alt text with the library's, if the field is still empty.
  for (const select of form.querySelectorAll('[data-media-id]')) {
    select.addEventListener('change', () => {
      const alt = select.parentElement.querySelector('[data-media-alt]');
      const suggested = select.selectedOptions[0]?.dataset.alt ?? '';
      if (alt && !alt.value.trim() && suggested) alt.value = suggested;
    });
  }

  // Drafts save themselves a few seconds after the last change.
  const status = document.getElementById('autosave-status');
  if (form.dataset.status === 'draft' && status) {
    let timer;
    let saving = Promise.resolve();
    const save = () => {
      saving = saving.then(async () => {
        status.textContent = 'Guardando…';
        try {
          const res = await fetch(form.action, { method: 'POST', headers: { 'x-autosave': '1', 'x-csrf-token': csrf }, body: new URLSearchParams(new FormData(form)) });
          const answer = await res.json();
          status.textContent = res.ok
            ? `Guardado a las ${new Date(answer.savedAt).toLocaleTimeString('es-CO', { hour: 'numeric', minute: '2-digit' })} (versión ${answer.version}).`
            : `No se guardó: ${answer.error?.message ?? res.status}`;
        } catch {
          status.textContent = 'No se pudo guardar: sin conexión con el servidor. Se reintentará con el próximo cambio.';
        }
      });
    };
    form.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(save, 2500);
    });
  }

})();
