import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The Python backend listens here in development. Everything the SPA calls
// lives under the same origin, so the dev server forwards these prefixes.
const backend = process.env.COLLABMARKET_API_URL ?? 'http://127.0.0.1:8000'
const proxied = ['/api', '/docs', '/openapi.json', '/health', '/ready']

export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: Object.fromEntries(
      // ws: the real-time socket lives under /api (/api/v1/ws).
      proxied.map((prefix) => [prefix, { target: backend, changeOrigin: false, ws: prefix === '/api' }]),
    ),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
})
