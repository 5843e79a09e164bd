// The metrics pages' charts (/planes/:id/metricas, /piezas/:id/metricas, /actividades/:id/metricas).
// Each chart is a <canvas data-chart="ID"> whose figures come from the JSON data block
// <script type="application/json" id="ID"> the server writes next to it (a data block is not
// run, so the CSP that forbids inline scripts allows it). Chart.js (/public/vendor/chart.umd.min.js,
// the global `Chart`) must load first. Numbers read the es-CO way (1.234,5); the table next to
// each chart, and the canvas's aria-label, carry the same figures for whoever cannot see it.
//
// A data block: {
//   type: 'line' | 'bar', horizontal?: boolean, stacked?: boolean,
//   labels?: string[],              // categories (days already written in Spanish, channels…)
//   time?: boolean, timeZone?: string, // x values are instants in ms ({ x, y } points), shown as dates in the zone
//   format?: 'number' | 'percent',  // percent: values are already percentages (45.5 → "45,5 %")
//   suggestedMax?: number,
//   valueTitle?: string, rightTitle?: string, // axis titles
//   datasets: [{ label: string, data: (number | null)[] | { x: number, y: number | null }[], color?: string,
//                axis?: 'right' }]          // on a second value axis (interactions next to reach)
// }
(() => {
  if (typeof document === 'undefined') return;
  const Chart = globalThis.Chart;
  if (!Chart) {
    console.error('metrics-charts.js: Chart.js no se cargó.');
    return;
  }

  // Colours that read on white (WCAG AA against #fff for lines and bars).
  const palette = ['#0b5cad', '#c2410c', '#1e6b33', '#7a3e9d', '#a4161a', '#8a5a00', '#0e7490', '#5a6472'];
  const integer = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 1 });
  const reduceMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

  Chart.defaults.locale = 'es-CO';
  Chart.defaults.color = '#1b2430';
  Chart.defaults.borderColor = '#d9dee5';
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  if (reduceMotion) Chart.defaults.animation = false;

  function formatter(spec) {
    if (spec.format === 'percent') return (v) => (v === null || v === undefined ? '—' : `${decimal.format(v)} %`);
    return (v) => (v === null || v === undefined ? '—' : Number.isInteger(v) ? integer.format(v) : decimal.format(v));
  }

  function dateFormatter(timeZone, withTime) {
    const opts = withTime
      ? { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true }
      : { timeZone, day: 'numeric', month: 'short' };
    const f = new Intl.DateTimeFormat('es-CO', opts);
    if (withTime) return (ms) => f.format(new Date(ms));
    // "4 nov", as the server writes its day labels (es-CO alone says "4 de nov").
    return (ms) => {
      const parts = f.formatToParts(new Date(ms));
      const get = (type) => parts.find((p) => p.type === type)?.value ?? '';
      return `${get('day')} ${get('month').replace('.', '')}`;
    };
  }

  function hourFormatter(timeZone) {
    const f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    return (ms) => f.format(new Date(ms));
  }

  /** The zone's offset from UTC at an instant, in ms (Bogotá: -5 h). */
  function zoneOffset(timeZone, ms) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
        .formatToParts(new Date(ms))
        .map((p) => [p.type, Number(p.value)]),
    );
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - Math.floor(ms / 60000) * 60000;
  }

  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;

  /**
   * Ticks of a time axis on the office's clock: every 6 hours when the samples span two days or
   * less, else whole days (every day, or every few so there are at most 8).
   */
  function timeTicks(scale, timeZone) {
    const { min, max } = scale;
    const span = max - min;
    const step = span <= 2 * DAY ? 6 * HOUR : Math.max(1, Math.ceil(span / DAY / 8)) * DAY;
    const offset = zoneOffset(timeZone, min);
    const firstMidnight = Math.floor((min + offset) / DAY) * DAY - offset;
    const ticks = [];
    for (let v = firstMidnight; v <= max; v += step) if (v >= min) ticks.push({ value: v });
    scale.ticks = ticks;
  }

  function withAlpha(hex, alpha) {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }

  function config(spec) {
    const fmt = formatter(spec);
    const line = spec.type === 'line';
    const valueAxis = spec.horizontal ? 'x' : 'y';
    const categoryAxis = spec.horizontal ? 'y' : 'x';
    const datasets = spec.datasets.map((d, i) => {
      const color = d.color || palette[i % palette.length];
      const axis = d.axis === 'right' ? { [spec.horizontal ? 'xAxisID' : 'yAxisID']: 'right' } : {};
      return line
        ? { label: d.label, data: d.data, borderColor: color, backgroundColor: withAlpha(color, 0.12), pointBackgroundColor: color, pointRadius: spec.time ? 3.5 : 2.5, borderWidth: 2, cubicInterpolationMode: 'monotone', spanGaps: true, ...axis }
        : { label: d.label, data: d.data, backgroundColor: color, borderColor: color, borderWidth: 0, maxBarThickness: 48, ...axis };
    });
    const title = (text) => (text ? { display: true, text } : undefined);
    const scales = {
      // Counts have whole ticks (no "2,5 likes").
      [valueAxis]: { beginAtZero: true, stacked: !!spec.stacked, suggestedMax: spec.suggestedMax, title: title(spec.valueTitle), ticks: { callback: (v) => fmt(v), precision: spec.format === 'percent' ? undefined : 0 } },
      [categoryAxis]: { stacked: !!spec.stacked, ticks: { autoSkip: true, maxRotation: 0 } },
    };
    if (spec.datasets.some((d) => d.axis === 'right')) {
      scales.right = { axis: valueAxis, position: spec.horizontal ? 'top' : 'right', beginAtZero: true, title: title(spec.rightTitle), grid: { drawOnChartArea: false }, ticks: { callback: (v) => fmt(v), precision: 0 } };
    }
    const tooltipTitle = spec.time ? dateFormatter(spec.timeZone || 'America/Bogota', true) : null;
    if (spec.time) {
      const zone = spec.timeZone || 'America/Bogota';
      const day = dateFormatter(zone, false);
      const hour = hourFormatter(zone);
      let hourly = false;
      // A little room on both sides, so the first and last samples show whole (a lone sample: half a day each side).
      const xs = spec.datasets.flatMap((d) => d.data.map((p) => p.x));
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      const pad = hi > lo ? Math.max((hi - lo) * 0.04, 30 * 60_000) : 12 * HOUR;
      scales.x = {
        type: 'linear',
        min: lo - pad,
        max: hi + pad,
        afterBuildTicks: (scale) => {
          timeTicks(scale, zone);
          hourly = scale.max - scale.min <= 2 * DAY;
        },
        ticks: { callback: (v) => (hourly ? `${day(v)} ${hour(v)}` : day(v)), maxRotation: 0, autoSkip: true },
      };
    } else if (!spec.horizontal) {
      // Long category names (activities, pieces) are cut in the axis; the tooltip and the table have them whole.
      scales.x.ticks.callback = function (value) {
        const label = String(this.getLabelForValue(value));
        return label.length > 28 ? `${label.slice(0, 27)}…` : label;
      };
    } else {
      scales.y.ticks.callback = function (value) {
        const label = String(this.getLabelForValue(value));
        return label.length > 40 ? `${label.slice(0, 39)}…` : label;
      };
    }
    return {
      type: spec.type,
      data: { labels: spec.labels, datasets },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: line ? 'nearest' : 'index', intersect: false },
        plugins: {
          legend: { display: datasets.length > 1 || !!spec.time, position: 'bottom', labels: { boxWidth: 14 } },
          tooltip: {
            callbacks: {
              title: (items) => (tooltipTitle && items.length ? tooltipTitle(items[0].parsed.x) : items.length ? items[0].label : ''),
              label: (item) => `${item.dataset.label}: ${fmt(spec.horizontal ? item.parsed.x : item.parsed.y)}`,
            },
          },
        },
        scales,
      },
    };
  }

  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    const block = document.getElementById(canvas.dataset.chart);
    if (!block) continue;
    try {
      const spec = JSON.parse(block.textContent || '{}');
      new Chart(canvas, config(spec));
      canvas.dataset.chartReady = 'true';
    } catch (error) {
      console.error(`metrics-charts.js: no se pudo dibujar ${canvas.dataset.chart}`, error);
      canvas.closest('.chart-box')?.classList.add('chart-failed');
    }
  }
})();
