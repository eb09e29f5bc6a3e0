// Writes of people: each in one transaction, with a live community and optimistic concurrency.
import type { Db } from '../../../db/open.ts'
import { communities, people } from '../../../db/schema/index.ts'
import type { CreatePersonBody, Person, UpdatePersonBody } from '../../../shared/people.ts'
import { notFound } from '../../lib/app-error.ts'
import type { Viewer } from '../../lib/policy.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { requireLive } from '../../lib/references.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import { findCasesOfPerson, findPersonRow, insertPerson } from './people.queries.ts'

/**
 * The person with their cases. With a viewer: undefined when they may not see the person, and
 * only the cases they may see (the route drops contacts with maskPerson). Without one: all.
 */
export async function findPerson(db: Db, id: string, viewer?: Viewer): Promise<Person | undefined> {
  const row = await findPersonRow(db, id, viewer)
  return row && { ...row, cases: await findCasesOfPerson(db, id, viewer) }
}

export async function requirePerson(db: Db, id: string, viewer?: Viewer): Promise<Person> {
  const person = await findPerson(db, id, viewer)
  if (!person) throw notFound('person', id)
  return person
}

// Writes check the person without a viewer (the route's permission decides who may write) and
// answer with the person as the viewer may see them.

export async function createPerson(db: Db, body: CreatePersonBody, viewer: Viewer) {
  return db.transaction(async (tx) => {
    if (body.communityId) await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    return requirePerson(tx, await insertPerson(tx, body), viewer)
  })
}

export async function updatePerson(db: Db, id: string, body: UpdatePersonBody, expectedVersion: number, viewer: Viewer) {
  return db.transaction(async (tx) => {
    const current = await requirePerson(tx, id)
    if (body.communityId) await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    const { version: _version, ...changes } = body
    if (!(await updateIfVersion(tx, people, id, expectedVersion, changes))) {
      throw createStaleVersionError('person', expectedVersion, current)
    }
    return requirePerson(tx, id, viewer)
  })
}

export async function deletePerson(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await requirePerson(tx, id)
    requireVersion('person', expectedVersion, current)
    // Their case roles stay recorded; cases stop showing a deleted person.
    await softDelete(tx, people, id)
  })
}
