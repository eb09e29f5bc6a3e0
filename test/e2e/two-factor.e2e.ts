// Two-step sign-in in the browser: a lawyer (legal role, which requires it by default) sets it up
// at first sign-in with a code computed here from the key the page shows, as an authenticator app
// would; is refused without the code; signs in with a code, and in Khmer on a phone with a
// recovery code. Sign-ins are kept few: the server allows 10 a minute from one address.
import { Secret, TOTP } from 'otpauth'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiJson, launchBrowser, openSession, PHONE, screenshot } from './helpers/browser.ts'

const STEP_MS = 30_000

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

/** The lawyer made for this run, and what the journey learns about their factor. */
const lawyer = {
  email: `lawyer-2fa-${Date.now()}@e2e.dey`,
  password: 'a long sentence nobody guesses',
  secret: '',
  recoveryCodes: [] as string[],
}
let lastStep = -1

/** A code the server has not seen yet: each 30-second step is accepted once, so never reuse the last one's. */
function freshCode() {
  const step = Math.max(Math.floor(Date.now() / STEP_MS), lastStep + 1)
  lastStep = step
  return new TOTP({ secret: Secret.fromBase32(lawyer.secret) }).generate({ timestamp: step * STEP_MS })
}

async function createLawyer(email: string, password: string) {
  const admin = await openSession(browser, { login: 'demo-admin' })
  await apiJson(admin.page, 'POST', '/api/users', { email, displayName: 'Sokha Lawyer', role: 'legal', password })
  await admin.context.close()
}

async function fillPassword(page: Page, labels: { login: string; password: string; submit: string }, email: string, password: string) {
  await page.goto('/sign-in')
  await page.getByLabel(labels.login).fill(email)
  await page.getByLabel(labels.password).fill(password)
  await page.getByRole('button', { name: labels.submit }).click()
}

const EN = { login: 'E-mail or username', password: 'Password', submit: 'Sign in' }
const KM = { login: 'អ៊ីមែល ឬឈ្មោះអ្នកប្រើ', password: 'ពាក្យសម្ងាត់', submit: 'ចូលប្រើ' }

async function signOut(page: Page) {
  await page.locator('.user-menu summary').click()
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.waitForURL(/\/sign-in/)
}

describe('two-step sign-in', () => {
  it('a lawyer sets it up at first sign-in, is refused without the code, and signs in with one', async () => {
    await createLawyer(lawyer.email, lawyer.password)
    const { page, context, errors } = await openSession(browser, { viewport: PHONE })

    await fillPassword(page, EN, lawyer.email, lawyer.password)
    // The role requires it: My account, with nothing else to do until it is set up.
    await page.waitForURL(/\/account$/)
    await page.getByRole('alert').filter({ hasText: 'set up two-step sign-in to continue' }).waitFor()
    await expect(page.getByRole('heading', { name: 'Change password' }).count()).resolves.toBe(0)
    await page.getByRole('button', { name: 'Set up two-step sign-in' }).click()
    const qr = page.getByRole('img', { name: 'QR code for your authenticator app' })
    await qr.waitFor()
    await expect(qr.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).resolves.toBe(true)
    lawyer.secret = ((await page.getByTestId('second-factor-secret').textContent()) ?? '').replace(/\s/g, '')
    expect(lawyer.secret).toMatch(/^[A-Z2-7]{32}$/)
    await screenshot(page, 'en', 'two-factor-set-up-phone')

    const codeField = page.getByLabel('6-digit code')
    await expect(codeField.getAttribute('inputmode')).resolves.toBe('numeric')
    await expect(codeField.getAttribute('autocomplete')).resolves.toBe('one-time-code')
    await codeField.fill(freshCode())
    await page.getByRole('button', { name: 'Turn on' }).click()
    const codes = page.getByTestId('recovery-codes').locator('li')
    await codes.first().waitFor()
    lawyer.recoveryCodes = (await codes.allTextContents()).map((code) => code.trim())
    expect(lawyer.recoveryCodes).toHaveLength(10)
    await screenshot(page, 'en', 'two-factor-recovery-codes-phone')
    await page.getByRole('button', { name: 'I have saved them' }).click()
    // Enrolled: the lawyer's day starts on My work.
    await page.waitForURL(/\/work$/)
    await signOut(page)

    // Without the code: no session, the page asks for it.
    await fillPassword(page, EN, lawyer.email, lawyer.password)
    await page.getByRole('heading', { level: 1, name: 'Two-step sign-in' }).waitFor()
    const refused = await page.request.get('/api/auth/me')
    expect(refused.status()).toBe(401)
    await expect(page.getByLabel('6-digit code').getAttribute('autocomplete')).resolves.toBe('one-time-code')
    await screenshot(page, 'en', 'sign-in-code-phone')

    await page.getByLabel('6-digit code').fill(freshCode())
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/work$/)
    expect((await page.request.get('/api/auth/me')).status()).toBe(200)
    expect(errors).toEqual([])
    await context.close()
  })

  it('in Khmer on a phone, signs in once with a recovery code and lists the signed-in devices', async () => {
    expect(lawyer.recoveryCodes, 'the first journey must have run').toHaveLength(10)
    const { page, context, errors } = await openSession(browser, { viewport: PHONE, language: 'km' })
    await fillPassword(page, KM, lawyer.email, lawyer.password)
    await page.getByRole('heading', { level: 1, name: 'ការចូលប្រើពីរជំហាន' }).waitFor()
    await screenshot(page, 'km', 'sign-in-code-phone')
    await page.getByRole('button', { name: 'ខ្ញុំគ្មានទូរសព្ទនៅជាប់ខ្លួន៖ ប្រើលេខកូដសង្គ្រោះ' }).click()
    await page.getByLabel('លេខកូដសង្គ្រោះ').fill(lawyer.recoveryCodes[0]!)
    await page.getByRole('button', { name: 'បន្ត' }).click()
    await page.waitForURL(/\/work$/)

    await page.goto('/account')
    await page.getByTestId('second-factor-on').waitFor()
    const status = await apiJson<{ recoveryCodesLeft: number }>(page, 'GET', '/api/auth/second-factor')
    expect(status.recoveryCodesLeft).toBe(9)
    const devices = page.locator('.session-item')
    await devices.first().waitFor()
    // The first journey's phone is still signed in, besides this one.
    await expect(devices.count()).resolves.toBeGreaterThanOrEqual(2)
    await page.getByRole('heading', { name: 'ឧបករណ៍ដែលបានចូលប្រើ' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'km', 'account-devices-phone')
    await page.getByRole('button', { name: 'ចាកចេញពីគ្រប់ឧបករណ៍ផ្សេងទៀត' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'ចាកចេញពីគ្រប់ឧបករណ៍ផ្សេងទៀត' }).click()
    await page.getByRole('status').filter({ hasText: 'បានចាកចេញពីឧបករណ៍ផ្សេងទៀត' }).waitFor()
    // The list is fetched again after the message: wait for it, not for a moment.
    await expect.poll(() => devices.count(), { timeout: 30_000 }).toBe(1)
    await page.getByRole('heading', { name: 'ការចូលប្រើពីរជំហាន' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'km', 'account-two-factor-phone')
    // Nothing wider than the phone.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width)
    expect(errors).toEqual([])
    await context.close()
  })
})
