import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { communityOptionsQuery } from './api.ts'
import { communityName } from './parcel-format.ts'

/** A community's name in the reader's language (its Khmer name in Khmer), given its id and the name the API sent. */
export function useCommunityName(): (id: string, fallback: string | undefined) => string | undefined {
  const { i18n } = useTranslation()
  const { data } = useQuery(communityOptionsQuery())
  return (id, fallback) => {
    const community = data?.find((candidate) => candidate.id === id)
    return community ? communityName(community, i18n.language) : fallback
  }
}
