// The user's own places drawn from the copy kept on the phone (my-places.ts): offline, the home map
// shows the districts and communes around the user's communities and the communities themselves,
// where the server's layers cannot load; the report form's picker outlines the chosen community.
import { useQuery } from '@tanstack/react-query'
import L from 'leaflet'
import { useTranslation } from 'react-i18next'
import { GeoJSON, Marker, Tooltip } from 'react-leaflet'
import { Community } from '../../shared/communities.ts'
import type { MyCommunity } from '../../shared/communities.ts'
import { api } from '../lib/api-client.ts'
import { useIsOnline } from '../lib/online.ts'
import { localName } from '../lib/reference-data.ts'
import { useMe } from '../lib/session.ts'
import { myPlacesQuery } from './my-places.ts'
import { COMMUNITY_COLOR, COMMUNITY_MARKER_SIZE, territoryStyle } from './styles.ts'
import { toLatLng } from './to-lat-lng.ts'
import './my-places-layer.css'

const COMMUNITY_ICON = L.divIcon({
  className: 'my-community-marker',
  html: `<svg viewBox="0 0 24 24" width="${COMMUNITY_MARKER_SIZE}" height="${COMMUNITY_MARKER_SIZE}" aria-hidden="true"><circle cx="12" cy="12" r="11" fill="${COMMUNITY_COLOR}" stroke="#fff" stroke-width="2"/><path d="M6 12.5 12 7l6 5.5V18h-4v-3.5h-4V18H6z" fill="#fff"/></svg>`,
  iconSize: [COMMUNITY_MARKER_SIZE, COMMUNITY_MARKER_SIZE],
  iconAnchor: [COMMUNITY_MARKER_SIZE / 2, COMMUNITY_MARKER_SIZE / 2],
})

function useMyPlaces() {
  const { data: me } = useMe()
  return useQuery({ ...myPlacesQuery(me?.id ?? ''), enabled: Boolean(me) })
}

/** Offline: the user's communities (territory, place, name) and the districts and communes around them. */
export function MyPlacesLayer() {
  const { i18n } = useTranslation()
  const { data } = useMyPlaces()
  if (!data || data.communities.length === 0) return null
  return (
    <>
      {data.areas.map((area) => (
        <GeoJSON
          key={`${area.id}-${i18n.language}`}
          data={area.boundary}
          interactive={false}
          style={{ color: '#6b7280', weight: area.level === 3 ? 0.8 : 1.2, dashArray: area.level === 3 ? '3 4' : undefined, fill: false }}
        />
      ))}
      {data.communities.map((community) => (
        <CommunityPlace key={`${community.id}-${i18n.language}`} community={community} />
      ))}
    </>
  )
}

function CommunityPlace({ community }: { community: MyCommunity }) {
  const { i18n } = useTranslation()
  const name = localName(community, i18n.language)
  return (
    <>
      {community.territory && <GeoJSON data={community.territory} interactive={false} style={territoryStyle()} />}
      {/* Not interactive: on the report form a tap here places the pin. */}
      <Marker position={toLatLng(community.location.coordinates)} icon={COMMUNITY_ICON} interactive={false} keyboard={false}>
        <Tooltip permanent direction="right" offset={[COMMUNITY_MARKER_SIZE / 2, 0]} className="my-community-name">
          {name}
        </Tooltip>
      </Marker>
    </>
  )
}

/**
 * The chosen community on the report form's map: its territory, else its village's place. From the
 * copy kept on the phone (the representative's own communities, offline too), else from the server.
 */
export function ChosenCommunity({ communityId }: { communityId: string }) {
  const places = useMyPlaces()
  const isOnline = useIsOnline()
  const kept = places.data?.communities.find((community) => community.id === communityId)
  // Staff may report for any community: theirs is not kept on the phone.
  const fetched = useQuery({
    queryKey: ['my-places', 'community', communityId],
    queryFn: ({ signal }) => api(`/api/communities/${communityId}`, Community, { signal }),
    enabled: !kept && places.isFetched && isOnline,
    staleTime: 5 * 60_000,
  })
  const community = kept ?? fetched.data
  // Offline the base layer already draws every community kept on the phone (MyPlacesLayer).
  if (!community || (kept && !isOnline)) return null
  return <CommunityPlace community={{ ...community, village: community.village ?? null, commune: community.commune ?? null }} />
}
