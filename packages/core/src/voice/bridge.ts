/**
 * Who hears whom on a voice call: the one decision the media server applies (issue 23).
 * The server never mixes audio: it forwards each party's packets to the listeners this
 * function names, and browsers mix what they play. Hold, consult, swap, conference,
 * monitor and barge are all changes of the parties' flags; the customer's connection is
 * never renegotiated for them (shared/spec/voice-webrtc.md §1).
 *
 * The rules, for one call:
 * - Parties that are `active` all hear each other (a two-party call, a consult between two
 *   agents while the customer is held, a three-way conference).
 * - A `held` party hears the instance's hold music and nobody hears them.
 * - A supervisor `monitor`ing silently hears every active party; nobody hears them.
 *   `barge` makes them an active party that everyone active hears.
 * - A `muted` party hears as before but nobody hears them (an agent's mute button, or a
 *   forced mute while a supervisor barges).
 * - An active party alone on the bridge hears nothing (not music: they put the others on
 *   hold, they are not on hold themselves).
 */

export type PartyRole = 'customer' | 'agent' | 'supervisor';

export type PartyState =
  /** On the bridge: hears and is heard by the other active parties. */
  | 'active'
  /** On hold: hears the hold music. */
  | 'held'
  /** A supervisor listening without being heard. */
  | 'monitor'
  /** A supervisor who speaks: an active party. */
  | 'barge';

export interface Party {
  /** The party's media leg (one peer connection of a browser). */
  readonly id: string;
  readonly role: PartyRole;
  readonly state: PartyState;
  readonly muted: boolean;
}

/** What one party hears: other parties' legs, or the hold music. */
export type Hearing = { readonly kind: 'parties'; readonly from: readonly string[] } | { readonly kind: 'music' };

const speaks = (p: Party): boolean => (p.state === 'active' || p.state === 'barge') && !p.muted;
const onBridge = (p: Party): boolean => p.state === 'active' || p.state === 'barge' || p.state === 'monitor';

/** For each party, what it hears now. Pure; the order of `from` follows `parties`. */
export function audioRoutes(parties: readonly Party[]): ReadonlyMap<string, Hearing> {
  const out = new Map<string, Hearing>();
  for (const listener of parties) {
    if (listener.state === 'held') {
      out.set(listener.id, { kind: 'music' });
      continue;
    }
    const from = onBridge(listener) ? parties.filter((p) => p.id !== listener.id && speaks(p)).map((p) => p.id) : [];
    out.set(listener.id, { kind: 'parties', from });
  }
  return out;
}
