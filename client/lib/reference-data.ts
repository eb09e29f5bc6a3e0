// Reference data every screen shares, each fetched once under one cache key: Cambodia's provinces
// (records store the English name; the Khmer one comes from the administrative areas), the
// communities the user may see (for pickers, filters and labels), the places containing a point,
// and names in the reader's language.
import { queryOptions, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { AdminAreaPage } from '../../shared/admin-areas.ts'
import { Page } from '../../shared/common.ts'
import { Community, CommunityListItem } from '../../shared/communities.ts'
import { api } from './api-client.ts'
import { currentLanguage } from './i18n.ts'

export const referenceKey = ['reference'] as const

// ---- Names in the reader's language ------------------------------------------------------------

/** A text in the reader's language: the Khmer one when reading Khmer and there is one. */
export function localText(text: string, textKm: string | null | undefined, language: string = currentLanguage()): string {
  return language === 'km' && textKm ? textKm : text
}

/** A record's name (`name` / `nameKm`) in the reader's language. */
export const localName = (item: { name: string; nameKm?: string | null }, language?: string) => localText(item.name, item.nameKm, language)

/** The other script's text, shown smaller under the main one; undefined when there is none. */
export function otherText(text: string, textKm: string | null | undefined, language: string = currentLanguage()): string | undefined {
  if (!textKm || textKm === text) return undefined
  return language === 'km' ? text : textKm
}

// ---- Provinces -------------------------------------------------------------------------------

/** Cambodia's 25 provinces (reference data that never changes during a session). */
export const provincesQuery = () =>
  queryOptions({
    queryKey: [...referenceKey, 'provinces'],
    queryFn: async ({ signal }) =>
      (await api('/api/admin-areas', AdminAreaPage, { query: { level: '1', limit: 100, sort: 'name' }, signal })).items,
    staleTime: Infinity,
  })

export type Province = z.infer<typeof AdminAreaPage>['items'][number]

export function useProvinces(): Province[] {
  return useQuery(provincesQuery()).data ?? []
}

const comparable = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '')

/**
 * A province as the reader calls it, from the English name the records store: Khmer when reading
 * Khmer and the name is known. `short` drops the "ខេត្ត" (province) prefix that every Khmer name
 * but the capital's carries, to save room on a chart axis. Undefined when there is no name.
 */
export function provinceName(
  name: string | null | undefined,
  provinces: readonly { name: string; nameKm: string | null }[] | undefined,
  language: string = currentLanguage(),
  short = false,
): string | undefined {
  if (!name) return undefined
  if (language !== 'km') return name
  const khmer = provinces?.find((province) => comparable(province.name) === comparable(name))?.nameKm
  if (!khmer) return name
  return short ? khmer.replace(/^ខេត្ត\s*/, '') : khmer
}

// ---- Communities -------------------------------------------------------------------------------

/** Every community query key starts here: one invalidation refreshes lists, pages, pickers and forms. */
export const communitiesKey = ['communities'] as const

/** One community (its page, its form, and the records that belong to it). */
export const communityQuery = (id: string) =>
  queryOptions({
    queryKey: [...communitiesKey, 'detail', id],
    queryFn: ({ signal }) => api(`/api/communities/${id}`, Community, { signal }),
  })

/**
 * What a picker, a filter or a label needs of a community: the shared schema trimmed to its id and
 * names, plus what some screens read when the list carries it (the map flies to `location`).
 * Never the territory: a screen that draws territories asks for the communities it shows.
 */
export const CommunityOption = Community.pick({ id: true, name: true, nameKm: true }).extend({
  ...Community.pick({ kind: true, province: true, location: true }).partial().shape,
  territoryBbox: CommunityListItem.shape.territoryBbox,
})
export type CommunityOption = z.infer<typeof CommunityOption>

/**
 * Every community the user may see, by name (the demo has 30; a national coalition thousands),
 * page after page: a filter missing the 501st community hides its records.
 */
export async function fetchCommunityOptions(signal?: AbortSignal): Promise<CommunityOption[]> {
  const options: CommunityOption[] = []
  let cursor: string | null = null
  do {
    const query: Record<string, string | number> = { limit: 500, sort: 'name', territory: 'omit', ...(cursor ? { cursor } : {}) }
    const page = await api('/api/communities', Page(CommunityOption), { query, signal })
    options.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return options
}

export const communityOptionsQuery = () =>
  queryOptions({
    queryKey: [...communitiesKey, 'options'],
    queryFn: ({ signal }) => fetchCommunityOptions(signal),
    staleTime: 5 * 60_000,
  })

/** A community's name in the reader's language, given its id and the name the API sent with a record. */
export function useCommunityName(): (id: string | null | undefined, fallback: string | null | undefined) => string | undefined {
  const { i18n } = useTranslation()
  const { data } = useQuery(communityOptionsQuery())
  return (id, fallback) => {
    const community = id ? data?.find((candidate) => candidate.id === id) : undefined
    return community ? localName(community, i18n.language) : (fallback ?? undefined)
  }
}

// ---- Places ------------------------------------------------------------------------------------
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
