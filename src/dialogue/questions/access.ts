import type { Auth } from '../../auth/authenticate.js';
import { can, departmentScopedRoles } from '../../auth/permissions.js';
import { AppError } from '../../errors.js';
import type { Role } from '../../generated/prisma/client.js';

/**
 * Who may do what with citizens' questions, in one place. The route policy (src/auth/policy.ts)
 * lets a role in; these checks repeat it in the services and add what a route rule cannot say: a department user acts only on the questions
 * assigned to one of their departments.
 *
 * Until permissions of their own exist, each capability reads an existing permission with the
 * same roles:
 * - manage (intake by staff, assign, duplicates, discard, imports, deadline, answers piece):
 *   `plan:write` → admin, communications, approver            (proposed: `question:manage`)
 * - answer (write or edit the answer): `activity:update` → the office and department users,
 *   these only for their departments' questions               (proposed: `question:answer`)
 * - approve as the office: `piece:review` → admin, approver    (proposed: `question:review`)
 * - approve as the department: department users with `piece:check`, for their departments'
 *   questions                                                  (proposed: `question:check`)
 * - publish on /participa/respuestas and withdraw: `piece:publish` → admin, communications,
 *   approver                                                   (proposed: `question:publish`)
 * - read the staff lists: `plan:read`; department users see their departments' questions only.
 */

/** The person acting, as the services need them. */
export type QuestionCaller = { role: Role; departmentIds: string[] };

export function callerOf(auth: Auth | null): QuestionCaller {
  if (!auth) throw new AppError('unauthenticated', 'Inicie sesión para continuar.');
  return { role: auth.user.role, departmentIds: auth.user.departmentIds };
}

export const questionCan = {
  read: (c: QuestionCaller) => can(c.role, 'plan:read'),
  manage: (c: QuestionCaller) => can(c.role, 'plan:write'),
  answer: (c: QuestionCaller) => can(c.role, 'activity:update'),
  approveAsOffice: (c: QuestionCaller) => can(c.role, 'piece:review'),
  approveAsDepartment: (c: QuestionCaller) => isDepartmentScoped(c) && can(c.role, 'piece:check'),
  publish: (c: QuestionCaller) => can(c.role, 'piece:publish'),
};

export function isDepartmentScoped(c: QuestionCaller): boolean {
  return departmentScopedRoles.includes(c.role);
}

/** Department users reach only the questions assigned to one of their departments. */
export function reaches(c: QuestionCaller, question: { departmentId: string | null }): boolean {
  return !isDepartmentScoped(c) || (question.departmentId !== null && c.departmentIds.includes(question.departmentId));
}

/**
 * Whether the caller may see who asked and how to reach them: the office, and the department the
 * question is assigned to (it sends the answer). Viewers read the questions without them.
 */
export function seesPersonalData(c: QuestionCaller, question: { departmentId: string | null }): boolean {
  return questionCan.manage(c) || (isDepartmentScoped(c) && reaches(c, question));
}

/** A question's view without the citizen's name and contact, for those who may not see them. */
export function withoutPersonalData<T extends { authorName: string | null; contact: string | null; departmentId: string | null }>(c: QuestionCaller, q: T): T {
  return seesPersonalData(c, q) ? q : { ...q, authorName: null, contact: null };
}

export function requireCan(ok: boolean, message = 'Su rol no tiene permiso para esta acción.'): void {
  if (!ok) throw new AppError('forbidden', message);
}

export function requireReach(c: QuestionCaller, question: { departmentId: string | null }): void {
  if (!reaches(c, question)) throw new AppError('forbidden', 'Solo puede actuar sobre las preguntas asignadas a su dependencia.');
}

