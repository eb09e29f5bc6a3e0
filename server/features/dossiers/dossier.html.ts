// index.html of a dossier: one self-contained, printable page (inline CSS, inline map, no network)
// with headings in the language the user chose. Every value is escaped.
import { formatPreciseDate, startOfCambodianDay } from '../../../shared/dates.ts'
import type { DossierLanguage, DossierRedaction } from '../../../shared/dossiers.ts'
import { vocabMessages } from '../../../shared/vocabulary-labels.ts'
import type { DossierContent } from './dossier.content.ts'
import type { MapLabels } from './dossier.map-svg.ts'
import { forumInKhmer, placeInKhmer } from '../../lib/place-names.ts'

const HEADINGS = {
  en: {
    caseDossier: 'Case dossier',
    communityDossier: 'Community dossier',
    summary: 'Summary',
    privilegedNotes: 'Privileged notes (lawyer–client)',
    parties: 'Parties',
    people: 'People',
    communities: 'Communities',
    map: 'Map',
    timeline: 'Timeline',
    statistics: 'Statistics',
    evidence: 'Evidence index',
    cases: 'Cases',
    parcels: 'Parcels',
    concessions: 'Concessions',
    incidents: 'Incidents',
    households: 'Households',
    hectares: 'Hectares',
    incidentsByKind: 'Incidents by kind',
    name: 'Name',
    role: 'Role',
    contact: 'Contact',
    file: 'File',
    type: 'Type',
    size: 'Size',
    capturedAt: 'Captured at',
    capturedWhere: 'Captured where',
    sha256: 'SHA-256',
    sha256Copy: 'SHA-256 of this copy (GPS removed)',
    date: 'Date',
    what: 'What',
    area: 'Area (ha)',
    province: 'Province',
    stage: 'Stage',
    reference: 'Reference',
    kind: 'Kind',
    forum: 'Forum',
    leadLawyer: 'Lead lawyer',
    openedOn: 'Opened on',
    closedOn: 'Closed on',
    outcome: 'Outcome',
    status: 'Status',
    district: 'District',
    commune: 'Commune',
    village: 'Village',
    members: 'Members',
    none: 'None',
    exportedBy: 'Exported by',
    exportedAt: 'Exported at',
    redaction: 'Redaction',
    confidential: 'confidential (initials only)',
    locationsCoarsened: 'Locations rounded to about 1 km',
    gpsStripped: 'GPS removed from photos',
    company: 'Company',
    noGeometry: 'No mapped geometry',
    evidencePoints: 'Evidence',
    mapCommunities: 'Communities',
    timeline_incident: 'Incident',
    timeline_event: 'Case event',
    timeline_stage: 'Stage change',
    timeline_case: 'Case opened',
    timeline_evidence: 'Evidence',
    evidence_captured: 'captured',
    evidence_create: 'added',
    evidence_update: 'details changed',
    evidence_download: 'downloaded',
    evidence_delete: 'deleted',
    privilegedBanner: 'PRIVILEGED AND CONFIDENTIAL — lawyer–client privilege. Do not share outside the legal team.',
    privilegedWatermark: 'PRIVILEGED',
    contactsOmitted: "Parties' contact details left out",
    borders: 'Province and commune borders',
  },
  km: {
    caseDossier: 'សំណុំរឿងក្តី',
    communityDossier: 'សំណុំឯកសារសហគមន៍',
    summary: 'សេចក្តីសង្ខេប',
    privilegedNotes: 'កំណត់ត្រាសម្ងាត់ (មេធាវី–កូនក្តី)',
    parties: 'ភាគីពាក់ព័ន្ធ',
    people: 'បុគ្គល',
    communities: 'សហគមន៍',
    map: 'ផែនទី',
    timeline: 'កាលប្បវត្តិ',
    statistics: 'ស្ថិតិ',
    evidence: 'បញ្ជីភស្តុតាង',
    cases: 'រឿងក្តី',
    parcels: 'ក្បាលដី',
    concessions: 'ដីសម្បទាន',
    incidents: 'ឧបទ្ទវហេតុ',
    households: 'គ្រួសារ',
    hectares: 'ហិកតា',
    incidentsByKind: 'ឧបទ្ទវហេតុតាមប្រភេទ',
    name: 'ឈ្មោះ',
    role: 'តួនាទី',
    contact: 'ទំនាក់ទំនង',
    file: 'ឯកសារ',
    type: 'ប្រភេទ',
    size: 'ទំហំ',
    capturedAt: 'ថតនៅពេល',
    capturedWhere: 'ថតនៅទីកន្លែង',
    sha256: 'SHA-256',
    sha256Copy: 'SHA-256 នៃច្បាប់ចម្លងនេះ (ដក GPS ចេញ)',
    date: 'កាលបរិច្ឆេទ',
    what: 'ព្រឹត្តិការណ៍',
    area: 'ផ្ទៃដី (ហិកតា)',
    province: 'ខេត្ត',
    stage: 'ដំណាក់កាល',
    reference: 'លេខយោង',
    kind: 'ប្រភេទ',
    forum: 'តុលាការ/ស្ថាប័ន',
    leadLawyer: 'មេធាវីទទួលបន្ទុក',
    openedOn: 'បើកនៅ',
    closedOn: 'បិទនៅ',
    outcome: 'លទ្ធផល',
    status: 'ស្ថានភាព',
    district: 'ស្រុក',
    commune: 'ឃុំ',
    village: 'ភូមិ',
    members: 'សមាជិក',
    none: 'គ្មាន',
    exportedBy: 'នាំចេញដោយ',
    exportedAt: 'នាំចេញនៅ',
    redaction: 'ការលាក់ព័ត៌មាន',
    confidential: 'សម្ងាត់ (អក្សរកាត់ប៉ុណ្ណោះ)',
    locationsCoarsened: 'ទីតាំងបង្គត់ប្រហែល ១ គីឡូម៉ែត្រ',
    gpsStripped: 'បានដក GPS ចេញពីរូបថត',
    company: 'ក្រុមហ៊ុន',
    noGeometry: 'គ្មានទិន្នន័យផែនទី',
    evidencePoints: 'ភស្តុតាង',
    mapCommunities: 'សហគមន៍',
    timeline_incident: 'ឧបទ្ទវហេតុ',
    timeline_event: 'ព្រឹត្តិការណ៍រឿងក្តី',
    timeline_stage: 'ការប្ដូរដំណាក់កាល',
    timeline_case: 'បើកសំណុំរឿង',
    timeline_evidence: 'ភស្តុតាង',
    evidence_captured: 'ថតទុក',
    evidence_create: 'បានបញ្ចូល',
    evidence_update: 'បានកែព័ត៌មាន',
    evidence_download: 'បានទាញយក',
    evidence_delete: 'បានលុប',
    privilegedBanner: 'ឯកសារសម្ងាត់ — ឯកសិទ្ធិរវាងមេធាវី និងកូនក្តី។ កុំចែករំលែកនៅក្រៅក្រុមច្បាប់។',
    privilegedWatermark: 'សម្ងាត់',
    contactsOmitted: 'បានដកព័ត៌មានទំនាក់ទំនងរបស់ភាគីចេញ',
    borders: 'ព្រំដែនខេត្ត និងឃុំ',
  },
} as const satisfies Record<DossierLanguage, Record<string, string>>
type HeadingKey = keyof (typeof HEADINGS)['en']

export function mapLabels(language: DossierLanguage): MapLabels {
  const h = HEADINGS[language]
  return {
    parcels: h.parcels,
    concessions: h.concessions,
    incidents: h.incidents,
    evidence: h.evidencePoints,
    communities: h.mapCommunities,
    borders: h.borders,
    noGeometry: h.noGeometry,
  }
}

const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!)

/** A relative link that survives any file name (Khmer, spaces, '#'). */
const hrefOf = (zipPath: string) => zipPath.split('/').map(encodeURIComponent).join('/')

const formatBytes = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : bytes < 1024 ** 3
        ? `${(bytes / 1024 ** 2).toFixed(1)} MiB`
        : `${(bytes / 1024 ** 3).toFixed(2)} GiB`

const formatPoint = (point: { coordinates: number[] } | null) =>
  point ? `${point.coordinates[1]!.toFixed(5)}, ${point.coordinates[0]!.toFixed(5)}` : '—'

/** A calendar day stored as 'YYYY-MM-DD' (a case's opening), read as that day in Cambodia. */
function formatDay(isoDay: string, language: DossierLanguage): string {
  const [year, month, day] = isoDay.split('-').map(Number)
  return formatPreciseDate(startOfCambodianDay(year!, month!, day!), 'day', language)
}

/** Facts that are calendar days ('YYYY-MM-DD'). */
const DAY_FACTS = new Set(['openedOn', 'closedOn'])

/** A table cell with a class: dates must not wrap (a "4 Mar" line above "2026" misreads). */
interface Cell {
  html: string
  className: string
}
const dateCell = (text: string): Cell => ({ html: escapeHtml(text), className: 'date' })

const cssString = (text: string) => `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`

const CSS = `
  body { font-family: 'Noto Sans Khmer', 'Khmer OS', 'Khmer OS System', sans-serif; line-height: 1.5; color: #111; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; border-bottom: 2px solid #333; margin-top: 2rem; }
  .subtitle { font-size: 1.2rem; color: #333; margin-top: 0; }
  table { border-collapse: collapse; width: 100%; font-size: 0.9rem; } th, td { border: 1px solid #bbb; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
  th { background: #eee; } dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dt { font-weight: bold; }
  code.hash { font-size: 0.75rem; word-break: break-all; } .map svg { width: 100%; height: auto; border: 1px solid #999; }
  .privileged { border: 2px solid #a12f2b; padding: 0.5rem; background: #fff5f5; white-space: pre-wrap; }
  .meta { font-size: 0.8rem; color: #555; }
  .date { white-space: nowrap; }
  @media print { body { margin: 0; max-width: none; font-size: 10pt; } a { color: inherit; text-decoration: none; }
    h2 { page-break-after: avoid; } table, .map { page-break-inside: avoid; } tr { page-break-inside: avoid; } }
`

export interface HtmlContext {
  language: DossierLanguage
  redaction: DossierRedaction
  exportedBy: string
  /** ISO instant. */
  exportedAt: string
  mapSvg: string
  /** SHA-256 of the GPS-stripped copies, by evidence id. */
  copyHashes: Map<string, string>
}

/** A vocabulary value in the reader's language ('court_civil' → 'Civil court case' / 'បណ្ដឹងរដ្ឋប្បវេណី'); unknown values as they are. */
function termOf(language: DossierLanguage) {
  const labels = vocabMessages[language] as Record<string, Record<string, string>>
  return (vocabulary: string, value: string | number | null | undefined) =>
    value === null || value === undefined ? '' : (labels[vocabulary]?.[String(value)] ?? String(value))
}

export function renderDossierHtml(content: DossierContent, context: HtmlContext): string {
  const h = HEADINGS[context.language]
  const term = termOf(context.language)
  const label = (key: string) => (key in h ? h[key as HeadingKey] : key)
  // Facts holding a vocabulary value, by the dossier's target.
  const factVocabulary: Record<string, string> =
    content.target === 'case' ? { kind: 'caseKind', stage: 'caseStage' } : { kind: 'communityKind', status: 'communityStatus' }
  const isKhmer = context.language === 'km'
  const names = content.placeNamesKm
  const factValue = (key: string, value: string | number | null) => {
    if (factVocabulary[key]) return term(factVocabulary[key], value)
    const text = String(value)
    if (!isKhmer) return text
    if (key === 'province') return placeInKhmer(names, 1, text)
    if (key === 'district') return placeInKhmer(names, 2, text)
    if (key === 'commune') return placeInKhmer(names, 3, text)
    if (key === 'forum') return forumInKhmer(names, text)
    return text
  }
  const province = (name: string) => (isKhmer ? placeInKhmer(names, 1, name) : name)
  // Lawyer–client privileged material is in this dossier: say so on every page, in the watermark and the file name.
  const isPrivileged = context.redaction.includePrivilegedNotes
  const omitsContacts = context.redaction.omitPartyContacts === true
  const stageChange = (title: string) =>
    title
      .split(' → ')
      .map((stage) => term('caseStage', stage))
      .join(' → ')
  // "Photo of the fence — downloaded (Keo Ratha)": the file, what happened to it, and who, as the
  // viewer may know them (an audit label is "role:name", or the role alone when the name is hidden).
  const actorName = (actorLabel: string) => actorLabel.slice(actorLabel.indexOf(':') + 1)
  const evidenceEntry = (t: DossierContent['timeline'][number]) =>
    `${t.title} — ${label(`evidence_${t.evidenceAction ?? 'captured'}`)}${t.actorLabel ? ` (${actorName(t.actorLabel)})` : ''}`
  const title = context.language === 'km' && content.titleKm ? content.titleKm : content.title
  const other = title === content.title ? content.titleKm : content.title
  const td = (cell: string | Cell) => (typeof cell === 'string' ? `<td>${cell}</td>` : `<td class="${cell.className}">${cell.html}</td>`)
  const table = (headers: string[], rows: (string | Cell)[][]) =>
    rows.length === 0
      ? `<p>${escapeHtml(h.none)}</p>`
      : `<table><thead><tr>${headers.map((x) => `<th>${escapeHtml(x)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('')}</tbody></table>`
  const redactionNotes = [
    context.redaction.coarsenLocations ? h.locationsCoarsened : null,
    context.redaction.keepPhotoGps ? null : h.gpsStripped,
    omitsContacts ? h.contactsOmitted : null,
  ]
    .filter(Boolean)
    .join('; ')

  const sections = [
    isPrivileged ? `<div class="privileged-banner" role="note">${escapeHtml(h.privilegedBanner)}</div>` : '',
    isPrivileged ? `<div class="privileged-watermark" aria-hidden="true">${escapeHtml(h.privilegedWatermark)}</div>` : '',
    `<h1>${escapeHtml(title)}</h1>`,
    other ? `<p class="subtitle">${escapeHtml(other)}</p>` : '',
    `<p class="meta">${escapeHtml(content.target === 'case' ? h.caseDossier : h.communityDossier)} · ${escapeHtml(h.exportedBy)}: ${escapeHtml(context.exportedBy)} · ${escapeHtml(h.exportedAt)}: <span class="date">${escapeHtml(formatPreciseDate(context.exportedAt, 'day', context.language, { withTime: true }))}</span>${redactionNotes ? ` · ${escapeHtml(h.redaction)}: ${escapeHtml(redactionNotes)}` : ''}</p>`,
    `<h2>${escapeHtml(h.summary)}</h2>`,
    `<dl class="facts">${content.facts
      .filter(([, v]) => v !== null && v !== '')
      .map(([k, v]) =>
        DAY_FACTS.has(k)
          ? `<dt>${escapeHtml(label(k))}</dt><dd class="date">${escapeHtml(formatDay(String(v), context.language))}</dd>`
          : `<dt>${escapeHtml(label(k))}</dt><dd>${escapeHtml(factValue(k, v))}</dd>`,
      )
      .join('')}</dl>`,
    content.summary ? `<p>${escapeHtml(content.summary)}</p>` : '',
    content.privilegedNotes
      ? `<h2>${escapeHtml(h.privilegedNotes)}</h2><div class="privileged">${escapeHtml(content.privilegedNotes)}</div>`
      : '',
    `<h2>${escapeHtml(content.target === 'case' ? h.parties : h.people)}</h2>`,
    table(
      omitsContacts ? [h.name, h.role] : [h.name, h.role, h.contact],
      content.parties.map((p) => [
        `${escapeHtml(p.name)}${p.nameKm ? ` (${escapeHtml(p.nameKm)})` : ''}${p.isConfidential ? ` <em>${escapeHtml(h.confidential)}</em>` : ''}`,
        escapeHtml(term('partyRole', p.role)) + (p.description ? ` — ${escapeHtml(p.description)}` : ''),
        ...(omitsContacts ? [] : [escapeHtml([p.phone, p.email, p.address].filter(Boolean).join(', '))]),
      ]),
    ),
    `<h2>${escapeHtml(h.communities)}</h2>`,
    table(
      [h.name, h.province, h.village, h.households, h.hectares],
      content.communities.map((c) => [
        `${escapeHtml(c.name)}${c.nameKm ? ` (${escapeHtml(c.nameKm)})` : ''}`,
        escapeHtml(province(c.province)),
        escapeHtml(c.village ?? ''),
        escapeHtml(c.households ?? ''),
        escapeHtml(c.territoryAreaHa?.toFixed(2) ?? ''),
      ]),
    ),
    content.cases.length
      ? `<h2>${escapeHtml(h.cases)}</h2>${table(
          [h.reference, h.name, h.stage, h.openedOn],
          content.cases.map((c) => [
            escapeHtml(c.reference),
            `${escapeHtml(c.title)}${c.titleKm ? ` (${escapeHtml(c.titleKm)})` : ''}`,
            escapeHtml(term('caseStage', c.stage)),
            dateCell(formatDay(c.openedOn, context.language)),
          ]),
        )}`
      : '',
    `<h2>${escapeHtml(h.map)}</h2><div class="map" role="img" aria-label="${escapeHtml(h.map)}">${context.mapSvg}</div>`,
    `<h3>${escapeHtml(h.parcels)}</h3>`,
    table(
      [h.name, h.kind, h.households, h.area],
      content.parcels.map((p) => [
        escapeHtml(p.label),
        escapeHtml(`${term('landUse', p.landUse)}, ${term('tenure', p.tenure)}`),
        escapeHtml(p.households ?? ''),
        escapeHtml(p.areaHa.toFixed(2)),
      ]),
    ),
    `<h3>${escapeHtml(h.concessions)}</h3>`,
    table(
      [h.name, h.company, h.kind, h.area],
      content.concessions.map((c) => [
        `${escapeHtml(c.name)}${c.nameKm ? ` (${escapeHtml(c.nameKm)})` : ''}`,
        escapeHtml(c.company ?? ''),
        escapeHtml(term('concessionKind', c.kind)),
        escapeHtml(c.areaHa.toFixed(2)),
      ]),
    ),
    `<h2>${escapeHtml(h.timeline)}</h2>`,
    table(
      [h.date, h.type, h.what],
      content.timeline.map((t) => [
        dateCell(formatPreciseDate(t.at, t.precision, context.language)),
        escapeHtml(
          t.type === 'event' && t.eventKind
            ? term('caseEventKind', t.eventKind)
            : t.type === 'incident' && t.incidentKind
              ? term('incidentKind', t.incidentKind)
              : label(`timeline_${t.type}`),
        ),
        escapeHtml(t.type === 'stage' ? stageChange(t.title) : t.type === 'evidence' ? evidenceEntry(t) : t.title),
      ]),
    ),
    `<h2>${escapeHtml(h.statistics)}</h2>`,
    `<dl class="facts"><dt>${escapeHtml(h.households)}</dt><dd>${content.statistics.households}</dd><dt>${escapeHtml(h.hectares)}</dt><dd>${content.statistics.hectares.toFixed(2)}</dd></dl>`,
    `<h3>${escapeHtml(h.incidentsByKind)}</h3>`,
    table(
      [h.kind, h.incidents],
      Object.entries(content.statistics.incidentsByKind).map(([kind, n]) => [escapeHtml(term('incidentKind', kind)), String(n)]),
    ),
    `<h2>${escapeHtml(h.evidence)}</h2>`,
    table(
      [h.file, h.type, h.size, h.capturedAt, h.capturedWhere, h.sha256],
      content.evidence.map((e) => {
        const copy = context.copyHashes.get(e.id)
        return [
          `<a href="${escapeHtml(hrefOf(e.zipPath))}">${escapeHtml(e.originalFilename ?? e.title)}</a><br>${escapeHtml(e.title)}`,
          escapeHtml(e.mediaType),
          escapeHtml(formatBytes(e.sizeBytes)),
          // The camera's own text (capturedAtText) stays in the data files; people read the instant it stands for.
          e.capturedAt
            ? dateCell(formatPreciseDate(e.capturedAt, 'day', context.language, { withTime: true }))
            : escapeHtml(e.capturedAtText ?? '—'),
          escapeHtml(formatPoint(e.location)),
          `<code class="hash">${escapeHtml(e.sha256)}</code>${copy ? `<br>${escapeHtml(h.sha256Copy)}: <code class="hash">${escapeHtml(copy)}</code>` : ''}`,
        ]
      }),
    ),
  ]
  return `<!doctype html>
<html lang="${context.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}${isPrivileged ? privilegedPageCss(h.privilegedBanner) : ''}</style>
</head>
<body>
${sections.filter(Boolean).join('\n')}
</body>
</html>
`
}

/**
 * On screen the banner stays at the top as the page scrolls; printed, it also goes in every page's
 * top margin (Chromium draws @page margin boxes), and the fixed watermark repeats on every page.
 */
const privilegedPageCss = (banner: string) => `
  .privileged-banner { border: 2px solid #a12f2b; color: #a12f2b; background: #fff5f5; font-weight: bold; text-align: center; padding: 0.4rem 0.6rem; position: sticky; top: 0; z-index: 2; }
  .privileged-watermark { position: fixed; top: 42%; left: 0; right: 0; text-align: center; transform: rotate(-35deg); font-size: 6rem; font-weight: bold; color: rgba(161, 47, 43, 0.13); pointer-events: none; z-index: 3; }
  @page { @top-center { content: ${cssString(banner)}; font-family: 'Noto Sans Khmer', 'Khmer OS', 'Khmer OS System', sans-serif; font-size: 8pt; font-weight: bold; color: #a12f2b; } }
`
