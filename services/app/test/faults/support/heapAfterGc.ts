// The app's live heap, measured the way a leak shows: force a full garbage collection in the app
// process through its inspector (the app runs with `--inspect=127.0.0.1:0`), then read
// process.memoryUsage(). RSS alone is a poor leak signal: V8 grows old space in steps and
// returns it to the OS late, so two RSS samples a few seconds apart differ by tens of MB with no
// leak at all (the soak once failed on a 217 → 295 MB RSS step that a GC took back).
import WebSocket from 'ws';

export interface HeapProbe {
  /** Heap used after a full GC, in bytes. */
  heapUsedAfterGc(): Promise<number>;
  close(): void;
}

/** Connects to the inspector whose `ws://…` URL the app printed on stderr. */
export async function connectHeapProbe(logLines: () => string[]): Promise<HeapProbe> {
  const url = logLines()
    .map((l) => /Debugger listening on (ws:\/\/\S+)/.exec(l)?.[1])
    .find(Boolean);
  if (!url) throw new Error('the app printed no inspector URL: start it with --inspect=127.0.0.1:0');
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) pending.get(message.id)?.(message);
    pending.delete(message.id ?? -1);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    async heapUsedAfterGc() {
      // Twice: the first pass runs finalizers that free more on the second.
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
      const result = (await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true })) as { result: { value: number } };
      return result.result.value;
    },
    close: () => socket.close(),
  };
}
