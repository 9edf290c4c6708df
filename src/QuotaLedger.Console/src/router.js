import { createRouter, createWebHistory } from 'vue-router'
import SignIn from './pages/SignIn.vue'
import Overview from './pages/Overview.vue'
import Holder from './pages/Holder.vue'
import Work from './pages/Work.vue'
import Trading from './pages/Trading.vue'
import Exports from './pages/Exports.vue'
import { get } from './api.js'
import { session } from './session.js'

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/', name: 'home', component: SignIn, meta: { public: true } },
    { path: '/sign-in', name: 'sign-in', component: SignIn, meta: { public: true } },
    { path: '/callback', name: 'callback', component: SignIn, meta: { public: true } },
    { path: '/overview', name: 'overview', component: Overview },
    { path: '/holders/:code', name: 'holder', component: Holder, props: true },
    { path: '/work', name: 'work', component: Work },
    { path: '/trading', name: 'trading', component: Trading },
    { path: '/exports', name: 'exports', component: Exports },
  ],
})

// A page opened with a token kept from earlier in the tab (a reload, a bookmark) asks again who it names before it
// shows anything: the pages choose their sections by role.
router.beforeEach(async to => {
  if (to.meta.public) return
  if (!session.token) return { name: 'sign-in', query: { next: to.fullPath } }
  session.me ??= await get('/api/v1/me').catch(() => null)
  if (!session.me) return { name: 'sign-in', query: { next: to.fullPath, expired: '1' } }
})
