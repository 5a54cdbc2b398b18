import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router'
import { clearAppError, reportAppError } from '../composables/appError'
import { clearNotice } from '../composables/notice'
import { useAuthStore } from '../stores/auth'
import { RouteNames } from './names'

export { RouteNames } from './names'
export type { RouteName } from './names'

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: RouteNames.home,
    component: () => import('../views/HomeView.vue'),
    meta: { title: 'Home' },
  },
  {
    path: '/register',
    name: RouteNames.register,
    component: () => import('../views/RegisterView.vue'),
    meta: { title: 'Sign up', guestOnly: true },
  },
  {
    path: '/login',
    name: RouteNames.login,
    component: () => import('../views/LoginView.vue'),
    meta: { title: 'Log in', guestOnly: true },
  },
  {
    path: '/verify-email',
    name: RouteNames.verifyEmail,
    component: () => import('../views/VerifyEmailView.vue'),
    meta: { title: 'Verify email' },
  },
  {
    path: '/forgot-password',
    name: RouteNames.forgotPassword,
    component: () => import('../views/ForgotPasswordView.vue'),
    meta: { title: 'Forgot password' },
  },
  {
    path: '/reset-password',
    name: RouteNames.resetPassword,
    component: () => import('../views/ResetPasswordView.vue'),
    meta: { title: 'Reset password' },
  },
  {
    path: '/profile',
    name: RouteNames.profile,
    component: () => import('../views/ProfileView.vue'),
    meta: { title: 'Profile', requiresAuth: true },
  },
  {
    path: '/settings/security',
    name: RouteNames.security,
    component: () => import('../views/SecurityView.vue'),
    meta: { title: 'Security', requiresAuth: true },
  },
  {
    path: '/settings/notifications',
    name: RouteNames.notificationSettings,
    component: () => import('../views/NotificationSettingsView.vue'),
    meta: { title: 'Notification settings', requiresAuth: true },
  },
  {
    path: '/messages',
    name: RouteNames.messages,
    component: () => import('../views/MessagesView.vue'),
    meta: { title: 'Messages', requiresAuth: true },
  },
  {
    path: '/messages/:threadId',
    name: RouteNames.messageThread,
    component: () => import('../views/MessagesView.vue'),
    meta: { title: 'Messages', requiresAuth: true },
  },
  {
    path: '/notifications',
    name: RouteNames.notifications,
    component: () => import('../views/NotificationsView.vue'),
    meta: { title: 'Notifications', requiresAuth: true },
  },
  {
    path: '/auth/callback',
    name: RouteNames.authCallback,
    component: () => import('../views/AuthCallbackView.vue'),
    meta: { title: 'Signing in' },
  },
  {
    path: '/dev/outbox',
    name: RouteNames.devOutbox,
    component: () => import('../views/DevOutboxView.vue'),
    meta: { title: 'Dev mailbox' },
  },
  {
    path: '/campaigns/mine',
    name: RouteNames.myCampaigns,
    component: () => import('../views/campaigns/MyCampaignsView.vue'),
    meta: { title: 'My campaigns', requiresAuth: true, roles: ['brand'] },
  },
  {
    path: '/campaigns/new',
    name: RouteNames.campaignNew,
    component: () => import('../views/campaigns/CampaignEditorView.vue'),
    meta: { title: 'New campaign', requiresAuth: true, roles: ['brand'] },
  },
  {
    path: '/campaigns/:id/edit',
    name: RouteNames.campaignEdit,
    component: () => import('../views/campaigns/CampaignEditorView.vue'),
    meta: { title: 'Edit campaign', requiresAuth: true, roles: ['brand'] },
  },
  {
    path: '/campaigns/:id/applicants',
    name: RouteNames.campaignApplicants,
    component: () => import('../views/campaigns/ApplicantsView.vue'),
    meta: { title: 'Applicants', requiresAuth: true, roles: ['brand'] },
  },
  {
    path: '/campaigns',
    name: RouteNames.browseCampaigns,
    component: () => import('../views/campaigns/BrowseCampaignsView.vue'),
    meta: { title: 'Find campaigns', requiresAuth: true },
  },
  {
    path: '/campaigns/:id',
    name: RouteNames.campaignDetail,
    component: () => import('../views/campaigns/CampaignDetailView.vue'),
    meta: { title: 'Campaign', requiresAuth: true },
  },
  {
    path: '/creators',
    name: RouteNames.creators,
    component: () => import('../views/creators/CreatorDirectoryView.vue'),
    meta: { title: 'Creators', requiresAuth: true, roles: ['brand', 'admin'] },
  },
  {
    path: '/creators/:handle',
    name: RouteNames.creatorPublic,
    component: () => import('../views/creators/CreatorPublicView.vue'),
    meta: { title: 'Creator', requiresAuth: true },
  },
  {
    path: '/applications',
    name: RouteNames.myApplications,
    component: () => import('../views/collaborations/MyApplicationsView.vue'),
    meta: { title: 'My applications', requiresAuth: true, roles: ['creator'] },
  },
  {
    path: '/collaborations/:id',
    name: RouteNames.collaboration,
    component: () => import('../views/collaborations/CollaborationView.vue'),
    meta: { title: 'Collaboration', requiresAuth: true },
  },
  {
    path: '/sandbox/onboard/:accountId',
    name: RouteNames.sandboxOnboard,
    component: () => import('../views/sandbox/SandboxOnboardView.vue'),
    meta: { title: 'Payout setup (sandbox)', requiresAuth: true, roles: ['creator'] },
  },
  {
    path: '/:pathMatch(.*)*',
    name: RouteNames.notFound,
    component: () => import('../views/NotFoundView.vue'),
    meta: { title: 'Page not found' },
  },
]

/** Only same-app paths are accepted as post-login redirects (no open redirect). */
export function safeRedirect(value: unknown): string | null {
  const raw = Array.isArray(value) ? value[0] : value
  if (typeof raw !== 'string') return null
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null
  return raw
}

export function createAppRouter(history: RouterHistory = createWebHistory()) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })

  router.beforeEach(async (to: RouteLocationNormalized) => {
    const auth = useAuthStore()
    await auth.restore()
    if ((to.meta.requiresAuth || to.meta.roles) && !auth.isAuthenticated) {
      return { name: RouteNames.login, query: { redirect: to.fullPath } }
    }
    if (to.meta.roles && (!auth.role || !to.meta.roles.includes(auth.role))) {
      return { name: RouteNames.home }
    }
    if (to.meta.guestOnly && auth.isAuthenticated) {
      return { name: RouteNames.profile }
    }
    return true
  })

  router.afterEach((to) => {
    clearAppError()
    clearNotice()
    document.title = to.meta.title ? `${to.meta.title} · CollabMarket` : 'CollabMarket'
  })

  router.onError((err: unknown) => {
    console.error(err)
    reportAppError('This page could not be loaded. Check your connection and reload the page.')
  })

  return router
}
