/**
 * The ringtone: two soft tones every 3 s, made with Web Audio (no file to load or to be
 * blocked). Browsers start audio only after the page had a user gesture; until then the
 * ring is silent and the visual alert carries it.
 */
export class Ringtone {
  private ctx: AudioContext | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    // Marks the page while it rings (styling hooks, and tests check that one tab rings).
    if (globalThis.document) document.documentElement.dataset.ringing = 'true';
    if (this.timer) return;
    const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
    if (!Ctx) return;
    try {
      this.ctx ??= new Ctx();
      void this.ctx.resume().catch(() => undefined);
    } catch {
      return;
    }
    this.ring();
    this.timer = setInterval(() => this.ring(), 3000);
  }

  stop(): void {
    if (globalThis.document) delete document.documentElement.dataset.ringing;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private ring(): void {
    const ctx = this.ctx;
    if (ctx?.state !== 'running') return;
    const t0 = ctx.currentTime;
    for (const [i, f] of [660, 880].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = f;
      const at = t0 + i * 0.35;
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(0.18, at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.001, at + 0.3);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.32);
    }
  }
}
