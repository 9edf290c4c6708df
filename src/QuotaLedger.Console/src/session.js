import { reactive } from 'vue'
import { UserManager, WebStorageStateStore } from 'oidc-client-ts'

// Who is signed in. The token lives in sessionStorage: it goes with the tab, and no other site's page can read it.
// The roles and regions shown come from GET /api/v1/me, which the service answers from the token's claims; the page
// only uses them to choose what to show, every decision is the API's.
const tokenKey = 'quotaledger.token'

export const session = reactive({
  token: sessionStorage.getItem(tokenKey),
  me: null,
})

let settings = null
let userManager = null

/** The console's settings from the service: whether an OpenID Connect issuer is configured, whether development tokens are on. */
export async function consoleSettings() {
  if (!settings) {
    const response = await fetch('/console/settings.json')
    settings = await response.json()
  }
  return settings
}

async function oidc() {
  const { oidc } = await consoleSettings()
  if (!oidc) return null
  userManager ??= new UserManager({
    authority: oidc.authority,
    client_id: oidc.clientId,
    scope: oidc.scope,
    redirect_uri: `${location.origin}/console/callback`,
    post_logout_redirect_uri: `${location.origin}/console/`,
    response_type: 'code', // authorization code with PKCE, which oidc-client-ts always uses for the code flow
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  })
  return userManager
}

export async function signInWithIssuer() {
  await (await oidc()).signinRedirect()
}

/** Completes the authorization-code flow on /console/callback; answers the access token. */
export async function completeIssuerSignIn() {
  const user = await (await oidc()).signinRedirectCallback()
  return user.access_token
}

export function useToken(token) {
  session.token = token
  sessionStorage.setItem(tokenKey, token)
}

/** Forgets the token, as when the API no longer takes it (401). */
export function forgetToken() {
  session.token = null
  session.me = null
  sessionStorage.removeItem(tokenKey)
}

/** Forgets the token; a user signed in at the issuer is signed out there too, where the issuer offers it. */
export async function signOut() {
  forgetToken()
  const manager = await oidc()
  if (manager && (await manager.getUser())) {
    await manager.removeUser()
    await manager.signoutRedirect().catch(() => {})
  }
}

/** Where a user starts: the centre on the region overview, a prefecture or county on its own page, a buyer on trading. */
export function homeOf(me) {
  if (me.role === 'centre') return { name: 'overview' }
  if (me.role === 'buyer') return { name: 'trading' }
  return { name: 'holder', params: { code: me.organisation } }
}
