import { z } from '@hono/zod-openapi';
import { Instant } from '../http/schemas.js';

export const EventKindSchema = z.enum(['public_hearing', 'fair', 'sector_meeting', 'training', 'other']).openapi('EventKind');

export const EventSchema = z
  .object({
    id: z.string(),
    planId: z.string(),
    activityId: z.string().nullable(),
    kind: EventKindSchema,
    title: z.string(),
    description: z.string().nullable(),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    place: z.string().nullable(),
    agenda: z.string().nullable(),
    watchUrl: z.string().nullable(),
    recordingUrl: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Event');

const editable = {
  activityId: z.string().min(1).nullable(),
  kind: EventKindSchema,
  title: z.string().trim().min(3).max(300),
  description: z.string().trim().max(5000).nullable(),
  startsAt: Instant,
  endsAt: Instant.nullable(),
  place: z.string().trim().max(300).nullable(),
  agenda: z.string().trim().max(10000).nullable(),
  recordingUrl: z.string().url().nullable(),
};

export const EventCreateSchema = z
  .object({ planId: z.string().min(1), ...editable })
  .partial({ activityId: true, kind: true, description: true, endsAt: true, place: true, agenda: true, recordingUrl: true })
  .strict()
  .openapi('EventCreate');

export const EventUpdateSchema = z.object(editable).partial().strict().openapi('EventUpdate');
