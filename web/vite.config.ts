import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Served by the API under /app/ (see src/web-app.ts of the API); `npm run dev:web` serves the
// same paths from Vite on its own origin, calling the API named by VITE_JIFEN_API.
export default defineConfig({
  base: '/app/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The bundle report reads which chunks each screen loads from the manifest.
    manifest: true,
    target: 'es2020',
    chunkSizeWarningLimit: 600,
  },
  server: { host: '127.0.0.1', port: Number(process.env.WEB_PORT ?? 5173), strictPort: true },
});
