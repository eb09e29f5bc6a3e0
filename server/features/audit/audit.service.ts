// Verifying the audit trail: the hash chain entry by entry, and the chain against the signed
// checkpoints of its head (audit.checkpoints.ts), which catch what the chain alone cannot — the
// newest entries deleted, or history rewritten with every later hash recomputed.
import type { KeyObject } from 'node:crypto'
import type { Db } from '../../../db/open.ts'
import type { ChainReport } from '../../../shared/audit.ts'
import { isSignatureValid, loadVerifyingKey, readCheckpoints, type Checkpoint } from './audit.checkpoints.ts'
import { findChainBatch } from './audit.queries.ts'

/** The checkpoints to check the chain against, and the key trusted to have signed them. */
export interface CheckpointAnchor {
  checkpoints: Checkpoint[]
  publicKey: KeyObject
  keyId: string
}

/** Where checkpoints are kept and which key signs them (a private key file, or its `.pub`). */
export interface CheckpointFiles {
  dir: string
  keyFile: string
}

/** Reads the checkpoints and the trusted key; undefined while no key exists yet (no checkpoint was ever made). */
export async function loadCheckpointAnchor(files: CheckpointFiles | undefined): Promise<CheckpointAnchor | undefined> {
  if (!files) return undefined
  let key: { publicKey: KeyObject; keyId: string }
  try {
    key = await loadVerifyingKey(files.keyFile)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  return { ...key, checkpoints: await readCheckpoints(files.dir) }
}

type Broken = { firstBrokenId: number; reason: string; problem: NonNullable<ChainReport['problem']> }

/** Re-walks the hash chain in id order, a batch at a time, and reports the first problem found. */
export async function verifyAuditTrail(db: Db, anchor?: CheckpointAnchor, batchSize = 5000): Promise<ChainReport> {
  const trusted: Checkpoint[] = []
  let untrusted = 0
  let broken: Broken | undefined
  for (const checkpoint of anchor?.checkpoints ?? []) {
    if (checkpoint.keyId !== anchor!.keyId) untrusted++
    else if (isSignatureValid(checkpoint, anchor!.publicKey)) trusted.push(checkpoint)
    else
      broken ??= {
        firstBrokenId: checkpoint.headId,
        reason: `the checkpoint ${checkpoint.file ?? ''} does not match its signature (the checkpoint was altered)`,
        problem: 'checkpoint_altered',
      }
  }
  trusted.sort((a, b) => a.headId - b.headId)

  let checked = 0
  let previousHash = ''
  let afterId = 0
  let next = 0
  const describe = (checkpoint: Checkpoint) =>
    `the signed checkpoint of ${checkpoint.at} (entry ${checkpoint.headId}, ${checkpoint.count} entries)`
  walk: for (;;) {
    const rows = await findChainBatch(db, afterId, batchSize)
    for (const row of rows) {
      if (row.prevHash !== previousHash) {
        broken ??= {
          firstBrokenId: row.id,
          reason: 'does not link to the entry before it (an entry was removed or altered)',
          problem: 'link',
        }
        break walk
      }
      if (row.recomputed !== row.hash) {
        broken ??= { firstBrokenId: row.id, reason: 'its content does not match its hash (the entry was altered)', problem: 'content' }
        break walk
      }
      if (row.badShape !== null) {
        broken ??= {
          firstBrokenId: row.id,
          reason: `the shape it records (SHA-256 ${row.badShape}) is missing from audit_shapes or was altered`,
          problem: 'shape',
        }
        break walk
      }
      checked++
      if (next < trusted.length && trusted[next]!.headId < row.id) {
        const checkpoint = trusted[next]!
        broken ??= {
          firstBrokenId: checkpoint.headId,
          reason: `is missing, but ${describe(checkpoint)} names it (entries were removed)`,
          problem: 'entry_missing',
        }
        break walk
      }
      if (next < trusted.length && trusted[next]!.headId === row.id) {
        const checkpoint = trusted[next]!
        if (checkpoint.headHash !== row.hash) {
          broken ??= {
            firstBrokenId: row.id,
            reason: `its hash differs from ${describe(checkpoint)} (history was rewritten)`,
            problem: 'rewritten',
          }
          break walk
        }
        if (checkpoint.count !== checked) {
          broken ??= {
            firstBrokenId: row.id,
            reason: `${describe(checkpoint)} counted ${checkpoint.count} entries up to here; the trail has ${checked}`,
            problem: 'count',
          }
          break walk
        }
        next++
      }
      previousHash = row.hash
      afterId = row.id
    }
    if (rows.length < batchSize) break
  }
  if (!broken && next < trusted.length) {
    const checkpoint = trusted.at(-1)!
    broken = {
      firstBrokenId: checkpoint.headId,
      reason: `the trail ends at entry ${afterId}, but ${describe(checkpoint)} was signed later (the newest entries were deleted)`,
      problem: 'tail_deleted',
    }
  }
  const latest = trusted.at(-1)
  return {
    isIntact: broken === undefined,
    checked,
    firstBrokenId: broken?.firstBrokenId ?? null,
    reason: broken?.reason ?? null,
    problem: broken?.problem ?? null,
    checkpoints: {
      verified: broken ? trusted.slice(0, next).length : trusted.length,
      untrusted,
      latest: latest ? { headId: latest.headId, count: latest.count, at: latest.at } : null,
    },
  }
}
