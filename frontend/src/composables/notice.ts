import { ref } from 'vue'

/** A success message shown above the page the user was just sent to (cleared on the next navigation). */
export const notice = ref<string | null>(null)

export function showNotice(message: string): void {
  notice.value = message
}

export function clearNotice(): void {
  notice.value = null
}
