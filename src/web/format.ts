/** Dates as the office reads them: "24 de noviembre de 2026", "24 de noviembre de 2026, 3:00 p. m.". */

export function formatDate(dateOnly: string | null): string {
  if (!dateOnly) return '—';
  return new Intl.DateTimeFormat('es-CO', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${dateOnly}T00:00:00Z`),
  );
}

export function formatDateTime(iso: string | null, timeZone: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const date = new Intl.DateTimeFormat('es-CO', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(d);
  const time = new Intl.DateTimeFormat('es-CO', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true }).format(d);
  return `${date}, ${time}`;
}

/** "hace 3 días" style text for lateness. */
export function daysText(n: number): string {
  return n === 1 ? '1 día' : `${n} días`;
}
