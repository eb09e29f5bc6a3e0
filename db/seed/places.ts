// The hand-picked part of the demo data: where the fictional communities and concessions are.
// Community names are invented. Province, district and commune names are the real ones of the
// point's location (geoBoundaries ADM1 spelling, ODC district/commune spelling), so maps,
// filters and province reports line up; every point was checked to lie inside its province.
import type { CommunityKind, CommunityStatus, ConcessionKind } from '../../shared/vocabularies.ts'
import type { Side } from './geometry.ts'

export type EthnicGroup = 'Tampuan' | 'Jarai' | 'Kreung' | 'Brao' | 'Bunong' | 'Kuy' | 'Stieng' | 'Chong'

export interface DemoPlace {
  name: string
  nameKm: string
  kind: CommunityKind
  status: CommunityStatus
  /** Years before the demo's current year; 0 and 1 give the "new community" targets progress. */
  foundedYearsAgo: number
  province: string
  district: string
  commune: string
  village: string
  /** The village name in Khmer script, without the ភូមិ prefix. */
  villageKm: string
  lon: number
  lat: number
  ethnicGroup?: EthnicGroup
  /** Land communities that mapped their claimed area (indigenous ones always have one). */
  hasTerritory?: boolean
}

export const DEMO_PLACES: readonly DemoPlace[] = [
  // Provincial networks first: the other communities of their province point to them.
  { name: 'Ratanak Kiri Community Network', nameKm: 'បណ្តាញសហគមន៍ខេត្តរតនគិរី', kind: 'provincial_network', status: 'active', foundedYearsAgo: 8, province: 'Ratanak Kiri', district: 'Ban Lung', commune: 'Boeng Kansaeng', village: 'Chey Chumneas', villageKm: 'ជ័យជំនះ', lon: 106.99, lat: 13.74 },
  { name: 'Mondul Kiri Community Network', nameKm: 'បណ្តាញសហគមន៍ខេត្តមណ្ឌលគិរី', kind: 'provincial_network', status: 'strengthening', foundedYearsAgo: 6, province: 'Mondul Kiri', district: 'Saen Monourom', commune: 'Romonea', village: 'Dei Krahom', villageKm: 'ដីក្រហម', lon: 107.2, lat: 12.46 },
  { name: 'Preah Vihear Community Network', nameKm: 'បណ្តាញសហគមន៍ខេត្តព្រះវិហារ', kind: 'provincial_network', status: 'active', foundedYearsAgo: 5, province: 'Preah Vihear', district: 'Preah Vihear', commune: 'Kampong Pranak', village: 'Ou Kandal', villageKm: 'អូរកណ្តាល', lon: 104.97, lat: 13.81 },

  { name: 'Kaleng Tampuan Community', nameKm: 'សហគមន៍ជនជាតិដើមភាគតិចទំពួនភូមិកាឡែង', kind: 'indigenous_community', status: 'active', foundedYearsAgo: 9, province: 'Ratanak Kiri', district: 'Bar Kaev', commune: 'Lung Khung', village: 'Kaleng', villageKm: 'កាឡែង', lon: 107.12, lat: 13.62, ethnicGroup: 'Tampuan' },
  { name: 'Pa Ar Jarai Community', nameKm: 'សហគមន៍ចារ៉ាយភូមិប៉ាអ', kind: 'indigenous_community', status: 'strengthening', foundedYearsAgo: 7, province: 'Ratanak Kiri', district: 'Andoung Meas', commune: 'Nhang', village: 'Pa Ar', villageKm: 'ប៉ាអ', lon: 107.35, lat: 13.9, ethnicGroup: 'Jarai' },
  { name: 'La Ak Kreung Community', nameKm: 'សហគមន៍គ្រឹងឡាអក', kind: 'indigenous_community', status: 'active', foundedYearsAgo: 11, province: 'Ratanak Kiri', district: 'Ou Chum', commune: 'Kalai', village: 'La Ak', villageKm: 'ឡាអក', lon: 106.93, lat: 13.85, ethnicGroup: 'Kreung' },
  { name: 'Kachanh Brao Community', nameKm: 'សហគមន៍ជនជាតិព្រៅភូមិកាចាញ់', kind: 'indigenous_community', status: 'forming', foundedYearsAgo: 0, province: 'Ratanak Kiri', district: 'Veun Sai', commune: 'Veun Sai', village: 'Kachanh', villageKm: 'កាចាញ់', lon: 106.85, lat: 14.05, ethnicGroup: 'Brao' },
  { name: 'Pu Rang Bunong Community', nameKm: 'សហគមន៍ជនជាតិដើមភាគតិចព្នងពូរាំង', kind: 'indigenous_community', status: 'active', foundedYearsAgo: 10, province: 'Mondul Kiri', district: 'Pech Chreada', commune: 'Srae Ampum', village: 'Pu Rang', villageKm: 'ពូរាំង', lon: 107.3, lat: 12.55, ethnicGroup: 'Bunong' },
  { name: 'Lam Dach Bunong Community', nameKm: 'សហគមន៍ព្នងភូមិឡាំដាច', kind: 'indigenous_community', status: 'strengthening', foundedYearsAgo: 12, province: 'Mondul Kiri', district: 'Kaev Seima', commune: 'Srae Preah', village: 'Lam Dach', villageKm: 'ឡាំដាច', lon: 106.95, lat: 12.25, ethnicGroup: 'Bunong' },
  { name: 'Srae Thmei Kuy Community', nameKm: 'សហគមន៍កួយភូមិស្រែថ្មី', kind: 'indigenous_community', status: 'active', foundedYearsAgo: 8, province: 'Preah Vihear', district: 'Choam Ksant', commune: 'Pring Thum', village: 'Srae Thmei', villageKm: 'ស្រែថ្មី', lon: 105.05, lat: 13.95, ethnicGroup: 'Kuy' },
  { name: 'Romchek Kuy Community', nameKm: 'សហគមន៍ជនជាតិដើមភាគតិចកួយរំចេក', kind: 'indigenous_community', status: 'strengthening', foundedYearsAgo: 9, province: 'Preah Vihear', district: 'Rovieng', commune: 'Rieb Roy', village: 'Romchek', villageKm: 'រំចេក', lon: 105.3, lat: 13.4, ethnicGroup: 'Kuy' },
  { name: 'Pu Chrey Stieng Community', nameKm: 'សហគមន៍ស្ទៀងភូមិពូជ្រៃ', kind: 'indigenous_community', status: 'inactive', foundedYearsAgo: 13, province: 'Kratie', district: 'Snuol', commune: 'Svay Chreah', village: 'Pu Chrey', villageKm: 'ពូជ្រៃ', lon: 106.4, lat: 12.3, ethnicGroup: 'Stieng' },
  { name: 'Trapeang Tuem Kuy Community', nameKm: 'សហគមន៍កួយត្រពាំងទឹម', kind: 'indigenous_community', status: 'active', foundedYearsAgo: 4, province: 'Kampong Thom', district: 'Sandan', commune: 'Tum Ring', village: 'Trapeang Tuem', villageKm: 'ត្រពាំងទឹម', lon: 105.35, lat: 12.95, ethnicGroup: 'Kuy' },
  { name: 'Pralay Meas Chong Community', nameKm: 'សហគមន៍ជនជាតិជងប្រឡាយមាស', kind: 'indigenous_community', status: 'forming', foundedYearsAgo: 1, province: 'Koh Kong', district: 'Thma Bang', commune: 'Ruessei Chrum', village: 'Pralay Meas', villageKm: 'ប្រឡាយមាស', lon: 103.45, lat: 11.65, ethnicGroup: 'Chong' },

  { name: 'Trapeang Chhuk Land Community', nameKm: 'សហគមន៍ភូមិត្រពាំងឈូក', kind: 'land_community', status: 'active', foundedYearsAgo: 6, province: 'Kampong Speu', district: 'Aoral', commune: 'Haong Samnam', village: 'Trapeang Chhuk', villageKm: 'ត្រពាំងឈូក', lon: 104.28, lat: 11.55 },
  { name: 'Prey Thom Land Community', nameKm: 'សហគមន៍ដីធ្លីភូមិព្រៃធំ', kind: 'land_community', status: 'strengthening', foundedYearsAgo: 10, province: 'Koh Kong', district: 'Srae Ambel', commune: 'Chi kha Leu', village: 'Prey Thom', villageKm: 'ព្រៃធំ', lon: 103.7, lat: 11.2, hasTerritory: true },
  { name: 'Veal Sbov Land Community', nameKm: 'សហគមន៍ភូមិវាលស្បូវ', kind: 'land_community', status: 'active', foundedYearsAgo: 3, province: 'Siemreap', district: 'Banteay Srei', commune: 'Tbaeng', village: 'Veal Sbov', villageKm: 'វាលស្បូវ', lon: 104.05, lat: 13.55 },
  { name: 'Boeng Sala Land Community', nameKm: 'សហគមន៍ដីធ្លីបឹងសាលា', kind: 'land_community', status: 'forming', foundedYearsAgo: 0, province: 'Battambang', district: 'Banan', commune: 'Snoeng', village: 'Boeng Sala', villageKm: 'បឹងសាលា', lon: 103.05, lat: 12.95 },
  { name: 'Tuol Krasang Land Community', nameKm: 'សហគមន៍ភូមិទួលក្រសាំង', kind: 'land_community', status: 'active', foundedYearsAgo: 5, province: 'Pursat', district: 'Phnum Kravanh', commune: 'Phteah Rung', village: 'Tuol Krasang', villageKm: 'ទួលក្រសាំង', lon: 103.7, lat: 12.4, hasTerritory: true },
  { name: 'Srae Pring Land Community', nameKm: 'សហគមន៍ដីធ្លីស្រែព្រីង', kind: 'land_community', status: 'inactive', foundedYearsAgo: 9, province: 'Kampot', district: 'Chhuk', commune: 'Trapeang Bei', village: 'Srae Pring', villageKm: 'ស្រែព្រីង', lon: 104.35, lat: 10.8 },
  { name: 'Ou Ampil Land Community', nameKm: 'សហគមន៍ភូមិអូរអំពិល', kind: 'land_community', status: 'strengthening', foundedYearsAgo: 7, province: 'Oddar Meanchey', district: 'Chong Kal', commune: 'Chong Kal', village: 'Ou Ampil', villageKm: 'អូរអំពិល', lon: 103.8, lat: 14.1 },
  { name: 'Krang Dong Land Community', nameKm: 'សហគមន៍ភូមិក្រាំងដូង', kind: 'land_community', status: 'forming', foundedYearsAgo: 1, province: 'Kampong Chhnang', district: "Rolea B'ier", commune: 'Prey Mul', village: 'Krang Dong', villageKm: 'ក្រាំងដូង', lon: 104.55, lat: 12.15 },
  { name: 'Dambouk Khpos Land Community', nameKm: 'សហគមន៍ដីធ្លីដំបូកខ្ពស់', kind: 'land_community', status: 'active', foundedYearsAgo: 4, province: 'Kratie', district: 'Chetr Borei', commune: 'Kou Loab', village: 'Dambouk Khpos', villageKm: 'ដំបូកខ្ពស់', lon: 106.05, lat: 12.55, hasTerritory: true },
  { name: 'Svay Chrum Land Community', nameKm: 'សហគមន៍ភូមិស្វាយជ្រុំ', kind: 'land_community', status: 'forming', foundedYearsAgo: 0, province: 'Stung Treng', district: 'Sesan', commune: 'Phluk', village: 'Svay Chrum', villageKm: 'ស្វាយជ្រុំ', lon: 106.2, lat: 13.6 },

  { name: "Chrey Women's Group", nameKm: 'ក្រុមស្ត្រីភូមិជ្រៃ', kind: 'womens_group', status: 'forming', foundedYearsAgo: 0, province: 'Ratanak Kiri', district: 'Ban Lung', commune: 'Yeak Laom', village: 'Chrey', villageKm: 'ជ្រៃ', lon: 107.05, lat: 13.7 },
  { name: "Prey Kduoch Women's Savings Group", nameKm: 'ក្រុមសន្សំប្រាក់ស្ត្រីព្រៃក្តួច', kind: 'womens_group', status: 'active', foundedYearsAgo: 1, province: 'Kampong Speu', district: 'Phnum Sruoch', commune: 'Moha Sang', village: 'Prey Kduoch', villageKm: 'ព្រៃក្តួច', lon: 104.4, lat: 11.45 },
  { name: 'Spean Thma Youth Land Defenders', nameKm: 'ក្រុមយុវជនការពារដីធ្លីភូមិស្ពានថ្ម', kind: 'youth_group', status: 'active', foundedYearsAgo: 2, province: 'Siemreap', district: 'Siem Reap', commune: 'Ampil', village: 'Spean Thma', villageKm: 'ស្ពានថ្ម', lon: 103.95, lat: 13.4 },
  { name: 'Chrey Thom Youth Group', nameKm: 'ក្រុមយុវជនជ្រៃធំ', kind: 'youth_group', status: 'strengthening', foundedYearsAgo: 3, province: 'Kampong Thom', district: 'Santuk', commune: 'Tboung Krapeu', village: 'Chrey Thom', villageKm: 'ជ្រៃធំ', lon: 105.0, lat: 12.7 },
  { name: 'Trapeang Veng Food System Community', nameKm: 'សហគមន៍កសិកម្មត្រពាំងវែង', kind: 'food_system_community', status: 'active', foundedYearsAgo: 4, province: 'Kampot', district: 'Tuek Chhou', commune: 'Kaoh Touch', village: 'Trapeang Veng', villageKm: 'ត្រពាំងវែង', lon: 104.1, lat: 10.65 },
  { name: 'Kok Srok Organic Rice Community', nameKm: 'សហគមន៍ស្រូវសរីរាង្គភូមិគោកស្រុក', kind: 'food_system_community', status: 'strengthening', foundedYearsAgo: 6, province: 'Pursat', district: 'Pursat', commune: 'Phteah Prey', village: 'Kok Srok', villageKm: 'គោកស្រុក', lon: 103.9, lat: 12.55 },
]

export interface ConcessionSite {
  name: string
  nameKm: string
  kind: ConcessionKind
  company: string
  purpose: string
  /** The community whose land the concession overlaps: the dispute the demo tells. */
  overlapsCommunity: string
  /** Which side of that community's village the concession lies on, and its size. */
  side: Side
  depthKm: number
  widthKm: number
  grantedYearsAgo: number
  /** Who published the official figure (a sub-decree, a licence). */
  officialSource: string
}

export const CONCESSION_SITES: readonly ConcessionSite[] = [
  { name: 'Demo Rubber ELC (Bar Kaev)', nameKm: 'ដីសម្បទានសេដ្ឋកិច្ចកៅស៊ូសាកល្បង បរកែវ', kind: 'elc', company: 'Demo Rubber Development Co., Ltd.', purpose: 'Rubber plantation', overlapsCommunity: 'Kaleng Tampuan Community', side: 'east', depthKm: 9, widthKm: 7, grantedYearsAgo: 11, officialSource: 'Ministry of Agriculture, Forestry and Fisheries sub-decree (demo)' },
  { name: 'Demo Agro ELC (Kaev Seima)', nameKm: 'ដីសម្បទានសេដ្ឋកិច្ចកសិ-ឧស្សាហកម្មសាកល្បង កែវសីមា', kind: 'elc', company: 'Demo Agro Industry Co., Ltd.', purpose: 'Cassava and rubber', overlapsCommunity: 'Lam Dach Bunong Community', side: 'north', depthKm: 11, widthKm: 8.5, grantedYearsAgo: 9, officialSource: 'Ministry of Agriculture, Forestry and Fisheries sub-decree (demo)' },
  { name: 'Demo Sugar ELC (Srae Ambel)', nameKm: 'ដីសម្បទានសេដ្ឋកិច្ចអំពៅសាកល្បង ស្រែអំបិល', kind: 'elc', company: 'Demo Sugar Plantation Co., Ltd.', purpose: 'Sugarcane', overlapsCommunity: 'Prey Thom Land Community', side: 'north', depthKm: 8, widthKm: 6, grantedYearsAgo: 14, officialSource: 'Ministry of Agriculture, Forestry and Fisheries sub-decree (demo)' },
  { name: 'Demo Gold Mining Licence (Rovieng)', nameKm: 'អាជ្ញាប័ណ្ណរុករករ៉ែមាសសាកល្បង រវៀង', kind: 'mining', company: 'Demo Gold Mining Co., Ltd.', purpose: 'Gold exploration and extraction', overlapsCommunity: 'Romchek Kuy Community', side: 'south', depthKm: 5, widthKm: 4.5, grantedYearsAgo: 6, officialSource: 'Ministry of Mines and Energy licence (demo)' },
]
