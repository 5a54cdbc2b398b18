import { computed, onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue'

/**
 * Whether the user can see an element: the tab is in front and the element is in the viewport
 * (where the browser cannot tell the latter, the tab alone decides).
 */
export function useVisible(target: Ref<HTMLElement | null>) {
  const tabVisible = ref(document.visibilityState !== 'hidden')
  const inView = ref(typeof IntersectionObserver === 'undefined')
  let observer: IntersectionObserver | null = null

  function onVisibility(): void {
    tabVisible.value = document.visibilityState !== 'hidden'
  }

  onMounted(() => {
    document.addEventListener('visibilitychange', onVisibility)
    if (typeof IntersectionObserver === 'undefined') return
    observer = new IntersectionObserver((entries) => {
      inView.value = entries.some((entry) => entry.isIntersecting)
    })
    if (target.value) observer.observe(target.value)
  })
  watch(target, (element, previous) => {
    if (previous) observer?.unobserve(previous)
    if (element) observer?.observe(element)
  })

  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onVisibility)
    observer?.disconnect()
  })

  return computed(() => tabVisible.value && inView.value)
}
