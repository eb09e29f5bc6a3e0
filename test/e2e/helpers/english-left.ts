// Finds English UI strings left on a page shown in Khmer: any visible text node, label, title or
// placeholder that is exactly one of the English messages. Data is not a message: names and
// values people typed are marked translate="no" (the HTML way to say "do not translate this").
import type { Page } from 'playwright-core'
import { NAMESPACES } from '../../../client/app/messages.ts'
import { activitiesMessages } from '../../../client/features/activities/messages.ts'
import { committeeMessages } from '../../../client/features/communities/committee-messages.ts'
import { dashboardMessages } from '../../../client/features/dashboard/messages.ts'
import { dashboardProgramMessages } from '../../../client/features/dashboard/program-messages.ts'
import { intakeMessages } from '../../../client/features/intake/messages.ts'
import { targetsMessages } from '../../../client/features/targets/messages.ts'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree): string[] {
  return Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : leaves(value)))
}

/** English messages that differ from their Khmer twin and read as words (not "—" or "OK"). */
export const ENGLISH_MESSAGES: ReadonlySet<string> = new Set(
  // The app's first strings, and those that load with their pages' own chunks.
  [
    ...Object.values(NAMESPACES),
    activitiesMessages,
    committeeMessages,
    dashboardMessages,
    dashboardProgramMessages,
    intakeMessages,
    targetsMessages,
  ].flatMap((messages) => {
    const km = new Set(leaves(messages.km as Tree))
    return leaves(messages.en as Tree).filter((text) => /[A-Za-z]{3,}/.test(text) && !text.includes('{{') && !km.has(text))
  }),
)

/** The English messages visible on the page right now. */
export async function englishLeftOn(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const found: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement
      if (!parent || parent.closest('script, style, .leaflet-control-attribution, [lang="en"], [translate="no"]')) continue
      const style = getComputedStyle(parent)
      if (style.display === 'none' || style.visibility === 'hidden') continue
      const text = node.textContent?.trim()
      if (text) found.push(text)
    }
    for (const element of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      if (element.closest('[lang="en"], [translate="no"], .leaflet-control-attribution')) continue
      for (const name of ['aria-label', 'title', 'placeholder']) {
        const value = element.getAttribute(name)?.trim()
        if (value) found.push(value)
      }
    }
    return found
  })
  return [...new Set(texts.filter((text) => ENGLISH_MESSAGES.has(text)))]
}
