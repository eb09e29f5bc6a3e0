// Signed checkpoints of the audit trail's head. The hash chain proves that no entry was altered
// or removed *inside* the chain, but someone with the database's keys can delete the newest
// entries, or rewrite history and recompute every hash after it, and the chain still verifies.
// A checkpoint — the head entry's id and hash, the number of entries, the time — signed with an
// Ed25519 key kept outside the database pins the chain as it was: a later verification finds the
// entry it names missing, or its hash different. Checkpoints are small files in a folder meant to
// be shipped elsewhere (rsync, object storage with retention, e-mail), out of an intruder's reach.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises'
import path from 'node:path'
import type { Db } from '../../../db/open.ts'
import { findChainHead } from './audit.queries.ts'

export interface CheckpointPayload {
  version: 1
  headId: number
  headHash: string
  /** Entries in the trail up to and including the head. */
  count: number
  at: string
  /** SHA-256 of the signing key's public key (DER), hex: which key signed it. */
  keyId: string
}

export interface Checkpoint extends CheckpointPayload {
  /** Ed25519 signature of `canonicalPayload`, base64. */
  signature: string
  /** The file it was read from, when read from one. */
  file?: string
}

export interface CheckpointSigner {
  privateKey: KeyObject
  publicKey: KeyObject
  keyId: string
}

/** Loads the signing key, creating it (readable by its owner only) the first time. */
export async function loadOrCreateSigner(keyFile: string): Promise<CheckpointSigner> {
  let pem: string
  try {
    pem = await readFile(keyFile, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    await mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 })
    await writeFileAtomically(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600)
    // The public half, for verifying checkpoints on another machine.
    await writeFileAtomically(`${keyFile}.pub`, publicKey.export({ type: 'spki', format: 'pem' }).toString(), 0o644)
    pem = await readFile(keyFile, 'utf8')
  }
  const privateKey = createPrivateKey(pem)
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${keyFile} is not an Ed25519 private key`)
  const publicKey = createPublicKey(privateKey)
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) }
}

/** The key that verifies checkpoints: a public key file, or the private key file it comes from. */
export async function loadVerifyingKey(file: string): Promise<{ publicKey: KeyObject; keyId: string }> {
  const pem = await readFile(file, 'utf8')
  const publicKey = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem)
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 key`)
  return { publicKey, keyId: keyIdOf(publicKey) }
}

const keyIdOf = (publicKey: KeyObject) =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')

/** The exact bytes signed: the payload's fields in a fixed order. */
function canonicalPayload(payload: CheckpointPayload): Buffer {
  const { version, headId, headHash, count, at, keyId } = payload
  return Buffer.from(JSON.stringify({ version, headId, headHash, count, at, keyId }))
}

export function isSignatureValid(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, canonicalPayload(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'))
  } catch {
    return false
  }
}

/**
 * Signs the trail's current head into a new file in `dir`, unless the newest checkpoint there
 * already names it. Returns the new checkpoint, or undefined when nothing changed.
 */
export async function writeCheckpoint(db: Db, signer: CheckpointSigner, dir: string): Promise<Checkpoint | undefined> {
  const head = await findChainHead(db)
  if (!head) return undefined
  const latest = (await readCheckpoints(dir)).filter((c) => c.keyId === signer.keyId).at(-1)
  if (latest && latest.headId === head.headId && latest.headHash === head.headHash) return undefined
  const payload: CheckpointPayload = { version: 1, ...head, at: new Date().toISOString(), keyId: signer.keyId }
  const checkpoint: Checkpoint = { ...payload, signature: sign(null, canonicalPayload(payload), signer.privateKey).toString('base64') }
  await mkdir(dir, { recursive: true })
  // Named so that a listing sorts them in order; never overwritten.
  const name = `checkpoint-${String(head.headId).padStart(12, '0')}-${payload.at.replace(/[:.]/g, '')}.json`
  await writeFileAtomically(path.join(dir, name), `${JSON.stringify(checkpoint, null, 2)}\n`, 0o644)
  return { ...checkpoint, file: path.join(dir, name) }
}

/** Every checkpoint file in `dir`, oldest head first; unreadable files are returned as invalid. */
export async function readCheckpoints(dir: string): Promise<Checkpoint[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^checkpoint-.*\.json$/.test(name)).sort()
  const checkpoints: Checkpoint[] = []
  for (const name of names) {
    const file = path.join(dir, name)
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Checkpoint
      checkpoints.push({ ...parsed, headId: Number(parsed.headId), count: Number(parsed.count), file })
    } catch {
      checkpoints.push({ version: 1, headId: -1, headHash: '', count: -1, at: '', keyId: '', signature: '', file })
    }
  }
  return checkpoints.sort((a, b) => a.headId - b.headId)
}

/** Writes a checkpoint now and then every `minutes` (and once more at close). */
export function scheduleCheckpoints(write: () => Promise<unknown>, minutes: number, onError: (error: unknown) => void) {
  const run = () => write().catch(onError)
  void run()
  const timer = minutes > 0 ? setInterval(() => void run(), minutes * 60_000) : undefined
  timer?.unref()
  return {
    async stop() {
      if (timer) clearInterval(timer)
      await run()
    },
  }
}

async function writeFileAtomically(file: string, text: string, mode: number) {
  const temporary = `${file}.${process.pid}.tmp`
  const handle = await open(temporary, 'w', mode)
  try {
    await handle.writeFile(text)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, file)
}
