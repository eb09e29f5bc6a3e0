// First guesses for the column mapping, from the columns' names (and, for vocabulary fields, their
// sample values): the user checks them in the mapping step. Pure, so it is tested on its own.
import { TARGET_FIELDS, type ImportField, type ImportMapping } from '../../../shared/import-jobs.ts'
import type { ImportColumn } from '../../../shared/imports.ts'
import { COMMUNITY_KINDS, COMMUNITY_STATUSES, CONCESSION_KINDS, INCIDENT_KINDS, type ImportTarget } from '../../../shared/vocabularies.ts'

/**
 * Column names that fill each field, best first, compared without case, spaces or punctuation
 * ("map_id", "Map ID" and "MAPID" are all "mapid"). Names ODC, GPS units and NGO surveys use.
 */
const NAMES: Record<ImportField, readonly string[]> = {
  externalId: ['mapid', 'externalid', 'id', 'fid', 'objectid', 'gid', 'ogcfid', 'uid', 'uuid', 'code'],
  name: ['name', 'nameen', 'nameeng', 'englishname', 'title', 'label', 'placename'],
  nameKm: ['namekm', 'namekh', 'khmername', 'namekhmer', 'kmname', 'khname'],
  kind: ['kind', 'type'],
  status: ['status'],
  company: ['company', 'developer', 'owner', 'companyname', 'investor', 'operator'],
  purpose: ['purpose', 'investment', 'crop', 'crops', 'landuse'],
  declaredAreaHa: ['hectares', 'sizeha', 'areaha', 'landareah', 'landareaha', 'landarea', 'area', 'size', 'ha'],
  date: ['date', 'contract', 'contractdate', 'issuedate', 'dateissued', 'granted', 'grantedon', 'dategranted', 'occurredat', 'year'],
  province: ['province', 'provinces', 'provincename', 'prov', 'khet'],
  district: ['district', 'districts', 'districtname', 'srok', 'khan'],
  commune: ['commune', 'communes', 'communename', 'khum', 'sangkat'],
  village: ['village', 'villages', 'villagename', 'phum', 'phoum'],
  community: ['community', 'communityname', 'communityid'],
  holderName: ['holder', 'holdername', 'owner', 'ownername', 'family', 'familyname'],
  households: ['households', 'household', 'hh', 'families', 'nbhouseholds', 'nbhh'],
  description: ['description', 'desc', 'notes', 'note', 'remarks', 'remark', 'comment', 'comments'],
}

/** The values a vocabulary field takes on each target (the server refuses any other). */
export const FIELD_VOCABULARIES: Partial<Record<ImportTarget, Partial<Record<ImportField, readonly string[]>>>> = {
  communities: { kind: COMMUNITY_KINDS, status: COMMUNITY_STATUSES },
  concessions: { kind: CONCESSION_KINDS },
  incidents: { kind: INCIDENT_KINDS },
}

const comparable = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '')

/** As the server reads a vocabulary value: lower case, spaces and hyphens as "_". */
const vocabularyCode = (value: unknown) =>
  String(value)
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

function fits(field: ImportField, column: ImportColumn, target: ImportTarget): boolean {
  const vocabulary = FIELD_VOCABULARIES[target]?.[field]
  // A "type" column of other words ("Community Forest") would have every feature refused.
  if (vocabulary) return column.samples.length > 0 && column.samples.every((sample) => vocabulary.includes(vocabularyCode(sample)))
  if (field === 'declaredAreaHa' || field === 'households') return column.type === 'number' || column.type === 'integer'
  return column.type !== 'empty'
}

/**
 * Field → column for the fields of `target` whose column can be recognised by its name. Each
 * column fills at most one field; a field takes the best-ranked name among the columns.
 */
export function guessMapping(columns: readonly ImportColumn[], target: ImportTarget): ImportMapping {
  const mapping: ImportMapping = {}
  const used = new Set<string>()
  for (const field of TARGET_FIELDS[target].fields) {
    for (const candidate of NAMES[field]) {
      const column = columns.find((c) => !used.has(c.name) && comparable(c.name) === candidate && fits(field, c, target))
      if (column) {
        mapping[field] = column.name
        used.add(column.name)
        break
      }
    }
  }
  return mapping
}
