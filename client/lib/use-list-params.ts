// A list's filters, sort and page kept in the URL: shareable, and Back returns to the same page.
import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'

export interface ListParams {
  /** Every filter as the API takes it (strings; lists comma-separated). */
  filters: Record<string, string>
  sort: string | undefined
  cursor: string | undefined
  /** Cursors of the pages before this one, for "Previous". */
  history: string[]
  setFilter: (name: string, value: string | undefined) => void
  setSort: (sort: string) => void
  nextPage: (cursor: string) => void
  previousPage: () => void
  clear: () => void
}

const RESERVED = ['sort', 'cursor', 'back']

export function useListParams(): ListParams {
  const [search, setSearch] = useSearchParams()
  const filters = useMemo(() => Object.fromEntries([...search.entries()].filter(([key]) => !RESERVED.includes(key))), [search])
  // `back=` (empty) is the first page's place in the history: present, so Previous is enabled.
  const history = useMemo(() => (search.has('back') ? search.get('back')!.split('~') : []), [search])
  const update = useCallback(
    (change: (next: URLSearchParams) => void) => {
      const next = new URLSearchParams(search)
      change(next)
      setSearch(next, { replace: false })
    },
    [search, setSearch],
  )
  return {
    filters,
    sort: search.get('sort') ?? undefined,
    cursor: search.get('cursor') ?? undefined,
    history,
    setFilter: (name, value) =>
      update((next) => {
        if (value) next.set(name, value)
        else next.delete(name)
        // A new filter starts from the first page.
        next.delete('cursor')
        next.delete('back')
      }),
    setSort: (sort) =>
      update((next) => {
        next.set('sort', sort)
        next.delete('cursor')
        next.delete('back')
      }),
    nextPage: (cursor) =>
      update((next) => {
        next.set('back', [...history, search.get('cursor') ?? ''].join('~'))
        next.set('cursor', cursor)
      }),
    previousPage: () =>
      update((next) => {
        const previous = history.at(-1)
        const rest = history.slice(0, -1)
        if (previous) next.set('cursor', previous)
        else next.delete('cursor')
        if (rest.length > 0) next.set('back', rest.join('~'))
        else next.delete('back')
      }),
    clear: () => setSearch(new URLSearchParams()),
  }
}
