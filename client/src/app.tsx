import { useEffect, useState } from 'react'
import { Health } from '../../shared/health.ts'

// A placeholder until the map-first client lands: shows that the API and database are up.
export function App() {
  const [health, setHealth] = useState<Health | 'error' | undefined>()
  useEffect(() => {
    fetch('/api/health')
      .then((res) => res.json())
      .then((body) => setHealth(Health.parse(body)))
      .catch(() => setHealth('error'))
  }, [])
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '3rem auto', padding: '0 1rem' }}>
      <h1>Dey · ដី</h1>
      <p>Land-dispute case management with mapping. / ប្រព័ន្ធគ្រប់គ្រងករណីវិវាទដីធ្លី។</p>
      <p data-testid="health">
        {health === undefined && 'Checking the server…'}
        {health === 'error' && 'The server did not answer.'}
        {typeof health === 'object' && `API ok — database ${health.database}, PostGIS ${health.postgis}`}
      </p>
    </main>
  )
}
