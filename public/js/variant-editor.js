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
