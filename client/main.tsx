import '@fontsource/noto-sans-khmer/khmer-400.css'
import '@fontsource/noto-sans-khmer/khmer-700.css'
import 'leaflet/dist/leaflet.css'
import './styles.css'
import { StrictMode } from 'react'
import { registerSW } from 'virtual:pwa-register'
import { createRoot } from 'react-dom/client'
import { App } from './app/app.tsx'
import { startAppI18n } from './app/i18n.ts'

// Offline use of the app shell (see client/vite.config.ts); updates apply on the next load.
if ('serviceWorker' in navigator) registerSW({ immediate: true })
const root = document.getElementById('root')
// The strings come first: a page painted before them would flash raw keys.
startAppI18n().then(
  () => {
    if (root)
      createRoot(root).render(
        <StrictMode>
          <App />
        </StrictMode>,
      )
  },
  () => {
    // Neither language could be fetched: say so, in both, rather than leave a blank page.
    if (root)
      root.textContent =
        'Dey could not load. Check the connection, then reload the page. · មិនអាចបើក Dey បានទេ។ សូមពិនិត្យការតភ្ជាប់ រួចបើកទំព័រនេះម្ដងទៀត។'
  },
)
