/**
 * Findings as the editor should read them while a 「不适用」 mark waits to be saved. The host computes the findings
 * (one path: core/validate); a mark made while the host is unreachable is on screen and in the save outbox but
 * not in the file, so the host still reports the cell as missing. This module does NOT validate: it only sets
 * aside the host's own "missing" findings on cells that show a mark not yet confirmed, so the panel and the counts
 * do not contradict the grid. Once the mark is saved, the host's next findings say what holds.
 */
import type { Finding, ValidationResult } from '../../core/validate/types';

/** Kinds of finding a 「不适用」 mark answers (a value nobody can give this year): the panel offers the mark on them. */
export const ANSWERED_BY_NA: ReadonlySet<string> = new Set(['required', 'completeness', 'missing']);

/**
 * A cell whose mark (or its removal) is not confirmed by the host's findings yet: 'waiting' while the save is
 * queued or retried; a number once it is saved — the findings request after which the host's findings include it.
 */
export type PendingMark = 'waiting' | number;

export interface WaitingFinding {
  finding: Finding;
  /** the school's reason, as shown in the cell */
  reason: string;
  /** saved, the findings not refreshed yet (a moment); false while the save waits in the outbox */
  saved: boolean;
}

export interface FindingsView {
  /** the host's findings still to act on */
  open: Finding[];
  /** the host's "missing" findings on cells marked 「不适用」 whose mark is not in its findings yet */
  waiting: WaitingFinding[];
  /** the host's counts less the waiting ones */
  summary: ValidationResult['summary'];
}

export function splitFindings(
  findings: readonly Finding[],
  summary: ValidationResult['summary'],
  naMarks: Readonly<Record<string, string>>,
  pending: Readonly<Record<string, PendingMark>>,
): FindingsView {
  const open: Finding[] = [];
  const waiting: WaitingFinding[] = [];
  const hasPending = Object.keys(pending).length > 0;
  for (const f of findings) {
    const l = f.location;
    // the store's cell key (store/app.ts cellKey)
    const key = l.type === 'cell' ? `${l.indicatorId}|${l.year}` : '';
    const state = hasPending && key ? pending[key] : undefined;
    const reason = key ? naMarks[key] : undefined;
    if (state !== undefined && reason !== undefined && ANSWERED_BY_NA.has(f.kind))
      waiting.push({ finding: f, reason, saved: state !== 'waiting' });
    else open.push(f);
  }
  if (waiting.length === 0) return { open, waiting, summary };
  const less = { ...summary };
  for (const w of waiting) less[w.finding.severity] = Math.max(0, less[w.finding.severity] - 1);
  return { open, waiting, summary: less };
}
