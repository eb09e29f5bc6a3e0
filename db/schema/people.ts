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
    index('people_full_name_trgm').using('gin', t.fullName.op('gin_trgm_ops')),
    index('people_full_name_km_trgm').using('gin', t.fullNameKm.op('gin_trgm_ops')),
  ],
)
