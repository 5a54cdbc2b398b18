import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import MockAdapter from 'axios-mock-adapter'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import App from '../src/App.vue'
import { configureAuthBridge, http } from '../src/api/http'
import { resetProviders } from '../src/composables/useProviders'
import { createAppRouter } from '../src/router'
import { useAuthStore } from '../src/stores/auth'
import { brandUser, creatorUser, tokenPair } from './fixtures'

let mock: MockAdapter
let wrapper: VueWrapper | null = null

async function mountAs(user: ReturnType<typeof brandUser>, path: string) {
  mock.onPost('/api/v1/auth/refresh').reply(200, tokenPair('tok'))
  mock.onGet('/api/v1/me').reply(200, user)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  void useAuthStore(pinia).restore()
  wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await router.isReady()
  await router.push(path)
  for (let i = 0; i < 20; i++) await flushPromises()
  return { w: wrapper, router }
}

const has = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`).exists()

beforeEach(() => {
  resetProviders()
  mock = new MockAdapter(http)
  mock.onGet('/api/v1/auth/providers').reply(200, { google: false })
  mock.onGet('/api/v1/campaigns/mine').reply(200, { items: [], next_cursor: null })
  mock.onGet('/api/v1/collaborations').reply(200, { items: [], next_cursor: null })
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  mock.restore()
  configureAuthBridge(null)
})

describe('campaign navigation by role', () => {
  it('a brand sees My campaigns and Creators, and an empty dashboard', async () => {
    const { w, router } = await mountAs(brandUser(), '/campaigns/mine')
    expect(router.currentRoute.value.fullPath).toBe('/campaigns/mine')
    expect(has(w, 'nav-campaigns')).toBe(true)
    expect(has(w, 'nav-creators')).toBe(true)
    expect(has(w, 'nav-browse')).toBe(false)
    expect(has(w, 'nav-applications')).toBe(false)
    expect(has(w, 'campaigns-empty')).toBe(true)
  })

  it('a creator sees Find campaigns and My applications, and is kept out of brand pages', async () => {
    const { w, router } = await mountAs(creatorUser(), '/campaigns/mine')
    expect(router.currentRoute.value.fullPath).toBe('/')
    expect(has(w, 'nav-browse')).toBe(true)
    expect(has(w, 'nav-applications')).toBe(true)
    expect(has(w, 'nav-campaigns')).toBe(false)
    await router.push('/applications')
    for (let i = 0; i < 10; i++) await flushPromises()
    expect(has(w, 'applications-empty')).toBe(true)
  })
})
