// The signed-in user's own communities and the districts and communes around them, kept on the
// phone (IndexedDB) so that the map and the report form's picker show them with no connection.
// Like the province outlines (province-outlines.ts), no Leaflet here: the app shell warms it.
// Only the user's own communities, their names and shapes: never a leader, a member or an incident.
import { queryOptions, type QueryClient } from '@tanstack/react-query'
import { openDB } from 'idb'
import { MyPlaces } from '../../shared/communities.ts'
import { api } from '../lib/api-client.ts'

const DB_NAME = 'dey-my-places'
const STORE = 'places'

const openStore = () =>
  openDB(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore(STORE)
    },
  })

async function keptCopy(userId: string): Promise<MyPlaces | undefined> {
  try {
    const db = await openStore()
    const kept = MyPlaces.safeParse(await db.get(STORE, userId))
    db.close()
    return kept.success ? kept.data : undefined
  } catch {
    return undefined
  }
}

async function keep(userId: string, places: MyPlaces) {
  try {
    const db = await openStore()
    await db.put(STORE, places, userId)
    db.close()
  } catch {
    // A full or blocked storage only costs the offline copy.
  }
}

/** Forgets the copy kept for `userId`: signing out of a shared phone leaves no one's places on it. */
export async function forgetMyPlaces(userId: string) {
  try {
    const db = await openStore()
    await db.delete(STORE, userId)
    db.close()
  } catch {
    // Nothing was kept.
  }
}

/** The server's answer, kept on the device; the kept copy when the server cannot be reached. */
export const myPlacesQuery = (userId: string) =>
  queryOptions({
    queryKey: ['my-places', userId],
    queryFn: async () => {
      try {
        const places = await api('/api/communities/mine', MyPlaces)
        await keep(userId, places)
        return places
      } catch (error) {
        const kept = await keptCopy(userId)
        if (kept) return kept
        throw error
      }
    },
    staleTime: 10 * 60_000,
    // Asked for even offline (React Query would wait for a connection): the kept copy answers.
    networkMode: 'offlineFirst',
  })

/** Fetches and keeps the user's places while there is a connection. */
export function warmMyPlaces(queryClient: QueryClient, userId: string) {
  if (navigator.onLine) void queryClient.prefetchQuery(myPlacesQuery(userId)).catch(() => undefined)
}
