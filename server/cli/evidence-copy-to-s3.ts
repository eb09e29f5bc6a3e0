// `npm run evidence:copy-to-s3 -- s3://bucket/prefix`: copies the evidence store into a bucket and
// re-hashes every object there; exit 1 on any mismatch.
import { runCliScript } from './run-cli.ts'

await runCliScript('evidence:copy-to-s3')
