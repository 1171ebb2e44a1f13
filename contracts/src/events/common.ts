// Building blocks shared by the event and command schemas.
import { z } from 'zod';
import { AccountId } from '../ids.ts';
import { StoredInstant, storableText } from '../storable.ts';

/**
 * Instants inside events: read leniently (events written before the storable rules) and normalised
 * to UTC, so an old event with an offset PostgreSQL cannot hold projects cleanly. Inputs use
 * `Instant` (storable.ts), which refuses what this one would have to heal.
 */
export const IsoTime = StoredInstant;
export const Side = z.enum(['pro', 'con']);
export type Side = z.infer<typeof Side>;
export const Format = z.enum(['oxford', 'free']);
export type Format = z.infer<typeof Format>;
export const Role = z.enum(['moderator', 'speaker', 'audience']);
export type Role = z.infer<typeof Role>;
export const Round = z.enum(['PREPARATION', 'PRESENTATION', 'FREE']);
export type Round = z.infer<typeof Round>;
export const Reason = z.string().max(500);
/** A moderator's reason as a client sends it (kept in the audit trail). */
export const ReasonInput = storableText({ max: 500 });

export const Book = z.object({
  title: z.string().trim().min(1).max(300),
  author: z.string().trim().min(1).max(200),
  isbn: z
    .string()
    .regex(/^(97[89])?\d{9}[\dX]$/, 'ISBN-10 or ISBN-13, digits only')
    .optional(),
  coverUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type Book = z.infer<typeof Book>;
/** The book as a client gives it when creating a debate. */
export const BookInput = z.object({
  title: storableText({ min: 1, max: 300 }),
  author: storableText({ min: 1, max: 200 }),
  isbn: Book.shape.isbn,
  coverUrl: z.url({ protocol: /^https?$/ }).max(2_000).optional(),
});

/** Every moderation event records who acted, on whom, and why (the audit trail). */
export const ModerationFields = {
  moderatorId: AccountId,
  targetId: AccountId.nullable(),
  reason: Reason,
  at: IsoTime,
};

/** `{type, data}` schema for one event or command type. */
export const message = <T extends string, S extends z.ZodType>(type: T, data: S) =>
  z.object({ type: z.literal(type), data });
