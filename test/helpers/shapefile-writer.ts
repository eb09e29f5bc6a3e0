// A tiny shapefile writer (ESRI Shapefile Technical Description, 1998), for files the fixtures
// lack: generated points and polygons for tests and benchmarks. Records are written a thousand
// at a time, so a 50,000-polygon file never sits in memory.
import { open } from 'node:fs/promises'
import { join } from 'node:path'

export interface ShapefileSpec {
  /** 1 point, 5 polygon. */
  shapeType: 1 | 5
  count: number
  /** A point's [x, y], or a polygon's outer ring (clockwise, closed). */
  shape: (i: number) => number[][]
  bbox: [number, number, number, number]
  fields: { name: string; length: number; value: (i: number) => Buffer | string }[]
  /** The DBF language-driver byte (29). */
  languageDriver?: number
}

function shapeRecord(spec: ShapefileSpec, i: number): Buffer {
  const shape = spec.shape(i)
  if (spec.shapeType === 1) {
    const content = Buffer.alloc(20)
    content.writeInt32LE(1, 0)
    content.writeDoubleLE(shape[0]![0]!, 4)
    content.writeDoubleLE(shape[0]![1]!, 12)
    return content
  }
  const content = Buffer.alloc(44 + 4 + shape.length * 16)
  const xs = shape.map((p) => p[0]!)
  const ys = shape.map((p) => p[1]!)
  content.writeInt32LE(5, 0)
  ;[Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((n, k) => content.writeDoubleLE(n, 4 + k * 8))
  content.writeInt32LE(1, 36) // parts
  content.writeInt32LE(shape.length, 40)
  content.writeInt32LE(0, 44) // the part starts at point 0
  shape.forEach(([x, y], k) => {
    content.writeDoubleLE(x!, 48 + k * 16)
    content.writeDoubleLE(y!, 56 + k * 16)
  })
  return content
}

function shpHeader(spec: ShapefileSpec, lengthBytes: number): Buffer {
  const header = Buffer.alloc(100)
  header.writeInt32BE(9994, 0)
  header.writeInt32BE(lengthBytes / 2, 24)
  header.writeInt32LE(1000, 28)
  header.writeInt32LE(spec.shapeType, 32)
  spec.bbox.forEach((n, k) => header.writeDoubleLE(n, 36 + k * 8))
  return header
}

/** Writes name.shp, .shx and .dbf into `dir`, a thousand records at a time. */
export async function writeShapefile(dir: string, name: string, spec: ShapefileSpec) {
  const recordLength = 1 + spec.fields.reduce((sum, field) => sum + field.length, 0)
  const shp = await open(join(dir, `${name}.shp`), 'w')
  const shx = await open(join(dir, `${name}.shx`), 'w')
  const dbf = await open(join(dir, `${name}.dbf`), 'w')
  try {
    const dbfHeader = Buffer.alloc(32 + 32 * spec.fields.length + 1)
    dbfHeader.writeUInt8(0x03, 0)
    dbfHeader.writeUInt32LE(spec.count, 4)
    dbfHeader.writeUInt16LE(dbfHeader.length, 8)
    dbfHeader.writeUInt16LE(recordLength, 10)
    dbfHeader.writeUInt8(spec.languageDriver ?? 0, 29)
    spec.fields.forEach((field, k) => {
      dbfHeader.write(field.name, 32 + k * 32, 'latin1')
      dbfHeader.write('C', 32 + k * 32 + 11, 'latin1')
      dbfHeader.writeUInt8(field.length, 32 + k * 32 + 16)
    })
    dbfHeader.writeUInt8(0x0d, dbfHeader.length - 1)
    await dbf.write(dbfHeader, 0, dbfHeader.length, 0)

    let shpOffset = 100
    let dbfOffset = dbfHeader.length
    for (let start = 0; start < spec.count; start += 1000) {
      const shpChunks: Buffer[] = []
      const shxChunk = Buffer.alloc(8 * Math.min(1000, spec.count - start))
      const dbfChunk = Buffer.alloc(recordLength * Math.min(1000, spec.count - start), 0x20)
      for (let i = start; i < Math.min(start + 1000, spec.count); i++) {
        const content = shapeRecord(spec, i)
        const recordHeader = Buffer.alloc(8)
        recordHeader.writeInt32BE(i + 1, 0)
        recordHeader.writeInt32BE(content.length / 2, 4)
        shxChunk.writeInt32BE(shpOffset / 2, (i - start) * 8)
        shxChunk.writeInt32BE(content.length / 2, (i - start) * 8 + 4)
        shpChunks.push(recordHeader, content)
        shpOffset += 8 + content.length
        let at = (i - start) * recordLength + 1
        for (const field of spec.fields) {
          const value = field.value(i)
          ;(typeof value === 'string' ? Buffer.from(value, 'latin1') : value).copy(dbfChunk, at, 0, field.length)
          at += field.length
        }
      }
      const shpChunk = Buffer.concat(shpChunks)
      await shp.write(shpChunk, 0, shpChunk.length, 100 + (shpOffset - 100 - shpChunk.length))
      await shx.write(shxChunk, 0, shxChunk.length, 100 + start * 8)
      await dbf.write(dbfChunk, 0, dbfChunk.length, dbfOffset)
      dbfOffset += dbfChunk.length
    }
    await dbf.write(Buffer.from([0x1a]), 0, 1, dbfOffset)
    const shpHead = shpHeader(spec, shpOffset)
    await shp.write(shpHead, 0, 100, 0)
    const shxHead = shpHeader(spec, 100 + 8 * spec.count)
    await shx.write(shxHead, 0, 100, 0)
  } finally {
    await Promise.all([shp.close(), shx.close(), dbf.close()])
  }
  return ['shp', 'shx', 'dbf'].map((extension) => ({ name: `${name}.${extension}`, path: join(dir, `${name}.${extension}`) }))
}
