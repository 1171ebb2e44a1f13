// Imported first by main.ts, before any schema is built: zod compiles object parsers with
// `new Function` when it may, and finds out whether it may by trying it once. The page's
// Content-Security-Policy (script-src 'self', no 'unsafe-eval') refuses that, so every page load
// reported a CSP violation before zod fell back. Without the try, nothing is reported.
import { z } from 'zod';

z.config({ jitless: true });
