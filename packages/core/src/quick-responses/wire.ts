/**
 * A quick response in the shape amazon-connect-streams' `connect.QuickResponses.
 * searchQuickResponses` resolves with (shared/spec/api-streams-surface.md §12), built from
 * the instance's resource. Pure. Times are ISO-8601 strings, as everywhere on the agent API.
 *
 * Connect keeps quick responses in a knowledge base (Amazon Q in Connect). Switchboard has
 * one per instance, with the instance's id; its ARNs use Connect's `wisdom` format.
 */
import { type InstanceCoords, instanceArn } from '../model/arn.js';
import { Channel } from '../model/constants.js';
import type { QuickResponse } from '../model/entities.js';
import { isoTime } from '../model/iso-time.js';

/** Streams' channel names for quick responses. */
export type QuickResponseChannelWire = 'Chat' | 'voice' | 'tasks' | 'email';

const CHANNEL_WIRE: Readonly<Record<Channel, QuickResponseChannelWire>> = {
  CHAT: 'Chat',
  VOICE: 'voice',
  TASK: 'tasks',
};

/** A channel as a client names it — ours (`CHAT`) or Streams' (`Chat`, `tasks`), any case — or undefined. */
export function channelFromWire(name: string): Channel | undefined {
  switch (name.toLowerCase()) {
    case 'chat':
      return Channel.CHAT;
    case 'voice':
      return Channel.VOICE;
    case 'task':
    case 'tasks':
      return Channel.TASK;
    default:
      return undefined;
  }
}

export interface QuickResponseWire {
  quickResponseArn: string;
  quickResponseId: string;
  knowledgeBaseArn: string;
  knowledgeBaseId: string;
  name: string;
  /** The response's version; Switchboard keeps one. */
  version: number;
  contentType: 'markdown';
  status: 'active';
  statusReason: null;
  createdTime: string;
  lastModifiedTime: string;
  title: string;
  contents: { plainText: { content: string }; markdown: { content: string } };
  description?: string;
  /** No grouping: every agent sees every response of the channel. */
  groupingConfiguration: { criteria: null; values: string[] };
  shortcutKey?: string;
  lastModifiedBy: string;
  isActive: true;
  channels: QuickResponseChannelWire[];
  language: string;
  tags: Record<string, string>;
}

export const knowledgeBaseArn = (c: InstanceCoords): string =>
  `arn:aws:wisdom:${c.region}:${c.accountId}:knowledge-base/${c.instanceId}`;

export const quickResponseArn = (c: InstanceCoords, id: string): string =>
  `arn:aws:wisdom:${c.region}:${c.accountId}:quick-response/${c.instanceId}/${id}`;

export function quickResponseWire(qr: QuickResponse, c: InstanceCoords): QuickResponseWire {
  const at = isoTime(qr.lastModifiedTime);
  return {
    quickResponseArn: quickResponseArn(c, qr.id),
    quickResponseId: qr.id,
    knowledgeBaseArn: knowledgeBaseArn(c),
    knowledgeBaseId: c.instanceId,
    name: qr.name,
    version: 1,
    contentType: 'markdown',
    status: 'active',
    statusReason: null,
    createdTime: at,
    lastModifiedTime: at,
    title: qr.name,
    contents: { plainText: { content: markdownToPlainText(qr.content) }, markdown: { content: qr.content } },
    ...(qr.description !== undefined ? { description: qr.description } : {}),
    groupingConfiguration: { criteria: null, values: [] },
    ...(qr.shortcut !== undefined ? { shortcutKey: qr.shortcut } : {}),
    lastModifiedBy: instanceArn(c),
    isActive: true,
    channels: qr.channels.map((ch) => CHANNEL_WIRE[ch]),
    language: 'en_US',
    tags: { ...qr.tags },
  };
}

/**
 * Markdown as plain text, for channels that show no formatting: emphasis, code and heading
 * marks dropped, `[text](url)` as `text (url)`, images as their alt text. Placeholders
 * are left as they are.
 */
export function markdownToPlainText(md: string): string {
  // Escaped marks (`\*`) become private-use characters first, so that no rule below reads them.
  const hidden = md.replace(/\\([\\`*_{}[\]()#+\-.!~>])/g, (_m, c: string) => String.fromCharCode(0xe000 + c.charCodeAt(0)));
  return hidden
    .split('\n')
    .filter((line) => !/^\s*(```|~~~)/.test(line))
    .map((line) => line.replace(/^\s{0,3}#{1,6}\s+/, '').replace(/^\s{0,3}>\s?/, ''))
    .join('\n')
    .replace(/!\[([^\]]*)\]\([^)\s]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, text: string, url: string) => (text === url ? url : `${text} (${url})`))
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/~~(?=\S)([^\n]*?\S)~~/g, '$1')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2')
    .replace(/[\ue000-\ue07f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xe000));
}
