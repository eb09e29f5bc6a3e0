// Leaflet-Geoman is a classic script that extends the global `L`: this module, imported before
// it, makes sure the bundled Leaflet is that global (Leaflet sets it too; this states the order).
import L from 'leaflet'

declare global {
  interface Window {
    L: typeof L
  }
}

window.L ??= L

export default L
