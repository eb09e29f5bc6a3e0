// The reference deployment's files (deploy/) are checked by the tools that will read them: Caddy
// parses the Caddyfile, systemd the unit. Skipped where a tool is not installed
// (`apt-get install caddy` gives Debian's).
import { spawnSync } from 'node:child_process'
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config.ts'

const deploy = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy')
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0

describe('the reference deployment', () => {
  it.skipIf(!has('caddy'))('has a Caddyfile that Caddy accepts, formatted as caddy fmt would', () => {
    const validated = spawnSync('caddy', ['validate', '--adapter', 'caddyfile', '--config', path.join(deploy, 'Caddyfile')], {
      encoding: 'utf8',
    })
    expect(validated.status, validated.stderr).toBe(0)
    const formatted = spawnSync('caddy', ['fmt', '--diff', path.join(deploy, 'Caddyfile')], { encoding: 'utf8' })
    expect(formatted.stdout.split('\n').filter((line) => /^[-+]/.test(line))).toEqual([])
  })

  it.skipIf(!has('systemd-analyze'))('has a systemd unit that systemd reads without a warning', async () => {
    // systemd-analyze verify only warns (exit 0) about unknown keys: any output is a failure here.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-unit-'))
    try {
      const instance = path.join(dir, 'dey@3001.service')
      await copyFile(path.join(deploy, 'dey@.service'), instance)
      const verified = spawnSync('systemd-analyze', ['verify', instance], { encoding: 'utf8' })
      expect(verified.status).toBe(0)
      expect(verified.stderr.trim()).toBe('')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('has an example environment that the server accepts as its configuration', async () => {
    const text = await readFile(path.join(deploy, 'dey.env.example'), 'utf8')
    const env = Object.fromEntries(
      text
        .split('\n')
        .filter((line) => /^[A-Z_0-9]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    )
    const config = loadConfig({ ...env, PORT: '3001' })
    expect(config).toMatchObject({ isProduction: true, loadDemoData: false, trustProxy: 1, publicUrl: 'https://dey.example.org' })
    expect(config.evidenceStore).toMatchObject({ bucket: 'dey-evidence' })
    expect(config.metricsToken).toBeDefined()
  })
})
