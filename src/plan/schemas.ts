import { z } from '@hono/zod-openapi';
import { DateOnly } from '../http/schemas.js';

export const ActivityStatusSchema = z.enum(['pending', 'in_progress', 'done', 'cancelled']).openapi('ActivityStatus');

const Lateness = z.union([
  z.object({ late: z.literal(false) }),
  z.object({ late: z.literal(true), reason: z.enum(['not_started', 'not_finished']), daysLate: z.number().int() }),
]);

export const DepartmentRef = z.object({ id: z.string(), name: z.string() }).openapi('DepartmentRef');

export const ActivitySchema = z
  .object({
    id: z.string(),
    planId: z.string(),
    subcomponentId: z.string(),
    subcomponentName: z.string(),
    position: z.number().int(),
    description: z.string(),
    goal: z.string().nullable(),
    indicator: z.string().nullable(),
    status: ActivityStatusSchema,
    plannedStart: z.string().nullable(),
    plannedEnd: z.string().nullable(),
    actualStart: z.string().nullable(),
    actualEnd: z.string().nullable(),
    progress: z.number().int(),
    weight: z.number(),
    allDepartments: z.boolean(),
    departments: z.array(DepartmentRef),
    targetValue: z.number().nullable(),
    targetMetric: z.string().nullable(),
    pieceCount: z.number().int(),
    lateness: Lateness,
    sourceLine: z.number().int().nullable(),
  })
  .openapi('Activity');

export const ActivityUpdateSchema = z
  .object({
    description: z.string().trim().min(1).max(2000),
    goal: z.string().trim().max(2000).nullable(),
    indicator: z.string().trim().max(2000).nullable(),
    plannedStart: DateOnly.nullable(),
    plannedEnd: DateOnly.nullable(),
    actualStart: DateOnly.nullable(),
    actualEnd: DateOnly.nullable(),
    status: ActivityStatusSchema,
    progress: z.number().int().min(0).max(100),
    weight: z.number().min(0).max(1000),
    allDepartments: z.boolean(),
    departmentIds: z.array(z.string().min(1)).max(100),
    targetValue: z.number().min(0).nullable(),
    targetMetric: z.string().trim().max(100).nullable(),
  })
  .partial()
  .strict()
  .openapi('ActivityUpdate');

export const PlanSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    objective: z.string().nullable(),
    year: z.number().int().nullable(),
    timeZone: z.string(),
    requireDepartmentApproval: z.boolean(),
    missedGraceMinutes: z.number().int(),
    sourceName: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PlanSummary');

export const PlanListItemSchema = PlanSummarySchema.extend({
  subcomponentCount: z.number().int(),
  activityCount: z.number().int(),
}).openapi('PlanListItem');

export const PlanTreeSchema = PlanSummarySchema.extend({
  today: z.string(),
  progress: z.number().int(),
  lateCount: z.number().int(),
  subcomponents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      position: z.number().int(),
      progress: z.number().int(),
      activities: z.array(ActivitySchema),
    }),
  ),
}).openapi('PlanTree');

export const PlanUpdateSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    objective: z.string().trim().max(5000).nullable(),
    year: z.number().int().min(2000).max(2100).nullable(),
    timeZone: z.string().min(1),
    requireDepartmentApproval: z.boolean(),
    missedGraceMinutes: z.number().int().min(0).max(24 * 60),
  })
  .partial()
  .strict()
  .openapi('PlanUpdate');

export const ImportPreviewSchema = z
  .object({
    title: z.string().nullable(),
    objective: z.string().nullable(),
    subcomponents: z.array(
      z.object({
        name: z.string(),
        line: z.number().int(),
        activities: z.array(
          z.object({
            line: z.number().int(),
            description: z.string(),
            goal: z.string().nullable(),
            indicator: z.string().nullable(),
            departmentNames: z.array(z.string()),
            allDepartments: z.boolean(),
            plannedStart: z.string().nullable(),
            plannedEnd: z.string().nullable(),
          }),
        ),
      }),
    ),
    departments: z.array(z.object({ key: z.string(), name: z.string() })),
    warnings: z.array(z.object({ line: z.number().int().nullable(), code: z.string(), message: z.string() })),
  })
  .openapi('PlanImportPreview');

export const DepartmentSchema = z
  .object({ id: z.string(), name: z.string(), key: z.string(), activityCount: z.number().int() })
  .openapi('Department');

export const DepartmentCreateSchema = z.object({ name: z.string().trim().min(2).max(200) }).strict().openapi('DepartmentCreate');
