// The app, reached from inside another network namespace: a unix socket here (the filesystem
// crosses namespaces) piped to the app's TCP port (unixBridge), and inside the namespace a TCP listener on
// 127.0.0.1 piped to that socket (a small node process started with nsenter). Raw byte pipes,
// so HTTP and the socket.io WebSocket upgrade pass unchanged.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// The unix-socket half is the signaling stage tests' own (it serves their Node peers the same way).
import { unixBridge } from '../../../../services/signaling/test/stage/support/peers.ts';

export interface NetnsBridge {
  /** The app's base URL as seen from inside the namespace. */
  url: string;
  /** The unix socket that reaches the app (for peers that dial it themselves). */
  socketPath: string;
  close(): Promise<void>;
}

const INSIDE = `
const net = require('node:net');
const [port, sock] = process.argv.slice(1);
net.createServer((c) => {
  const u = net.createConnection(sock);
  c.pipe(u).pipe(c);
  const end = () => { c.destroy(); u.destroy(); };
  c.on('error', end).on('close', end); u.on('error', end).on('close', end);
}).listen(Number(port), '127.0.0.1', () => console.log('bridge ready'));
`;

export async function bridgeIntoNetns(appUrl: string, netnsPid: number, insidePort = 18_080): Promise<NetnsBridge> {
  const outside = await unixBridge(Number(new URL(appUrl).port));
  const inside: ChildProcess = spawn('nsenter', ['-t', String(netnsPid), '-n', process.execPath, '-e', INSIDE, String(insidePort), outside.path], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    inside.stdout!.on('data', (d: Buffer) => d.toString().includes('bridge ready') && resolve());
    inside.once('exit', (code) => reject(new Error(`the bridge inside the namespace exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${insidePort}`,
    socketPath: outside.path,
    close: async () => {
      inside.kill('SIGKILL');
      await outside.close();
    },
  };
}

/** A launcher that runs Chromium inside the namespace (playwright talks to it over pipes). */
export function chromiumInNetns(executablePath: string, netnsPid: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'booktalk-chromium-'));
  const wrapper = path.join(dir, 'chromium');
  writeFileSync(wrapper, `#!/bin/sh\nexec nsenter -t ${netnsPid} -n ${executablePath} "$@"\n`, { mode: 0o755 });
  return wrapper;
}
