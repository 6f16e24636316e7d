/**
 * Which source each of a listener's send lines carries: the pure half of applying
 * `audioRoutes` (core/voice/bridge.ts) to a leg. A leg has a fixed number of lines
 * (outbound tracks negotiated once); re-pointing them is all hold, consult, conference,
 * monitor and barge take. Sources that stay heard stay on their line (the browser's
 * playout is not disturbed); new ones take the free lines in the order `audioRoutes` names
 * them; what does not fit is reported, not silently lost.
 */
import type { Hearing } from '@switchboard/core';

/** The source id of the hold music (leg ids are the server's own ids and never start with '#'). */
export const HOLD_MUSIC = '#hold-music';

/** What each line carries: a leg id, HOLD_MUSIC, or null (silent). */
export type LineSources = readonly (string | null)[];

export interface LineAssignment {
  readonly lines: LineSources;
  /** Sources heard but without a free line. */
  readonly dropped: readonly string[];
}

export function assignLines(current: LineSources, hearing: Hearing, count: number): LineAssignment {
  const wanted = hearing.kind === 'music' ? [HOLD_MUSIC] : hearing.from;
  const lines: (string | null)[] = Array.from({ length: count }, (_, i) => {
    const s = current[i] ?? null;
    return s !== null && wanted.includes(s) ? s : null;
  });
  const dropped: string[] = [];
  for (const source of wanted) {
    if (lines.includes(source)) continue;
    const free = lines.indexOf(null);
    if (free === -1) dropped.push(source);
    else lines[free] = source;
  }
  return { lines, dropped };
}

/** The lines whose source changed (they resynchronise their RTP sequence and timestamps). */
export const changedLines = (before: LineSources, after: LineSources): number[] =>
  after.flatMap((s, i) => ((before[i] ?? null) !== s ? [i] : []));
