/**
 * Where a voice contact's call is kept: in the document of the contact that holds the
 * customer (see calls.ts). Shared by the call controller, the snapshot's views and the
 * token check.
 */
import { newVoiceCall, type VoiceCallState } from '@switchboard/core';
import type { ContactDoc } from '../routing/contact-doc.js';

/** The call a voice contact's document holds (from before calls were kept: a new one; before callId: its own id). */
export const callOf = (doc: ContactDoc): VoiceCallState => {
  const v = doc.voice;
  if (!v) return newVoiceCall(doc.customer?.participantId ?? `${doc.contactId}-customer`, doc.contactId);
  return v.callId ? v : { ...v, callId: doc.contactId };
};

/**
 * The document holding the call `doc` is on: its own, the one a consult contact joins or a
 * monitoring contact watches, or where a moved call went (followed a few steps: a call
 * moves at most once per transfer).
 */
export function holderOf(ir: { readonly docs: ReadonlyMap<string, ContactDoc> }, doc: ContactDoc): ContactDoc {
  let at = doc;
  for (let i = 0; i < 16; i++) {
    const joined = at.voiceCallOf ?? at.voiceMonitor?.of;
    const next =
      joined !== undefined ? ir.docs.get(joined) : at.voice?.movedTo !== undefined ? ir.docs.get(at.voice.movedTo) : undefined;
    if (!next) return at;
    at = next;
  }
  return at;
}
