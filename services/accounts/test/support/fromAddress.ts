// A JSON request from a chosen loopback address (127.0.0.2, 127.0.0.3, …): a client elsewhere,
// as the server sees it, without trusting any proxy header.
import { request } from 'node:http';

export interface AddressedReply {
  status: number;
  retryAfter: string | null;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function postFrom(localAddress: string, base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<AddressedReply> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          const retry = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, retryAfter: typeof retry === 'string' ? retry : null, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
