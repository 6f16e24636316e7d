/**
 * `<switchboard-chat config="<widget id>" server="https://host">`: the customer chat
 * widget. A thin lit element over WidgetController (controller.ts), which holds the state
 * and does the work; this file renders it (view/), moves focus on purpose, saves files,
 * and forwards the page's visibility and other tabs' storage changes. Shadow DOM keeps
 * the page's CSS out and the widget's in.
 */
import { ChatSession, SessionTypes } from '@switchboard/chat';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { httpWidgetApi, type WidgetApi } from './api.js';
import { CallController, scriptVoiceLoader } from './call.js';
import { type WidgetEvents, WidgetController, type WidgetState } from './controller.js';
import { mergeStrings, themeColours } from './format.js';
import { chatKey, type StoredChat, safeStore, WidgetStorage } from './storage.js';
import { en, type Strings } from './strings/en.js';
import type { ViewContext } from './view/context.js';
import { conversationStyles } from './view/conversation/conversation.styles.js';
import { endedStyles } from './view/ended/ended.styles.js';
import { launcher } from './view/launcher/launcher.js';
import { leaveMessageStyles } from './view/leave-message/leave-message.styles.js';
import { launcherStyles } from './view/launcher/launcher.styles.js';
import { panel } from './view/panel/panel.js';
import { panelStyles } from './view/panel/panel.styles.js';
import { prechatStyles } from './view/prechat/prechat.styles.js';
import { callStyles } from './view/call/call.styles.js';
import { baseStyles } from './view/styles.js';

/** JSON attributes (`strings`, `contact-attributes`): an object, or undefined (with a warning) when not one. */
const jsonObject = {
  fromAttribute(value: string | null): Record<string, unknown> | undefined {
    if (!value) return undefined;
    try {
      const v = JSON.parse(value) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // below
    }
    console.warn('switchboard-chat: an attribute that should hold a JSON object does not; it is ignored');
    return undefined;
  },
};

/** The chat SDK's customer session for a stored chat. */
const createSession = (chat: StoredChat) =>
  ChatSession.create({
    type: SessionTypes.CUSTOMER,
    chatDetails: { ContactId: chat.contactId, ParticipantId: chat.participantId, ParticipantToken: chat.participantToken },
    options: { endpoint: chat.participantEndpoint },
  });

export class SwitchboardChat extends LitElement {
  static override properties = {
    config: { type: String },
    server: { type: String },
    strings: { attribute: 'strings', converter: jsonObject },
    contactAttributes: { attribute: 'contact-attributes', converter: jsonObject },
    dragging: { state: true },
  };

  static override styles = [
    baseStyles,
    launcherStyles,
    panelStyles,
    prechatStyles,
    leaveMessageStyles,
    conversationStyles,
    endedStyles,
    callStyles,
  ];

  /** The widget configuration's id. */
  declare config: string | undefined;
  /** The Switchboard server's URL (default: this page's origin). */
  declare server: string | undefined;
  /** Replacements for any of the English strings (see strings/en.ts). */
  declare strings: Partial<Strings> | undefined;
  /** Contact attributes to send when a chat starts (the server keeps those its configuration allows). */
  declare contactAttributes: Record<string, string> | undefined;
  declare private dragging: boolean;

  private controller: WidgetController | undefined;
  private call: CallController | undefined;
  private unsubscribeCall: (() => void) | undefined;
  private callTimer: ReturnType<typeof setInterval> | undefined;
  private callWasActive = false;
  private unsubscribe: (() => void) | undefined;
  private previous: WidgetState | undefined;
  private stickToBottom = true;
  private mergedFor: unknown;
  private merged: Strings = en;

  constructor() {
    super();
    this.dragging = false;
  }

  // ---------------------------------------------------------------------------------------
  // The host page's API

  /** Opens the panel. */
  open(): void {
    this.controller?.open();
  }

  /** Closes the panel (the chat goes on). */
  close(): void {
    this.controller?.close();
  }

  toggle(): void {
    this.controller?.toggle();
  }

  // ---------------------------------------------------------------------------------------
  // Lifecycle

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('storage', this.onStorage);
    // Back on the page after a move: start again from the stored chat.
    if (!this.controller && this.config) this.requestUpdate('config');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('storage', this.onStorage);
    this.teardown();
  }

  private teardown(): void {
    this.unsubscribeCall?.();
    this.unsubscribeCall = undefined;
    this.call?.dispose();
    this.call = undefined;
    clearInterval(this.callTimer);
    this.callTimer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.controller?.dispose();
    this.controller = undefined;
    this.previous = undefined;
  }

  private setup(): void {
    this.teardown();
    const id = this.config?.trim();
    if (!id) return;
    const server = (this.server?.trim() || location.origin).replace(/\/+$/, '');
    const storage = new WidgetStorage(
      { session: safeStore(() => window.sessionStorage), local: safeStore(() => window.localStorage) },
      id,
    );
    const api = httpWidgetApi(server);
    const controller = new WidgetController({
      configId: id,
      api,
      storage,
      createSession,
      strings: () => this.text,
      locale: () => this.locale,
      attributes: () => this.pageAttributes(),
      emit: <K extends keyof WidgetEvents>(name: K, detail: WidgetEvents[K]) =>
        this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true })),
      visible: () => document.visibilityState !== 'hidden',
    });
    this.controller = controller;
    this.unsubscribe = controller.subscribe(() => this.requestUpdate());
    this.setupCall(api, id, server, storage);
    void controller.start();
  }

  /** "Call us": the call's controller; the voice client comes from widget-voice.js beside widget.js. */
  private setupCall(api: WidgetApi, id: string, server: string, storage: WidgetStorage): void {
    const call = new CallController({
      startCall: () => {
        const input = this.controller?.callInput();
        if (!input) return Promise.reject(new Error('form'));
        return api.startCall(id, input);
      },
      loadVoice: scriptVoiceLoader(`${server}/widget-voice.js`),
      getMicrophone: () => navigator.mediaDevices.getUserMedia({ audio: true }),
      strings: () => this.text,
      reducedMotion: () => !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches,
      keep: (c) => storage.saveCall(c),
      kept: () => storage.loadCall(),
    });
    this.call = call;
    this.unsubscribeCall = call.subscribe(() => {
      const timing = call.state.connectedAt !== undefined && call.active;
      if (timing && !this.callTimer) this.callTimer = setInterval(() => this.requestUpdate(), 1000);
      else if (!timing && this.callTimer) {
        clearInterval(this.callTimer);
        this.callTimer = undefined;
      }
      this.requestUpdate();
    });
    // A call under way before a reload: rejoined.
    call.resume();
  }

  /** Checks the form (its problems shown, focus on the first), then calls. */
  private startCall(): void {
    if (!this.controller?.callInput()) {
      requestAnimationFrame(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    void this.call?.start();
  }

  private readonly onVisibility = () => this.controller?.visibilityChanged();

  private readonly onStorage = (e: StorageEvent) => {
    if (this.config && e.key === chatKey(this.config.trim())) this.controller?.storageChanged(e.newValue);
  };

  private get text(): Strings {
    if (this.mergedFor !== this.strings) {
      this.mergedFor = this.strings;
      this.merged = mergeStrings(en, this.strings);
    }
    return this.merged;
  }

  private get locale(): string | undefined {
    return this.closest('[lang]')?.getAttribute('lang') || navigator.language || undefined;
  }

  private pageAttributes(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.contactAttributes ?? {})) if (typeof v === 'string') out[k] = v;
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Rendering

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('config') || changed.has('server') || (!this.controller && this.config)) this.setup();
    const scroller = this.renderRoot?.querySelector?.('#scroller');
    this.stickToBottom = !scroller || scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  protected override render() {
    const c = this.controller;
    if (!c) return nothing;
    const st = c.state;
    if (st.phase === 'unavailable' || (st.phase === 'loading' && !st.config)) return nothing;
    const theme = themeColours(st.config?.theme.primaryColor);
    const ctx: ViewContext = {
      c,
      st,
      s: this.text,
      locale: this.locale,
      saveFile: (blob, name) => this.saveFile(blob, name),
      pickFile: () => this.renderRoot.querySelector<HTMLInputElement>('#file')?.click(),
      dragging: this.dragging,
      call: this.call,
      startCall: () => this.startCall(),
      now: Date.now(),
    };
    const canDrop = st.open && st.phase === 'chat' && !!st.config?.attachments.enabled;
    const live = st.announcement.text + (st.announcement.n % 2 ? '\u00a0' : '');
    return html`<div
      class="root pos-${st.config?.theme.position ?? 'right'} ${st.open ? 'is-open' : ''}"
      style="--_cfg-primary:${theme.primary};--_cfg-on-primary:${theme.onPrimary};--_cfg-accent:${theme.accent}"
      @keydown=${this.onKeydown}
      @dragover=${canDrop ? this.onDragOver : nothing}
      @dragleave=${canDrop ? this.onDragLeave : nothing}
      @drop=${canDrop ? this.onDrop : nothing}
    >
      ${st.open ? panel(ctx) : nothing} ${launcher(ctx)}
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${live}</div>
      ${
        canDrop
          ? html`<input
            id="file"
            type="file"
            hidden
            multiple
            accept=${st.config!.attachments.contentTypes.join(',') || nothing}
            @change=${this.onPicked}
          />`
          : nothing
      }
    </div>`;
  }

  protected override updated(): void {
    const st = this.controller?.state;
    const prev = this.previous;
    this.previous = st;
    if (!st) return;
    const scroller = this.renderRoot.querySelector('#scroller');
    if (scroller && (this.stickToBottom || (st.open && !prev?.open))) scroller.scrollTop = scroller.scrollHeight;
    if (!prev) return; // the first render (a reload restoring an open panel) takes no focus
    const callActive = !!this.call?.active;
    if (callActive !== this.callWasActive) {
      this.callWasActive = callActive;
      this.renderRoot.querySelector<HTMLElement>(callActive ? '#call-title' : '#title')?.focus();
      return;
    }
    const $ = <T extends HTMLElement>(sel: string) => this.renderRoot.querySelector<T>(sel) ?? undefined;
    // Focus is ours to move when it was in the widget or fell to the page's body with a removed element.
    const ours = () => {
      const a = document.activeElement;
      return a === this || a === document.body || a === null;
    };
    if (st.open && !prev.open) {
      const phone = window.matchMedia?.('(max-width: 480px)').matches;
      const first = phone ? undefined : ($('.prechat input') ?? $('.leave input') ?? $('#message') ?? $('#ended-title'));
      (first ?? $('#title'))?.focus();
    } else if (!st.open && prev.open) {
      if (ours()) $('.launcher')?.focus();
    } else if (st.confirmingEnd && !prev.confirmingEnd) {
      $('#confirm-cancel')?.focus();
    } else if (!st.confirmingEnd && prev.confirmingEnd && st.phase === 'chat') {
      if (ours()) ($('#message') ?? $('#title'))?.focus();
    } else if (st.open && st.message.status === 'sent' && prev.message.status !== 'sent') {
      if (ours()) $('#leave-done-title')?.focus();
    } else if (st.open && st.phase === 'ended' && prev.phase !== 'ended') {
      if (ours()) $('#ended-title')?.focus();
    } else if (st.open && st.phase === 'chat' && (prev.phase === 'prechat' || prev.phase === 'starting')) {
      if (ours()) $('#message')?.focus();
    } else if (st.open && st.phase !== prev.phase && st.phase !== 'chat' && ours()) {
      ($('.prechat input') ?? $('#message') ?? $('#title'))?.focus();
    }
  }

  // ---------------------------------------------------------------------------------------
  // DOM events

  private readonly onKeydown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !this.controller?.state.open) return;
    e.stopPropagation();
    if (this.controller.state.confirmingEnd) this.controller.cancelEnd();
    else this.controller.close();
  };

  private readonly onPicked = (e: Event) => {
    const input = e.target as HTMLInputElement;
    for (const f of Array.from(input.files ?? [])) void this.controller?.attach(f);
    input.value = '';
  };

  private readonly onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  private readonly onDragLeave = (e: DragEvent) => {
    if (e.relatedTarget && this.renderRoot.contains(e.relatedTarget as Node)) return;
    this.dragging = false;
  };

  private readonly onDrop = (e: DragEvent) => {
    e.preventDefault();
    this.dragging = false;
    for (const f of Array.from(e.dataTransfer?.files ?? [])) void this.controller?.attach(f);
  };

  private saveFile(blob: Blob, name: string): void {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    a.hidden = true;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'switchboard-chat': SwitchboardChat;
  }
}
