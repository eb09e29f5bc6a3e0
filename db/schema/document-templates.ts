import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { id, rowMeta, softDelete } from '../columns.ts'
import { documentTemplateKind, languageCode } from './enums.ts'
import { users } from './users.ts'

/**
 * Letters the legal team writes again and again, as HTML with {{placeholders}} filled from a case
 * (parties, communities, parcels with areas, dates). Admins keep them; lawyers generate, edit and
 * save the result to the case as PDF evidence.
 */
export const documentTemplates = pgTable(
  'document_templates',
  {
    id: id(),
    name: text('name').notNull(),
    kind: documentTemplateKind('kind').notNull(),
    language: languageCode('language').notNull(),
    description: text('description'),
    bodyHtml: text('body_html').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [index('document_templates_kind_idx').on(t.kind, t.language)],
)
