import { session } from './session.js'
import { i18n } from './i18n.js'

/** A refusal of the API: its ProblemDetails (RFC 9457), in the language the console asked for. */
export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`)
    this.status = status
    this.problem = problem
  }

  /** The field errors of a validation problem, one line each ("amount.area: …"). */
  get fieldErrors() {
    return Object.entries(this.problem.errors ?? {}).flatMap(([field, reasons]) => reasons.map(r => `${field}: ${r}`))
  }
}

const listeners = new Set()
/** Called with every 401, so that the console can send the user back to sign-in. */
export function onUnauthorized(listener) {
  listeners.add(listener)
}

function headers(extra = {}) {
  const h = { 'Accept-Language': i18n.global.locale.value, ...extra }
  if (session.token) h.Authorization = `Bearer ${session.token}`
  return h
}

async function problemOf(response) {
  if (response.status === 401) listeners.forEach(l => l())
  const body = await response.text()
  try {
    return new ApiProblem(response.status, JSON.parse(body))
  } catch {
    return new ApiProblem(response.status, { title: body || response.statusText })
  }
}

/** GET a resource; answers its JSON. */
export async function get(path, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ''))
  const url = params.size ? `${path}?${params}` : path
  const response = await fetch(url, { headers: headers({ Accept: 'application/json' }) })
  if (!response.ok) throw await problemOf(response)
  return response.json()
}

/**
 * POST a decision on a resource the page showed at `version`: If-Match makes the API refuse it (412) when the resource
 * changed since, and an Idempotency-Key makes a repeated click one decision.
 */
export async function decide(path, { version, body } = {}) {
  const extra = { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }
  if (version !== undefined) extra['If-Match'] = `"${version}"`
  const response = await fetch(path, { method: 'POST', headers: headers(extra), body: JSON.stringify(body ?? {}) })
  if (!response.ok) throw await problemOf(response)
  return response.status === 204 ? null : response.json()
}

/** Downloads a CSV export under the file name the service gives it. */
export async function download(path, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v))
  const response = await fetch(params.size ? `${path}?${params}` : path, { headers: headers({ Accept: 'text/csv' }) })
  if (!response.ok) throw await problemOf(response)
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'export.csv'
  const url = URL.createObjectURL(await response.blob())
  const link = Object.assign(document.createElement('a'), { href: url, download: name })
  document.body.append(link)
  link.click()
  link.remove()
  URL.revokeObjectURL(url)
  return name
}
