/**
 * The subset of Amazon Connect's flow language (Version 2019-10-30) that Switchboard
 * runs: greet the caller, pick a queue, transfer to it, or disconnect.
 *
 *   MessageParticipant        Parameters.Text → the greeting (several are joined);
 *                             Parameters.InteractiveMessage (a Switchboard extension, chat
 *                             only) → an interactive message sent after the greeting: a
 *                             ListPicker or QuickReply template (flow/interactive.ts), as a
 *                             JSON object or a string holding one
 *   UpdateContactTargetQueue  Parameters.QueueId (an id or a queue ARN) → the target queue
 *   TransferContactToQueue    ends the flow in the target queue: the one the flow set, or
 *                             else the one the contact already has (a transfer flow run
 *                             for a quick connect; at run time no queue at all → disconnect)
 *   DisconnectParticipant     ends the flow
 *   UpdateContactRecordingBehavior
 *                             Parameters.RecordingBehavior.RecordedParticipants (['Agent',
 *                             'Customer'], either, or [] for none) → who a voice contact's
 *                             recording records once the agent joins (the last one wins)
 *
 * The walk starts at StartAction and follows Transitions.NextAction; error branches are
 * only checked to point at existing actions. Anything else is a problem, reported the way
 * Connect reports invalid flows (a list of messages), never thrown.
 */
import { parseArn } from '../model/arn.js';
import { readInteractiveMessage } from './interactive.js';

export const FLOW_LANGUAGE_VERSION = '2019-10-30';

export const SUPPORTED_FLOW_ACTIONS = [
  'MessageParticipant',
  'UpdateContactTargetQueue',
  'TransferContactToQueue',
  'DisconnectParticipant',
  'UpdateContactRecordingBehavior',
] as const;

export interface InterpretedFlow {
  /** What the caller hears first. */
  readonly greeting?: string;
  /**
   * Interactive messages (ListPicker / QuickReply templates as JSON) sent to a chat after
   * the greeting, in flow order; absent when there are none.
   */
  readonly interactive?: readonly string[];
  /**
   * The queue the flow transfers the contact to (a bare id); absent when it disconnects,
   * or transfers to the queue the contact already has.
   */
  readonly targetQueueId?: string;
  /** True when the flow ends in TransferContactToQueue, false when it disconnects. */
  readonly transfer: boolean;
  /**
   * Who a voice contact's recording records (UpdateContactRecordingBehavior), upper-cased;
   * absent when the flow says nothing (not recorded), empty when it turns recording off.
   */
  readonly recordedParticipants?: readonly ('AGENT' | 'CUSTOMER')[];
}

export type FlowInterpretation =
  | { readonly ok: true; readonly flow: InterpretedFlow }
  | { readonly ok: false; readonly problems: string[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

interface Action {
  readonly id: string;
  readonly type: string;
  readonly parameters: Json;
  readonly next?: string;
}

/** Parses the envelope and every action; problems for anything malformed. */
function readActions(content: string, problems: string[]): { start: string; actions: Map<string, Action> } | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    problems.push('Content is not valid JSON');
    return undefined;
  }
  if (!isObject(doc)) {
    problems.push('Content must be a JSON object');
    return undefined;
  }
  if (doc.Version !== FLOW_LANGUAGE_VERSION) problems.push(`Version must be "${FLOW_LANGUAGE_VERSION}"`);
  if (!nonEmpty(doc.StartAction)) problems.push('StartAction must be a non-empty string');
  if (!Array.isArray(doc.Actions) || doc.Actions.length === 0) {
    problems.push('Actions must be a non-empty array');
    return undefined;
  }
  const actions = new Map<string, Action>();
  const targets: Array<[string, string]> = [];
  for (const [i, raw] of (doc.Actions as unknown[]).entries()) {
    const at = `Actions[${i}]`;
    if (!isObject(raw)) {
      problems.push(`${at} must be an object`);
      continue;
    }
    if (!nonEmpty(raw.Identifier)) {
      problems.push(`${at}: Identifier must be a non-empty string`);
      continue;
    }
    const id = raw.Identifier;
    if (actions.has(id)) {
      problems.push(`${at}: Identifier "${id}" is used more than once`);
      continue;
    }
    if (!nonEmpty(raw.Type)) problems.push(`Action "${id}": Type must be a non-empty string`);
    if (raw.Parameters !== undefined && !isObject(raw.Parameters)) problems.push(`Action "${id}": Parameters must be an object`);
    const transitions = raw.Transitions ?? {};
    let next: string | undefined;
    if (!isObject(transitions)) {
      problems.push(`Action "${id}": Transitions must be an object`);
    } else {
      if (transitions.NextAction !== undefined) {
        if (nonEmpty(transitions.NextAction)) next = transitions.NextAction;
        else problems.push(`Action "${id}": Transitions.NextAction must be a non-empty string`);
      }
      if (next !== undefined) targets.push([id, next]);
      const errors = transitions.Errors ?? [];
      if (!Array.isArray(errors)) problems.push(`Action "${id}": Transitions.Errors must be an array`);
      else
        for (const e of errors as unknown[]) {
          if (isObject(e) && nonEmpty(e.NextAction)) targets.push([id, e.NextAction]);
          else problems.push(`Action "${id}": every Transitions.Errors entry needs a NextAction`);
        }
    }
    actions.set(id, {
      id,
      type: typeof raw.Type === 'string' ? raw.Type : '',
      parameters: isObject(raw.Parameters) ? raw.Parameters : {},
      ...(next !== undefined ? { next } : {}),
    });
  }
  for (const [from, to] of targets)
    if (!actions.has(to)) problems.push(`Action "${from}" transitions to "${to}", which does not exist`);
  if (nonEmpty(doc.StartAction) && !actions.has(doc.StartAction))
    problems.push(`StartAction "${doc.StartAction}" does not exist`);
  return problems.length ? undefined : { start: doc.StartAction as string, actions };
}

/** A queue reference: a bare id, or a queue ARN (not an agent queue, not a dynamic `$.…` value). */
function queueIdOf(value: unknown): string | undefined {
  if (!nonEmpty(value) || value.startsWith('$') || value.length > 500) return undefined;
  if (!value.startsWith('arn:')) return /^[A-Za-z0-9_.:-]+$/.test(value) ? value : undefined;
  const arn = parseArn(value);
  if (arn?.segment !== 'queue' || !arn.resourceId || arn.resourceId.includes('/')) return undefined;
  return arn.resourceId;
}

/** RecordingBehavior.RecordedParticipants: 'Agent' / 'Customer', each once, upper-cased; undefined if malformed. */
function recordedParticipantsOf(behavior: unknown): ('AGENT' | 'CUSTOMER')[] | undefined {
  if (!isObject(behavior) || !Array.isArray(behavior.RecordedParticipants)) return undefined;
  const out: ('AGENT' | 'CUSTOMER')[] = [];
  for (const p of behavior.RecordedParticipants as unknown[]) {
    if (p !== 'Agent' && p !== 'Customer') return undefined;
    const upper = p === 'Agent' ? 'AGENT' : 'CUSTOMER';
    if (!out.includes(upper)) out.push(upper);
  }
  return out;
}

/** Runs the flow from StartAction; never throws. */
export function interpretFlow(content: string): FlowInterpretation {
  const problems: string[] = [];
  try {
    const parsed = readActions(content, problems);
    if (!parsed) return { ok: false, problems };
    const greetings: string[] = [];
    const interactive: string[] = [];
    let target: string | undefined;
    let transferred = false;
    let recorded: ('AGENT' | 'CUSTOMER')[] | undefined;
    const visited = new Set<string>();
    for (let id: string | undefined = parsed.start; id !== undefined; ) {
      const action: Action | undefined = parsed.actions.get(id);
      if (!action) break; // checked by readActions
      if (visited.has(id)) {
        problems.push(`Action "${id}" is reached twice: loops are not supported`);
        break;
      }
      visited.add(id);
      const where = `Action "${id}" (${action.type})`;
      let terminal = false;
      switch (action.type) {
        case 'MessageParticipant': {
          const { Text, InteractiveMessage } = action.parameters;
          if (InteractiveMessage !== undefined) {
            const read = readInteractiveMessage(InteractiveMessage);
            if (read.ok) interactive.push(read.content);
            else for (const p of read.problems) problems.push(`${where}: Parameters.InteractiveMessage: ${p}`);
          }
          if (nonEmpty(Text)) greetings.push(Text);
          else if (Text !== undefined || InteractiveMessage === undefined)
            problems.push(`${where}: Parameters.Text must be a non-empty string (prompts and SSML are not supported)`);
          break;
        }
        case 'UpdateContactTargetQueue': {
          const queueId = queueIdOf(action.parameters.QueueId);
          if (queueId) target = queueId;
          else problems.push(`${where}: Parameters.QueueId must be a queue id or queue ARN`);
          break;
        }
        case 'TransferContactToQueue':
          transferred = true;
          terminal = true;
          break;
        case 'DisconnectParticipant':
          terminal = true;
          break;
        case 'UpdateContactRecordingBehavior': {
          const read = recordedParticipantsOf(action.parameters.RecordingBehavior);
          if (read) recorded = read;
          else
            problems.push(
              `${where}: Parameters.RecordingBehavior.RecordedParticipants must be an array of "Agent" and "Customer"`,
            );
          break;
        }
        default:
          problems.push(`${where}: unsupported action type (supported: ${SUPPORTED_FLOW_ACTIONS.join(', ')})`);
          terminal = true;
      }
      if (terminal) break;
      if (action.next === undefined) problems.push(`${where} has no Transitions.NextAction`);
      id = action.next;
    }
    if (problems.length) return { ok: false, problems };
    const flow: {
      greeting?: string;
      interactive?: string[];
      targetQueueId?: string;
      transfer: boolean;
      recordedParticipants?: ('AGENT' | 'CUSTOMER')[];
    } = {
      transfer: transferred,
    };
    if (recorded !== undefined) flow.recordedParticipants = recorded;
    if (greetings.length) flow.greeting = greetings.join(' ');
    if (interactive.length) flow.interactive = interactive;
    if (transferred && target !== undefined) flow.targetQueueId = target;
    return { ok: true, flow };
  } catch (err) {
    return {
      ok: false,
      problems: [...problems, `Content could not be read: ${err instanceof Error ? err.message : String(err)}`],
    };
  }
}

/**
 * Flow-language content for the common case: optionally greet, then send interactive
 * messages (ListPicker / QuickReply templates as JSON, flow/interactive.ts), then transfer
 * to `queueId` (or, without one, to the queue the contact already has, as transfer flows
 * do); any error disconnects. Deterministic (same input, same bytes).
 */
export function buildSimpleFlow(opts: {
  readonly queueId?: string;
  readonly greeting?: string;
  readonly interactive?: readonly string[];
}): string {
  const disconnectOnError = (...types: string[]) => types.map((ErrorType) => ({ NextAction: 'disconnect', ErrorType }));
  const messages: { id: string; parameters: Record<string, unknown> }[] = [];
  if (opts.greeting !== undefined && opts.greeting.trim() !== '')
    messages.push({ id: 'greeting', parameters: { Text: opts.greeting } });
  for (const [i, content] of (opts.interactive ?? []).entries()) {
    messages.push({ id: `interactive-${i + 1}`, parameters: { InteractiveMessage: JSON.parse(content) as unknown } });
  }
  const actions: unknown[] = [];
  messages.forEach((m, i) => {
    actions.push({
      Identifier: m.id,
      Type: 'MessageParticipant',
      Parameters: m.parameters,
      Transitions: {
        NextAction: messages[i + 1]?.id ?? (opts.queueId !== undefined ? 'set-queue' : 'transfer'),
        Errors: disconnectOnError('NoMatchingError'),
      },
    });
  });
  if (opts.queueId !== undefined) {
    actions.push({
      Identifier: 'set-queue',
      Type: 'UpdateContactTargetQueue',
      Parameters: { QueueId: opts.queueId },
      Transitions: { NextAction: 'transfer', Errors: disconnectOnError('NoMatchingError') },
    });
  }
  actions.push(
    {
      Identifier: 'transfer',
      Type: 'TransferContactToQueue',
      Parameters: {},
      Transitions: { Errors: disconnectOnError('QueueAtCapacity', 'NoMatchingError') },
    },
    { Identifier: 'disconnect', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  );
  const start = (actions[0] as { Identifier: string }).Identifier;
  return JSON.stringify({ Version: FLOW_LANGUAGE_VERSION, StartAction: start, Actions: actions });
}
