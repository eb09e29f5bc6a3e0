// Which code page a shapefile's .dbf is written in: the user's choice, else the .cpg file, else the DBF
// header's language-driver byte, else a guess (UTF-8 when the bytes are valid UTF-8, Windows-1252 otherwise).
// Khmer has no legacy code page: Khmer text in a DBF is UTF-8, or ASCII typed for a legacy Khmer font
// (Limon), which no decoder can turn back into Unicode.
import { open } from 'node:fs/promises'

export interface DbfEncoding {
  /** A WHATWG label Node's TextDecoder knows. */
  encoding: string
  warning?: string
}

/** Code pages by the number .cpg files and Windows use for them. */
const CODE_PAGES: Record<string, string> = {
  '866': 'ibm866',
  '874': 'windows-874',
  '932': 'shift_jis',
  '936': 'gbk',
  '949': 'euc-kr',
  '950': 'big5',
  '65001': 'utf-8',
}
for (let page = 1250; page <= 1258; page++) CODE_PAGES[String(page)] = `windows-${page}`

/** The DBF header's language driver id (byte 29) → encoding, for the drivers TextDecoder can decode. */
const LANGUAGE_DRIVERS: Record<number, string> = {
  0x03: 'windows-1252',
  0x57: 'windows-1252',
  0x58: 'windows-1252',
  0x59: 'windows-1252',
  0x13: 'shift_jis',
  0x26: 'ibm866',
  0x4d: 'gbk',
  0x4e: 'euc-kr',
  0x4f: 'big5',
  0x50: 'windows-874',
  0x65: 'ibm866',
  0x78: 'big5',
  0x79: 'euc-kr',
  0x7a: 'gbk',
  0x7b: 'shift_jis',
  0x7c: 'windows-874',
  0x7d: 'windows-1255',
  0x7e: 'windows-1256',
  0xc8: 'windows-1250',
  0xc9: 'windows-1251',
  0xca: 'windows-1254',
  0xcb: 'windows-1253',
  0xcc: 'windows-1257',
}

/** DOS code pages (437, 850, 852 …) that TextDecoder does not have. */
const UNDECODABLE_DRIVERS = new Set([
  0x01, 0x02, 0x08, 0x09, 0x0a, 0x0b, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x14, 0x15, 0x64, 0x66, 0x67, 0x6a, 0x6b,
])

const isKnown = (label: string) => {
  try {
    return new TextDecoder(label).encoding
  } catch {
    return null
  }
}

/** The encoding a .cpg file names (`UTF-8`, `1250`, `ANSI 1251`, `88591`, `ISO-8859-2`, `CP1252` …). */
export function encodingFromCpg(text: string): string | null {
  const value = text.trim().replace(/^\uFEFF/, '')
  if (value === '') return null
  const digits = /^(?:ansi|cp|windows|oem|dos)?[\s_-]*(\d{3,5})$/i.exec(value)?.[1]
  if (digits && CODE_PAGES[digits]) return CODE_PAGES[digits]
  const iso = /^(?:iso[\s_-]*)?8859[\s_-]*(\d{1,2})$/i.exec(value)?.[1]
  if (iso) return isKnown(`iso-8859-${iso}`)
  return isKnown(value)
}

async function readHeadAndSample(path: string, sampleBytes: number): Promise<Uint8Array> {
  const file = await open(path, 'r')
  try {
    const buffer = new Uint8Array(sampleBytes)
    const { bytesRead } = await file.read(buffer, 0, sampleBytes, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}

/** Valid UTF-8 (a character cut off at the end of the sample is forgiven). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
    return true
  } catch {
    return false
  }
}

export async function detectDbfEncoding(dbfPath: string, cpgText: string | null): Promise<DbfEncoding> {
  if (cpgText !== null) {
    const fromCpg = encodingFromCpg(cpgText)
    if (fromCpg) return { encoding: fromCpg }
  }
  // The first MiB holds the header and thousands of records: enough to tell UTF-8 from a single-byte code page.
  const sample = await readHeadAndSample(dbfPath, 1024 * 1024)
  const cpgNote = cpgText === null ? '' : ` (the .cpg says ${JSON.stringify(cpgText.trim())}, which is not a known encoding)`
  const driver = sample[29] ?? 0
  const fromDriver = LANGUAGE_DRIVERS[driver]
  if (fromDriver) return { encoding: fromDriver, ...(cpgNote ? { warning: `Text decoded as ${fromDriver}${cpgNote}` } : {}) }
  const headerBytes = sample.length >= 10 ? sample[8]! | (sample[9]! << 8) : 0
  const records = sample.subarray(headerBytes)
  // Plain ASCII reads the same in every code page: nothing to warn about.
  if (!records.some((byte) => byte > 0x7f)) return { encoding: 'utf-8', ...(cpgNote ? { warning: `Text decoded as utf-8${cpgNote}` } : {}) }
  const encoding = isUtf8(records) ? 'utf-8' : 'windows-1252'
  const why = UNDECODABLE_DRIVERS.has(driver)
    ? `the DBF is marked with a DOS code page (language driver 0x${driver.toString(16)}) that cannot be decoded here`
    : 'the shapefile has no .cpg file'
  return { encoding, warning: `Text decoded as ${encoding}: ${why}${cpgNote}; choose the encoding if names look wrong` }
}
