import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { authHeader, brandUser, creatorUser, errorBody, tokenPair } from './fixtures'
import { byId, mountedApp } from './harness'

const app = mountedApp()
const { waitFor } = app

function loggedOut(): void {
  app.mock.onPost('/api/v1/auth/refresh').reply(401, errorBody('invalid_token', 'No session.'))
}
function loggedInAs(user: ReturnType<typeof brandUser>): void {
  app.mock.onPost('/api/v1/auth/refresh').reply(200, tokenPair('tok'))
  app.mock.onGet('/api/v1/me').reply(200, user)
}

describe('login flow', () => {
  it('sends a guest from /profile to login, then back to /profile after logging in', async () => {
    loggedOut()
    app.mock.onPost('/api/v1/auth/login').reply(200, tokenPair('tok-1'))
    app.mock.onGet('/api/v1/me').reply((c) => (authHeader(c) === 'Bearer tok-1' ? [200, brandUser()] : [401, {}]))
    const { w, router } = await app.open('/profile')

    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/profile')
    expect(byId(w, 'nav-logout').exists()).toBe(false)

    await byId(w, 'login-email').setValue('brand@example.com')
    await byId(w, 'login-password').setValue('correct horse battery')
    await w.find('form').trigger('submit')
    await waitFor(() => byId(w, 'brand-company-name').exists(), 'the brand form')

    expect(router.currentRoute.value.fullPath).toBe('/profile')
    expect(byId(w, 'nav-user-email').text()).toBe('brand@example.com')
    expect((byId(w, 'brand-company-name').element as HTMLInputElement).value).toBe('Acme')
    expect(byId(w, 'verify-banner').exists()).toBe(false)
  })

  it('shows the server message on wrong credentials', async () => {
    loggedOut()
    app.mock.onPost('/api/v1/auth/login').reply(401, errorBody('invalid_credentials', 'Wrong email or password.'))
    const { w } = await app.open('/login')
    await byId(w, 'login-email').setValue('a@example.com')
    await byId(w, 'login-password').setValue('bad password!')
    await w.find('form').trigger('submit')
    await waitFor(() => byId(w, 'form-error').exists(), 'the error')
    expect(byId(w, 'form-error').text()).toContain('Wrong email or password.')
  })

  it('says the server cannot be reached on a network failure', async () => {
    loggedOut()
    app.mock.onPost('/api/v1/auth/login').networkError()
    const { w } = await app.open('/login')
    await byId(w, 'login-email').setValue('a@example.com')
    await byId(w, 'login-password').setValue('whatever123')
    await w.find('form').trigger('submit')
    await waitFor(() => byId(w, 'form-error').exists(), 'the error')
    expect(byId(w, 'form-error').text()).toContain('Cannot reach the server, try again.')
  })

  it('restores the session on start and logs out from the nav', async () => {
    loggedInAs(creatorUser())
    app.mock.onPost('/api/v1/auth/logout').reply(204)
    const { w, router } = await app.open('/')
    await waitFor(() => byId(w, 'nav-logout').exists(), 'the logged-in nav')
    expect(byId(w, 'verify-banner').exists()).toBe(true) // creator fixture is not verified

    await byId(w, 'nav-logout').trigger('click')
    await waitFor(() => router.currentRoute.value.name === 'login', 'the login page')
    expect(byId(w, 'nav-logout').exists()).toBe(false)
    expect(app.mock.history.post.some((c) => c.url === '/api/v1/auth/logout')).toBe(true)
  })
})

describe('register', () => {
  it('picks a role, registers and asks to check the inbox', async () => {
    loggedOut()
    app.mock.onPost('/api/v1/auth/register').reply(201, creatorUser({ email: 'new@example.com' }))
    const { w } = await app.open('/register')

    expect(byId(w, 'register-email').exists()).toBe(false)
    await byId(w, 'role-creator').trigger('click')
    await byId(w, 'register-email').setValue('new@example.com')
    await byId(w, 'register-password').setValue('a long enough password')
    await w.find('form').trigger('submit')
    await waitFor(() => byId(w, 'register-success').exists(), 'the success panel')

    expect(byId(w, 'register-success').text()).toContain('Check your inbox to verify your email')
    const call = app.mock.history.post.find((c) => c.url === '/api/v1/auth/register')
    expect(JSON.parse(String(call?.data))).toEqual({
      email: 'new@example.com',
      password: 'a long enough password',
      role: 'creator',
    })
    expect(byId(w, 'nav-logout').exists()).toBe(false) // not logged in by registering
  })

  it('shows 422 details next to the matching field', async () => {
    loggedOut()
    app.mock.onPost('/api/v1/auth/register').reply(
      422,
      errorBody('validation_error', 'Some fields are invalid.', [
        { field: 'email', message: 'This email is already registered.' },
        { field: 'captcha', message: 'Unexpected field.' },
      ]),
    )
    const { w } = await app.open('/register')
    await byId(w, 'role-brand').trigger('click')
    await byId(w, 'register-email').setValue('dup@example.com')
    await byId(w, 'register-password').setValue('a long enough password')
    await w.find('form').trigger('submit')
    await waitFor(() => byId(w, 'form-error').exists(), 'the error')

    expect(w.find('#register-email-error').text()).toBe('This email is already registered.')
    expect(byId(w, 'form-error').text()).toContain('Captcha: Unexpected field.')
  })

  it('checks the password length before calling the server', async () => {
    loggedOut()
    const { w } = await app.open('/register')
    await byId(w, 'role-brand').trigger('click')
    await byId(w, 'register-email').setValue('a@example.com')
    await byId(w, 'register-password').setValue('short')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.find('#register-password-error').text()).toContain('at least 10')
    expect(app.mock.history.post.some((c) => c.url === '/api/v1/auth/register')).toBe(false)
  })
})

describe('creator profile editor', () => {
  it('loads rates in major units and saves integer minor units', async () => {
    loggedInAs(creatorUser())
    app.mock.onPatch('/api/v1/me').reply((c) => [200, { ...creatorUser(), creator_profile: JSON.parse(String(c.data)).creator_profile }])
    const { w } = await app.open('/profile')
    await waitFor(() => byId(w, 'creator-handle').exists(), 'the creator form')

    expect((byId(w, 'rate-amount-0').element as HTMLInputElement).value).toBe('150.00')
    await byId(w, 'creator-add-rate').trigger('click')
    await byId(w, 'rate-deliverable-1').setValue('story')
    await byId(w, 'rate-amount-1').setValue('0.29')
    await byId(w, 'rate-currency-1').setValue('eur')
    await byId(w, 'creator-add-platform').trigger('click')
    await byId(w, 'platform-name-1').setValue('youtube')
    await byId(w, 'platform-handle-1').setValue('janeyt')
    await byId(w, 'platform-followers-1').setValue('5000')
    await byId(w, 'creator-add-link').trigger('click')
    await byId(w, 'link-0').setValue('https://portfolio.example.com/jane')
    await byId(w, 'creator-niches').setValue('fitness, travel , fitness')
    await byId(w, 'creator-languages').setValue('EN, fr')
    await w.find('form').trigger('submit')
    await waitFor(() => byId(w, 'profile-saved').exists(), 'the saved message')

    const body = JSON.parse(String(app.mock.history.patch[0]?.data))
    expect(body.creator_profile.base_rates).toEqual([
      { deliverable: 'video', amount: 15000, currency: 'USD' },
      { deliverable: 'story', amount: 29, currency: 'EUR' },
    ])
    expect(body.creator_profile.platforms).toEqual([
      { platform: 'tiktok', handle: '@jane', followers: 1200 },
      { platform: 'youtube', handle: 'janeyt', followers: 5000 },
    ])
    expect(body.creator_profile.portfolio_links).toEqual(['https://portfolio.example.com/jane'])
    expect(body.creator_profile.niches).toEqual(['fitness', 'travel'])
    expect(body.creator_profile.languages).toEqual(['en', 'fr'])
    expect(byId(w, 'profile-saved').text()).toBe('Profile saved')
  })

  it('shows handle_taken and per-row 422 errors', async () => {
    loggedInAs(creatorUser())
    app.mock
      .onPatch('/api/v1/me')
      .replyOnce(409, errorBody('handle_taken', 'This handle is already taken.'))
      .onPatch('/api/v1/me')
      .replyOnce(
        422,
        errorBody('validation_error', 'Some fields are invalid.', [
          { field: 'creator_profile.platforms.0.handle', message: 'Handle is too long.' },
        ]),
      )
    const { w } = await app.open('/profile')
    await waitFor(() => byId(w, 'creator-handle').exists(), 'the creator form')

    await w.find('form').trigger('submit')
    await waitFor(() => byId(w, 'form-error').exists(), 'the 409 error')
    expect(byId(w, 'form-error').text()).toContain('This handle is already taken.')
    expect(byId(w, 'profile-saved').exists()).toBe(false)

    await w.find('form').trigger('submit')
    await waitFor(() => w.text().includes('Handle is too long.'), 'the field error')
    const row = byId(w, 'platform-handle-0').element.closest('.field')
    expect(row?.textContent).toContain('Handle is too long.')
  })
})

describe('verify email and dev mailbox', () => {
  it('submits the token on mount and shows success', async () => {
    loggedOut()
    app.mock.onPost('/api/v1/auth/verify-email').reply(200, brandUser())
    const { w } = await app.open('/verify-email?token=abc123')
    await waitFor(() => byId(w, 'verify-success').exists(), 'the success message')
    expect(JSON.parse(String(app.mock.history.post.find((c) => c.url === '/api/v1/auth/verify-email')?.data))).toEqual({
      token: 'abc123',
    })
  })

  it('shows the error for a used token', async () => {
    loggedOut()
    app.mock.onPost('/api/v1/auth/verify-email').reply(400, errorBody('invalid_token', 'This link has expired.'))
    const { w } = await app.open('/verify-email?token=old')
    await waitFor(() => byId(w, 'verify-error').exists(), 'the error message')
    expect(byId(w, 'verify-error').text()).toContain('This link has expired.')
  })

  it('renders mail text safely with clickable links', async () => {
    loggedOut()
    app.mock.onGet('/api/v1/dev/outbox').reply(200, [
      {
        id: 1,
        to: 'a@example.com',
        subject: 'Verify your email',
        text: 'Hello <img src=x onerror="alert(1)">\nOpen https://app.test/verify-email?token=t1 now.',
        created_at: '2025-01-01T00:00:00Z',
      },
    ])
    const { w } = await app.open('/dev/outbox')
    await waitFor(() => byId(w, 'outbox-message').exists(), 'a message')
    const message = byId(w, 'outbox-message')
    expect(message.find('img').exists()).toBe(false)
    expect(message.text()).toContain('<img src=x onerror="alert(1)">')
    const links = message.findAll('a')
    expect(links).toHaveLength(1)
    expect(links[0]?.attributes('href')).toBe('https://app.test/verify-email?token=t1')
  })

  it('shows an empty state', async () => {
    loggedOut()
    app.mock.onGet('/api/v1/dev/outbox').reply(200, [])
    const { w } = await app.open('/dev/outbox')
    await waitFor(() => byId(w, 'outbox-empty').exists(), 'the empty state')
  })
})

describe('misc routes', () => {
  it('shows a not-found page', async () => {
    loggedOut()
    const { w } = await app.open('/nope/nothing')
    await waitFor(() => w.text().includes('Page not found'), 'the not-found page')
  })

  it('shows the Google button with the chosen role when the provider is enabled', async () => {
    loggedOut()
    app.mock.onGet('/api/v1/auth/providers').reply(200, { google: true })
    const { w } = await app.open('/register')
    await byId(w, 'role-brand').trigger('click')
    await waitFor(() => byId(w, 'google-login').exists(), 'the Google button')
    expect(byId(w, 'google-login').attributes('href')).toBe('/api/v1/auth/google/login?role=brand')
  })
})
