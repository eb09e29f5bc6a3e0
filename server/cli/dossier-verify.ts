// `npm run dossier:verify -- file.zip`: checks a dossier ZIP against its SHA256SUMS and manifest.json.
// Exit 0 with `OK: N files verified`; exit 1 with `MISMATCH: <path>: <reason>` (the first problem);
// exit 2 with one plain line when the file is missing or cannot be read as a ZIP.
import { DossierUnreadableError, verifyDossierZip } from '../lib/dossier-verify.ts'

const USAGE = 'usage: npm run dossier:verify -- <dossier.zip>'

async function main(args: string[]): Promise<number> {
  const paths = args.filter((arg) => arg !== '--')
  if (paths.length !== 1) {
    process.stderr.write(`dey: ${USAGE}\n`)
    return 2
  }
  try {
    const result = await verifyDossierZip(paths[0]!)
    if (result.ok) {
      process.stdout.write(`OK: ${result.files} files verified\n`)
      return 0
    }
    process.stdout.write(`MISMATCH: ${result.path}: ${result.reason}\n`)
    return 1
  } catch (error) {
    if (error instanceof DossierUnreadableError) {
      process.stderr.write(`dey: ${error.message}\n`)
      return 2
    }
    process.stderr.write(`dey: ${(error as Error).stack ?? String(error)}\n`)
    return 2
  }
}

process.exitCode = await main(process.argv.slice(2))
