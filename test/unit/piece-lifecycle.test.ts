import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { nextPieceStatus, transitionPiece, type PieceAction } from '../../src/pieces/lifecycle.js';

const statuses = ['draft', 'in_review', 'approved', 'scheduled', 'published', 'failed', 'cancelled'] as const;
const actions: PieceAction[] = ['edit', 'submit', 'approve', 'reject', 'withdraw', 'schedule', 'unschedule', 'publish', 'fail', 'retry', 'cancel', 'reopen'];

// The lifecycle the issue asks for, written out as the office reads it: from -> action -> to.
const legal: Record<string, string> = {
  'draft edit': 'draft',
  'draft submit': 'in_review',
  'draft cancel': 'cancelled',
  'in_review edit': 'in_review',
  'in_review approve': 'approved',
  'in_review reject': 'draft',
  'in_review withdraw': 'draft',
  'in_review cancel': 'cancelled',
  'approved edit': 'in_review',
  'approved schedule': 'scheduled',
  'approved publish': 'published',
  'approved reopen': 'draft',
  'approved cancel': 'cancelled',
  'scheduled edit': 'in_review',
  'scheduled unschedule': 'approved',
  'scheduled publish': 'published',
  'scheduled fail': 'failed',
  'scheduled cancel': 'cancelled',
  'failed edit': 'in_review',
  'failed retry': 'scheduled',
  'failed publish': 'published',
  'failed reopen': 'draft',
  'failed cancel': 'cancelled',
  'cancelled reopen': 'draft',
};

describe('piece lifecycle', () => {
  for (const from of statuses) {
    for (const action of actions) {
      const expected = legal[`${from} ${action}`];
      it(`${from} --${action}--> ${expected ?? '409'}`, () => {
        const result = nextPieceStatus(from, action);
        if (expected) {
          expect(result).toEqual({ ok: true, to: expected });
        } else {
          expect(result.ok).toBe(false);
          expect(() => transitionPiece(from, action)).toThrow(AppError);
        }
      });
    }
  }

  it('never lets an unapproved piece reach published or scheduled', () => {
    for (const from of ['draft', 'in_review', 'cancelled'] as const) {
      for (const action of actions) {
        const r = nextPieceStatus(from, action);
        if (r.ok) expect(['published', 'scheduled']).not.toContain(r.to);
      }
    }
  });

  it('explains an illegal move in Spanish with the status label', () => {
    try {
      transitionPiece('published', 'edit');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'illegal_transition', status: 409, message: 'Una pieza publicada no se puede modificar.' });
    }
    expect(() => transitionPiece('draft', 'schedule')).toThrow('No se puede programar una pieza en estado «Borrador».');
  });
});
