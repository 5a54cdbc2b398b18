import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import MockAdapter from 'axios-mock-adapter'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach } from 'vitest'
import { createMemoryHistory, type Router } from 'vue-router'
import App from '../src/App.vue'
import { configureAuthBridge, http } from '../src/api/http'
import type { MePublic } from '../src/api/types'
import { resetProviders } from '../src/composables/useProviders'
import { createAppRouter } from '../src/router'
import { useAuthStore } from '../src/stores/auth'
import { tokenPair } from './fixtures'

export const byId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)
export const allById = (w: VueWrapper, id: string) => w.findAll(`[data-testid="${id}"]`)

/**
 * The whole app mounted in jsdom against a mocked API, for the tests of one file: call it at the top
 * level, then `openAs(user, path)` in each test and answer the API through `app.mock`.
 */
export function mountedApp() {
  let mock!: MockAdapter
  let wrapper: VueWrapper | null = null

  beforeEach(() => {
    resetProviders()
    mock = new MockAdapter(http)
    mock.onGet('/api/v1/auth/providers').reply(200, { google: false })
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    mock.restore()
    configureAuthBridge(null)
  })

  async function waitFor(check: () => boolean, what: string, ms = 8000): Promise<void> {
    const until = Date.now() + ms
    while (Date.now() < until) {
      await flushPromises()
      if (check()) return
      await new Promise((r) => setTimeout(r, 20))
    }
    throw new Error(`timed out waiting for ${what}\n${wrapper?.html() ?? ''}`)
  }

  /** The app on `path`, restoring the session as the mocked API answers `POST /auth/refresh`. */
  async function open(path: string): Promise<{ w: VueWrapper; router: Router }> {
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

  /** The app signed in as `user` (through the refresh cookie), on `path`. */
  function openAs(user: MePublic, path: string): Promise<{ w: VueWrapper; router: Router }> {
    mock.onPost('/api/v1/auth/refresh').reply(200, tokenPair('tok'))
    mock.onGet('/api/v1/me').reply(200, user)
    return open(path)
  }

  return {
    get mock(): MockAdapter {
      return mock
    },
    waitFor,
    open,
    openAs,
  }
}
