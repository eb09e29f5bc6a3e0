// Places and names in the reader's language: Cambodia's provinces (records store the English
// name; the Khmer one comes from the administrative areas), a record's Khmer or English name, and
// the province/district/commune that contain a point on the map.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { AdminAreaPage } from '../../../shared/admin-areas.ts'
import { api } from '../../lib/api-client.ts'
import { currentLanguage } from '../../lib/i18n.ts'
import { communitiesKey } from './api.ts'

export interface Province {
  name: string
  nameKm: string | null
}

const provincesQuery = queryOptions({
  queryKey: [...communitiesKey, 'provinces'],
  queryFn: async ({ signal }) => {
    const page = await api('/api/admin-areas', AdminAreaPage, { query: { level: '1', limit: 100, sort: 'name' }, signal })
    return page.items.map((area): Province => ({ name: area.name, nameKm: area.nameKm }))
  },
  staleTime: Infinity,
})

export function useProvinces() {
  return useQuery(provincesQuery).data ?? []
}

const comparable = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '')

/** A province as the reader calls it: Khmer when reading Khmer and the name is known. */
export function provinceLabel(provinces: readonly Province[], name: string | null | undefined): string {
  if (!name) return '—'
  if (currentLanguage() !== 'km') return name
  const found = provinces.find((province) => comparable(province.name) === comparable(name))
  return found?.nameKm ?? name
}

/** A record's name in the reader's language, when it has one in both scripts. */
export function localName(name: string, nameKm: string | null | undefined): string {
  return currentLanguage() === 'km' && nameKm ? nameKm : name
}

/** The other script's name, shown smaller under the main one; undefined when there is none. */
export function otherName(name: string, nameKm: string | null | undefined): string | undefined {
  if (!nameKm || nameKm === name) return undefined
  return currentLanguage() === 'km' ? name : nameKm
}

export interface PlaceNames {
  province?: string
  district?: string
  commune?: string
}

/** The province, district and commune containing a point ([lng, lat]), from the app's own boundaries. */
export async function placeOfPoint(position: readonly [number, number]): Promise<PlaceNames> {
  const page = await api('/api/admin-areas', AdminAreaPage, { query: { point: `${position[0]},${position[1]}` } })
  const place: PlaceNames = {}
  for (const area of page.items) {
    if (area.level === 1) place.province = area.name
    if (area.level === 2) place.district = area.name
    if (area.level === 3) place.commune = area.name
  }
  return place
}
