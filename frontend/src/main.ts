import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { reportAppError } from './composables/appError'
import { createAppRouter, RouteNames } from './router'
import { useAuthStore } from './stores/auth'
import './styles.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)

const router = createAppRouter()
const auth = useAuthStore(pinia)

// A refresh that fails mid-session: the store is already cleared, go log in again.
auth.setSessionExpiredHandler(() => {
  const current = router.currentRoute.value
  if (current.name === RouteNames.login) return
  const redirect = current.meta.requiresAuth ? current.fullPath : undefined
  void router.push({ name: RouteNames.login, query: redirect ? { redirect } : {} })
})

// Try the refresh cookie once, before the first navigation resolves (the guard awaits it).
void auth.restore()

app.config.errorHandler = (err) => {
  console.error(err)
  reportAppError('Something went wrong on this page. Reload to try again.')
}

app.use(router)
app.mount('#app')
