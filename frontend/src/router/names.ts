import type { RouteRecordInfo } from 'vue-router'

/** Every named route of the app. Use these instead of string literals. */
export const RouteNames = {
  home: 'home',
  register: 'register',
  login: 'login',
  verifyEmail: 'verify-email',
  forgotPassword: 'forgot-password',
  resetPassword: 'reset-password',
  profile: 'profile',
  security: 'security',
  authCallback: 'auth-callback',
  devOutbox: 'dev-outbox',
  notFound: 'not-found',
} as const

export type RouteName = (typeof RouteNames)[keyof typeof RouteNames]

type NoParams = Record<never, never>
type Info<N extends RouteName, P extends string> = RouteRecordInfo<N, P, NoParams, NoParams>

/** Typed route map: `router.push({ name })` only accepts the names above. */
export interface AppRouteNamedMap {
  home: Info<'home', '/'>
  register: Info<'register', '/register'>
  login: Info<'login', '/login'>
  'verify-email': Info<'verify-email', '/verify-email'>
  'forgot-password': Info<'forgot-password', '/forgot-password'>
  'reset-password': Info<'reset-password', '/reset-password'>
  profile: Info<'profile', '/profile'>
  security: Info<'security', '/settings/security'>
  'auth-callback': Info<'auth-callback', '/auth/callback'>
  'dev-outbox': Info<'dev-outbox', '/dev/outbox'>
  'not-found': RouteRecordInfo<
    'not-found',
    '/:pathMatch(.*)*',
    { pathMatch?: string | string[] },
    { pathMatch: string[] }
  >
}

declare module 'vue-router' {
  interface TypesConfig {
    RouteNamedMap: AppRouteNamedMap
  }
  interface RouteMeta {
    /** Only for logged-in users; others are sent to login with ?redirect=. */
    requiresAuth?: boolean
    /** Pages that make no sense when logged in (login, register). */
    guestOnly?: boolean
    /** Document title prefix. */
    title?: string
  }
}
