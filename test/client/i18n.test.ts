// Every UI string exists in English and Khmer, and the vocabularies have labels in both.
import { describe, expect, it } from 'vitest'
import { NAMESPACES } from '../../client/app/messages.ts'
import { activitiesMessages } from '../../client/features/activities/messages.ts'
import { committeeMessages } from '../../client/features/communities/committee-messages.ts'
import { dashboardMessages } from '../../client/features/dashboard/messages.ts'
import { dashboardProgramMessages } from '../../client/features/dashboard/program-messages.ts'
import { intakeMessages } from '../../client/features/intake/messages.ts'
import { publicReportMessages } from '../../client/features/public-report/messages.ts'
import { targetsMessages } from '../../client/features/targets/messages.ts'
import * as vocabularies from '../../shared/vocabularies.ts'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const result = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') result.set(path, value)
    else for (const [p, v] of leaves(value, path)) result.set(p, v)
  }
  return result
}

/** Strings that read the same in both languages: names, units, codes, punctuation. */
const SAME_IN_BOTH = /^(Dey|—|…|SHA-256|ICS|GPS|PDF|ZIP|KML|GeoJSON|NALDR|ELC|OK|[\d\s.,:/()+\-–%{}*#×→←↑↓▲▼⇅✓✕]*)$/

/**
 * Strings that load with their pages' own chunks (not with the app's first strings, to keep the
 * first page light): the same rules hold for them.
 */
const CHUNK_NAMESPACES = {
  activities: activitiesMessages,
  committee: committeeMessages,
  dashboard: dashboardMessages,
  dashboardProgram: dashboardProgramMessages,
  intake: intakeMessages,
  publicReport: publicReportMessages,
  targets: targetsMessages,
}

describe('UI strings', () => {
  for (const [namespace, messages] of Object.entries({ ...NAMESPACES, ...CHUNK_NAMESPACES })) {
    const english = leaves(messages.en as Tree)
    const khmer = leaves(messages.km as Tree)

    it(`${namespace}: every English key has a Khmer string and vice versa`, () => {
      expect([...khmer.keys()].sort()).toEqual([...english.keys()].sort())
      for (const [key, value] of khmer) expect(value.trim(), `km ${namespace}.${key}`).not.toBe('')
      for (const [key, value] of english) expect(value.trim(), `en ${namespace}.${key}`).not.toBe('')
    })

    it(`${namespace}: Khmer strings are translated, not English copied over`, () => {
      const untranslated = [...khmer].filter(([key, value]) => {
        const latinWords = value.replace(/\{\{\w+\}\}/g, '').match(/[A-Za-z]{3,}/g) ?? []
        const hasKhmer = /[\u1780-\u17FF]/.test(value)
        return !hasKhmer && latinWords.length > 0 && !SAME_IN_BOTH.test(value) && value === english.get(key)
      })
      expect(untranslated.map(([key]) => `${namespace}.${key}`)).toEqual([])
    })

    it(`${namespace}: placeholders match between the languages`, () => {
      const placeholders = (text: string) => (text.match(/\{\{\s*\w+\s*\}\}/g) ?? []).map((p) => p.replace(/\s/g, '')).sort()
      for (const [key, value] of english) {
        expect(placeholders(khmer.get(key) ?? ''), `${namespace}.${key}`).toEqual(placeholders(value))
      }
    })
  }

  it('labels every value of every vocabulary in both languages', () => {
    const lists: Record<string, readonly string[]> = {
      communityKind: vocabularies.COMMUNITY_KINDS,
      communityStatus: vocabularies.COMMUNITY_STATUSES,
      planStatus: vocabularies.PLAN_STATUSES,
      landUse: vocabularies.LAND_USES,
      tenure: vocabularies.TENURES,
      titleStatus: vocabularies.TITLE_STATUSES,
      concessionKind: vocabularies.CONCESSION_KINDS,
      incidentKind: vocabularies.INCIDENT_KINDS,
      incidentStatus: vocabularies.INCIDENT_STATUSES,
      severity: vocabularies.SEVERITIES,
      perpetratorKind: vocabularies.PERPETRATOR_KINDS,
      caseKind: vocabularies.CASE_KINDS,
      caseStage: vocabularies.CASE_STAGES,
      caseEventKind: vocabularies.CASE_EVENT_KINDS,
      partyRole: vocabularies.PARTY_ROLES,
      userRole: vocabularies.USER_ROLES,
      targetIndicator: vocabularies.TARGET_INDICATORS,
      activityKind: vocabularies.ACTIVITY_KINDS,
      activityTopic: vocabularies.ACTIVITY_TOPICS,
      committeeRole: vocabularies.COMMITTEE_ROLES,
      sex: vocabularies.SEXES,
      caseResult: vocabularies.CASE_RESULTS,
      targetCount: vocabularies.TARGET_COUNTS,
      targetPace: vocabularies.TARGET_PACES,
      paceStatus: vocabularies.PACE_STATUSES,
    }
    const vocab = NAMESPACES.vocab!
    for (const language of ['en', 'km'] as const) {
      const labels = vocab[language] as Record<string, Record<string, string>>
      for (const [name, values] of Object.entries(lists)) {
        expect(Object.keys(labels[name] ?? {}).sort(), `${language} vocab.${name}`).toEqual([...values].sort())
      }
    }
  })
})
