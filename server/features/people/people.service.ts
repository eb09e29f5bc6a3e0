// Writes of people: each in one transaction, with a live community and optimistic concurrency.
import type { Db } from '../../../db/open.ts'
import { communities, people } from '../../../db/schema/index.ts'
import type { CreatePersonBody, Person, UpdatePersonBody } from '../../../shared/people.ts'
import { notFound } from '../../lib/app-error.ts'
import { staleVersion } from '../../lib/concurrency.ts'
import { requireLive } from '../../lib/references.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.ts'
import { findCasesOfPerson, findPersonRow, insertPerson } from './people.queries.ts'

export async function findPerson(db: Db, id: string): Promise<Person | undefined> {
  const row = await findPersonRow(db, id)
  return row && { ...row, cases: await findCasesOfPerson(db, id) }
}

export async function requirePerson(db: Db, id: string): Promise<Person> {
  const person = await findPerson(db, id)
  if (!person) throw notFound('person', id)
  return person
}

export async function createPerson(db: Db, body: CreatePersonBody) {
  return db.transaction(async (tx) => {
    if (body.communityId) await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    return requirePerson(tx, await insertPerson(tx, body))
  })
}

export async function updatePerson(db: Db, id: string, body: UpdatePersonBody, expectedVersion: number) {
  return db.transaction(async (tx) => {
    const current = await requirePerson(tx, id)
    if (body.communityId) await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    const { version: _version, ...changes } = body
    if (!(await updateIfVersion(tx, people, id, expectedVersion, changes))) {
      throw staleVersion('person', expectedVersion, current)
    }
    return requirePerson(tx, id)
  })
}

export async function deletePerson(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await requirePerson(tx, id)
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw staleVersion('person', expectedVersion, current)
    }
    // Their case roles stay recorded; cases stop showing a deleted person.
    await softDelete(tx, people, id)
  })
}
