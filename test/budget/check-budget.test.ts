// The budget check counts what a page really loads: the entry, the page's lazy chunk and all their
// static imports with their CSS, and the Khmer strings the entry fetches before painting — not a
// page's other lazy chunks, nor the other language, which load later or never.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { reportMessages } from '../../client/features/report/messages.ts'
import { filesOfPage, khmerStringsOutsideTheirModule } from './check-budget.ts'

const manifest = {
  'index.html': {
    file: 'assets/index-1.js',
    isEntry: true,
    imports: ['_common.js'],
    css: ['assets/index-1.css'],
    dynamicImports: [
      'features/report/report-page.tsx',
      'features/map/map-page.tsx',
      '../virtual:dey-messages/km',
      '../virtual:dey-messages/en',
    ],
  },
  '../virtual:dey-messages/km': { file: 'assets/km-8.js', isDynamicEntry: true },
  '../virtual:dey-messages/en': { file: 'assets/en-9.js', isDynamicEntry: true },
  '_common.js': { file: 'assets/common-2.js', imports: ['_react.js'] },
  '_react.js': { file: 'assets/react-3.js', imports: ['_common.js'] },
  '_map-view.js': { file: 'assets/map-view-4.js', css: ['assets/leaflet-4.css'] },
  'features/report/report-page.tsx': {
    file: 'assets/report-page-5.js',
    imports: ['_common.js'],
    css: ['assets/report-5.css'],
    dynamicImports: ['features/report/location-picker-map.tsx'],
  },
  'features/report/location-picker-map.tsx': { file: 'assets/location-picker-map-6.js', imports: ['_map-view.js'] },
  'features/map/map-page.tsx': { file: 'assets/map-page-7.js', imports: ['_map-view.js'] },
}

describe('the files a page loads', () => {
  it('follows static imports transitively (cycles included) and adds their CSS, leaving lazy chunks out', () => {
    expect(filesOfPage(manifest, 'features/report/report-page.tsx').sort()).toEqual(
      [
        'assets/index-1.js',
        'assets/index-1.css',
        'assets/common-2.js',
        'assets/react-3.js',
        'assets/report-page-5.js',
        'assets/report-5.css',
        'assets/km-8.js',
      ].sort(),
    )
    expect(filesOfPage(manifest, 'features/map/map-page.tsx')).toContain('assets/leaflet-4.css')
  })

  it('fails when the strings module is missing, rather than weighing a page without its strings', () => {
    const { ['../virtual:dey-messages/km']: _khmer, ...withoutKhmer } = manifest
    expect(() => filesOfPage(withoutKhmer, 'features/map/map-page.tsx')).toThrow('the manifest has no chunk virtual:dey-messages/km')
  })

  it('names a page the manifest does not have (a renamed file must not pass as weighing nothing)', () => {
    expect(() => filesOfPage(manifest, 'features/report/renamed.tsx')).toThrow('the manifest has no chunk features/report/renamed.tsx')
  })
})

describe('the strings a page carries', () => {
  /** A built client whose entry holds `entryCode`, a lazy admin page `adminCode`, one chunk per page and the strings' modules. */
  function builtClient(entryCode: string, adminCode = 'export {}') {
    const dir = mkdtempSync(path.join(tmpdir(), 'dey-budget-'))
    mkdirSync(path.join(dir, '.vite'))
    mkdirSync(path.join(dir, 'assets'))
    const pages = ['features/auth/sign-in-page.tsx', 'features/report/report-page.tsx', 'features/map/map-page.tsx']
    const built: Record<string, { file: string; isEntry?: boolean; isDynamicEntry?: boolean }> = {
      'index.html': { file: 'assets/index.js', isEntry: true },
      '../virtual:dey-messages/km': { file: 'assets/km.js', isDynamicEntry: true },
      '../virtual:dey-messages/en': { file: 'assets/en.js', isDynamicEntry: true },
    }
    pages.forEach((page, index) => (built[page] = { file: `assets/page-${index}.js` }))
    built['features/admin/users-page.tsx'] = { file: 'assets/users-page.js' }
    writeFileSync(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(built))
    for (const item of Object.values(built)) writeFileSync(path.join(dir, item.file), 'export {}')
    writeFileSync(path.join(dir, 'assets/index.js'), entryCode)
    writeFileSync(path.join(dir, 'assets/users-page.js'), adminCode)
    writeFileSync(path.join(dir, 'assets/km.js'), `export default ${JSON.stringify(reportMessages.km)}`)
    return dir
  }

  it('finds Khmer UI strings bundled outside their module, as when a page imports messages.ts itself', () => {
    const dir = builtClient(`const strings = ${JSON.stringify(reportMessages)}`)
    try {
      expect(khmerStringsOutsideTheirModule(dir)).toEqual([{ file: 'assets/index.js', text: expect.any(String) }])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('looks in every chunk, not only the first pages’ (a lazy page importing messages.ts)', () => {
    const dir = builtClient('export {}', `const strings = ${JSON.stringify(reportMessages.km)}`)
    try {
      expect(khmerStringsOutsideTheirModule(dir)).toEqual([{ file: 'assets/users-page.js', text: expect.any(String) }])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('finds none when only the strings module holds them', () => {
    const dir = builtClient('export const language = "ខ្មែរ"')
    try {
      expect(khmerStringsOutsideTheirModule(dir)).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
