import { AUTH_PREFIX, LOGIN_URL, http } from './http'
import type { MePublic, Providers, SignupRole, TokenPair } from './types'

export async function registerAccount(payload: {
  email: string
  password: string
  role: SignupRole
}): Promise<MePublic> {
  const res = await http.post<MePublic>(`${AUTH_PREFIX}/register`, payload)
  return res.data
}

export async function login(email: string, password: string): Promise<TokenPair> {
  const res = await http.post<TokenPair>(LOGIN_URL, { email, password })
  return res.data
}

export async function logout(): Promise<void> {
  await http.post(`${AUTH_PREFIX}/logout`)
}

export async function verifyEmail(token: string): Promise<MePublic> {
  const res = await http.post<MePublic>(`${AUTH_PREFIX}/verify-email`, { token })
  return res.data
}

export async function resendVerification(): Promise<void> {
  await http.post(`${AUTH_PREFIX}/resend-verification`)
}

export async function forgotPassword(email: string): Promise<void> {
  await http.post(`${AUTH_PREFIX}/password/forgot`, { email })
}

export async function resetPassword(token: string, newPassword: string): Promise<void> {
  await http.post(`${AUTH_PREFIX}/password/reset`, { token, new_password: newPassword })
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await http.post(`${AUTH_PREFIX}/password/change`, {
    current_password: currentPassword,
    new_password: newPassword,
  })
}

export async function getProviders(): Promise<Providers> {
  const res = await http.get<Providers>(`${AUTH_PREFIX}/providers`, { skipAuthRefresh: true })
  return { google: res.data?.google === true }
}

/** Full-page navigation target for Google sign-in (not an XHR). */
export function googleLoginUrl(role?: SignupRole): string {
  const base = `${AUTH_PREFIX}/google/login`
  return role ? `${base}?role=${encodeURIComponent(role)}` : base
}
