import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { brandUser, creatorUser } from './fixtures'
import { byId, mountedApp } from './harness'

const app = mountedApp()

const has = (w: VueWrapper, id: string) => byId(w, id).exists()

beforeEach(() => {
  app.mock.onGet('/api/v1/campaigns/mine').reply(200, { items: [], next_cursor: null })
  app.mock.onGet('/api/v1/collaborations').reply(200, { items: [], next_cursor: null })
})

describe('campaign navigation by role', () => {
  it('a brand sees My campaigns and Creators, and an empty dashboard', async () => {
    const { w, router } = await app.openAs(brandUser(), '/campaigns/mine')
    expect(router.currentRoute.value.fullPath).toBe('/campaigns/mine')
    expect(has(w, 'nav-campaigns')).toBe(true)
    expect(has(w, 'nav-creators')).toBe(true)
    expect(has(w, 'nav-browse')).toBe(false)
    expect(has(w, 'nav-applications')).toBe(false)
    expect(has(w, 'campaigns-empty')).toBe(true)
  })

  it('a creator sees Find campaigns and My applications, and is kept out of brand pages', async () => {
    const { w, router } = await app.openAs(creatorUser(), '/campaigns/mine')
    expect(router.currentRoute.value.fullPath).toBe('/')
    expect(has(w, 'nav-browse')).toBe(true)
    expect(has(w, 'nav-applications')).toBe(true)
    expect(has(w, 'nav-campaigns')).toBe(false)
    await router.push('/applications')
    for (let i = 0; i < 10; i++) await flushPromises()
    expect(has(w, 'applications-empty')).toBe(true)
  })
})
