// How the tabs of one browser keep the same outbox on screen: a tab that changed the entries or
// sent a report says so on a BroadcastChannel; the others read the entries again. IndexedDB stays
// the truth — a message only says "look again", so a lost one costs a redraw, never data.
import type { SentNotice } from './outbox-entry.ts'

export type OutboxMessage = { type: 'changed' } | { type: 'sent'; notice: SentNotice }

export interface OutboxChannel {
  post(message: OutboxMessage): void
  close(): void
}

/** Listens for the other tabs' messages; a channel that does nothing where the browser has no BroadcastChannel. */
export function openOutboxChannel(name: string, onMessage: (message: OutboxMessage) => void): OutboxChannel {
  if (typeof BroadcastChannel === 'undefined') return { post: () => {}, close: () => {} }
  const channel = new BroadcastChannel(name)
  channel.addEventListener('message', (event: MessageEvent<OutboxMessage>) => onMessage(event.data))
  return {
    post: (message) => channel.postMessage(message),
    close: () => channel.close(),
  }
}
