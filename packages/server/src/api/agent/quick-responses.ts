/**
 * `searchQuickResponses {query?, channel?, maxResults?, nextToken?}` → `{results, nextToken?}`:
 * the instance's quick responses (the instance file's `quickResponses`) in the shape
 * Streams' `connect.QuickResponses.searchQuickResponses` resolves with. Matching and
 * ranking: core's searchQuickResponses. Placeholders are sent as written: the desktop fills
 * them from the contact.
 */
import {
  Channel,
  channelFromWire,
  decodePageToken,
  InvalidParameterException,
  pageOf,
  quickResponseWire,
  searchQuickResponses as search,
} from '@switchboard/core';
import { z } from 'zod';
import { type Handler, parse } from './command-context.js';

export const QUICK_RESPONSES_DEFAULT_PAGE = 25;
export const QUICK_RESPONSES_MAX_PAGE = 100;

const Params = z.looseObject({
  query: z.string().max(1024).optional(),
  channel: z.string().max(32).optional(),
  maxResults: z.int().min(1).max(QUICK_RESPONSES_MAX_PAGE).optional(),
  nextToken: z.string().max(1024).optional(),
  // Streams passes the contact it searches for; the channel says all we need of it.
  contactId: z.string().max(256).optional(),
});

export const searchQuickResponses: Handler = async (params, ctx) => {
  const p = parse(Params, params);
  const channel = p.channel === undefined ? Channel.CHAT : channelFromWire(p.channel);
  if (channel === undefined) throw new InvalidParameterException(`channel: must be CHAT, VOICE or TASK (got ${p.channel})`);
  const offset = p.nextToken === undefined ? 0 : decodePageToken(p.nextToken);
  if (offset === undefined)
    throw new InvalidParameterException('nextToken: not a token of this search; pass the nextToken of the previous page');
  const cfg = ctx.ir.config;
  const found = search(cfg.quickResponses, { query: p.query, channel });
  const page = pageOf(found, offset, p.maxResults ?? QUICK_RESPONSES_DEFAULT_PAGE);
  return {
    results: page.items.map((qr) => quickResponseWire(qr, cfg.coords)),
    ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}),
  };
};
