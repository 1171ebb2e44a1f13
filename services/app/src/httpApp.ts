// The express app of the embedded default: command API, query API, health, and a landing page.
import express from 'express';
import type { RequestHandler, Router } from 'express';
import { securityHeaders } from './securityHeaders.ts';

export interface HttpAppParts {
  health: Router;
  /** Per-client request limit, in front of every API route. */
  rateLimit: RequestHandler;
  /** 405 with Allow for a known path asked with another method. */
  methodNotAllowed: RequestHandler;
  /** The built Vue app (static files + SPA fallback); the plain landing page without it. */
  webApp?: RequestHandler | undefined;
  commandRouter: Router;
  queryRouter: Router;
  errorHandler: express.ErrorRequestHandler;
  metrics: RequestHandler;
  corsOrigins: string[];
  /** express's `trust proxy` (BOOKTALK_TRUST_PROXY): false = trust no X-Forwarded-For. */
  trustProxy?: false | number | string[];
}

/** CORS for the configured origins only (the web app served elsewhere in development). */
const cors = (origins: string[]): RequestHandler => (req, res, next) => {
  const origin = req.headers.origin;
  if (origin && origins.includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
  }
  next();
};

/** The landing page's one inline style, allowed by its hash in the Content-Security-Policy. */
const LANDING_CSS = 'body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:.1rem .3rem}';
const landing = `<!doctype html><html lang="en"><meta charset="utf-8"><title>BookTalk</title>
<style>${LANDING_CSS}</style>
<h1>BookTalk</h1>
<p>The BookTalk server is running. The web app comes in a later release; the HTTP API is here:</p>
<ul>
<li><a href="/api/openapi.json">/api/openapi.json</a> — the OpenAPI document of every endpoint</li>
<li><a href="/api/debates">/api/debates</a> — the lobby</li>
<li><a href="/health">/health</a> and <a href="/metrics">/metrics</a> (Prometheus)</li>
</ul>
<p>Start with <code>POST /api/session {"displayName": "Ada"}</code> for a token, then <code>POST /api/debates</code>.</p>
</html>`;

export function createHttpApp(parts: HttpAppParts): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders({ inlineStyles: [LANDING_CSS] }));
  // req.ip is what the per-address limits count: only a configured proxy may set it by header.
  app.set('trust proxy', parts.trustProxy ?? false);
  app.use(cors(parts.corsOrigins));
  if (!parts.webApp) {
    app.get('/', (_req, res) => {
      res.type('html').send(landing);
    });
  }
  app.get('/metrics', parts.metrics);
  app.use(parts.health);
  app.use('/api', parts.rateLimit);
  app.use(parts.methodNotAllowed);
  app.use(parts.commandRouter);
  app.use(parts.queryRouter);
  if (parts.webApp) app.use(parts.webApp);
  app.use((req, res) => {
    res.status(404).json({ ok: false, error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}` } });
  });
  app.use(parts.errorHandler);
  return app;
}
