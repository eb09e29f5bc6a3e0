// @vitest-environment happy-dom
// The "Export" menu of the lists and the map: one download link per format, to the layer's
// export with the filters on screen (never the list's page, cursor or format), in both languages.
import { cleanup, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { GisExportMenu } from '../../client/components/gis-export/export-menu.tsx'
import { meOf, renderPage } from './admin-render.tsx'

afterEach(() => cleanup())

const query = { q: 'ស្រែ', tenure: 'communal_claim', sort: '-areaHa', cursor: 'page-3', limit: '25', format: 'json', community: undefined }

describe('the GIS export menu', () => {
  it('links every format to the layer’s export with the list’s filters and sort', async () => {
    await renderPage(<GisExportMenu layer="parcels" query={query} />, { me: meOf('legal'), path: '/parcels', route: '/parcels' })
    expect(screen.getByText('Export')).toBeTruthy()
    const link = screen.getByRole('link', { name: 'GeoPackage (QGIS)' }) as HTMLAnchorElement
    expect(link.getAttribute('href')).toBe(`/api/parcels/export.gpkg?q=${encodeURIComponent('ស្រែ')}&tenure=communal_claim&sort=-areaHa`)
    expect(link.hasAttribute('download')).toBe(true)
    expect(screen.getAllByRole('link').map((a) => a.getAttribute('href')!.split('?')[0])).toEqual(
      ['geojson', 'kml', 'kmz', 'csv', 'shp', 'gpkg'].map((format) => `/api/parcels/export.${format}`),
    )
  })

  it('is in Khmer for a Khmer reader', async () => {
    await renderPage(<GisExportMenu layer="incidents" query={{}} />, {
      me: meOf('legal'),
      path: '/incidents',
      route: '/incidents',
      language: 'km',
    })
    expect(screen.getByText('នាំចេញ')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'KML (សម្រាប់ Google Earth)' }).getAttribute('href')).toBe('/api/incidents/export.kml')
  })
})
