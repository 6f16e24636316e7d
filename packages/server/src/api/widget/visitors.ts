/**
 * The open chats each visitor started from each widget, for `maxOpenChatsPerVisitor`. An
 * index (configuration + visitor → the chats' initial contact ids), not the truth: a chat
 * counts while its chain's newest contact is live and has not ended, as routing has it
 * now. Rebuilt from routing's live documents the first time an instance is asked after a
 * start or a reload. Bounded: the least recently added visitors fall out first (their
 * chats then count again only after a restart), and starts in flight count as open.
 */
import type { InstanceRouting } from '../../routing/instance.js';
import { BoundedMap } from '../../util/bounded-map.js';

/** Visitors remembered per server; each holds a few contact ids. */
const VISITORS_LIMIT = 100_000;

export class VisitorChats {
  private readonly chats = new BoundedMap<string, string[]>(VISITORS_LIMIT);
  /** Starts between the check and the new contact, by visitor key (at most the requests in flight). */
  private readonly starting = new Map<string, number>();
  private readonly indexed = new WeakSet<InstanceRouting>();

  private key = (ir: InstanceRouting, configurationId: string, visitorId: string): string =>
    `${ir.instanceId}/${configurationId}/${visitorId}`;

  /** How many chats this visitor has open from this widget (starts in flight included). */
  open(ir: InstanceRouting, configurationId: string, visitorId: string): number {
    this.index(ir);
    const key = this.key(ir, configurationId, visitorId);
    const known = this.chats.get(key) ?? [];
    const live = known.filter((initial) => {
      const head = ir.engine.contact(ir.heads.get(initial) ?? initial);
      return head !== undefined && head.phase !== 'ended' && head.phase !== 'destroyed';
    });
    if (live.length !== known.length) {
      if (live.length) this.chats.set(key, live);
      else this.chats.delete(key);
    }
    return live.length + (this.starting.get(key) ?? 0);
  }

  /** Holds a place for a start until `done` (which gets the new chat's contact id, or nothing). */
  reserve(ir: InstanceRouting, configurationId: string, visitorId: string): (contactId?: string) => void {
    const key = this.key(ir, configurationId, visitorId);
    this.starting.set(key, (this.starting.get(key) ?? 0) + 1);
    let released = false;
    return (contactId) => {
      if (released) return;
      released = true;
      const n = (this.starting.get(key) ?? 1) - 1;
      if (n > 0) this.starting.set(key, n);
      else this.starting.delete(key);
      if (contactId !== undefined) this.chats.set(key, [...(this.chats.get(key) ?? []), contactId]);
    };
  }

  private index(ir: InstanceRouting): void {
    if (this.indexed.has(ir)) return;
    this.indexed.add(ir);
    for (const doc of ir.docs.values()) {
      if (!doc.widget || doc.contactId !== doc.runtime.initialContactId) continue;
      const key = this.key(ir, doc.widget.configurationId, doc.widget.visitorId);
      const list = this.chats.get(key) ?? [];
      if (!list.includes(doc.contactId)) this.chats.set(key, [...list, doc.contactId]);
    }
  }
}
