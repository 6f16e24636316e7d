/**
 * The widget's "Call us" button (docs/widget.md#calls): a web call from the browser, routed
 * through the widget's flow as a VOICE contact. Off unless the configuration's
 * `voice.enabled` is true; offered when the flow's queue is open and an agent who takes
 * VOICE on it is there (availability.ts, channel VOICE). A flow that sends the contact to
 * no queue offers no call: nobody would answer it.
 */
import type { WidgetConfiguration } from '../model/entities.js';
import type { AgentRuntime, Millis } from '../routing/types.js';
import { type FlowTarget, widgetStatus } from './availability.js';
import { WIDGET_DEFAULTS } from './rules.js';

/** Whether the configuration has the button (`voice.enabled`, off unless turned on). */
export const voiceEnabled = (w: Pick<WidgetConfiguration, 'voice'>): boolean => w.voice?.enabled ?? WIDGET_DEFAULTS.voiceEnabled;

/** Whether a call started now would reach an agent: enabled, a queue that is open, and staffed for VOICE. */
export function voiceOffered(
  w: Pick<WidgetConfiguration, 'voice'>,
  target: FlowTarget,
  agents: Iterable<AgentRuntime>,
  now: Millis,
): boolean {
  return voiceEnabled(w) && target.kind === 'queue' && widgetStatus(target, agents, now, 'VOICE').available;
}
