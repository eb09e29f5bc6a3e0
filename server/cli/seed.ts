// `npm run db:seed`: migrate, then load the fictional demo data set into the configured (empty) database.
import { runCliScript } from './run-cli.ts'

await runCliScript('db:seed')
