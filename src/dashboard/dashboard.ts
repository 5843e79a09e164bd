import type { AuthUser } from '../auth/authenticate.js';
import type { DbOrTx } from '../db/client.js';
import { listAccountAlerts } from './accounts.js';
import { listGoingOut } from './going-out.js';
import { listLateActivities } from './late-activities.js';
import { listPublicationProblems } from './publication-problems.js';
import { listWaitingPieces } from './waiting-pieces.js';

export type Dashboard = Awaited<ReturnType<typeof loadDashboard>>;

/** Every panel of the first screen after signing in, for one person at one moment. */
export async function loadDashboard(db: DbOrTx, user: AuthUser, now: Date, timeZone: string) {
  const [waiting, goingOut, late, publications, accounts] = await Promise.all([
    listWaitingPieces(db, user, now, timeZone),
    listGoingOut(db, user, now, timeZone),
    listLateActivities(db, user, now, timeZone),
    listPublicationProblems(db, user, now, timeZone),
    listAccountAlerts(db, user, now, timeZone),
  ]);
  return { waiting, goingOut, late, publications, accounts };
}
