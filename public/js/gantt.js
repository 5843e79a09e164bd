// The schedule's Gantt chart (/planes/:id/cronograma): on a narrow screen the chart scrolls
// sideways inside its frame; open it with today's line in view instead of the plan's first month.
document.addEventListener('DOMContentLoaded', () => {
  for (const frame of document.querySelectorAll('.gantt-frame[data-today-x]')) {
    const todayX = Number(frame.getAttribute('data-today-x'));
    const label = frame.querySelector('.gantt-row .gantt-label');
    const labelWidth = label ? label.getBoundingClientRect().width : 0;
    const visible = frame.clientWidth - labelWidth;
    if (!Number.isFinite(todayX) || visible <= 0 || todayX < visible * 0.6) continue;
    frame.scrollLeft = Math.max(0, todayX - visible / 3);
  }
});
