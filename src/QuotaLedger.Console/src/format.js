import { i18n } from './i18n.js'

// The ledger keeps areas in mu to 4 decimals and grain capacity in kg to 2 (domain.md); the console shows exactly that.
// Plan progress percentages come rounded to 2 decimals (docs/oversight.md).
const digits = { area: 4, paddyArea: 4, grainCapacity: 2, yuan: 2, percent: 2 }
const formats = new Map()

function formatter(kind) {
  const key = `${i18n.global.locale.value}/${kind}`
  if (!formats.has(key)) {
    formats.set(key, new Intl.NumberFormat(i18n.global.locale.value, {
      minimumFractionDigits: digits[kind], maximumFractionDigits: digits[kind],
    }))
  }
  return formats.get(key)
}

/** A measure (area, paddyArea, grainCapacity), yuan or percent, to the ledger's decimals; an absent value is a dash. */
export function figure(value, kind = 'area') {
  return value === undefined || value === null ? '—' : formatter(kind).format(value)
}

// Instants are stored in UTC; officials read them in China Standard Time, whatever the browser's zone.
const cst = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  hourCycle: 'h23',
})

/** An instant as "2026-12-03 20:51" in China Standard Time. */
export function cstTime(instant) {
  if (!instant) return '—'
  const parts = Object.fromEntries(cst.formatToParts(new Date(instant)).map(p => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

/** Today in China Standard Time, as YYYY-MM-DD. */
export function cstToday() {
  return cstTime(new Date()).slice(0, 10)
}

/** The end of a China Standard Time day as a UTC instant: balances "as of" a chosen date include all of that day. */
export function endOfCstDay(day) {
  return new Date(`${day}T23:59:59.999+08:00`).toISOString()
}

/** Time left until an instant, as "2d 03:15:09" (or 0 when passed). */
export function countdown(instant, now) {
  const left = Math.max(0, new Date(instant).getTime() - now)
  const s = Math.floor(left / 1000)
  const days = Math.floor(s / 86400)
  const hms = [Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60, s % 60].map(n => String(n).padStart(2, '0')).join(':')
  return days ? `${days}d ${hms}` : hms
}

/** An id short enough to read: its last 8 digits, since the first ones of a UUIDv7 are its time and repeat. */
export function shortId(id) {
  return id ? id.slice(-8) : '—'
}
