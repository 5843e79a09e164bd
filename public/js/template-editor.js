// Live preview for the template editor (/plantillas/:id): as the office types, ask the
// server for a low-resolution render and show it; "Generar imagen final" stores the full one.
(() => {
  const form = document.getElementById('template-form');
  if (!form) return;
  const img = document.getElementById('preview');
  const status = document.getElementById('preview-status');
  const finalLink = document.getElementById('final-link');
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  const template = form.dataset.template;
  // Opened from a piece's page: the final renders belong to that piece.
  const pieceId = form.dataset.pieceId || undefined;
  let timer = null;
  let lastUrl = null;
  let seq = 0;

  // A datetime-local value is a wall-clock time in the office's zone: send it with that
  // zone's offset on that date, found by formatting a first guess in the zone.
  const zone = form.dataset.timeZone || 'America/Bogota';
  function zonedIso(local) {
    const [d, t] = local.split('T');
    const [y, mo, da] = d.split('-').map(Number);
    const [h, mi] = t.split(':').map(Number);
    const guess = Date.UTC(y, mo - 1, da, h, mi);
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
        .formatToParts(new Date(guess))
        .map((p) => [p.type, Number(p.value)]),
    );
    const offsetMin = (Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - guess) / 60000;
    const sign = offsetMin < 0 ? '-' : '+';
    const abs = Math.abs(offsetMin);
    return `${local}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }

  function fields() {
    const out = {};
    for (const el of form.querySelectorAll('input[name], textarea[name]')) {
      if (el.name === 'format' || el.value.trim() === '') continue;
      out[el.name] =
        el.dataset.kind === 'datetime'
          ? zonedIso(el.value)
          : el.dataset.kind === 'figures'
          ? el.value.split('\n').filter((l) => l.trim()).map((l) => {
              const [figure, ...label] = l.split('|');
              return { figure: figure.trim(), label: label.join('|').trim() };
            })
          : el.value;
    }
    return out;
  }

  async function post(path, body) {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) });
    if (!res.ok) {
      const err = await res.json().catch(() => null);
      throw new Error(err?.error?.message ?? `Error ${res.status}`);
    }
    return res;
  }

  async function refresh() {
    const mine = ++seq;
    status.textContent = 'Generando vista previa…';
    try {
      const res = await post('/api/render/preview', { template, fields: fields(), format: form.format.value });
      if (mine !== seq) return; // a newer request is on its way
      const blob = await res.blob();
      if (lastUrl) URL.revokeObjectURL(lastUrl);
      lastUrl = URL.createObjectURL(blob);
      img.src = lastUrl;
      img.alt = decodeURIComponent(res.headers.get('x-alt-text') ?? 'Vista previa');
      status.textContent = 'Vista previa en baja resolución';
      status.classList.remove('error');
    } catch (e) {
      if (mine !== seq) return;
      status.textContent = e.message;
      status.classList.add('error');
    }
  }

  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  document.getElementById('render-final')?.addEventListener('click', async () => {
    finalLink.textContent = 'Generando imagen final…';
    try {
      const res = await post('/api/render', { template, fields: fields(), format: form.format.value, output: 'png', pieceId });
      const id = res.headers.get('x-media-asset-id');
      finalLink.innerHTML = '';
      const a = document.createElement('a');
      a.href = `/api/media/${id}/file`;
      a.textContent = res.headers.get('x-render-cache') === 'hit' ? 'Imagen final (ya existía en la biblioteca)' : 'Imagen final guardada en la biblioteca';
      finalLink.appendChild(a);
      if (pieceId) {
        const back = document.createElement('a');
        back.href = `/piezas/${pieceId}#variantes`;
        back.className = 'button';
        back.textContent = 'Volver a la pieza';
        finalLink.append(' ', back);
      }
    } catch (e) {
      finalLink.textContent = e.message;
    }
  });
  // Every format of the template, one after the other (the print ones are large), with progress.
  document.getElementById('render-all')?.addEventListener('click', async (event) => {
    const button = event.currentTarget;
    const progress = document.getElementById('render-all-progress');
    const list = document.getElementById('render-all-list');
    const options = [...form.format.options];
    button.disabled = true;
    progress.hidden = false;
    progress.max = options.length;
    progress.value = 0;
    list.innerHTML = '';
    for (const [i, option] of options.entries()) {
      const item = document.createElement('li');
      item.textContent = `${option.textContent}: generando… (${i + 1} de ${options.length})`;
      list.appendChild(item);
      try {
        const res = await post('/api/render', { template, fields: fields(), format: option.value, output: 'png', pieceId });
        const a = document.createElement('a');
        a.href = `/api/media/${res.headers.get('x-media-asset-id')}/file`;
        a.textContent = option.textContent;
        item.textContent = '';
        item.appendChild(a);
      } catch (e) {
        item.textContent = `${option.textContent}: ${e.message}`;
      }
      progress.value = i + 1;
    }
    button.disabled = false;
  });

  refresh();
})();
