// Case and community dossiers: a verifiable, redacted, bilingual ZIP built in the background.
import { z } from 'zod'
import { DateTime, Uuid } from './common.ts'

export const DOSSIER_LANGUAGES = ['en', 'km'] as const
export const DossierLanguage = z.enum(DOSSIER_LANGUAGES)
export type DossierLanguage = z.infer<typeof DossierLanguage>

export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const
export const ExportStatus = z.enum(EXPORT_STATUSES)
export type ExportStatus = z.infer<typeof ExportStatus>

export const DOSSIER_TARGETS = ['case', 'community'] as const
export type DossierTarget = (typeof DOSSIER_TARGETS)[number]

/** What the user asks for; the server limits it by role (see DossierRedaction). */
export const DossierBody = z.strictObject({
  language: DossierLanguage,
  /** Lawyer–client privileged notes: honoured for legal staff and admins only. */
  includePrivilegedNotes: z.boolean().default(false),
  /** Round points (homes, villages, incidents, evidence) to 0.01° (~1 km). */
  coarsenLocations: z.boolean().default(true),
  /** Keep GPS EXIF in photos: honoured only for roles that may see exact locations. */
  keepPhotoGps: z.boolean().default(false),
  /**
   * Leave parties' phone numbers, e-mails and addresses out of every file. On unless asked
   * otherwise: dossiers are handed to courts, ministries and journalists, and a phone number or a
   * home address that travels with them can put a villager at risk — contacts are sensitive and
   * leave Dey only when someone who may see them asks for them (DOMAIN.md, Sensitivity).
   */
  omitPartyContacts: z.boolean().default(true),
})
export type DossierBody = z.infer<typeof DossierBody>

/** The redaction actually applied (recorded in the manifest and on the export). */
export const DossierRedaction = z.object({
  includePrivilegedNotes: z.boolean(),
  coarsenLocations: z.boolean(),
  keepPhotoGps: z.boolean(),
  /** Confidential people appear as initials, without contacts. */
  confidentialPeopleAsInitials: z.boolean(),
  /** Confidential incidents and evidence the role may not see are left out. */
  includeConfidentialRecords: z.boolean(),
  /** Exact evidence points (roles that may not see them get none). */
  includeEvidenceLocations: z.boolean(),
  /** No party phone, e-mail or address anywhere. Absent on exports made before the option existed. */
  omitPartyContacts: z.boolean().optional(),
})
export type DossierRedaction = z.infer<typeof DossierRedaction>

export const ExportJob = z.object({
  id: Uuid,
  target: z.enum(DOSSIER_TARGETS),
  targetId: Uuid,
  language: DossierLanguage,
  status: ExportStatus,
  /** 0–100. */
  percent: z.number().int().min(0).max(100),
  error: z.string().optional(),
  requested: DossierBody,
  effective: DossierRedaction,
  createdAt: DateTime,
  finishedAt: DateTime.nullable(),
  /** When the file is (or was) deleted; the record stays. */
  expiresAt: DateTime.nullable(),
  /** True once the file has been deleted after expiresAt. */
  isExpired: z.boolean(),
  sizeBytes: z.number().int().nonnegative().optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
})
export type ExportJob = z.infer<typeof ExportJob>

/** One file inside the ZIP, as listed in manifest.json. */
export const DossierFileEntry = z.object({ path: z.string(), sizeBytes: z.number().int().nonnegative(), sha256: z.string() })
export type DossierFileEntry = z.infer<typeof DossierFileEntry>
