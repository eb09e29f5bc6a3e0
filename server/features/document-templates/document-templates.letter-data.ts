// What a letter knows about a case, shaped as the Mustache view LETTER_FIELDS describes: names and
// places in the template's language where the records have them, numbers and dates formatted for
// it (Khmer digits and month names in a Khmer template). Every field a list item declares is
// present (null when empty), so a loop never picks up a field of the same name from outside it.
import type { Db } from '../../../db/open.ts'
import { findPlaceNamesKm } from '../../lib/place-names.queries.ts'
import { cambodiaClock } from '../../../shared/dates.ts'
import { formatCount, formatDecimal, formatLetterDate, PARTY_GROUPS } from '../../../shared/letter-fields.ts'
import { vocabMessages } from '../../../shared/vocabulary-labels.ts'
import type { DocumentTemplateKind, LanguageCode } from '../../../shared/vocabularies.ts'
import { notFound } from '../../lib/app-error.ts'
import { emptyPlaceNamesKm, forumInKhmer, placeKey } from '../../lib/place-names.ts'
import type { Viewer } from '../../lib/policy.ts'
import {
  findLetterCase,
  findLetterCommunities,
  findLetterConcessions,
  findLetterParcels,
  findLetterParties,
  findTeamLead,
} from './document-templates.queries.ts'

export interface LetterTemplate {
  language: LanguageCode
  kind: DocumentTemplateKind
}

/** The view for one case and template; 404 when the case is not live or not visible to the viewer. */
export async function loadLetterView(db: Db, caseId: string, template: LetterTemplate, viewer: Viewer, now = new Date()) {
  const legalCase = await findLetterCase(db, caseId, viewer)
  if (!legalCase) throw notFound('case', caseId)
  const [teamLead, parties, communityRows, parcelRows, concessionRows] = await Promise.all([
    findTeamLead(db, caseId),
    findLetterParties(db, caseId, viewer),
    findLetterCommunities(db, caseId),
    findLetterParcels(db, caseId),
    findLetterConcessions(db, caseId),
  ])
  const { language, kind } = template
  const isKhmer = language === 'km'
  const labels = vocabMessages[language]
  const local = (latin: string, km: string | null) => (isKhmer && km ? km : latin)

  const placeNames = isKhmer
    ? await findPlaceNamesKm(
        db,
        communityRows.flatMap((row) => [row.commune, row.district]).filter((name): name is string => Boolean(name)),
      )
    : emptyPlaceNamesKm()
  const place = (level: 1 | 2 | 3, name: string | null) => {
    if (!name) return null
    const km = placeNames[level][placeKey(name)]
    // Khmer province names carry their ខេត្ត or រាជធានី prefix, as official letters write them.
    if (level === 1 && isKhmer) return km ?? `ខេត្ត${name}`
    return km ?? name
  }
  const numbered = <T>(rows: T[]) => rows.map((row, index) => ({ number: formatCount(index + 1, language), ...row }))

  const partyItems = parties.map((party) => ({
    name: local(party.fullName, party.fullNameKm),
    nameLatin: party.fullName,
    nameKm: party.fullNameKm,
    role: labels.partyRole[party.role],
    // A power of attorney names the principal's address; no other letter gets a contact.
    address: kind === 'power_of_attorney' ? party.address : null,
    group: PARTY_GROUPS[party.role],
  }))
  const withoutGroup = (items: typeof partyItems) => numbered(items.map(({ group: _group, ...item }) => item))
  const partyGroups = Object.fromEntries(
    Object.values(PARTY_GROUPS).map((group) => [group, withoutGroup(partyItems.filter((party) => party.group === group))]),
  )

  const [openedYear, openedMonth, openedDay] = legalCase.openedOn.split('-').map(Number)
  const totalAreaHa = parcelRows.reduce((sum, parcel) => sum + (parcel.areaHa ?? 0), 0)

  return {
    case: {
      reference: legalCase.reference,
      title: local(legalCase.title, legalCase.titleKm),
      titleEn: legalCase.title,
      titleKm: legalCase.titleKm,
      kind: labels.caseKind[legalCase.kind],
      // A Khmer letter names the usual forums in Khmer ("… provincial cadastral commission"); others as written.
      forum: legalCase.forum && isKhmer ? forumInKhmer(placeNames, legalCase.forum) : legalCase.forum,
      province: place(1, legalCase.province),
      openedOn: formatLetterDate({ year: openedYear!, month: openedMonth!, day: openedDay! }, language),
    },
    leadLawyer: teamLead ?? legalCase.leadLawyer,
    today: formatLetterDate(cambodiaClock(now), language),
    parties: { all: withoutGroup(partyItems), ...partyGroups },
    communities: numbered(
      communityRows.map((row) => ({
        name: local(row.name, row.nameKm),
        nameLatin: row.name,
        nameKm: row.nameKm,
        village: row.village,
        commune: place(3, row.commune),
        district: place(2, row.district),
        province: place(1, row.province),
      })),
    ),
    parcels: numbered(
      parcelRows.map((row) => ({
        label: row.label,
        holder: row.holderName,
        areaHa: row.areaHa == null ? null : formatDecimal(row.areaHa, language),
      })),
    ),
    parcelsAreaHa: formatDecimal(totalAreaHa, language),
    concessions: numbered(
      concessionRows.map((row) => ({
        name: local(row.name, row.nameKm),
        nameLatin: row.name,
        nameKm: row.nameKm,
        company: row.company,
        kind: labels.concessionKind[row.kind],
        areaHa: row.areaHa == null ? null : formatDecimal(row.areaHa, language),
      })),
    ),
  }
}
