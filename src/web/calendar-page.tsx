import type { CalendarItem, CalendarMark, CalendarOptions } from '../calendar/list-calendar.js';
import {
  calendarHref,
  calendarNetworks,
  calendarStatuses,
  calendarStatusLabel,
  dayLabel,
  monthLabel,
  rangeTitle,
  weekdayNames,
  type CalendarQuery,
  type CalendarRange,
  type CalendarView,
} from '../calendar/range.js';
import type { PublicationStatus } from '../generated/prisma/client.js';
import { networkLabel, pieceStatusLabel, publicationStatusLabel } from '../i18n/es.js';
import { FilterSelect } from './filter-select.js';
import { Layout } from './layout.js';

export type CalendarPageProps = {
  query: CalendarQuery;
  range: CalendarRange;
  /** Today in the office's zone, `YYYY-MM-DD`. */
  today: string;
  items: CalendarItem[];
  options: CalendarOptions;
  timeZone: string;
};

const viewLabel: Record<CalendarView, string> = { mes: 'Mes', semana: 'Semana', lista: 'Lista' };

/** The mark of a publication's status, read aloud through its label. */
const markSymbol: Record<PublicationStatus, string> = {
  published: '✓',
  failed: '✗',
  unconfirmed: '?',
  pending: '…',
  publishing: '…',
  held: '!',
  cancelled: '–',
};

function timeLabel(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('es-CO', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true }).format(at);
}

const shorten = (s: string, max = 90) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

/** The publication calendar: month, week or list of pieces and publications, with filters. */
export function CalendarPage({ query, range, today, items, options, timeZone }: CalendarPageProps) {
  const { view, filters } = query;
  const title = rangeTitle(range);
  const byDay = new Map<string, CalendarItem[]>();
  for (const item of items) byDay.set(item.day, [...(byDay.get(item.day) ?? []), item]);
  const prevLabel = view === 'semana' ? 'Semana anterior' : monthLabel(range.prev);
  const nextLabel = view === 'semana' ? 'Semana siguiente' : monthLabel(range.next);
  const filtered = Object.values(filters).some((v) => v !== undefined);
  return (
    <Layout title={`Calendario · ${title}`} active="calendar" scripts={['/public/js/calendar.js']}>
      <h1>Calendario de publicaciones</h1>
      <p class="lead">
        Piezas programadas y publicaciones en cada red, a la hora de la oficina ({timeZone}). Arrastre una pieza a otro día para moverla, o use «Mover».
      </p>

      <nav class="cal-views" aria-label="Vista del calendario">
        {(['mes', 'semana', 'lista'] as const).map((v) => (
          <a href={calendarHref(v, query.date, filters)} aria-current={v === view ? 'page' : undefined}>
            {viewLabel[v]}
          </a>
        ))}
      </nav>

      <Filters query={query} options={options} />

      <div class="cal-nav">
        <a rel="prev" href={calendarHref(view, range.prev, filters)}>
          <span aria-hidden="true">← </span>
          {prevLabel}
        </a>
        <h2 id="cal-title">{title}</h2>
        <a href={calendarHref(view, today, filters)} class="cal-today-link">
          Hoy
        </a>
        <a rel="next" href={calendarHref(view, range.next, filters)}>
          {nextLabel}
          <span aria-hidden="true"> →</span>
        </a>
      </div>

      <p id="cal-status" class="cal-status" role="status" aria-live="polite" />

      {items.length === 0 && <p class="cal-empty muted">{filtered ? 'No hay piezas ni publicaciones en este período con estos filtros.' : 'No hay piezas ni publicaciones en este período.'}</p>}

      {view === 'lista' ? (
        <Agenda range={range} byDay={byDay} today={today} timeZone={timeZone} />
      ) : (
        <Grid range={range} byDay={byDay} today={today} timeZone={timeZone} />
      )}

      <Legend draggable={view !== 'lista'} />
    </Layout>
  );
}

function Filters({ query, options }: { query: CalendarQuery; options: CalendarOptions }) {
  const f = query.filters;
  const plans = new Set(options.subcomponents.map((s) => s.planTitle));
  const subLabel = (s: CalendarOptions['subcomponents'][number]) => (plans.size > 1 ? `${s.name} (${s.planTitle})` : s.name);
  return (
    <form method="get" action="/calendario" class="filters cal-filters" aria-label="Filtros del calendario">
      <input type="hidden" name="vista" value={query.view} />
      <input type="hidden" name="fecha" value={query.date} />
      <FilterSelect label="Subcomponente" name="subcomponente" all="Todos" options={options.subcomponents.map((s) => ({ value: s.id, label: subLabel(s) }))} selected={f.subcomponentId} />
      <label>
        Actividad
        <select name="actividad">
          <option value="">Todas</option>
          {options.subcomponents.map((s) => (
            <optgroup label={subLabel(s)}>
              {options.activities
                .filter((a) => a.subcomponentId === s.id)
                .map((a) => (
                  <option value={a.id} selected={f.activityId === a.id}>
                    {shorten(a.description)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <FilterSelect label="Dependencia" name="dependencia" all="Todas" options={options.departments.map((d) => ({ value: d.id, label: d.name }))} selected={f.departmentId} />
      <FilterSelect label="Red" name="red" all="Todas" options={calendarNetworks.map((n) => ({ value: n, label: networkLabel[n] }))} selected={f.network} />
      <FilterSelect label="Estado" name="estado" all="Todos" options={calendarStatuses.map((s) => ({ value: s, label: calendarStatusLabel[s] }))} selected={f.status} />
      <button type="submit">Filtrar</button>
      <a href={calendarHref(query.view, query.date, {})}>Quitar filtros</a>
    </form>
  );
}

type DaysProps = { range: CalendarRange; byDay: Map<string, CalendarItem[]>; today: string; timeZone: string };

function DayHeading({ day, today, full }: { day: string; today: string; full?: boolean }) {
  return (
    <h3 class="cal-day-head">
      <time datetime={day}>
        {!full && (
          <span class="cal-day-num" aria-hidden="true">
            {Number(day.slice(8))}
          </span>
        )}
        <span class={full ? undefined : 'cal-day-name'}>{dayLabel(day)}</span>
      </time>
      {day === today && <span class="cal-today-tag">hoy</span>}
    </h3>
  );
}

/**
 * Month and week: one cell per day, Monday first. Each cell is a drop target for the
 * script (data-date). Under 700 px the grid becomes a list of the days that have items
 * (the month) or of the seven days (the week), each headed with its full Spanish name.
 */
function Grid({ range, byDay, today, timeZone }: DaysProps) {
  const isMonth = range.view === 'mes';
  return (
    <div class={`cal ${isMonth ? 'cal-month' : 'cal-week'}`} data-time-zone={timeZone} aria-labelledby="cal-title">
      <div class="cal-weekdays" aria-hidden="true">
        {weekdayNames.map((n) => (
          <span>{n}</span>
        ))}
      </div>
      <ol class="cal-days">
        {range.days.map((day) => {
          const dayItems = byDay.get(day) ?? [];
          const outside = isMonth && (day < range.focusStart || day > range.focusEnd);
          const classes = ['cal-day', dayItems.length ? 'has-items' : 'is-empty', outside ? 'is-outside' : '', day === today ? 'is-today' : ''].filter(Boolean).join(' ');
          return (
            <li class={classes} data-date={day} aria-current={day === today ? 'date' : undefined}>
              <DayHeading day={day} today={today} />
              {dayItems.length > 0 ? (
                <ul class="cal-items">
                  {dayItems.map((item) => (
                    <Item item={item} timeZone={timeZone} draggable />
                  ))}
                </ul>
              ) : (
                !isMonth && <p class="cal-none">Sin publicaciones</p>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** List: the month's days that have items, in order. */
function Agenda({ range, byDay, today, timeZone }: DaysProps) {
  const days = range.days.filter((d) => byDay.has(d));
  if (days.length === 0) return null;
  return (
    <ol class="cal-agenda" aria-labelledby="cal-title">
      {days.map((day) => (
        <li class={day === today ? 'cal-agenda-day is-today' : 'cal-agenda-day'} data-date={day} aria-current={day === today ? 'date' : undefined}>
          <DayHeading day={day} today={today} full />
          <ul class="cal-items">
            {byDay.get(day)!.map((item) => (
              <Item item={item} timeZone={timeZone} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function Item({ item, timeZone, draggable }: { item: CalendarItem; timeZone: string; draggable?: boolean }) {
  const movable = draggable && item.reschedulable;
  return (
    <li
      class={`cal-item status-${item.status}${item.scheduled ? '' : ' is-publication'}`}
      draggable={movable ? 'true' : undefined}
      data-piece-id={item.pieceId}
      data-date={item.day}
      data-time={item.localTime}
    >
      <time class="cal-time" datetime={item.at.toISOString()}>
        {timeLabel(item.at, timeZone)}
      </time>{' '}
      <a class="cal-title" href={`/piezas/${item.pieceId}`}>
        {item.title}
      </a>{' '}
      <span class={`badge status-${item.status}`}>{pieceStatusLabel[item.status]}</span>
      {item.marks.length > 0 && (
        <ul class="cal-marks" aria-label="Redes">
          {item.marks.map((m) => (
            <Mark mark={m} />
          ))}
        </ul>
      )}
      {item.reschedulable && (
        <a class="cal-move" href={`/piezas/${item.pieceId}#variantes`} aria-label={`Mover «${item.title}» (cambiar su fecha y hora)`}>
          Mover
        </a>
      )}
    </li>
  );
}

function Mark({ mark }: { mark: CalendarMark }) {
  const pub = mark.publication;
  const name = networkLabel[mark.network];
  if (!pub) return <li class="cal-mark mark-planned">{name}</li>;
  const label = publicationStatusLabel[pub.status];
  const hint = [`${name}: ${label}`, pub.accountLabel, pub.sandbox ? 'Sandbox' : '', pub.error ?? ''].filter(Boolean).join(' · ');
  const symbol = (
    <>
      <span aria-hidden="true" class="cal-mark-symbol">
        {markSymbol[pub.status]}
      </span>
      <span class="visually-hidden">{label}</span>
    </>
  );
  return (
    <li class={`cal-mark mark-${pub.status}`} title={hint}>
      {name}{' '}
      {pub.status === 'published' && pub.url ? (
        <a href={pub.url} rel="noopener" target="_blank">
          {symbol}
        </a>
      ) : (
        symbol
      )}
    </li>
  );
}

function Legend({ draggable }: { draggable: boolean }) {
  const shown: PublicationStatus[] = ['published', 'failed', 'unconfirmed', 'pending', 'held'];
  return (
    <section class="cal-legend" aria-labelledby="cal-legend-title">
      <h2 id="cal-legend-title" class="visually-hidden">
        Convenciones
      </h2>
      <ul>
        {shown.map((s) => (
          <li class={`cal-mark mark-${s}`}>
            <span aria-hidden="true" class="cal-mark-symbol">
              {markSymbol[s]}
            </span>{' '}
            {publicationStatusLabel[s]}
          </li>
        ))}
        {draggable && <li class="cal-legend-drag">Las piezas con borde punteado se pueden arrastrar a otro día.</li>}
      </ul>
    </section>
  );
}
