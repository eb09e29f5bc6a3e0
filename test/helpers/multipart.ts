// multipart/form-data bodies for upload tests, built by hand so a test controls every byte.
import { randomBytes } from 'node:crypto'

export interface FilePart {
  /** The form field's name; `file` by default. */
  name?: string
  filename: string
  type?: string
  bytes: Buffer
}

/** A multipart/form-data body: the text fields first, then the files (as the API asks). */
export function multipart(fields: Record<string, string>, files: FilePart[]) {
  const boundary = `----dey${randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name ?? 'file'}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    )
    chunks.push(file.bytes, Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
