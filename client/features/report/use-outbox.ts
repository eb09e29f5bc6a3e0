// The outbox as React sees it: a snapshot that changes when an entry is stored, sent or refused
// (in this tab or another) and while files go up.
import { useSyncExternalStore } from 'react'
import { outbox, type OutboxSnapshot } from './outbox.ts'

export function useOutbox(): OutboxSnapshot {
  return useSyncExternalStore(outbox.subscribe, outbox.getSnapshot, outbox.getSnapshot)
}
