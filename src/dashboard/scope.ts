import type { AuthUser } from '../auth/authenticate.js';
import { departmentScopedRoles } from '../auth/permissions.js';
import type { Prisma } from '../generated/prisma/client.js';

/**
 * Which activities a person answers for: every one, except for department-scoped roles,
 * who see only the activities of their own departments (or of "todas las dependencias"),
 * the same rule src/auth/authorize.ts applies to their changes.
 */
export function activityScope(user: AuthUser): Prisma.ActivityWhereInput | null {
  if (!departmentScopedRoles.includes(user.role)) return null;
  return { OR: [{ allDepartments: true }, { departments: { some: { departmentId: { in: user.departmentIds } } } }] };
}

/** The pieces a person sees: those of the activities they answer for (a piece without activity belongs to no department). */
export function pieceScope(user: AuthUser): Prisma.PieceWhereInput {
  const scope = activityScope(user);
  return scope ? { activity: { is: scope } } : {};
}
