// The publication calendar (/calendario): drag a piece to another day in the month or week
// view to reschedule it. The item keeps its time of day; the new wall-clock time in the
// office's zone goes to PATCH /api/pieces/:id as an ISO string with that zone's offset, so
// the API applies the same checks as anywhere else. On success the page reloads; on an
// error the API's Spanish message is shown and the item goes back where it was. Without
// JavaScript (or a mouse), each movable item has a "Mover" link to the piece's page.
(() => {
  // A wall-clock time `YYYY-MM-DDTHH:mm` in `zone` as `YYYY-MM-DDTHH:mm:00±hh:mm`: the zone's
  // offset on that date, found by formatting a first guess in the zone (as template-editor.js).
  function zonedIso(local, zone) {
    const [d, t] = local.split('T');
    const [y, mo, da] = d.split('-').map(Number);
    const [h, mi] = t.split(':').map(Number);
    const offsetAt = (instant) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
          .formatToParts(new Date(instant))
          .map((p) => [p.type, Number(p.value)]),
      );
      return (Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - instant) / 60000;
    };
    const wall = Date.UTC(y, mo - 1, da, h, mi);
    // Two passes, for zones whose offset changes near that time (daylight saving).
    let offsetMin = offsetAt(wall);
    offsetMin = offsetAt(wall - offsetMin * 60000);
    const sign = offsetMin < 0 ? '-' : '+';
    const abs = Math.abs(offsetMin);
    return `${local}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }

  // For the tests (test/integration/calendar.test.ts), which run this file without a page.
  globalThis.pregonCalendar = { zonedIso };

  const board = typeof document === 'undefined' ? null : document.querySelector('.cal[data-time-zone]');
  if (!board) return;
  const zone = board.dataset.timeZone || 'America/Bogota';
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  const status = document.getElementById('cal-status');
  let dragged = null; // { item, parent, next }

  function say(message, isError) {
    if (!status) return;
    status.textContent = message;
    status.classList.toggle('error', !!isError);
  }

  function cellOf(target) {
    return target instanceof Element ? target.closest('.cal-day[data-date]') : null;
  }

  function listOf(cell) {
    let list = cell.querySelector('.cal-items');
    if (!list) {
      list = document.createElement('ul');
      list.className = 'cal-items';
      cell.querySelector('.cal-none')?.remove();
      cell.appendChild(list);
    }
    return list;
  }

  function putBack(state) {
    state.parent.insertBefore(state.item, state.next);
    state.item.classList.remove('is-moving');
  }

  async function move(state, cell) {
    const { item } = state;
    const local = `${cell.dataset.date}T${item.dataset.time}`;
    const title = item.querySelector('.cal-title')?.textContent ?? 'la pieza';
    listOf(cell).appendChild(item);
    item.classList.add('is-moving');
    say(`Moviendo «${title}»…`, false);
    try {
      const res = await fetch(`/api/pieces/${encodeURIComponent(item.dataset.pieceId)}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ scheduledAt: zonedIso(local, zone) }),
      });
      if (!res.ok) {
        const err = await res.json().catch(() => null);
        throw new Error(err?.error?.message ?? `No fue posible mover la pieza (error ${res.status}).`);
      }
      say(`«${title}» quedó programada el ${cell.dataset.date}. Actualizando…`, false);
      window.location.reload();
    } catch (e) {
      putBack(state);
      say(e instanceof Error && e.message ? e.message : 'No fue posible mover la pieza.', true);
      item.querySelector('.cal-title')?.focus();
    }
  }

  board.addEventListener('dragstart', (event) => {
    const item = event.target instanceof Element ? event.target.closest('.cal-item[draggable="true"]') : null;
    if (!item) return;
    dragged = { item, parent: item.parentNode, next: item.nextSibling };
    item.classList.add('is-dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', item.dataset.pieceId);
  });

  board.addEventListener('dragend', () => {
    dragged?.item.classList.remove('is-dragging');
    dragged = null;
    for (const c of board.querySelectorAll('.cal-day.is-drop-target')) c.classList.remove('is-drop-target');
  });

  board.addEventListener('dragover', (event) => {
    const cell = cellOf(event.target);
    if (!dragged || !cell) return;
    event.preventDefault(); // allows the drop
    event.dataTransfer.dropEffect = 'move';
    for (const c of board.querySelectorAll('.cal-day.is-drop-target')) if (c !== cell) c.classList.remove('is-drop-target');
    cell.classList.add('is-drop-target');
  });

  board.addEventListener('dragleave', (event) => {
    const cell = cellOf(event.target);
    if (cell && !cell.contains(event.relatedTarget)) cell.classList.remove('is-drop-target');
  });

  board.addEventListener('drop', (event) => {
    const cell = cellOf(event.target);
    if (!dragged || !cell) return;
    event.preventDefault();
    cell.classList.remove('is-drop-target');
    const state = dragged;
    dragged = null;
    state.item.classList.remove('is-dragging');
    if (cell.dataset.date === state.item.dataset.date) return; // same day: nothing to change
    move(state, cell);
  });
})();
