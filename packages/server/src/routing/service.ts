/**
 * Routing for every instance this server serves: loads them at start (restoring what
 * was in flight), hands out the per-instance runtime, reconfigures after admin changes,
 * and starts again from storage when a commit fails.
 */
import { ResourceNotFoundException } from '@switchboard/core';
import type { TokenSigner } from '../auth/tokens.js';
import type { Store } from '../storage/types.js';
import { type CommitObserver, InstanceRouting, reloadingError } from './instance.js';
import { loadInstanceConfig } from './instance-config.js';
import { Persister } from './persister.js';

export interface RoutingServiceDeps {
  readonly store: Store;
  readonly signer: TokenSigner;
  readonly now: () => number;
  readonly offerTimeoutMs?: number;
  /** Destroyed contacts kept in memory per instance (tests make it small); default 2,000. */
  readonly retainDestroyed?: number;
  readonly onError: (err: unknown) => void;
  /** Told when routing was loaded again from storage after a failed commit. */
  readonly onReloaded?: () => void;
}

/** Waits between attempts to reload routing while storage keeps failing. */
const RELOAD_BACKOFF_MS = { first: 100, max: 5_000 };

export class RoutingService {
  private instances = new Map<string, InstanceRouting>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly observers: CommitObserver[] = [];
  /** Set while routing is reloaded from storage after a failed commit. */
  private reloading: Promise<void> | undefined;
  /** Reloads from storage after failed commits, so far. */
  reloads = 0;
  private closed = false;
  /** A failure while starting fails the start itself; afterwards it triggers a reload. */
  private started = false;
  readonly persister: Persister;

  private constructor(private readonly deps: RoutingServiceDeps) {
    this.persister = new Persister(deps.store, deps.onError, () => this.storageFailed());
  }

  static async start(deps: RoutingServiceDeps): Promise<RoutingService> {
    const service = new RoutingService(deps);
    service.instances = await service.loadAll();
    service.started = true;
    return service;
  }

  /** Every instance's routing as storage holds it (restoring what was in flight). */
  private async loadAll(): Promise<Map<string, InstanceRouting>> {
    const { deps } = this;
    const loaded = new Map<string, InstanceRouting>();
    try {
      const [agents, assignments, contacts] = await Promise.all([
        deps.store.agentStates.list(),
        deps.store.agentAssignments.list(),
        deps.store.contacts.listLive(),
      ]);
      let nextToken: string | undefined;
      do {
        const page = await deps.store.instances.list({ limit: 100, ...(nextToken ? { nextToken } : {}) });
        for (const instance of page.items) {
          const config = await loadInstanceConfig(deps.store, instance);
          const ir = await InstanceRouting.load(
            config,
            {
              agents: agents.filter((a) => a.instanceId === instance.id),
              assignments: assignments.filter((a) => a.instanceId === instance.id),
              contacts: contacts.filter((c) => c.instanceId === instance.id),
            },
            {
              persister: this.persister,
              observers: () => this.observers,
              signer: deps.signer,
              now: deps.now,
              onError: deps.onError,
              ...(deps.offerTimeoutMs !== undefined ? { offerTimeoutMs: deps.offerTimeoutMs } : {}),
              ...(deps.retainDestroyed !== undefined ? { retainDestroyed: deps.retainDestroyed } : {}),
            },
          );
          loaded.set(instance.id, ir);
        }
        nextToken = page.nextToken;
      } while (nextToken);
    } catch (err) {
      for (const ir of loaded.values()) ir.close();
      throw err;
    }
    return loaded;
  }

  /**
   * A commit failed (the persister already failed its callers and everything queued behind
   * it). The runtimes may hold changes storage never got, so they are superseded (they
   * refuse further changes and close their agents' sockets) and routing is loaded again
   * from storage, as a restart would, retrying with backoff while storage keeps failing.
   * Meanwhile requests are answered InternalServiceException, which clients retry.
   */
  private storageFailed(): void {
    for (const ir of this.instances.values()) ir.supersede();
    if (this.reloading || this.closed || !this.started) return;
    this.reloading = (async () => {
      let wait = RELOAD_BACKOFF_MS.first;
      while (!this.closed) {
        try {
          const fresh = await this.loadAll();
          if (this.closed) {
            for (const ir of fresh.values()) ir.close();
            return;
          }
          this.instances = fresh;
          this.reloads++;
          this.deps.onReloaded?.();
          return;
        } catch (err) {
          this.deps.onError(err);
          await new Promise((r) => setTimeout(r, wait).unref());
          wait = Math.min(wait * 2, RELOAD_BACKOFF_MS.max);
        }
      }
    })().finally(() => {
      this.reloading = undefined;
    });
  }

  /** The chat service and the voice calls watch routing through this (each sees every commit, in the order added). */
  addObserver(observer: CommitObserver): void {
    this.observers.push(observer);
  }

  /** True while routing is loaded again from storage after a failed commit. */
  get isReloading(): boolean {
    return this.reloading !== undefined;
  }

  /** Every served instance's routing that is current (none while reloading). */
  *current(): Iterable<InstanceRouting> {
    for (const ir of this.instances.values()) if (!ir.superseded) yield ir;
  }

  /** The served instance's routing, or undefined (no throw). */
  served(instanceId: string): InstanceRouting | undefined {
    return this.instances.get(instanceId);
  }

  /**
   * The served instance's routing. While it is being reloaded after a failed commit this
   * throws InternalServiceException: what the old runtime shows may never have been stored.
   */
  instance(instanceId: string): InstanceRouting {
    const ir = this.instances.get(instanceId);
    if (!ir) throw new ResourceNotFoundException(`Instance not found: ${instanceId}`, { ResourceType: 'INSTANCE' });
    if (ir.superseded) throw reloadingError();
    return ir;
  }

  /** A customer (or any) participant's token for CreateParticipantConnection. */
  participantToken(instanceId: string, contactId: string, participantId: string, expiresAt: number): string {
    return this.deps.signer.sign({ k: 'participant', i: instanceId, c: contactId, p: participantId, e: expiresAt });
  }

  /** The token that opens a participant's leg of a web call (docs/voice.md). */
  voiceToken(instanceId: string, contactId: string, participantId: string, expiresAt: number): string {
    return this.deps.signer.sign({ k: 'voice', i: instanceId, c: contactId, p: participantId, e: expiresAt });
  }

  get signer(): TokenSigner {
    return this.deps.signer;
  }

  /** After an admin change: reload the instance's resources (coalesced per instance). */
  configChanged(instanceId: string): Promise<void> {
    // A reload in progress reads the resources itself; wait for it, then apply on top.
    if (this.reloading) return this.reloading.then(() => this.configChanged(instanceId));
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
    this.closed = true;
    for (const ir of this.instances.values()) ir.close();
    await this.persister.flush();
  }
}
