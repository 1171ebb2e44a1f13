// Vite config: the production build (served by `npm start`) and the dev server, which proxies
// the API and socket.io to a running app (BOOKTALK_API_URL, default http://localhost:3000).
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const api = process.env.BOOKTALK_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 900 },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: {
      '/api': { target: api, changeOrigin: true },
      '/health': { target: api, changeOrigin: true },
      '/socket.io': { target: api, changeOrigin: true, ws: true },
    },
  },
});
