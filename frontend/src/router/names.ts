import type { RouteRecordInfo } from 'vue-router'
import type { Role } from '../api/types'

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
  myCampaigns: 'my-campaigns',
  campaignNew: 'campaign-new',
  campaignEdit: 'campaign-edit',
  campaignApplicants: 'campaign-applicants',
  browseCampaigns: 'browse-campaigns',
  campaignDetail: 'campaign-detail',
  creators: 'creators',
  creatorPublic: 'creator-public',
  myApplications: 'my-applications',
  collaboration: 'collaboration',
  sandboxOnboard: 'sandbox-onboard',
  messages: 'messages',
  messageThread: 'message-thread',
  notifications: 'notifications',
  notificationSettings: 'notification-settings',
  notFound: 'not-found',
} as const

export type RouteName = (typeof RouteNames)[keyof typeof RouteNames]

type NoParams = Record<never, never>
type Info<N extends RouteName, P extends string> = RouteRecordInfo<N, P, NoParams, NoParams>
type WithId<N extends RouteName, P extends string> = RouteRecordInfo<N, P, { id: string }, { id: string }>

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
  'my-campaigns': Info<'my-campaigns', '/campaigns/mine'>
  'campaign-new': Info<'campaign-new', '/campaigns/new'>
  'campaign-edit': WithId<'campaign-edit', '/campaigns/:id/edit'>
  'campaign-applicants': WithId<'campaign-applicants', '/campaigns/:id/applicants'>
  'browse-campaigns': Info<'browse-campaigns', '/campaigns'>
  'campaign-detail': WithId<'campaign-detail', '/campaigns/:id'>
  creators: Info<'creators', '/creators'>
  'creator-public': RouteRecordInfo<'creator-public', '/creators/:handle', { handle: string }, { handle: string }>
  'my-applications': Info<'my-applications', '/applications'>
  collaboration: WithId<'collaboration', '/collaborations/:id'>
  'sandbox-onboard': RouteRecordInfo<
    'sandbox-onboard',
    '/sandbox/onboard/:accountId',
    { accountId: string },
    { accountId: string }
  >
  messages: Info<'messages', '/messages'>
  'message-thread': RouteRecordInfo<'message-thread', '/messages/:threadId', { threadId: string }, { threadId: string }>
  notifications: Info<'notifications', '/notifications'>
  'notification-settings': Info<'notification-settings', '/settings/notifications'>
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
    /** Only these roles may open the page (others are sent home). Implies requiresAuth. */
    roles?: readonly Role[]
    /** Document title prefix. */
    title?: string
  }
}
