// Khmer names of the 25 provinces, keyed by ISO 3166-2 code (geoBoundaries' shapeISO), because
// the boundary files carry English names only. Written in full, with the ខេត្ត (province) or
// រាជធានី (capital) prefix, as in official documents; a search for the bare name still matches.
export const PROVINCE_NAMES_KM: Readonly<Record<string, string>> = {
  'KH-1': 'ខេត្តបន្ទាយមានជ័យ', // Banteay Meanchey
  'KH-2': 'ខេត្តបាត់ដំបង', // Battambang
  'KH-3': 'ខេត្តកំពង់ចាម', // Kampong Cham
  'KH-4': 'ខេត្តកំពង់ឆ្នាំង', // Kampong Chhnang
  'KH-5': 'ខេត្តកំពង់ស្ពឺ', // Kampong Speu
  'KH-6': 'ខេត្តកំពង់ធំ', // Kampong Thom
  'KH-7': 'ខេត្តកំពត', // Kampot
  'KH-8': 'ខេត្តកណ្ដាល', // Kandal
  'KH-9': 'ខេត្តកោះកុង', // Koh Kong
  'KH-10': 'ខេត្តក្រចេះ', // Kratie
  'KH-11': 'ខេត្តមណ្ឌលគិរី', // Mondul Kiri
  'KH-12': 'រាជធានីភ្នំពេញ', // Phnom Penh, the capital municipality
  'KH-13': 'ខេត្តព្រះវិហារ', // Preah Vihear
  'KH-14': 'ខេត្តព្រៃវែង', // Prey Veng
  'KH-15': 'ខេត្តពោធិ៍សាត់', // Pursat
  'KH-16': 'ខេត្តរតនគិរី', // Ratanak Kiri
  'KH-17': 'ខេត្តសៀមរាប', // Siem Reap
  'KH-18': 'ខេត្តព្រះសីហនុ', // Preah Sihanouk
  'KH-19': 'ខេត្តស្ទឹងត្រែង', // Stung Treng
  'KH-20': 'ខេត្តស្វាយរៀង', // Svay Rieng
  'KH-21': 'ខេត្តតាកែវ', // Takeo
  'KH-22': 'ខេត្តឧត្តរមានជ័យ', // Oddar Meanchey
  'KH-23': 'ខេត្តកែប', // Kep
  'KH-24': 'ខេត្តប៉ៃលិន', // Pailin
  'KH-25': 'ខេត្តត្បូងឃ្មុំ', // Tboung Khmum
}
