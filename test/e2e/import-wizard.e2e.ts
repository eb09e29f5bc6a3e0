// Importing a real shapefile through the wizard (issue 14): ODC's 316 community-forest polygons.
// A lawyer uploads it (after a zip without a .shp is explained), sees the polygons on the preview
// map, maps the columns to communities (guessed from their names), runs a dry run that refuses the
// 4 self-intersecting shapes with the reason, repairs them, commits, and finds the records on the
// map. An admin, on a phone in Khmer, walks another upload to its dry run, then undoes the import,
// so the other journeys see the demo data as it was.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importsMessages } from '../../client/features/imports/messages.ts'
import { apiJson, DESKTOP, launchBrowser, openSession, PHONE, screenshot, type Language } from './helpers/browser.ts'

const SHAPEFILE = 'test/fixtures/gis/odc_community_forests_polygons_shp.zip'
const NO_SHP = 'test/fixtures/gis/shpjs_noshp.zip'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

const text = (language: Language) => importsMessages[language]
const communitiesLabel = { en: 'Communities', km: 'សហគមន៍' }

/** The committed import of the first test, undone by the admin in the second. */
let importedId: string | undefined

async function upload(page: Page, language: Language, file: string, source: string) {
  const m = text(language)
  await page.getByLabel(m.upload.file).setInputFiles(file)
  await page.getByRole('textbox', { name: m.upload.sourceName, exact: true }).fill(source)
  await page.getByRole('textbox', { name: m.upload.licence }).fill('CC BY-SA 4.0, © Open Development Cambodia')
  await page.getByRole('button', { name: m.upload.submit }).click()
}

/** Checks the preview of the community forests: 316 features, polygons on the map, the columns. */
async function expectPreview(page: Page, language: Language) {
  const m = text(language)
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/)
  await page.getByRole('heading', { name: m.preview.heading }).waitFor()
  await expect.poll(() => page.getByTestId('import-feature-count').textContent()).toMatch(/^(316|៣១៦)$/)
  // The first 50 features, drawn as SVG paths on the preview map.
  await expect.poll(() => page.locator('.import-preview-map path.leaflet-interactive').count()).toBe(50)
  expect(await page.getByRole('rowheader', { name: 'map_id' }).count()).toBe(1)
}

async function chooseCommunities(page: Page, language: Language) {
  const m = text(language)
  await page.getByRole('button', { name: m.preview.next }).click()
  await page.getByRole('combobox', { name: m.mapping.target }).selectOption('communities')
  // Guessed from the column names.
  const value = (field: string) => page.locator(`[data-field="${field}"] select`).first().inputValue()
  expect(await value('externalId')).toBe('map_id')
  expect(await value('name')).toBe('name')
  expect(await value('province')).toBe('province')
  expect(await value('district')).toBe('district')
  expect(await value('commune')).toBe('commune')
}

async function runDryRun(page: Page, language: Language) {
  const m = text(language)
  await page.getByRole('button', { name: m.run.startDryRun }).click()
  const counts = page.getByTestId('import-counts-dry_run')
  await counts.waitFor({ timeout: 90_000 })
  return (key: string) => counts.locator(`[data-count="${key}"] dd`).textContent()
}

describe('the import wizard', () => {
  it('imports the community forests shapefile: preview, mapping, dry run, commit, and the records on the map (legal, English)', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-legal', language: 'en', viewport: DESKTOP })
    const m = text('en')
    const source = `Open Development Cambodia (journey ${Date.now().toString(36)})`

    await page.goto('/')
    await page.getByRole('link', { name: m.nav, exact: true }).click()
    await page.waitForURL(/\/imports$/)
    await page.getByRole('link', { name: `+ ${m.list.new}` }).click()
    await page.waitForURL(/\/imports\/new$/)

    // A zip without a shapefile: what is wrong, in words, with the server's detail.
    await upload(page, 'en', NO_SHP, source)
    const problem = page.getByRole('alert')
    await expect.poll(() => problem.textContent()).toContain(m.upload.problem.no_shp_in_zip)
    await screenshot(page, 'en', 'import-upload-problem')

    await upload(page, 'en', SHAPEFILE, source)
    await expectPreview(page, 'en')
    importedId = page.url().split('/').pop()
    await page.locator('.import-preview').scrollIntoViewIfNeeded()
    await screenshot(page, 'en', 'import-preview')

    await chooseCommunities(page, 'en')
    await page.getByRole('button', { name: m.mapping.save }).scrollIntoViewIfNeeded()
    await screenshot(page, 'en', 'import-mapping')
    await page.getByRole('button', { name: m.mapping.save }).click()

    // Without repair, the four self-intersecting outlines are refused, each with the reason.
    let count = await runDryRun(page, 'en')
    expect([await count('created'), await count('refused')]).toEqual(['312', '4'])
    const refused = page.getByRole('region', { name: m.run.refusedHeading })
    await expect.poll(() => refused.locator('tbody tr').count()).toBe(4)
    expect(await refused.locator('tbody td').first().textContent()).toMatch(/self-intersection|invalid|ring/i)
    expect(await page.getByRole('link', { name: m.run.download }).getAttribute('href')).toBe(
      `/api/imports/${importedId}/report.csv?run=dry_run`,
    )
    await refused.scrollIntoViewIfNeeded()
    await screenshot(page, 'en', 'import-dry-run')

    // With repair, every feature goes in.
    await page.getByRole('button', { name: m.run.changeMapping }).click()
    await page.getByRole('checkbox', { name: new RegExp(m.mapping.repair) }).check()
    await page.getByRole('button', { name: m.mapping.save }).click()
    count = await runDryRun(page, 'en')
    expect([await count('created'), await count('refused')]).toEqual(['316', '0'])

    await page.getByRole('button', { name: m.run.next }).click()
    await page.getByRole('button', { name: 'Import 316 features' }).click()
    const committed = page.getByTestId('import-counts-commit')
    await committed.waitFor({ timeout: 120_000 })
    expect(await committed.locator('[data-count="created"] dd').textContent()).toBe('316')
    await screenshot(page, 'en', 'import-committed')
    // A lawyer may import; only an admin may undo.
    expect(await page.getByRole('button', { name: m.run.undo }).count()).toBe(0)

    // The records, through the API and on the map.
    const found = await apiJson<{ items: { name: string }[] }>(page, 'GET', '/api/communities?q=Chom%20Kar%20Prey%20Sner%20Svay%20Pa%20Kav')
    expect(found.items.map((community) => community.name)).toContain('Chom Kar Prey Sner Svay Pa Kav')
    await page.getByRole('link', { name: m.run.seeOnMap }).click()
    await page.waitForURL((url) => url.pathname === '/' && !url.search.includes('bbox'))
    const layerSwitch = page.getByRole('checkbox', { name: new RegExp(communitiesLabel.en) })
    expect(await layerSwitch.isChecked()).toBe(true)
    // The 30 demo communities and the 316 forests in view.
    await expect
      .poll(
        async () =>
          Number(((await page.locator('.map-layers').textContent()) ?? '').match(/([\d,]+) in this area/)?.[1]?.replace(/,/g, '')),
        {
          timeout: 30_000,
        },
      )
      .toBeGreaterThanOrEqual(316)
    await page.waitForTimeout(1500)
    await screenshot(page, 'en', 'import-on-the-map')

    await page.getByRole('link', { name: m.nav, exact: true }).click()
    await page.getByRole('link', { name: 'odc_community_forests_polygons_shp.zip' }).first().waitFor()
    await screenshot(page, 'en', 'import-list')
    expect(errors).toEqual([])
    await context.close()
  })

  it('on a phone in Khmer: another upload to its dry run, then the admin undoes the import', async () => {
    expect(importedId).toBeDefined()
    const { page, context, errors } = await openSession(browser, { login: 'demo-admin', language: 'km', viewport: PHONE })
    const m = text('km')

    await page.goto('/imports/new')
    await upload(page, 'km', SHAPEFILE, `ODC (journey ${Date.now().toString(36)})`)
    await expectPreview(page, 'km')
    await screenshot(page, 'km', 'import-preview-phone')
    await page.locator('.import-preview').scrollIntoViewIfNeeded()
    await screenshot(page, 'km', 'import-preview-map-phone')
    await page.locator('.import-table').first().scrollIntoViewIfNeeded()
    await screenshot(page, 'km', 'import-columns-phone')
    await chooseCommunities(page, 'km')
    await page.locator('[data-field="province"]').scrollIntoViewIfNeeded()
    await screenshot(page, 'km', 'import-mapping-phone')
    await page.getByRole('checkbox', { name: new RegExp(m.mapping.repair) }).check()
    await page.getByRole('button', { name: m.mapping.save }).click()
    const count = await runDryRun(page, 'km')
    // The first journey's records come from another source: these would all be new.
    expect(await count('refused')).toMatch(/^[0០]$/)
    await page.getByTestId('import-counts-dry_run').scrollIntoViewIfNeeded()
    await screenshot(page, 'km', 'import-dry-run-phone')

    // The committed import of the first journey, undone.
    await page.goto(`/imports/${importedId}`)
    await page.getByRole('heading', { name: m.run.commitHeading }).waitFor()
    await page.getByRole('button', { name: m.run.undo }).scrollIntoViewIfNeeded()
    await screenshot(page, 'km', 'import-committed-phone')
    await page.getByRole('button', { name: m.run.undo }).click()
    await page.getByRole('alertdialog').scrollIntoViewIfNeeded()
    await screenshot(page, 'km', 'import-undo-phone')
    await page.getByRole('button', { name: m.run.undoConfirm }).click()
    await page.getByText(m.run.undone).waitFor()
    await screenshot(page, 'km', 'import-undone-phone')
    const found = await apiJson<{ items: unknown[] }>(page, 'GET', '/api/communities?q=Chom%20Kar%20Prey%20Sner%20Svay%20Pa%20Kav')
    expect(found.items).toEqual([])

    await page.goto('/imports')
    await page.getByRole('link', { name: 'odc_community_forests_polygons_shp.zip' }).first().waitFor()
    await screenshot(page, 'km', 'import-list-phone')
    expect(errors).toEqual([])
    await context.close()
  })
})
