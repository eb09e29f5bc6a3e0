import { bilingual } from '../../../shared/i18n.ts'

export const gisExportMessages = bilingual(
  {
    button: 'Export',
    menuLabel: 'Export this list as a file',
    hint: 'Everything the list shows with these filters, not only this page.',
    mapHeading: 'Export',
    mapHint: 'Each layer in this area, with the filters above, as a file for QGIS, Google Earth or Excel.',
    format: {
      geojson: 'GeoJSON (QGIS, web maps)',
      kml: 'KML (Google Earth)',
      kmz: 'KMZ (Google Earth, smaller)',
      csv: 'CSV (Excel, with coordinates)',
      shp: 'Shapefile (ZIP)',
      gpkg: 'GeoPackage (QGIS)',
    },
  },
  {
    button: 'នាំចេញ',
    menuLabel: 'នាំចេញបញ្ជីនេះជាឯកសារ',
    hint: 'គ្រប់កំណត់ត្រាដែលបញ្ជីបង្ហាញតាមតម្រងទាំងនេះ មិនមែនតែទំព័រនេះទេ។',
    mapHeading: 'នាំចេញ',
    mapHint: 'ស្រទាប់នីមួយៗក្នុងតំបន់នេះ តាមតម្រងខាងលើ ជាឯកសារសម្រាប់ QGIS, Google Earth ឬ Excel។',
    format: {
      geojson: 'GeoJSON (សម្រាប់ QGIS និងផែនទីលើបណ្ដាញ)',
      kml: 'KML (សម្រាប់ Google Earth)',
      kmz: 'KMZ (សម្រាប់ Google Earth ទំហំតូចជាង)',
      csv: 'CSV (សម្រាប់ Excel មានកូអរដោនេ)',
      shp: 'Shapefile (ឯកសារ ZIP)',
      gpkg: 'GeoPackage (សម្រាប់ QGIS)',
    },
  },
)
