// What React reads of the outbox (client/features/report/outbox-subscription.ts): a new snapshot
// object on each change, listeners told at a bounded rate while files go up, and each "sent"
// notice told once; and the channel that tells the other tabs (client/lib/outbox/outbox-channel.ts).
import { describe, expect, it, vi } from 'vitest'
import { openOutboxChannel, type OutboxMessage } from '../../client/lib/outbox/outbox-channel.ts'
import { createOutboxSubscription, MAX_SENT_NOTICES, PROGRESS_REDRAW_MS } from '../../client/features/report/outbox-subscription.ts'

const notice = (id: string) => ({ id, incidentId: `incident-${id}`, label: 'Fencing', at: 1 })

describe('the outbox subscription', () => {
  it('replaces the snapshot on each change and tells the listeners until they unsubscribe', () => {
    const view = createOutboxSubscription(true)
    const listener = vi.fn()
    const unsubscribe = view.subscribe(listener)
    const before = view.getSnapshot()
    view.update({ isOnline: false })
    expect(view.getSnapshot()).not.toBe(before)
    expect(view.getSnapshot()).toMatchObject({ isOnline: false, isLoaded: false, entries: [] })
    expect(before.isOnline).toBe(true)
    expect(listener).toHaveBeenCalledTimes(1)
    unsubscribe()
    view.update({ isOnline: true })
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('tells the listeners of a new upload phase at once, of fractions at most every PROGRESS_REDRAW_MS, and of the end', () => {
    let now = 10_000
    const view = createOutboxSubscription(true, () => now)
    const listener = vi.fn()
    view.subscribe(listener)
    view.setProgress('e1', 'f1', { phase: 'uploading', fraction: 0 })
    expect(listener).toHaveBeenCalledTimes(1)
    now += 10
    view.setProgress('e1', 'f1', { phase: 'uploading', fraction: 0.2 })
    expect(listener).toHaveBeenCalledTimes(1)
    // Not told, but the snapshot holds the latest progress for the next redraw.
    expect(view.getSnapshot().progress['e1/f1']).toEqual({ phase: 'uploading', fraction: 0.2 })
    now += PROGRESS_REDRAW_MS + 1
    view.setProgress('e1', 'f1', { phase: 'uploading', fraction: 0.5 })
    expect(listener).toHaveBeenCalledTimes(2)
    now += 1
    view.setProgress('e1', 'f1', { phase: 'uploading', fraction: 1 })
    expect(listener).toHaveBeenCalledTimes(3)
  })

  it('forgets the progress of one entry’s files and keeps the others’', () => {
    const view = createOutboxSubscription(true)
    view.setProgress('e1', 'f1', { phase: 'hashing', fraction: 0.5 })
    view.setProgress('e1', 'f2', { phase: 'uploading', fraction: 0.1 })
    view.setProgress('e10', 'f1', { phase: 'uploading', fraction: 0.3 })
    view.clearProgress('e1')
    expect(Object.keys(view.getSnapshot().progress)).toEqual(['e10/f1'])
  })

  it('tells each sent report once, newest first, keeping the last MAX_SENT_NOTICES', () => {
    const view = createOutboxSubscription(true)
    const onSent = vi.fn()
    view.onSent(onSent)
    expect(view.noteSent(notice('a'))).toBe(true)
    expect(view.noteSent(notice('a'))).toBe(false) // another tab told of it as well
    expect(onSent).toHaveBeenCalledTimes(1)
    for (let i = 0; i < MAX_SENT_NOTICES; i += 1) view.noteSent(notice(`n${i}`))
    const { sent } = view.getSnapshot()
    expect(sent).toHaveLength(MAX_SENT_NOTICES)
    expect(sent[0]!.id).toBe(`n${MAX_SENT_NOTICES - 1}`)
    expect(sent.some((each) => each.id === 'a')).toBe(false)
  })
})

describe('the outbox channel', () => {
  it('carries one tab’s messages to the other tabs, and none after it is closed', async () => {
    const name = `outbox-channel-${Math.random()}`
    const received: OutboxMessage[] = []
    const other = openOutboxChannel(name, (message) => received.push(message))
    const mine = openOutboxChannel(name, () => {})
    mine.post({ type: 'sent', notice: notice('a') })
    await vi.waitFor(() => expect(received).toEqual([{ type: 'sent', notice: notice('a') }]))
    other.close()
    mine.post({ type: 'changed' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(received).toHaveLength(1)
    mine.close()
  })
})
