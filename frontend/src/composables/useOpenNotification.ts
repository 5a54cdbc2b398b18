import { useRouter } from 'vue-router'
import { apiErrorMessage } from '../api/errors'
import type { NotificationPublic } from '../api/types'
import { safeRedirect } from '../router'
import { useNotificationsStore } from '../stores/notifications'
import { reportAppError } from './appError'

/** Opening a notification marks it read and goes where it points (a path of this app only). */
export function useOpenNotification(after: () => void = () => {}) {
  const store = useNotificationsStore()
  const router = useRouter()

  return async function open(notification: NotificationPublic): Promise<void> {
    const target = safeRedirect(notification.link)
    after()
    const marking = store.markRead(notification).catch((err: unknown) => {
      if (!target) reportAppError(`This notification could not be marked read: ${apiErrorMessage(err)}`)
    })
    if (target) await router.push(target)
    else await marking
  }
}
