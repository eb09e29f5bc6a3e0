import { boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { id, rowMeta, softDelete } from '../columns.ts'
import { communities } from './communities.ts'

export const people = pgTable(
  'people',
  {
    id: id(),
    fullName: text('full_name').notNull(),
    fullNameKm: text('full_name_km'),
    gender: text('gender'),
    /** What the person is in the dispute, e.g. "village chief", "company manager". */
    description: text('description'),
    communityId: uuid('community_id').references(() => communities.id),
    // Contact details are sensitive: only legal staff and admins ever see them.
    phone: text('phone'),
    email: text('email'),
    address: text('address'),
    isConfidential: boolean('is_confidential').notNull().default(false),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    index('people_community_idx').on(t.communityId),
    // Every sort the list offers reads a (column, id) index in order: no sort step, O(page) keyset pages.
    index('people_full_name_id_idx').on(t.fullName, t.id),
    index('people_created_at_id_idx').on(t.createdAt, t.id),
    index('people_updated_at_id_idx').on(t.updatedAt, t.id),
    index('people_full_name_trgm').using('gin', t.fullName.op('gin_trgm_ops')),
    index('people_full_name_km_trgm').using('gin', t.fullNameKm.op('gin_trgm_ops')),
  ],
)
