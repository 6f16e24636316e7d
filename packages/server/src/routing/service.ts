/**
 * Routing for every instance this server serves: loads them at start (restoring what
 * was in flight), hands out the per-instance runtime, reconfigures after admin changes.
 */
import { ResourceNotFoundException } from '@switchboard/core';
import type { TokenSigner } from '../auth/tokens.js';
import type { Store } from '../storage/types.js';
import { type CommitObserver, InstanceRouting } from './instance.js';
import { loadInstanceConfig } from './instance-config.js';
import { Persister } from './persister.js';

export interface RoutingServiceDeps {
  readonly store: Store;
  readonly signer: TokenSigner;
  readonly now: () => number;
  readonly offerTimeoutMs?: number;
  readonly onError: (err: unknown) => void;
}

export class RoutingService {
  private readonly instances = new Map<string, InstanceRouting>();
  private readonly pending = new Map<string, Promise<void>>();
  private observer: CommitObserver | undefined;

  private constructor(
    private readonly deps: RoutingServiceDeps,
    readonly persister: Persister,
  ) {}

  static async start(deps: RoutingServiceDeps): Promise<RoutingService> {
    const persister = new Persister(deps.store, deps.onError);
    const service = new RoutingService(deps, persister);
    const [agents, contacts] = await Promise.all([deps.store.agentStates.list(), deps.store.contacts.listLive()]);
    let nextToken: string | undefined;
    do {
      const page = await deps.store.instances.list({ limit: 100, ...(nextToken ? { nextToken } : {}) });
      for (const instance of page.items) {
        const config = await loadInstanceConfig(deps.store, instance);
        const ir = await InstanceRouting.load(
          config,
          {
            agents: agents.filter((a) => a.instanceId === instance.id),
            contacts: contacts.filter((c) => c.instanceId === instance.id),
          },
          {
            persister,
            observer: () => service.observer,
            signer: deps.signer,
            now: deps.now,
            onError: deps.onError,
            ...(deps.offerTimeoutMs !== undefined ? { offerTimeoutMs: deps.offerTimeoutMs } : {}),
          },
        );
        service.instances.set(instance.id, ir);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return service;
  }

  /** The chat service watches routing through this (one observer). */
  setObserver(observer: CommitObserver): void {
    this.observer = observer;
  }

  /** The served instance's routing, or undefined (no throw). */
  served(instanceId: string): InstanceRouting | undefined {
    return this.instances.get(instanceId);
  }

  instance(instanceId: string): InstanceRouting {
    const ir = this.instances.get(instanceId);
    if (!ir) throw new ResourceNotFoundException(`Instance not found: ${instanceId}`, { ResourceType: 'INSTANCE' });
    return ir;
  }

  /** A customer (or any) participant's token for CreateParticipantConnection. */
  participantToken(instanceId: string, contactId: string, participantId: string, expiresAt: number): string {
    return this.deps.signer.sign({ k: 'participant', i: instanceId, c: contactId, p: participantId, e: expiresAt });
  }

  get signer(): TokenSigner {
    return this.deps.signer;
  }

  /** After an admin change: reload the instance's resources (coalesced per instance). */
  configChanged(instanceId: string): Promise<void> {
    const running = this.pending.get(instanceId);
    if (running) return running.then(() => this.configChanged(instanceId));
    const work = (async () => {
      const instance = await this.deps.store.instances.get(instanceId);
      if (!instance) return;
      const config = await loadInstanceConfig(this.deps.store, instance);
      const ir = this.instances.get(instanceId);
      if (ir) await ir.reconfigure(config);
    })().finally(() => this.pending.delete(instanceId));
    this.pending.set(instanceId, work);
    return work;
  }

  async close(): Promise<void> {
    for (const ir of this.instances.values()) ir.close();
    await this.persister.flush();
  }
}
