// A known path asked with a method it does not serve (TRACE, PUT on the lobby, …) answers 405
// with the Allow header, not 404. The paths and their methods come from the OpenAPI document, so
// a new route is covered without a list to keep up to date. OPTIONS answers 204 with Allow.
import type { RequestHandler } from 'express';

interface Route {
  pattern: RegExp;
  methods: string[];
}

const toPattern = (path: string) => new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`);

export function methodNotAllowed(document: { paths: Record<string, Record<string, unknown>> }, extra: Record<string, string[]> = {}): RequestHandler {
  const routes: Route[] = [
    ...Object.entries(document.paths).map(([path, ops]) => ({ pattern: toPattern(path), methods: Object.keys(ops).map((m) => m.toUpperCase()) })),
    ...Object.entries(extra).map(([path, methods]) => ({ pattern: toPattern(path), methods })),
  ];
  return (req, res, next) => {
    const route = routes.find((r) => r.pattern.test(req.path));
    if (!route) return next();
    const allowed = [...new Set([...route.methods, ...(route.methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'])];
    if (allowed.includes(req.method) && req.method !== 'OPTIONS') return next();
    res.set('Allow', allowed.join(', '));
    if (req.method === 'OPTIONS') return void res.status(204).end();
    res.status(405).json({ ok: false, error: { code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not allowed on ${req.path}; allowed: ${allowed.join(', ')}` } });
  };
}
