import react from '@vitejs/plugin-react'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { compression } from 'vite-plugin-compression2'
import { VitePWA } from 'vite-plugin-pwa'
import { languageMessages } from './build/language-messages.ts'

const here = path.dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  // Vite sees only client/; shared/ is imported by relative path.
  root: here,
  plugins: [
    react(),
    languageMessages(),
    // A service worker keeps the app itself (HTML, JS, CSS, the Khmer font) on the phone, so a
    // representative can open Dey and write a report with no connection; the report waits in
    // the outbox (IndexedDB). API answers are never cached: they may name people at risk.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: {
        name: 'Dey · ដី',
        short_name: 'Dey',
        description: 'Land-dispute case management with mapping',
        lang: 'km',
        theme_color: '#14532d',
        background_color: '#f9fafb',
        display: 'standalone',
        start_url: '/',
        icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,woff2,png}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // One exception to "API answers are never cached": the province outlines and names, public
        // reference data that names no one, so the map and the filters work offline. Only these
        // exact requests (level 1, never a ?point= lookup, which would record where a user was).
        runtimeCaching: [
          {
            urlPattern: ({ url }) =>
              url.pathname === '/api/admin-areas' && url.searchParams.get('level') === '1' && !url.searchParams.has('point'),
            handler: 'StaleWhileRevalidate',
            options: { cacheName: 'dey-province-outlines', expiration: { maxEntries: 8 } },
          },
          // Basemap tiles: always from the tile server, but from the copy a user saved for offline
          // use when the network fails (client/map/offline-basemap.ts). Nothing is stored here: only
          // that download writes to the cache. Never an API answer (evidence images included).
          {
            urlPattern: ({ request, url }) =>
              request.destination === 'image' && !(url.origin === self.location.origin && /^\/(api|assets)\//.test(url.pathname)),
            handler: async ({ request }) => {
              try {
                return await fetch(request)
              } catch (error) {
                const saved = await caches.match(request.url, { cacheName: 'dey-basemap' })
                if (saved) return saved
                throw error
              }
            },
          },
        ],
        // A new version takes over open tabs at once, and the first visit is controlled without a reload.
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
    // Brotli and gzip copies beside each text asset, made once here at the highest settings; the
    // server sends the one the browser accepts (@fastify/static preCompressed). The service worker's
    // precache lists only the originals.
    compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(html|css|js|mjs|svg|json|webmanifest)$/, threshold: 1024 }),
  ],
  // The manifest tells the budget check (test/budget) which files each page loads.
  build: { outDir: path.resolve(here, '../dist/client'), emptyOutDir: true, chunkSizeWarningLimit: 600, manifest: true },
  // `npm run dev`: Vite serves the client and passes API calls to `npm start`'s server
  // (DEY_API_URL to use another one). The Host header is kept, so the API's same-origin check
  // (Origin must match Host) passes for the page's own requests.
  server: { proxy: { '/api': { target: process.env.DEY_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } } },
})
