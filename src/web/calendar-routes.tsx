import { Hono } from 'hono';
import { calendarOptions, listCalendar } from '../calendar/list-calendar.js';
import { calendarRange, parseCalendarQuery } from '../calendar/range.js';
import { startOfDay } from '../dashboard/going-out.js';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { todayIn } from '../lib/dates.js';
import { CalendarPage } from './calendar-page.js';
import { renderPage } from './page.js';

/** The publication calendar (/calendario): month, week and list views with filters. Needs plan:read. */
export const calendarRoutes = new Hono<AppEnv>();

calendarRoutes.get('/calendario', async (c) => {
  const { db, config, auth } = c.var;
  // The access policy asks for plan:read; the page itself needs to know who asks (what they may move).
  if (!auth) throw new AppError('unauthenticated', 'Inicie sesión para continuar.');
  const timeZone = config.timeZone;
  const today = todayIn(timeZone);
  const query = parseCalendarQuery(c.req.query(), today);
  const range = calendarRange(query.view, query.date);
  const window = { from: startOfDay(range.start, timeZone), until: startOfDay(range.end, timeZone), timeZone };
  const [items, options] = await Promise.all([listCalendar(db, auth.user, window, query.filters), calendarOptions(db)]);
  return renderPage(c, <CalendarPage query={query} range={range} today={today} items={items} options={options} timeZone={timeZone} />);
});
