import type { Role } from '../generated/prisma/client.js';

/**
 * What each role may do. Routes name a permission (src/auth/policy.ts), never a role, so
 * a role's reach is read here in one place.
 */
export const permissions = [
  'plan:read', // plan, activities, departments, events, pieces
  'plan:write', // import and edit the plan, departments, events
  'activity:update', // follow-up of an activity (department: its own only)
  'piece:write', // create, edit, submit, schedule, cancel pieces (department: its own only)
  'piece:review', // approve or reject a piece
  'piece:check', // a department checks its own activity's piece, when the plan asks for it
  'piece:publish', // publish an approved piece now, to the networks
  'brand:write', // the brand kit the templates use
  'audit:read',
  'users:manage',
  'channels:manage', // connect and disable network accounts (their tokens)
  'tokens:own', // own profile, password and API tokens
] as const;
export type Permission = (typeof permissions)[number];

const communications: Permission[] = ['plan:read', 'plan:write', 'activity:update', 'piece:write', 'piece:publish', 'brand:write', 'audit:read', 'tokens:own'];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: permissions,
  communications,
  approver: [...communications, 'piece:review'],
  department: ['plan:read', 'activity:update', 'piece:write', 'piece:check', 'tokens:own'],
  viewer: ['plan:read', 'audit:read', 'tokens:own'],
};

/** Roles whose write permissions reach only the activities of their own departments. */
export const departmentScopedRoles: readonly Role[] = ['department'];

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}

export const roleLabel: Record<Role, string> = {
  admin: 'Administrador',
  communications: 'Comunicaciones',
  approver: 'Aprobador',
  department: 'Dependencia',
  viewer: 'Consulta',
};
