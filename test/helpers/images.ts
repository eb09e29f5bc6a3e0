// Images built for tests, byte by byte, where a library would take seconds to make them.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { crc32, deflateSync } from 'node:zlib'

const GPS_PHOTO = path.resolve(import.meta.dirname, '../fixtures/photos/exif-samples_gps_DSCN0010.jpg')

function pngChunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typed) >>> 0)
  return Buffer.concat([length, typed, crc])
}

/**
 * A black-and-white PNG of `size` × `size` pixels (16384: 268 million, more than is decoded to
 * strip metadata) carrying the GPS fixture photo's EXIF in an eXIf chunk. 1 bit a pixel of zeros
 * deflates to a few kilobytes, so it is made in a fraction of a second.
 */
export function hugePngWithGps(size = 16384): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 1 // bit depth; colour type 0 (grey), default compression, filter and no interlace follow as zeros
  const rows = Buffer.alloc((1 + Math.ceil(size / 8)) * size)
  const jpeg = readFileSync(GPS_PHOTO)
  const exif = jpeg.indexOf(Buffer.from('Exif\0\0'))
  const tiff = jpeg.subarray(exif + 6, exif - 2 + jpeg.readUInt16BE(exif - 2))
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    pngChunk('IHDR', header),
    pngChunk('eXIf', tiff),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

/** A PNG of one colour, `size` × `size` pixels (a map tile from a test tile server). */
export function solidPng(size: number, [red, green, blue]: [number, number, number]): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // colour type: RGB
  const row = Buffer.alloc(1 + size * 3)
  for (let x = 0; x < size; x++) row.set([red, green, blue], 1 + x * 3)
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}
