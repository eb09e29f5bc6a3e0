// The community form's values (strings, as inputs hold them) and the body they make.
import type { Community } from '../../../shared/communities.ts'
import type { MultiPolygon, Polygon } from '../../../shared/geo.ts'
import { coordinateText, numberOrNull, numberText, pointFrom, textOrNull } from '../../lib/form-values.ts'

export interface CommunityFormValues {
  name: string
  nameKm: string
  kind: string
  status: string
  province: string
  district: string
  commune: string
  village: string
  households: string
  members: string
  womenMembers: string
  youthMembers: string
  leaderName: string
  /** Absent when the role may not see the leader's phone: then it is neither shown nor sent. */
  leaderPhone?: string
  description: string
  establishedYear: string
  networkId: string
  /** The SMS code senders type ("DEY 101 …"); empty on create: the next number. */
  intakeCode: string
  lon: string
  lat: string
  territory: Polygon | MultiPolygon | null
}

export const emptyCommunityValues = (): CommunityFormValues => ({
  name: '',
  nameKm: '',
  kind: '',
  status: 'forming',
  province: '',
  district: '',
  commune: '',
  village: '',
  households: '',
  members: '',
  womenMembers: '',
  youthMembers: '',
  leaderName: '',
  leaderPhone: '',
  description: '',
  establishedYear: '',
  networkId: '',
  intakeCode: '',
  lon: '',
  lat: '',
  territory: null,
})

export function communityValuesOf(row: Community): CommunityFormValues {
  return {
    name: row.name,
    nameKm: row.nameKm ?? '',
    kind: row.kind,
    status: row.status,
    province: row.province,
    district: row.district ?? '',
    commune: row.commune ?? '',
    village: row.village ?? '',
    households: numberText(row.households),
    members: numberText(row.members),
    womenMembers: numberText(row.womenMembers),
    youthMembers: numberText(row.youthMembers),
    leaderName: row.leaderName ?? '',
    ...(row.leaderPhone !== undefined ? { leaderPhone: row.leaderPhone ?? '' } : {}),
    description: row.description ?? '',
    establishedYear: numberText(row.establishedYear),
    networkId: row.networkId ?? '',
    intakeCode: row.intakeCode ?? '',
    lon: coordinateText(row.location.coordinates[0]),
    lat: coordinateText(row.location.coordinates[1]),
    territory: row.territory,
  }
}

/**
 * The body for CreateCommunityBody / UpdateCommunityBody. Empty place names are left out on
 * create (the server fills them from the point) and sent as null on update (where an emptied
 * province, which every record needs, is then reported as required).
 */
export function communityBodyOf(values: CommunityFormValues, mode: 'create' | 'update'): Record<string, unknown> {
  const place = (text: string) => (mode === 'create' ? (textOrNull(text) ?? undefined) : textOrNull(text))
  const body: Record<string, unknown> = {
    name: values.name.trim(),
    nameKm: textOrNull(values.nameKm),
    // Null, not absent, when emptied: a required field that was cleared must say so.
    kind: values.kind || null,
    status: values.status || null,
    province: mode === 'create' ? (textOrNull(values.province) ?? undefined) : textOrNull(values.province),
    district: place(values.district),
    commune: place(values.commune),
    village: place(values.village),
    households: numberOrNull(values.households),
    members: numberOrNull(values.members),
    womenMembers: numberOrNull(values.womenMembers),
    youthMembers: numberOrNull(values.youthMembers),
    leaderName: textOrNull(values.leaderName),
    description: textOrNull(values.description),
    establishedYear: numberOrNull(values.establishedYear),
    networkId: values.networkId || null,
    // Never null: a community always has a code (left out, it keeps its own or gets the next number).
    intakeCode: textOrNull(values.intakeCode) ?? undefined,
    location: pointFrom(values.lon, values.lat),
    territory: values.territory,
  }
  if (values.leaderPhone !== undefined) body.leaderPhone = textOrNull(values.leaderPhone)
  return body
}
