import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staleReason, webAppHandler } from '../serve.ts';

// @vitest-environment node
let base = '';
let close: () => void;

beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'main-AbCdEf12.js'), 'console.log(1)');
  const app = express();
  app.use(webAppHandler(dist));
  app.use((_req, res) => res.status(404).json({ ok: false }));
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe('webAppHandler', () => {
  it('serves index.html for an app route (SPA fallback)', async () => {
    const res = await fetch(`${base}/debates/abc`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>app</title>');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves hashed assets as immutable', async () => {
    const res = await fetch(`${base}/assets/main-AbCdEf12.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it.each(['/api/nothing', '/health', '/metrics', '/socket.io/?EIO=4'])('leaves %s to the server', async (path) => {
    const res = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
  });

  it('does not answer a non-GET with the page', async () => {
    expect((await fetch(`${base}/debates`, { method: 'POST' })).status).toBe(404);
  });
});

describe('staleReason', () => {
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), 'web-root-'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'main.ts'), '');
    return root;
  };

  it('asks for a build when there is none', () => {
    expect(staleReason(project())).toBe('no build yet');
  });

  it('asks for a build when a source is newer than the build', () => {
    const root = project();
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'index.html'), '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'dist', 'index.html'), past, past);
    expect(staleReason(root)).toBe('src changed since the last build');
  });

  it('is satisfied when the build is newer than every source', () => {
    const root = project();
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'src', 'main.ts'), past, past);
    utimesSync(join(root, 'src'), past, past);
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'index.html'), '');
    expect(staleReason(root)).toBeNull();
  });
});
