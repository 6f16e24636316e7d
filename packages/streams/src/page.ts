/**
 * The page-level helpers of Streams' `connect` namespace that the agent, chat, task and voice
 * scopes reach (api-streams-surface.md §2): where this page stands (`isFramed`, `isCCP`,
 * `isCRM`), leading for a topic (`becomeMaster`), the telemetry broadcasts (`publishMetric`,
 * `publishClickStreamData`) and `SessionExpirationWarningManager`.
 */
import { EventType } from './enums.js';
import type { Runtime } from './runtime.js';
import { assertNotNull } from './util.js';

type Subscription = { unsubscribe(): void };

/**
 * Streams' `new connect.SessionExpirationWarningManager()`: warnings before an inactivity
 * logout. Switchboard's agent sessions refresh themselves and are not ended for inactivity
 * (`connect.sendActivity` has nothing to do), so these subscriptions are kept but never fire.
 */
export class SessionExpirationWarningManager {
  onExpirationWarning(_f: (e: { expiration: number }) => void): Subscription {
    return { unsubscribe() {} };
  }
  onExpirationWarningCleared(_f: () => void): Subscription {
    return { unsubscribe() {} };
  }
  onSessionExtensionError(_f: (e: { isWarningActive: boolean; errorDetails: unknown }) => void): Subscription {
    return { unsubscribe() {} };
  }
}

export function pageHelpers(rt: Runtime) {
  let becomeRequests = 0;
  const broadcast = (event: string, data: unknown): void => rt.broadcast(event, data);
  return {
    /** True when this page runs in a frame (or its top cannot be read). */
    isFramed(): boolean {
      try {
        return globalThis.self !== globalThis.top;
      } catch {
        return true;
      }
    },
    /** True only in the CCP itself (its shared-worker conduit): never in this SDK. */
    isCCP(): boolean {
      return false;
    },
    /** True when this page embeds a CCP (`core.initCCP`). */
    isCRM(): boolean {
      return rt.transport?.kind === 'iframe';
    },
    /**
     * Streams' `connect.becomeMaster(topic, success?, failure?)`: asks the framed CCP to make
     * this tab the master for `topic`, `success` once it answered; with the direct transport
     * each `connect` is on its own and leads at once.
     */
    becomeMaster(topic: string, success?: () => void, _failure?: () => void): void {
      assertNotNull(topic, 'A topic');
      const t = rt.transport;
      if (t?.kind !== 'iframe' || !t.send) {
        success?.();
        return;
      }
      const requestId = `become-master-${++becomeRequests}`;
      const sub = rt.bus.subscribe('master_response', (d: unknown) => {
        if ((d as { requestId?: unknown } | null)?.requestId !== requestId) return;
        sub.unsubscribe();
        success?.();
      });
      t.send('master_request', { event: 'master_request', requestId, method: 'becomeMaster', params: { topic } });
    },
    /** Broadcasts `client_metric` with `metricData` (the CCP's tabs and this bus hear it). */
    publishMetric(metricData: unknown): void {
      broadcast(EventType.CLIENT_METRIC, metricData);
    },
    /** Broadcasts `click_stream_data` with `report`. */
    publishClickStreamData(report: unknown): void {
      broadcast(EventType.CLICK_STREAM_DATA, report);
    },
  };
}
