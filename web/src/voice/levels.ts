// Audio levels (0–1) of local and remote streams, for the level meter and speaking rings.
// One AudioContext; each stream gets an analyser; read on a timer (no audio goes out of here).

export class LevelMeter {
  private ctx: AudioContext | null = null;
  private sources = new Map<string, { analyser: AnalyserNode; node: MediaStreamAudioSourceNode }>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly onLevels: (levels: Record<string, number>) => void, private readonly everyMs = 100) {}

  watch(key: string, stream: MediaStream): void {
    if (typeof AudioContext === 'undefined') return;
    this.unwatch(key);
    this.ctx ??= new AudioContext();
    const node = this.ctx.createMediaStreamSource(stream);
    const analyser = this.ctx.createAnalyser();
    analyser.fftSize = 512;
    node.connect(analyser);
    this.sources.set(key, { analyser, node });
    this.timer ??= setInterval(() => this.sample(), this.everyMs);
  }

  unwatch(key: string): void {
    const s = this.sources.get(key);
    if (!s) return;
    s.node.disconnect();
    this.sources.delete(key);
  }

  /** A context made before any gesture starts suspended: resume it from one (the "Listen" tap). */
  resume(): void {
    void this.ctx?.resume().catch(() => undefined);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const k of [...this.sources.keys()]) this.unwatch(k);
    void this.ctx?.close().catch(() => undefined);
    this.ctx = null;
  }

  private sample(): void {
    const out: Record<string, number> = {};
    const buf = new Float32Array(512);
    for (const [key, { analyser }] of this.sources) {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      out[key] = Math.min(1, Math.sqrt(sum / buf.length) * 4);
    }
    this.onLevels(out);
  }
}
