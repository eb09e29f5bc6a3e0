// A target's rule in one plain sentence, in English or Khmer, so that whoever sets a target reads
// back what will be counted. Pure: the admin form shows it live and the tests read it directly.
// The vocabulary's labels come from the caller (i18next's strings in the app), so the page's chunk
// does not carry every label of both languages again.
import type { TargetRule } from '../../../shared/targets.ts'
import type { Language } from '../../lib/i18n.ts'

type Vocab = 'communityKind' | 'communityStatus' | 'activityKind' | 'activityTopic'

/** The label of a vocabulary's value in the sentence's language. */
export type VocabLabel = (vocab: Vocab, value: string) => string

const WORDS = {
  en: {
    or: 'or',
    communities: 'Counts communities and groups',
    ofKind: (list: string) => ` of kind ${list}`,
    anyKind: ' of any kind',
    withStatus: (list: string) => `, with status now ${list}`,
    foundedIn: ', founded in the plan period',
    foundedBefore: ', founded before the plan',
    yearly: ', in the first year they have ',
    yearlyJoin: ' and ',
    activities: (count: number) => `at least ${count} ${count === 1 ? 'activity' : 'activities'}`,
    kindsInBrackets: (list: string) => ` (${list})`,
    onTopic: (list: string) => ` on ${list}`,
    plan: 'an agreed annual plan for that year',
    activitiesRule: 'Counts activities',
    who: {
      all: 'Counts all participants',
      women: 'Counts women participants',
      men: 'Counts men participants',
      youth: 'Counts young participants (15–30)',
    },
    inActivities: ' in activities',
    began: ' that began in the plan period',
    end: '.',
  },
  km: {
    or: 'ឬ',
    communities: 'រាប់សហគមន៍ និងក្រុម',
    ofKind: (list: string) => ` ប្រភេទ ${list}`,
    anyKind: ' គ្រប់ប្រភេទ',
    withStatus: (list: string) => ` ដែលស្ថានភាពបច្ចុប្បន្នជា ${list}`,
    foundedIn: ' ដែលបានបង្កើតក្នុងរយៈពេលផែនការ',
    foundedBefore: ' ដែលបានបង្កើតមុនផែនការ',
    yearly: ' នៅឆ្នាំដំបូងដែលមាន ',
    yearlyJoin: ' និង ',
    activities: (count: number) => `សកម្មភាពយ៉ាងតិច ${count}`,
    kindsInBrackets: (list: string) => ` (${list})`,
    onTopic: (list: string) => ` លើប្រធានបទ ${list}`,
    plan: 'ផែនការប្រចាំឆ្នាំដែលបានឯកភាពសម្រាប់ឆ្នាំនោះ',
    activitiesRule: 'រាប់សកម្មភាព',
    who: {
      all: 'រាប់អ្នកចូលរួមទាំងអស់',
      women: 'រាប់អ្នកចូលរួមជាស្ត្រី',
      men: 'រាប់អ្នកចូលរួមជាបុរស',
      youth: 'រាប់អ្នកចូលរួមជាយុវជន (អាយុ ១៥–៣០ ឆ្នាំ)',
    },
    inActivities: ' ក្នុងសកម្មភាព',
    began: ' ដែលបានចាប់ផ្តើមក្នុងរយៈពេលផែនការ',
    end: '។',
  },
} as const

/** "A, B or C" in the language's words. */
function anyOf(values: readonly string[], vocab: Vocab, language: Language, label: VocabLabel): string {
  const names = values.map((value) => label(vocab, value))
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} ${WORDS[language].or} ${names.at(-1)}`
}

function activityFilter(
  rule: { activityKinds: readonly string[]; activityTopics: readonly string[] },
  language: Language,
  label: VocabLabel,
  inBrackets: boolean,
) {
  const words = WORDS[language]
  let text = ''
  if (rule.activityKinds.length > 0) {
    const kinds = anyOf(rule.activityKinds, 'activityKind', language, label)
    text += inBrackets ? words.kindsInBrackets(kinds) : words.ofKind(kinds)
  } else if (!inBrackets) text += words.anyKind
  if (rule.activityTopics.length > 0) text += words.onTopic(anyOf(rule.activityTopics, 'activityTopic', language, label))
  return text
}

/** What a rule counts, as one sentence in `language`. */
export function describeRule(rule: TargetRule, language: Language, label: VocabLabel): string {
  const words = WORDS[language]
  if (rule.count === 'activities') return words.activitiesRule + activityFilter(rule, language, label, false) + words.began + words.end
  if (rule.count === 'participants') {
    return words.who[rule.who] + words.inActivities + activityFilter(rule, language, label, false) + words.began + words.end
  }
  let text = words.communities
  text += rule.kinds.length > 0 ? words.ofKind(anyOf(rule.kinds, 'communityKind', language, label)) : words.anyKind
  if (rule.statuses.length > 0) text += words.withStatus(anyOf(rule.statuses, 'communityStatus', language, label))
  if (rule.founded === 'in_period') text += words.foundedIn
  if (rule.founded === 'before_period') text += words.foundedBefore
  const yearly: string[] = []
  if (rule.minActivities > 0) yearly.push(words.activities(rule.minActivities) + activityFilter(rule, language, label, true))
  if (rule.needsPlan) yearly.push(words.plan)
  if (yearly.length > 0) text += words.yearly + yearly.join(words.yearlyJoin)
  return text + words.end
}
