// The file-reading layer of GIS import (issue #14): real files from ODC, togeojson and shpjs (see
// test/fixtures/gis/SOURCES.md), and files made here. Pure: no database, no server.
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { ZipArchive } from 'archiver'
import initSqlJs from 'sql.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspectFile, type ReadFeature, readFeatures, type ReadFeaturesOptions } from '../../server/features/imports/read/imports-read.ts'
import { AppError } from '../../server/lib/app-error.ts'
import { writeShapefile } from '../helpers/shapefile-writer.ts'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'gis')
const fixture = (name: string) => join(FIXTURES, name)

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'dey-import-read-test-'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

async function readAll(path: string, options: ReadFeaturesOptions = {}): Promise<ReadFeature[]> {
  const features: ReadFeature[] = []
  for await (const feature of readFeatures(path, options)) features.push(feature)
  return features
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

/** Metres between two WGS 84 positions (equirectangular: exact enough over a few kilometres). */
function distanceM([lon1, lat1]: number[], [lon2, lat2]: number[]): number {
  const rad = Math.PI / 180
  const x = (lon2! - lon1!) * rad * Math.cos(((lat1! + lat2!) / 2) * rad)
  const y = (lat2! - lat1!) * rad
  return Math.hypot(x, y) * 6_371_000
}

const pointOf = (feature: ReadFeature | undefined) => {
  expect(feature?.geometry?.type).toBe('Point')
  return (feature!.geometry as { coordinates: number[] }).coordinates
}

async function zipFiles(zipPath: string, entries: { name: string; path?: string; data?: Buffer | string }[]) {
  const archive = new ZipArchive({ store: true })
  const written = pipeline(archive, createWriteStream(zipPath))
  for (const entry of entries) archive.append(entry.path ? createReadStream(entry.path) : entry.data!, { name: entry.name })
  await archive.finalize()
  await written
  return zipPath
}

// ESRI's own WKT for EPSG:3148 (`projinfo EPSG:3148 -o WKT1_ESRI`): like most .prj files, no TOWGS84.
const INDIAN_1960_UTM_48N_ESRI =
  'PROJCS["Indian_1960_UTM_Zone_48N",GEOGCS["GCS_Indian_1960",DATUM["D_Indian_1960",SPHEROID["Everest_Adjustment_1937",6377276.345,300.8017]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'

async function onePointShapefile(name: string, [x, y]: [number, number], extra: { name: string; data: string }[]) {
  const dir = await mkdtemp(join(work, `${name}-`))
  const files = await writeShapefile(dir, name, {
    shapeType: 1,
    count: 1,
    shape: () => [[x, y]],
    bbox: [x, y, x, y],
    fields: [{ name: 'name', length: 20, value: () => 'Test point' }],
  })
  return zipFiles(join(dir, `${name}.zip`), [...files, ...extra])
}

// ---------------------------------------------------------------------------------------------

describe('zipped shapefiles', () => {
  it('reads the ODC ELC points: 204 concessions, the first Camland with 5,643 ha', async () => {
    const dir = join(FIXTURES, 'elc_government_data_2012')
    const stem = 'Government_Data_Complete_4326_points2'
    const zip = await zipFiles(
      join(work, 'elc.zip'),
      ['shp', 'shx', 'dbf', 'prj'].map((extension) => ({ name: `${stem}.${extension}`, path: join(dir, `${stem}.${extension}`) })),
    )
    const inspection = await inspectFile(zip)
    expect(inspection.format).toBe('shapefile')
    const [layer] = inspection.layers
    expect(layer).toMatchObject({ name: stem, featureCount: 204, featuresWithoutGeometry: 0, geometryTypes: ['Point'] })
    expect(layer!.crs).toEqual({ epsg: 4326, name: 'WGS 84', source: 'file' })
    expect(layer!.columns.find((column) => column.name === 'Hectares')?.type).toBe('number')
    const [west, south, east, north] = layer!.bbox!
    expect([west, south, east, north].map((n) => Math.round(n * 100) / 100)).toEqual([102.59, 10.48, 107.54, 14.65])

    const features = await readAll(zip)
    expect(features).toHaveLength(204)
    expect(features[0]!.properties).toMatchObject({ Name: 'Camland Co., Ltd (Region I)', Hectares: 5643, Provinces: 'Kampot' })
  })

  it('reads the ODC community forest polygons with their attributes', async () => {
    const zip = fixture('odc_community_forests_polygons_shp.zip')
    const [layer] = (await inspectFile(zip)).layers
    expect(layer).toMatchObject({ name: 'community_forests', featureCount: 316, featuresWithoutGeometry: 0, encoding: 'utf-8' })
    expect(layer!.geometryTypes.every((type) => type === 'Polygon' || type === 'MultiPolygon')).toBe(true)
    expect(layer!.columns.map((column) => column.name)).toEqual(
      expect.arrayContaining(['map_id', 'name', 'size_ha', 'province', 'district', 'commune', 'issuedate']),
    )
    const features = await readAll(zip)
    const first = features.find((feature) => feature.properties.name === 'Chom Kar Prey Sner Svay Pa Kav')
    expect(first?.properties).toMatchObject({ size_ha: 70, province: 'Kampong Chhnang', issuedate: '2010-08-20' })
  })

  it('reprojects the UTM 48N points to within 5 m of where PROJ puts them', async () => {
    const zip = fixture('odc_community_forests_map_points_utm48n_shp.zip')
    const [layer] = (await inspectFile(zip)).layers
    expect(layer).toMatchObject({ featureCount: 459, crs: { epsg: 32648, name: 'WGS 84 / UTM zone 48N', source: 'file' } })
    const features = await readAll(zip)
    const phnomChub = features.find((feature) => feature.properties.name === 'Phnom Chub')
    expect(phnomChub?.properties).toMatchObject({ x: 413893, y: 1183492 })
    // Computed independently with PROJ 9 (Debian proj-bin), from the point as ogrinfo prints it:
    //   echo "413893.000000007 1183492.0" | cs2cs -f %.8f EPSG:32648 EPSG:4326
    //   → 10.70518656	104.21258617 0.00000000   (EPSG:4326 axis order: latitude first)
    const expected = [104.21258617, 10.70518656]
    expect(distanceM(pointOf(phnomChub), expected)).toBeLessThan(5)
  })

  it('applies the Indian 1960 datum shift that an ESRI .prj leaves out', async () => {
    const zip = await onePointShapefile('indian1960', [491000, 1280000], [{ name: 'indian1960.prj', data: INDIAN_1960_UTM_48N_ESRI }])
    const [layer] = (await inspectFile(zip)).layers
    expect(layer!.crs).toEqual({ epsg: 3148, name: 'Indian 1960 / UTM zone 48N', source: 'file' })
    expect(layer!.warnings).toEqual([])
    const [feature] = await readAll(zip)
    // EPSG:1542 (Indian 1960 to WGS 84): echo "491000 1280000" | cs2cs -f %.8f +proj=utm +zone=48 +a=6377276.345
    //   +rf=300.8017 +towgs84=198,881,317,0,0,0,0 +units=m +no_defs +to +proj=longlat +datum=WGS84 +no_defs
    //   → 104.91360514	11.58190240
    expect(distanceM(pointOf(feature), [104.91360514, 11.5819024])).toBeLessThan(1)
    // Without the shift (`cs2cs EPSG:3148 EPSG:4326` picks a ballpark transformation) it is hundreds of metres off.
    expect(distanceM(pointOf(feature), [104.91743873, 11.57989606])).toBeGreaterThan(300)
  })

  it('warns when a .prj it does not know names a datum without a shift to WGS 84', async () => {
    const prj = INDIAN_1960_UTM_48N_ESRI.replace('Indian_1960_UTM_Zone_48N', 'Local_Everest_Grid').replace('D_Indian_1960', 'D_Local')
    const zip = await onePointShapefile('local', [491000, 1280000], [{ name: 'local.prj', data: prj }])
    const [layer] = (await inspectFile(zip)).layers
    expect(layer!.crs).toEqual({ epsg: null, name: 'Local Everest Grid', source: 'file' })
    expect(layer!.warnings.join(' ')).toMatch(/no datum shift/)
  })

  it('asks for the CRS when there is no .prj and the coordinates cannot be degrees, and reads them once it is chosen', async () => {
    const zip = await onePointShapefile('noprj', [413893, 1183492], [])
    const error = await errorOf(inspectFile(zip))
    expect(error).toMatchObject({ code: 'import.unknown_crs', status: 422 })
    expect(error.message).toMatch(/no \.prj/)

    const [layer] = (await inspectFile(zip, { crs: 'EPSG:32648' })).layers
    expect(layer!.crs).toEqual({ epsg: 32648, name: 'WGS 84 / UTM zone 48N', source: 'option' })
    const [feature] = await readAll(zip, { crs: 32648 })
    expect(distanceM(pointOf(feature), [104.21258617, 10.70518656])).toBeLessThan(5)
  })

  it('takes coordinates without a .prj as WGS 84 when they are degrees, with a warning', async () => {
    const zip = await onePointShapefile('degrees', [104.9, 11.55], [])
    const [layer] = (await inspectFile(zip)).layers
    expect(layer!.crs).toEqual({ epsg: 4326, name: 'WGS 84', source: 'assumed' })
    expect(layer!.warnings.join(' ')).toMatch(/no \.prj/)
  })

  it('refuses a CRS option it does not know', async () => {
    const zip = await onePointShapefile('badcrs', [104.9, 11.55], [])
    expect(await errorOf(inspectFile(zip, { crs: 'EPSG:99999' }))).toMatchObject({ code: 'import.unsupported_crs', status: 400 })
  })

  it('decodes a Windows-1250 DBF by its .cpg', async () => {
    const features = await readAll(fixture('shpjs_codepage.zip'))
    // python3 -c "print(b'Hn\xecvo\x9aick\xfd h\xe1j'.decode('cp1250'))" (the DBF's bytes) → Hněvošický háj
    expect(features.map((feature) => feature.properties.field)).toEqual(['??', 'Hněvošický háj'])
    expect((await inspectFile(fixture('shpjs_codepage.zip'))).layers[0]!.encoding).toBe('windows-1250')
  })

  it('decodes a UTF-8 DBF', async () => {
    const features = await readAll(fixture('shpjs_utf.zip'))
    expect(features.map((feature) => feature.properties.field)).toEqual(['💩', 'Hněvošický háj'])
  })

  it('decodes a DBF by its language-driver byte when there is no .cpg', async () => {
    const dir = await mkdtemp(join(work, 'ldid-'))
    const files = await writeShapefile(dir, 'ldid', {
      shapeType: 1,
      count: 1,
      shape: () => [[104.9, 11.55]],
      bbox: [104.9, 11.55, 104.9, 11.55],
      // 0xC8 is Windows-1250; the bytes are "Hněvošický háj" in that code page.
      languageDriver: 0xc8,
      fields: [
        {
          name: 'name',
          length: 20,
          value: () => Buffer.from([0x48, 0x6e, 0xec, 0x76, 0x6f, 0x9a, 0x69, 0x63, 0x6b, 0xfd, 0x20, 0x68, 0xe1, 0x6a]),
        },
      ],
    })
    const zip = await zipFiles(join(dir, 'ldid.zip'), files)
    const [feature] = await readAll(zip)
    expect(feature!.properties.name).toBe('Hněvošický háj')
    // The user's choice wins: the same bytes as Windows-1252 (python3: bytes(…).decode('cp1252')).
    const [asLatin] = await readAll(zip, { encoding: 'windows-1252' })
    expect(asLatin!.properties.name).toBe('Hnìvošický háj')
  })

  it('streams a 50,000-polygon shapefile without holding its features in memory', async () => {
    const dir = await mkdtemp(join(work, 'large-'))
    const count = 50_000
    const vertices = 64
    const ring = (i: number) => {
      const [cx, cy] = [102.5 + (i % 250) * 0.02, 10.5 + Math.floor(i / 250) * 0.02]
      // Clockwise, as the format wants outer rings, and closed.
      const points = Array.from({ length: vertices }, (_, k) => {
        const angle = (-2 * Math.PI * k) / vertices
        return [cx + 0.005 * Math.cos(angle), cy + 0.005 * Math.sin(angle)]
      })
      return [...points, points[0]!]
    }
    const files = await writeShapefile(dir, 'parcels', {
      shapeType: 5,
      count,
      shape: ring,
      bbox: [102.495, 10.495, 107.505, 14.505],
      fields: [{ name: 'label', length: 12, value: (i) => `P-${i}` }],
    })
    const zip = await zipFiles(join(dir, 'parcels.zip'), [
      ...files,
      {
        name: 'parcels.prj',
        data: 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]',
      },
    ])
    await Promise.all(files.map((file) => rm(file.path)))

    // Holding 50,000 rings of 65 positions takes about 235 MB of heap (measured); streaming took about 12 MB.
    const heapBefore = process.memoryUsage().heapUsed
    let heapPeak = heapBefore
    let seen = 0
    let last: ReadFeature | undefined
    for await (const feature of readFeatures(zip)) {
      seen++
      last = feature
      if (seen % 2_000 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)
    }
    expect(seen).toBe(count)
    expect(last).toMatchObject({ index: count - 1, properties: { label: `P-${count - 1}` } })
    expect(last!.geometry?.type).toBe('Polygon')
    expect(heapPeak - heapBefore).toBeLessThan(100 * 1024 ** 2)
  })

  it('gives each shapefile of a zip its own layer (one without a CRS listed as unknown), ignoring macOS resource forks', async () => {
    const dir = await mkdtemp(join(work, 'two-'))
    const points = await writeShapefile(dir, 'wells', {
      shapeType: 1,
      count: 2,
      shape: (i) => [[104.9 + i * 0.01, 11.55]],
      bbox: [104.9, 11.55, 104.91, 11.55],
      fields: [{ name: 'name', length: 10, value: (i) => `Well ${i}` }],
    })
    // A third layer in UTM metres without a .prj: listed, but unreadable until its CRS is chosen.
    const survey = await writeShapefile(dir, 'survey', {
      shapeType: 1,
      count: 3,
      shape: (i) => [[413893 + i * 10, 1183492]],
      bbox: [413893, 1183492, 413913, 1183492],
      fields: [{ name: 'name', length: 10, value: (i) => `Plot ${i}` }],
    })
    const zip = await zipFiles(join(dir, 'two.zip'), [
      ...survey,
      ...points.map((file) => ({ ...file, name: `data/${file.name}` })),
      {
        name: 'data/wells.prj',
        data: 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]',
      },
      { name: '__MACOSX/data/._wells.shp', data: 'resource fork' },
      ...['shp', 'shx', 'dbf', 'prj'].map((extension) => ({
        name: `elc.${extension}`,
        path: join(FIXTURES, 'elc_government_data_2012', `Government_Data_Complete_4326_points2.${extension}`),
      })),
    ])
    const inspection = await inspectFile(zip)
    expect(inspection.layers.map((layer) => [layer.name, layer.featureCount, layer.crs.name])).toEqual([
      ['survey', 3, 'unknown'],
      ['data/wells', 2, 'WGS 84'],
      ['elc', 204, 'WGS 84'],
    ])
    expect(inspection.layers[0]!.warnings.join(' ')).toMatch(/no \.prj/)
    expect((await readAll(zip, { layer: 'data/wells' })).map((feature) => feature.properties.name)).toEqual(['Well 0', 'Well 1'])
    expect(await errorOf(readAll(zip, { layer: 'survey' }))).toMatchObject({ code: 'import.unknown_crs' })
    expect(await readAll(zip, { layer: 'survey', crs: 'EPSG:32648' })).toHaveLength(3)
  })

  it('removes its unpacked files, also when the reader stops early', async () => {
    const tempDir = await mkdtemp(join(work, 'cleanup-'))
    for await (const feature of readFeatures(fixture('odc_community_forests_polygons_shp.zip'), { tempDir })) {
      expect(feature.index).toBe(0)
      expect(await readdir(tempDir)).toHaveLength(1)
      break
    }
    expect(await readdir(tempDir)).toEqual([])
    await inspectFile(fixture('odc_community_forests_polygons_shp.zip'), { tempDir })
    expect(await readdir(tempDir)).toEqual([])
  })
})

describe('KML and KMZ', () => {
  it('reads all 54 placemarks of the eviction-hotspot KMZ despite its undeclared xsi prefix, attributes from the description table', async () => {
    const inspection = await inspectFile(fixture('odc_sahmakum_teang_eviction_hotspots_2013.kmz'))
    expect(inspection.format).toBe('kmz')
    const [layer] = inspection.layers
    expect(layer).toMatchObject({ name: 'RS', featureCount: 54, featuresWithoutGeometry: 0, geometryTypes: ['Point'] })
    expect(layer!.columns.map((column) => column.name)).toEqual(expect.arrayContaining(['name', 'FID', 'Commune', 'COM_CODE', 'X', 'Y']))
    const [first] = await readAll(fixture('odc_sahmakum_teang_eviction_hotspots_2013.kmz'))
    expect(first!.properties).toMatchObject({
      name: 'Mlop Por II',
      folder: 'RS',
      FID: '0',
      COM_CODE: 'R-DK2',
      X: '479922.53',
      Y: '1281304.60',
    })
    expect(pointOf(first)).toEqual([104.8158380414244, 11.59073092970698])
  })

  it('reads the 29 special economic zones from KML and from GeoJSON alike', async () => {
    const fromKml = await readAll(fixture('odc_kh_special_economic_zones.kml'))
    const fromGeoJson = await readAll(fixture('odc_kh_special_economic_zones.geojson'))
    expect(fromKml).toHaveLength(29)
    expect(fromGeoJson).toHaveLength(29)
    expect(fromKml.map((feature) => feature.properties.name)).toEqual(fromGeoJson.map((feature) => feature.properties.name))
    fromKml.forEach((feature, i) => expect(distanceM(pointOf(feature), pointOf(fromGeoJson[i]))).toBeLessThan(0.01))
    expect(fromKml[0]!.properties).toMatchObject({ name: 'Thary Kampong Cham SEZ', developer: 'Mr. Chhorn Thary', landarea_h: '142.14' })
  })

  it.each([
    ['togeojson_polygon.kml', 1, ['Polygon']],
    ['togeojson_style_url.kml', 1, ['Polygon']],
    ['togeojson_multigeometry.kml', 1, ['MultiLineString']],
    ['togeojson_schema.kml', 1, ['Polygon']],
    ['togeojson_simpledata.kml', 2, ['Point']],
    ['togeojson_extended_data.kml', 1, ['Point']],
    ['togeojson_addresses.kml', 15, ['LineString', 'Point']],
    ['togeojson_timespan.kml', 1, ['Polygon']],
  ])('reads the togeojson sample %s', async (name, count, types) => {
    const [layer] = (await inspectFile(fixture(name))).layers
    expect(layer!.featureCount).toBe(count)
    expect(layer!.geometryTypes).toEqual(types)
  })

  it('names the folders a placemark sits in, and reads a KML in the encoding its declaration names', async () => {
    const path = join(work, 'folders.kml')
    const kml = `<?xml version="1.0" encoding="ISO-8859-1"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Survey</name>
  <Folder><name>Kratie</name><Folder><name>Parcels</name>
    <Placemark><name>Plot Ré</name><description><![CDATA[<table><tr><th>Owner</th><td>Sok Dara</td></tr></table>]]></description>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>106,12.5 106.01,12.5 106.01,12.51 106,12.5</coordinates></LinearRing></outerBoundaryIs></Polygon>
    </Placemark></Folder></Folder>
  <Placemark><name>Loose</name><Point><coordinates>106,12.5</coordinates></Point></Placemark>
</Document></kml>`
    await writeFile(path, Buffer.from(kml, 'latin1'))
    const [plot, loose] = await readAll(path)
    expect(plot!.properties).toMatchObject({ name: 'Plot Ré', folder: 'Kratie / Parcels', Owner: 'Sok Dara' })
    expect(loose!.properties.folder).toBeUndefined()
  })

  it('keeps ExtendedData and SchemaData as properties, without style noise', async () => {
    const trails = await readAll(fixture('togeojson_simpledata.kml'))
    expect(trails[0]!.properties).toEqual({ name: 'Easy trail', TrailHeadName: 'Pi in the sky', TrailLength: 3.14159, ElevationGain: 10 })
    const [plot] = await readAll(fixture('togeojson_schema.kml'))
    expect(plot!.properties).toMatchObject({ plotno_plot_number: 167001, block_block_number: 1 })
  })

  it('yields a placemark without geometry with a problem, among others that have one', async () => {
    const features = await readAll(fixture('togeojson_addresses.kml'))
    const empty = features.filter((feature) => feature.geometry === null)
    expect(empty.length).toBeGreaterThan(0)
    expect(empty[0]!.problems).toEqual([{ code: 'feature.no_geometry', message: expect.any(String) }])
  })

  it('refuses a KML whose only placemark has no geometry', async () => {
    expect(await errorOf(inspectFile(fixture('togeojson_null_geometry.kml')))).toMatchObject({ code: 'import.no_features', status: 422 })
    expect(await errorOf(readAll(fixture('togeojson_null_geometry.kml')))).toMatchObject({ code: 'import.no_features' })
  })

  it('refuses a KML whose coordinates are all unreadable', async () => {
    expect(await errorOf(inspectFile(fixture('togeojson_bad.kml')))).toMatchObject({ code: 'import.no_features', status: 422 })
  })

  it('says that network links are not followed', async () => {
    const error = await errorOf(inspectFile(fixture('togeojson_networklink.kml')))
    expect(error).toMatchObject({ code: 'import.no_features', status: 422 })
    expect(error.message).toMatch(/network link/)
    expect(error.message).toMatch(/not followed/)
  })
})

describe('CSV', () => {
  it('reads the CR-only ODC CSV: 459 sites by longitude/latitude', async () => {
    const inspection = await inspectFile(fixture('odc_community_forests_map_CR-line-endings.csv'))
    expect(inspection.format).toBe('csv')
    const [layer] = inspection.layers
    expect(layer).toMatchObject({ featureCount: 459, featuresWithoutGeometry: 0, geometryTypes: ['Point'] })
    expect(layer!.crs).toEqual({ epsg: 4326, name: 'WGS 84', source: 'assumed' })
    const features = await readAll(fixture('odc_community_forests_map_CR-line-endings.csv'))
    expect(features[0]).toMatchObject({ index: 0, properties: { name: 'Phnom Chub', province: 'Kampot', lsize_ha: '295' } })
    expect(pointOf(features[0])).toEqual([104.2125862, 10.70518656])
  })

  it('reads Khmer text from a UTF-8 CSV with BOM and CRLF line endings', async () => {
    const path = join(work, 'khmer.csv')
    const text = 'name,name_km,lat,lng\r\nPrey Lang,ព្រៃឡង់,12.9,105.6\r\n"Boeung Kak, Phnom Penh",បឹងកក់,11.58,104.91\r\n'
    await writeFile(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))
    const [layer] = (await inspectFile(path)).layers
    expect(layer!.columns.map((column) => column.name)).toEqual(['name', 'name_km', 'lat', 'lng'])
    const features = await readAll(path)
    expect(features.map((feature) => feature.properties.name_km)).toEqual(['ព្រៃឡង់', 'បឹងកក់'])
    expect(features[1]!.properties.name).toBe('Boeung Kak, Phnom Penh')
    expect(pointOf(features[1])).toEqual([104.91, 11.58])
  })

  it('decodes a CSV in the encoding the user chose', async () => {
    const path = join(work, 'cp1250.csv')
    // "Hněvošický háj" in Windows-1250, as in the shpjs codepage DBF.
    const name = Buffer.from([0x48, 0x6e, 0xec, 0x76, 0x6f, 0x9a, 0x69, 0x63, 0x6b, 0xfd, 0x20, 0x68, 0xe1, 0x6a])
    await writeFile(path, Buffer.concat([Buffer.from('name,lon,lat\n'), name, Buffer.from(',104.9,11.55\n')]))
    const [feature] = await readAll(path, { encoding: 'windows-1250' })
    expect(feature!.properties.name).toBe('Hněvošický háj')
    // Not UTF-8 and no encoding chosen: Windows-1252 (Excel's plain CSV), with a warning to check.
    const [layer] = (await inspectFile(path)).layers
    expect(layer).toMatchObject({
      encoding: 'windows-1252',
      columns: expect.arrayContaining([expect.objectContaining({ samples: ['Hnìvošický háj'] })]),
    })
    expect(layer!.warnings.join(' ')).toMatch(/not UTF-8/)
    expect(await errorOf(inspectFile(path, { encoding: 'klingon' }))).toMatchObject({ code: 'import.unsupported_encoding', status: 400 })
  })

  it('reads geometries from a WKT column', async () => {
    const path = join(work, 'wkt.csv')
    await writeFile(
      path,
      'id;WKT;label\n1;POLYGON ((104.9 11.5, 104.9 11.6, 105.0 11.6, 104.9 11.5));Plot 1\n2;POINT (104.92 11.55);Well\n3;;no shape\n4;POINT (oops);bad\n',
    )
    const features = await readAll(path)
    expect(features.map((feature) => feature.geometry?.type ?? null)).toEqual(['Polygon', 'Point', null, null])
    expect(features[0]!.properties).toEqual({ id: '1', label: 'Plot 1' })
    expect(features[2]!.problems?.[0]?.code).toBe('feature.no_geometry')
    expect(features[3]!.problems?.[0]?.code).toBe('feature.invalid_geometry')
  })

  it('asks for the CRS when x/y columns hold metres', async () => {
    const path = join(work, 'utm.csv')
    await writeFile(path, 'name,x,y\nPhnom Chub,413893,1183492\n')
    expect(await errorOf(inspectFile(path))).toMatchObject({ code: 'import.unknown_crs', status: 422 })
    const [feature] = await readAll(path, { crs: 'EPSG:32648' })
    expect(distanceM(pointOf(feature), [104.21258617, 10.70518656])).toBeLessThan(5)
  })

  it('refuses a row with swapped coordinates on its own, not the whole file', async () => {
    const path = join(work, 'swapped.csv')
    await writeFile(path, 'name,lat,lon\nA,11.5,104.9\nB,11.6,104.8\nSwapped,104.7,11.7\n')
    const features = await readAll(path)
    expect(features.map((feature) => feature.geometry?.type ?? null)).toEqual(['Point', 'Point', null])
    expect(features[2]!.problems?.[0]?.code).toBe('feature.out_of_range')
  })

  it('refuses a CSV without coordinate columns', async () => {
    const path = join(work, 'nocoords.csv')
    await writeFile(path, 'name,province\nPrey Lang,Kratie\n')
    expect(await errorOf(inspectFile(path))).toMatchObject({ code: 'import.csv_no_geometry_columns', status: 422 })
  })
})

describe('GeoJSON', () => {
  it('reads a bare geometry and a single feature', async () => {
    const bare = join(work, 'bare.geojson')
    await writeFile(bare, JSON.stringify({ type: 'Point', coordinates: [104.9, 11.55, 12] }))
    expect(await readAll(bare)).toEqual([{ index: 0, geometry: { type: 'Point', coordinates: [104.9, 11.55] }, properties: {} }])
    const single = join(work, 'single.json')
    await writeFile(
      single,
      JSON.stringify({ type: 'Feature', id: 'F-1', geometry: { type: 'Point', coordinates: [104.9, 11.55] }, properties: { name: 'A' } }),
    )
    expect((await readAll(single))[0]!.properties).toEqual({ name: 'A', id: 'F-1' })
  })

  it('honours a crs member', async () => {
    const path = join(work, 'utm.geojson')
    await writeFile(
      path,
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32648' } },
        features: [{ type: 'Feature', properties: { name: 'Phnom Chub' }, geometry: { type: 'Point', coordinates: [413893, 1183492] } }],
      }),
    )
    const [layer] = (await inspectFile(path)).layers
    expect(layer!.crs).toEqual({ epsg: 32648, name: 'WGS 84 / UTM zone 48N', source: 'file' })
    expect(distanceM(pointOf((await readAll(path))[0]), [104.21258617, 10.70518656])).toBeLessThan(5)
  })

  it('refuses broken JSON', async () => {
    const path = join(work, 'broken.geojson')
    await writeFile(path, '{"type": "FeatureCollection", "features": [')
    expect(await errorOf(inspectFile(path))).toMatchObject({ code: 'import.invalid_json', status: 422 })
  })
})

describe('GeoPackage', () => {
  it('lists its layers and reprojects a UTM 48N layer by its srs_id', async () => {
    const inspection = await inspectFile(fixture('odc_sez_utm48n.gpkg'))
    expect(inspection.format).toBe('gpkg')
    expect(inspection.layers.map((layer) => [layer.name, layer.featureCount, layer.crs.epsg, layer.geometryTypes])).toEqual([
      ['community_forests_sample', 3, 4326, ['Polygon']],
      ['sez_utm48n', 29, 32648, ['Point']],
    ])
    const fromGpkg = await readAll(fixture('odc_sez_utm48n.gpkg'), { layer: 'sez_utm48n' })
    const fromGeoJson = await readAll(fixture('odc_kh_special_economic_zones.geojson'))
    expect(fromGpkg.map((feature) => feature.properties.name)).toEqual(fromGeoJson.map((feature) => feature.properties.name))
    // ogr2ogr projected the GeoJSON to UTM 48N; back in WGS 84 each point is where it was.
    fromGpkg.forEach((feature, i) => expect(distanceM(pointOf(feature), pointOf(fromGeoJson[i]))).toBeLessThan(0.01))
  })

  it('lists a layer in a CRS it cannot know beside the others, and reads it once the CRS is chosen', async () => {
    const SQL = await initSqlJs()
    const db = new SQL.Database(await readFile(fixture('odc_sez_utm48n.gpkg')))
    db.exec(`INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition)
             VALUES ('Local grid', 999, 'NONE', 999, 'undefined');
             UPDATE gpkg_geometry_columns SET srs_id = 999 WHERE table_name = 'sez_utm48n';
             UPDATE gpkg_contents SET srs_id = 999 WHERE table_name = 'sez_utm48n';`)
    const path = join(work, 'local-grid.gpkg')
    await writeFile(path, db.export())
    db.close()

    const [forests, sez] = (await inspectFile(path)).layers
    expect(forests).toMatchObject({ name: 'community_forests_sample', featureCount: 3, crs: { epsg: 4326 } })
    expect(sez).toMatchObject({
      name: 'sez_utm48n',
      featureCount: 29,
      crs: { epsg: null, name: 'unknown', source: 'unknown' },
      preview: [],
    })
    expect(sez!.warnings.join(' ')).toMatch(/Local grid/)
    expect(await errorOf(readAll(path, { layer: 'sez_utm48n' }))).toMatchObject({ code: 'import.unknown_crs', status: 422 })

    const features = await readAll(path, { layer: 'sez_utm48n', crs: 'EPSG:32648' })
    const fromGeoJson = await readAll(fixture('odc_kh_special_economic_zones.geojson'))
    expect(distanceM(pointOf(features[0]), pointOf(fromGeoJson[0]))).toBeLessThan(0.01)
  })

  it('refuses a layer it does not have', async () => {
    expect(await errorOf(readAll(fixture('odc_sez_utm48n.gpkg'), { layer: 'parcels' }))).toMatchObject({
      code: 'import.unknown_layer',
      status: 400,
    })
  })
})

describe('zips of other formats', () => {
  it('opens GeoJSON and CSV files sent in a zip, one layer per file', async () => {
    const zip = await zipFiles(join(work, 'mixed.zip'), [
      { name: 'sez/zones.geojson', path: fixture('odc_kh_special_economic_zones.geojson') },
      { name: 'forests.csv', path: fixture('odc_community_forests_map_CR-line-endings.csv') },
      { name: 'README.txt', data: 'ODC data' },
    ])
    const inspection = await inspectFile(zip)
    expect(inspection.layers.map((layer) => [layer.name, layer.featureCount])).toEqual([
      ['sez/zones.geojson', 29],
      ['forests.csv', 459],
    ])
    const features = await readAll(zip, { layer: 'forests.csv' })
    expect(features[0]!.properties.name).toBe('Phnom Chub')
  })
})

describe('broken and unsupported files', () => {
  it('says a .zip that is not a zip is not one', async () => {
    expect(await errorOf(inspectFile(fixture('shpjs_badzip.zip')))).toMatchObject({ code: 'import.not_a_zip', status: 422 })
  })

  it('says a zip without a .shp has none', async () => {
    const error = await errorOf(inspectFile(fixture('shpjs_noshp.zip')))
    expect(error).toMatchObject({ code: 'import.no_shp_in_zip', status: 422 })
    expect(error.message).toMatch(/counties\.dbf/)
  })

  it('asks for a bare .shp to be zipped with its companions', async () => {
    const path = join(FIXTURES, 'elc_government_data_2012', 'Government_Data_Complete_4326_points2.shp')
    expect(await errorOf(inspectFile(path))).toMatchObject({ code: 'import.shapefile_not_zipped', status: 422 })
  })

  it('refuses kinds of file it does not read', async () => {
    const gpx = join(work, 'track.gpx')
    await writeFile(gpx, '<?xml version="1.0"?><gpx version="1.1"><trk/></gpx>')
    expect(await errorOf(inspectFile(gpx))).toMatchObject({ code: 'import.unsupported_format', status: 415 })
    const binary = join(work, 'photo.bin')
    await mkdir(work, { recursive: true })
    await writeFile(binary, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]))
    expect(await errorOf(inspectFile(binary))).toMatchObject({ code: 'import.unsupported_format', status: 415 })
  })
})
