// Security headers on every HTTP answer (helmet): a Content-Security-Policy, no framing, no
// referrer, no MIME sniffing. The policy is what the built Vue app needs and nothing more:
// - scripts and styles only from this origin: the Vite build emits no inline script or style
//   (web/dist/index.html links its bundles), and Vue's `:style` bindings go through the CSSOM,
//   which style-src does not govern; the plain landing page's one <style> is allowed by its hash;
// - connections to this origin: the API and the socket.io websocket (CSP 3: 'self' covers ws:
//   and wss: to the same host); WebRTC's peer connections are not fetches, CSP does not cover them;
// - images from this origin and data: URIs (the favicon is one);
// - no plugins, no <base>, forms post here only, and no page may frame the app (clickjacking).
// Not sent here: Strict-Transport-Security. `npm start` serves plain HTTP on localhost, where an
// HSTS header (if a proxy ever passed it on) would pin every port of localhost to HTTPS; the
// TLS terminator in front (nginx in infra/compose) is the place for it.
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** The CSP source for an inline <style> whose text is exactly `css`. */
export const styleHash = (css: string): string => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

export function securityHeaders({ inlineStyles = [] }: { inlineStyles?: string[] } = {}): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", ...inlineStyles.map(styleHash)],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // X-Frame-Options for browsers that predate frame-ancestors.
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
}
