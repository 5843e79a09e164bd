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

/** A stored instant as a datetime-local input shows it: `2026-12-10T09:00` in the office's zone. */
export function localDateTimeInput(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

const integerFormat = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 0 });

/** A count the es-CO way: 1.234; "—" when there is none. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : integerFormat.format(n);
}
