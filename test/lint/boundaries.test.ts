// The architecture is a lint rule (eslint.config.js): these imports are refused, with a message that
// says where the shared piece belongs. Linted as text at a path inside the tree, through the real
// ESLint with the project's own config (type-aware parsing off: the files are not on disk).
import { ESLint } from 'eslint'
import path from 'node:path'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: root, overrideConfig: { ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] } })

async function boundaryErrors(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  return result!.messages.filter((message) => message.ruleId === 'import-x/no-restricted-paths').map((message) => message.message)
}

describe('import boundaries', () => {
  it('a client feature may not import another feature', async () => {
    const errors = await boundaryErrors('client/features/incidents/boundary-probe.ts', "export { outbox } from '../report/outbox.ts'\n")
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/A feature never imports another feature/)
  })

  it('the client may not import the server', async () => {
    const errors = await boundaryErrors('client/lib/boundary-probe.ts', "export { loadConfig } from '../../server/config.ts'\n")
    expect(errors.join('\n')).toMatch(/The client imports only shared/)
  })

  it('shared/ imports nothing of ours, and the server nothing of the client', async () => {
    expect(await boundaryErrors('shared/boundary-probe.ts', "export { openDatabase } from '../db/open.ts'\n")).toHaveLength(1)
    expect(await boundaryErrors('server/lib/boundary-probe.ts', "export { api } from '../../client/lib/api-client.ts'\n")).toHaveLength(1)
  })

  it('allows what the architecture allows: a feature its own files, the shared layers, shared/', async () => {
    expect(
      await boundaryErrors(
        'client/features/incidents/boundary-probe.ts',
        "export { api } from '../../lib/api-client.ts'\nexport { Problem } from '../../../shared/errors.ts'\n",
      ),
    ).toEqual([])
    expect(await boundaryErrors('server/lib/boundary-probe.ts', "export { openDatabase } from '../../db/open.ts'\n")).toEqual([])
  })
})
