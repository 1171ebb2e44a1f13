// Serving the built web app from the API's express app. `prepareWebApp()` builds web/ with
// Vite's JS API when dist/ is missing or older than any source, saying so on stdout, then
// returns a static handler with an SPA fallback (index.html for any GET that is not the API).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import { withBuildLock } from './buildLock.ts';

export const WEB_ROOT = dirname(fileURLToPath(import.meta.url));
const DIST = join(WEB_ROOT, 'dist');
/** Paths the app serves itself: never answered with index.html. */
const NOT_SPA = /^\/(api|health|metrics|socket\.io)(\/|$)/;
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json', '../contracts/src'];

export interface WebAppOptions {
  /** Where to say "building the web app…" (default console.log). */
  log?: (line: string) => void;
  /** Build even when dist/ looks fresh. */
  force?: boolean;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why dist/ must be rebuilt, or null when it is up to date. */
export function staleReason(root = WEB_ROOT): string | null {
  const index = join(root, 'dist', 'index.html');
  if (!existsSync(index)) return 'no build yet';
  const built = statSync(index).mtimeMs;
  const changed = SOURCES.find((s) => newestMtime(join(root, s)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

export async function buildWebApp(log: (line: string) => void = console.log): Promise<void> {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s (web/dist)`);
}

/**
 * Builds when needed, then returns the handler to mount last-but-one (before the 404). Builds
 * hold a lock (web/.build-lock), so a second process starting meanwhile waits and then finds
 * dist/ fresh instead of rewriting it under the first one.
 */
export async function prepareWebApp({ log = console.log, force = false }: WebAppOptions = {}): Promise<RequestHandler> {
  if (force || staleReason()) {
    await withBuildLock(join(WEB_ROOT, '.build-lock'), async () => {
      const reason = force ? 'forced' : staleReason();
      if (!reason) return;
      log(`building the web app (${reason})…`);
      await buildWebApp(log);
    });
  }
  return webAppHandler(DIST);
}

export function webAppHandler(dist = DIST): RequestHandler {
  const assets = express.static(dist, { index: false, maxAge: '1h', setHeaders: noCacheForHtml });
  const index = join(dist, 'index.html');
  return (req, res, next) => {
    if (NOT_SPA.test(req.path)) return next();
    assets(req, res, () => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index, (err) => err && next(err));
    });
  };
}

function noCacheForHtml(res: express.Response, path: string): void {
  // Hashed assets may be cached; index.html must not be, or a rebuild would go unseen.
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
  else if (/-[A-Za-z0-9_-]{8}\.(js|css)$/.test(path)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}
