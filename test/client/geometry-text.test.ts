// The geometry editor's sentences in both languages: every problem the browser or the server can
// find has words, with the part numbered only when there are several.
import i18next from 'i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import { initI18n } from '../helpers/i18n.ts'
import { setLanguage } from '../../client/lib/i18n.ts'
import { checkGeometry, type ServerReason } from '../../client/map/geometry-checks.ts'
import { helpText, issueText, serverProblemText } from '../../client/map/geometry-text.ts'

const t = (key: string, options?: Record<string, unknown>) => i18next.t(key, options)
const REASONS: ServerReason[] = [
  'selfIntersection',
  'ringSelfIntersection',
  'tooFewPoints',
  'holeOutside',
  'nestedHoles',
  'nestedShells',
  'disconnectedInterior',
  'invalidCoordinate',
  'ringNotClosed',
  'other',
]

beforeAll(() => {
  initI18n('en')
})

describe('geometry sentences', () => {
  for (const language of ['en', 'km'] as const) {
    it(`has a sentence for every server reason and editor mode (${language})`, async () => {
      await setLanguage(language)
      for (const reason of REASONS) {
        const text = serverProblemText(t, { field: 'boundary', part: undefined, reason, point: undefined, detail: '', canRepair: false }, 1)
        expect(text, reason).not.toContain('geometry.')
        expect(text.length, reason).toBeGreaterThan(5)
      }
      for (const mode of ['idle', 'draw', 'edit', 'move', 'remove'] as const) {
        expect(helpText(t, mode, 0, 0), mode).not.toContain('geometry.')
      }
      if (language === 'km') expect(helpText(t, 'idle', 0, 0)).toMatch(/[\u1780-\u17FF]/)
    })
  }

  it('numbers the part only when the shape has several', async () => {
    await setLanguage('en')
    const bowTie = [
      [
        [104, 12],
        [105, 13],
        [105, 12],
        [104, 13],
        [104, 12],
      ],
    ] as [number, number][][]
    const [single] = checkGeometry({ type: 'Polygon', coordinates: bowTie })
    expect(issueText(t, single!, 1)).toBe(
      'Its edges cross each other where marked ✕ on the map. Move the points so that no edges cross, or draw it as two parts.',
    )
    expect(issueText(t, single!, 2)).toMatch(/^Part 1: Its edges cross/)
    const problem = {
      field: 'boundary',
      part: 1,
      reason: 'nestedShells' as const,
      point: [104, 12] as [number, number],
      detail: '',
      canRepair: true,
    }
    expect(serverProblemText(t, problem, 2)).toBe('One part lies inside another part. (part 2) The place is marked ✕ on the map.')
    expect(helpText(t, 'draw', 0, 1)).toBe('Tap the map at each corner of the land (at least 2 more).')
    expect(helpText(t, 'draw', 0, 3)).toMatch(/Tap the first point, or press “Finish”/)
  })

  it('writes the counts the way the rest of the app does, in Khmer too', async () => {
    await setLanguage('km')
    const [few] = checkGeometry({
      type: 'Polygon',
      coordinates: [
        [
          [104, 12],
          [104.1, 12],
          [104, 12],
        ],
      ],
    })
    const two = new Intl.NumberFormat('km-KH').format(2)
    const three = new Intl.NumberFormat('km-KH').format(3)
    expect(issueText(t, few!, 1)).toBe(`វាមានតែ ${two} ចំណុចប៉ុណ្ណោះ។ រាងមួយត្រូវការយ៉ាងតិច ${three} ជ្រុង។`)
  })
})
