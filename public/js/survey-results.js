// The live results of a survey (/encuestas/:id/resultados). Every 15 seconds it asks
// /encuestas/:id/resultados.json (the page's data-source) and writes the new figures into the
// tables, the cards and the Chart.js charts that metrics-charts.js drew (load it first).
// Numbers and dates the es-CO way, as the server writes them.
(() => {
  if (typeof document === 'undefined') return;
  const live = document.getElementById('survey-live');
  if (!live || !live.dataset.source) return;
  const status = document.getElementById('survey-live-status');
  const timeZone = live.dataset.timeZone || 'America/Bogota';
  const INTERVAL_MS = 15_000;

  const integer = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat('es-CO', { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
  const hour = new Intl.DateTimeFormat('es-CO', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true });
  const count = (n) => (n === null || n === undefined ? '—' : integer.format(n));
  const number = (n) => (n === null || n === undefined ? '—' : decimal.format(n));
  const percent = (p) => (p === null || p === undefined ? '—' : `${decimal.format(p)} %`);
  const when = (iso) => (iso ? `${day.format(new Date(iso))}, ${hour.format(new Date(iso))}` : '—');

  function set(root, selector, value) {
    const el = root.querySelector(selector);
    if (el && el.textContent !== value) el.textContent = value;
  }

  function updateChart(questionId, datasets) {
    const canvas = document.querySelector(`canvas[data-chart="grafico-${questionId}"]`);
    const Chart = globalThis.Chart;
    const chart = canvas && Chart && Chart.getChart(canvas);
    if (!chart) return;
    datasets.forEach((data, i) => {
      if (chart.data.datasets[i]) chart.data.datasets[i].data = data;
    });
    chart.update('none');
  }

  function updateRows(section, items, cells) {
    items.forEach((item, i) => {
      const row = section.querySelector(`tr[data-row="${i}"]`);
      if (row) for (const [figure, value] of Object.entries(cells(item))) set(row, `[data-figure="${figure}"]`, value);
    });
  }

  function updateTexts(section, q) {
    const list = section.querySelector(`ol[data-texts="${q.questionId}"]`);
    if (!list || list.children.length === q.texts.length) return;
    const items = q.texts.map((t) => {
      const li = document.createElement('li');
      const p = document.createElement('p');
      p.textContent = t.text;
      const time = document.createElement('time');
      time.dateTime = t.submittedAt;
      time.className = 'muted small';
      time.textContent = when(t.submittedAt);
      li.append(p, time);
      return li;
    });
    list.replaceChildren(...items);
    set(section, '[data-figure="texts"]', count(q.texts.length));
  }

  function apply(results) {
    // A question added or removed since the page was drawn: draw it again.
    if (results.questions.some((q) => !document.querySelector(`[data-question="${q.questionId}"]`))) {
      window.location.reload();
      return;
    }
    set(live, '[data-figure="responses"]', count(results.responses));
    set(live, '[data-figure="last"]', when(results.lastResponseAt));
    for (const q of results.questions) {
      const section = document.querySelector(`[data-question="${q.questionId}"]`);
      set(section, '[data-figure="answered"]', count(q.answered));
      if (q.choices) {
        updateRows(section, q.choices, (c) => ({ count: count(c.count), percent: percent(c.percent) }));
        updateChart(q.questionId, [q.choices.map((c) => c.count)]);
      }
      if (q.scale) {
        set(section, '[data-figure="mean"]', number(q.scale.mean));
        updateRows(section, q.scale.distribution, (d) => ({ count: count(d.count), percent: percent(d.percent) }));
        updateChart(q.questionId, [q.scale.distribution.map((d) => d.count)]);
      }
      if (q.matrix) {
        q.matrix.rows.forEach((r, i) => {
          r.counts.forEach((n, j) => set(section, `tr[data-row="${i}"] [data-col="${j}"]`, count(n)));
        });
        updateChart(q.questionId, q.matrix.columns.map((_, j) => q.matrix.rows.map((r) => r.counts[j] || 0)));
      }
      if (q.texts) updateTexts(section, q);
    }
    if (status) set(status, '[data-figure="generated"]', when(results.generatedAt));
  }

  async function refresh() {
    if (document.hidden) return;
    try {
      const response = await fetch(live.dataset.source, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      apply(await response.json());
      status?.classList.remove('error');
    } catch (error) {
      console.error('survey-results.js: no se pudieron actualizar los resultados', error);
      if (status) status.classList.add('error');
    }
  }

  setInterval(refresh, INTERVAL_MS);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
})();
