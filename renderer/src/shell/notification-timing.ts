import { notifications, type NotificationData, type NotificationsStore } from '@mantine/notifications'

/** Success and information toasts go away quickly: they confirm what the user just saw happen. */
export const QUICK_CLOSE_MS = 3000
/** Warnings stay a little longer: they ask for a second look. */
export const WARNING_CLOSE_MS = 6000
const ERROR_COLORS = new Set(['red'])
const WARNING_COLORS = new Set(['orange', 'yellow'])

/**
 * How long a toast stays on screen when its caller did not say: errors until dismissed (the user must be able to
 * read and act on them), warnings 6 s, everything else 3 s. A loading toast stays until it is updated.
 */
export function autoCloseFor(n: Pick<NotificationData, 'color' | 'autoClose' | 'loading'>): boolean | number {
  if (n.autoClose !== undefined) return n.autoClose
  if (n.loading) return false
  if (n.color && ERROR_COLORS.has(n.color)) return false
  if (n.color && WARNING_COLORS.has(n.color)) return WARNING_CLOSE_MS
  return QUICK_CLOSE_MS
}

let installed = false

/**
 * Applies `autoCloseFor` to every `notifications.show`/`update` of the app, so that the 50-odd call sites keep
 * writing `notifications.show({ color, message })` and get the app-wide timing (Mantine only has one default for all).
 */
export function installNotificationTiming(): void {
  if (installed) return
  installed = true
  const { show, update } = notifications
  // `notifications` is typed readonly but is a plain object: the app's single, deliberate override.
  Object.assign(notifications, {
    show: (n: NotificationData, store?: NotificationsStore) => show({ ...n, autoClose: autoCloseFor(n) }, store),
    // An update that only changes the text keeps the timing the toast already has.
    update: (n: NotificationData, store?: NotificationsStore) =>
      update(n.autoClose !== undefined || n.color !== undefined || n.loading !== undefined ? { ...n, autoClose: autoCloseFor(n) } : n, store),
  })
}
