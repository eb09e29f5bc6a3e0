// What the report form asks the server: the communities the user may report for. A community
// representative's list holds only their own communities (the server's scope). The last answer is
// kept on the device, so the form still works when it is opened without a connection.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { communityOptionsQuery } from '../../lib/reference-data.ts'

export interface ReportCommunity {
  id: string
  name: string
  nameKm: string | null
  /** [lng, lat] */
  location: [number, number]
  /** The territory's extent, west, south, east, north; absent in a copy kept before it was sent. */
  territoryBbox?: [number, number, number, number] | null
}

const cacheKey = (userId: string) => `dey.report.communities.${userId}`

function cached(userId: string): ReportCommunity[] | undefined {
  try {
    const text = localStorage.getItem(cacheKey(userId))
    return text ? (JSON.parse(text) as ReportCommunity[]) : undefined
  } catch {
    return undefined
  }
}

async function fetchCommunities(client: QueryClient, userId: string): Promise<ReportCommunity[]> {
  // Through the shared community options: the map's filter asks for the same list at the same
  // moment after sign-in, and one request serves both.
  const communities = (await client.fetchQuery(communityOptionsQuery())).flatMap((item) =>
    item.location
      ? [
          {
            id: item.id,
            name: item.name,
            nameKm: item.nameKm,
            location: [item.location.coordinates[0], item.location.coordinates[1]] as [number, number],
            territoryBbox: item.territoryBbox ?? null,
          },
        ]
      : [],
  )
  try {
    localStorage.setItem(cacheKey(userId), JSON.stringify(communities))
  } catch {
    // A full or blocked storage only costs the offline copy.
  }
  return communities
}

// Its own cache key (per user, seeded from the device), not the shared community options: this copy
// must survive going offline and belongs to the user who signed in on this device.
const communitiesQuery = (client: QueryClient, userId: string) => ({
  queryKey: ['report', 'communities', userId],
  queryFn: () => fetchCommunities(client, userId),
  staleTime: 5 * 60_000,
})

/**
 * Loads the list (and keeps its copy on the device) as soon as the user is signed in, so the form
 * has it even if it is first opened after the connection is gone.
 */
export function prefetchReportCommunities(client: QueryClient, userId: string) {
  return client.prefetchQuery(communitiesQuery(client, userId))
}

export function useReportCommunities(userId: string) {
  const client = useQueryClient()
  return useQuery({
    ...communitiesQuery(client, userId),
    // The copy kept on the device counts as old: it is shown at once, and replaced when the server answers
    // (and kept if it cannot).
    initialData: () => cached(userId),
    initialDataUpdatedAt: 0,
  })
}
