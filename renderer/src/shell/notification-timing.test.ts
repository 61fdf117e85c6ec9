import { describe, expect, it } from 'vitest'
import { notifications, notificationsStore } from '@mantine/notifications'
import { QUICK_CLOSE_MS, WARNING_CLOSE_MS, autoCloseFor, installNotificationTiming } from './notification-timing'

describe('toast timing', () => {
  it('success and info toasts close quickly, warnings later, errors and loading toasts stay until dismissed', () => {
    expect(autoCloseFor({ color: 'teal' })).toBe(QUICK_CLOSE_MS)
    expect(autoCloseFor({ color: 'green' })).toBe(QUICK_CLOSE_MS)
    expect(autoCloseFor({})).toBe(QUICK_CLOSE_MS)
    expect(autoCloseFor({ color: 'orange' })).toBe(WARNING_CLOSE_MS)
    expect(autoCloseFor({ color: 'red' })).toBe(false)
    expect(autoCloseFor({ loading: true })).toBe(false)
  })

  it('an explicit autoClose from the caller wins', () => {
    expect(autoCloseFor({ color: 'red', autoClose: 6000 })).toBe(6000)
    expect(autoCloseFor({ color: 'teal', autoClose: false })).toBe(false)
  })

  it('once installed, every notifications.show of the app gets that timing', () => {
    installNotificationTiming()
    notifications.clean()
    const saved = notifications.show({ color: 'teal', message: 'saved' })
    const failed = notifications.show({ color: 'red', message: 'failed' })
    const pinned = notifications.show({ color: 'teal', message: 'pinned', autoClose: false })
    const byId = new Map(notificationsStore.getState().notifications.map((n) => [n.id, n]))
    expect(byId.get(saved)?.autoClose).toBe(QUICK_CLOSE_MS)
    expect(byId.get(failed)?.autoClose).toBe(false)
    expect(byId.get(pinned)?.autoClose).toBe(false)
    notifications.update({ id: saved, message: 'saved again' })
    expect(notificationsStore.getState().notifications.find((n) => n.id === saved)?.autoClose).toBe(QUICK_CLOSE_MS)
  })
})
