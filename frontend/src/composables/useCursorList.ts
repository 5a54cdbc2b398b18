import { ref, shallowRef, type Ref } from 'vue'
import { apiErrorMessage } from '../api/errors'
import type { Page } from '../api/types'

/**
 * A list paged with `next_cursor`: `reload()` fetches the first page, `loadMore()`
 * appends the next one. A reload started later wins over an older one still in flight.
 */
export function useCursorList<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([]) as Ref<T[]>
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const loadingMore = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  let generation = 0

  async function reload(): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(null)
      if (mine !== generation) return
      items.value = page.items
      nextCursor.value = page.next_cursor
      loaded.value = true
    } catch (err) {
      if (mine === generation) error.value = apiErrorMessage(err)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value
    if (!cursor || loadingMore.value || loading.value) return
    const mine = generation
    loadingMore.value = true
    error.value = null
    try {
      const page = await fetchPage(cursor)
      if (mine !== generation) return
      items.value = [...items.value, ...page.items]
      nextCursor.value = page.next_cursor
    } catch (err) {
      if (mine === generation) error.value = apiErrorMessage(err)
    } finally {
      loadingMore.value = false
    }
  }

  /** Replace one item in place (after an action answered with its new state). */
  function replace(match: (item: T) => boolean, next: T): void {
    items.value = items.value.map((item) => (match(item) ? next : item))
  }

  return { items, nextCursor, loading, loadingMore, loaded, error, reload, loadMore, replace }
}
