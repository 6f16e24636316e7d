/**
 * Wrap-up: the instance's wrap-up codes (`getWrapUpCodes`), and the code and notes an agent
 * records for their contact (`setContactWrapUp`). They are kept as contact attributes
 * (WrapUpAttribute: `wrapUpCode`, `wrapUpCodeId`, `agentNotes`), committed with the contact
 * like any attribute update, so DescribeContact, GetContactAttributes, the agent's snapshot
 * and a restart all see them.
 */
import {
  AccessDeniedException,
  idFromIdOrArn,
  InvalidParameterException,
  InvalidStateException,
  ResourceNotFoundException,
  type WrapUpCode,
  WrapUpAttribute,
} from '@switchboard/core';
import { z } from 'zod';
import { ATTRIBUTES_MAX_BYTES, attributesBytes } from '../contact/shapes.js';
import { type CommandContext, type Handler, parse } from './command-context.js';

export const WRAP_UP_NOTES_MAX = 4096;

const SetParams = z.looseObject({
  contactId: z.string().min(1).max(256),
  wrapUpCode: z.string().min(1).max(2048),
  notes: z.string().max(WRAP_UP_NOTES_MAX).optional(),
});

const codeWire = (w: WrapUpCode) => ({ id: w.id, name: w.name, ...(w.description ? { description: w.description } : {}) });

/** `{wrapUpCodes: [{id, name, description?}]}`, by name. */
export const getWrapUpCodes: Handler = async (_params, ctx) => ({ wrapUpCodes: ctx.ir.config.wrapUpCodes.map(codeWire) });

/** A code by id, ARN or name. */
function findCode(ctx: CommandContext, value: string): WrapUpCode {
  const codes = ctx.ir.config.wrapUpCodes;
  const id = idFromIdOrArn(value);
  const code = codes.find((w) => w.id === id) ?? codes.find((w) => w.name === value);
  if (!code) {
    const known = codes.map((w) => w.name).join(', ') || 'none are defined';
    throw new InvalidParameterException(`wrapUpCode: no wrap-up code ${value.slice(0, 256)} (known: ${known})`);
  }
  return code;
}

/** While wrap-up can be set: the contact is connected (or paused) or in after-contact work. */
const WRAPPABLE: ReadonlySet<string> = new Set(['connected', 'paused', 'ended']);

/**
 * `setContactWrapUp {contactId, wrapUpCode, notes?}`: `notes` replaces the agent's notes
 * (`""` removes them; left out, they stay as they were).
 */
export const setContactWrapUp: Handler = async (params, ctx) => {
  const p = parse(SetParams, params);
  const agentId = ctx.session.userId;
  const own = ctx.ir.engine.agent(agentId)?.assignments.find((x) => x.contactId === p.contactId);
  const doc = ctx.ir.docs.get(p.contactId);
  if (!own) {
    if (doc?.agents.some((a) => a.userId === agentId))
      throw new InvalidStateException(`Contact ${p.contactId} is cleared: set its wrap-up before clearing it`);
    if (doc || ctx.ir.engine.contact(p.contactId))
      throw new AccessDeniedException(`Contact ${p.contactId} is not assigned to you`);
    throw new ResourceNotFoundException(`Contact not found: ${p.contactId}`);
  }
  if (!WRAPPABLE.has(own.state))
    throw new InvalidStateException(
      `Contact ${p.contactId} is ${own.state}: wrap-up is set while it is connected or in after-contact work`,
    );
  if (!doc) throw new ResourceNotFoundException(`Contact not found: ${p.contactId}`);
  const code = findCode(ctx, p.wrapUpCode);
  const attributes: Record<string, string> = {
    ...doc.attributes,
    [WrapUpAttribute.CODE]: code.name,
    [WrapUpAttribute.CODE_ID]: code.id,
  };
  if (p.notes !== undefined) {
    if (p.notes === '') delete attributes[WrapUpAttribute.NOTES];
    else attributes[WrapUpAttribute.NOTES] = p.notes;
  }
  if (attributesBytes(attributes) > ATTRIBUTES_MAX_BYTES)
    throw new InvalidParameterException(`notes: the contact's attributes would exceed ${ATTRIBUTES_MAX_BYTES} bytes`);
  doc.attributes = attributes;
  await ctx.ir.step([], { docs: [doc] });
  await ctx.ir.recordEvent({ type: 'contact.wrap_up_set', agentId, contactId: p.contactId, wrapUpCodeId: code.id });
  const { [WrapUpAttribute.NOTES]: notes } = attributes;
  return {
    contactId: p.contactId,
    wrapUpCode: codeWire(code),
    attributes: {
      [WrapUpAttribute.CODE]: code.name,
      [WrapUpAttribute.CODE_ID]: code.id,
      ...(notes !== undefined ? { [WrapUpAttribute.NOTES]: notes } : {}),
    },
  };
};
