import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiJson, isUnderFinger, launchBrowser, openSession, PHONE, screenshot, signIn } from './helpers/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

describe('signing in', () => {
  it('refuses a wrong password with a clear message, then signs in and adapts the menu to the role', async () => {
    const { page, context, errors } = await openSession(browser)
    await page.goto('/incidents')
    await page.waitForURL(/\/sign-in\?next=%2Fincidents/)
    await screenshot(page, 'en', 'sign-in')
    await page.getByLabel('E-mail or username').fill('demo-legal')
    await page.getByLabel('Password').fill('wrong-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('alert').textContent()).resolves.toContain('password is wrong')

    await page.getByLabel('Password').fill('demo-legal-2026')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/incidents$/)
    const nav = page.getByRole('navigation', { name: 'Menu' })
    await nav.getByRole('link', { name: 'Triage' }).waitFor({ state: 'visible' })
    await expect(nav.getByRole('link', { name: 'Users' }).count()).resolves.toBe(0)
    expect(errors).toEqual([])
    await context.close()
  })

  it('remembers the language chosen, in Khmer, across a reload, fetching only the strings of the language shown', async () => {
    const { page, context } = await openSession(browser, { viewport: PHONE })
    // The build writes each language's UI strings as its own chunk (client/build/language-messages.ts).
    let stringsFetched: string[] = []
    page.on('request', (request) => {
      const language = /\/assets\/(km|en)-[\w-]+\.js$/.exec(request.url())?.[1]
      if (language) stringsFetched.push(language)
    })
    await page.goto('/sign-in')
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in')
    expect(stringsFetched).toEqual(['en'])
    await page.getByRole('button', { name: 'ខ្មែរ' }).click()
    // The Khmer strings are fetched first, so the page changes a moment after the tap.
    await page.getByRole('heading', { level: 1, name: 'ចូលប្រើ' }).waitFor()
    expect(stringsFetched).toEqual(['en', 'km'])
    stringsFetched = []
    await page.reload()
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('ចូលប្រើ')
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('km')
    expect(stringsFetched).toEqual(['km'])
    await screenshot(page, 'km', 'sign-in')
    await context.close()
  })

  it('opens in English on a first visit whose Khmer strings cannot be fetched, rather than a blank page', async () => {
    const { page, context, errors } = await openSession(browser, { language: 'km', viewport: PHONE })
    await page.route('**/assets/km-*.js', (route) => route.abort())
    await page.goto('/sign-in')
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    expect(errors.filter((error) => error.startsWith('pageerror'))).toEqual([])
    await context.close()
  })

  it('shows a community representative a phone menu without staff screens', async () => {
    const { page, context } = await openSession(browser, { viewport: PHONE })
    await signIn(page, 'demo-rep')
    await page.getByRole('button', { name: 'Menu' }).click()
    const nav = page.getByRole('navigation', { name: 'Menu' })
    await nav.getByRole('link', { name: 'Report a threat' }).waitFor({ state: 'visible' })
    await expect(nav.getByRole('link', { name: 'Triage' }).count()).resolves.toBe(0)
    await expect(nav.getByRole('link', { name: 'Dashboard' }).count()).resolves.toBe(0)
    await context.close()
  })

  it('on a phone, a new account’s forced password change has its button free of the floating report button', async () => {
    const admin = await openSession(browser, { login: 'demo-admin' })
    const communities = await apiJson<{ items: { id: string }[] }>(admin.page, 'GET', '/api/communities?limit=1')
    const email = `new-rep-${Date.now()}@e2e.dey`
    const created = await apiJson<{ temporaryPassword: string }>(admin.page, 'POST', '/api/users', {
      email,
      displayName: 'New representative',
      role: 'community_rep',
      communityIds: [communities.items[0]!.id],
    })
    await admin.context.close()

    const { page, context, errors } = await openSession(browser, { viewport: PHONE })
    await page.goto('/sign-in')
    await page.getByLabel('E-mail or username').fill(email)
    await page.getByLabel('Password').fill(created.temporaryPassword)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/account\?mustChange=1/)
    const submit = page.getByRole('button', { name: 'Change password' })
    await submit.waitFor({ state: 'visible' })
    await expect(page.locator('.report-fab').count()).resolves.toBe(0)
    await expect(isUnderFinger(submit)).resolves.toBe(true)
    await screenshot(page, 'en', 'account-must-change-phone')
    expect(errors).toEqual([])
    await context.close()
  })
})
