// Placeholder until the offline outbox is built.
export function SyncStatus() {
  return null
}
