// The budget check counts what a page really loads: the entry, the page's lazy chunk and all their
// static imports with their CSS — not a page's other lazy chunks, which load later or never.
import { describe, expect, it } from 'vitest'
import { filesOfPage } from './check-budget.ts'

const manifest = {
  'index.html': {
    file: 'assets/index-1.js',
    isEntry: true,
    imports: ['_common.js'],
    css: ['assets/index-1.css'],
    dynamicImports: ['features/report/report-page.tsx', 'features/map/map-page.tsx'],
  },
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
      ].sort(),
    )
    expect(filesOfPage(manifest, 'features/map/map-page.tsx')).toContain('assets/leaflet-4.css')
  })

  it('names a page the manifest does not have (a renamed file must not pass as weighing nothing)', () => {
    expect(() => filesOfPage(manifest, 'features/report/renamed.tsx')).toThrow('the manifest has no chunk features/report/renamed.tsx')
  })
})
