// Vite config: the production build (served by `npm start`) and the dev server, which proxies
// the API and socket.io to a running app (BOOKTALK_API_URL, default http://localhost:3000).
import vue from '@vitejs/plugin-vue';
import { type ProxyOptions, defineConfig } from 'vite';

const api = process.env.BOOKTALK_API_URL ?? 'http://localhost:3000';

/**
 * The app only accepts socket.io handshakes from its own origin (or BOOKTALK_CORS_ORIGINS):
 * through the proxy the page's origin is the dev server's, so present the API's own instead.
 */
const sameOrigin: ProxyOptions = {
  target: api,
  changeOrigin: true,
  configure: (proxy) => {
    proxy.on('proxyReq', (req) => req.getHeader('origin') && req.setHeader('origin', api));
    proxy.on('proxyReqWs', (req) => req.getHeader('origin') && req.setHeader('origin', api));
  },
};

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 900 },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: {
      '/api': sameOrigin,
      '/health': sameOrigin,
      '/socket.io': { ...sameOrigin, ws: true },
    },
  },
});
