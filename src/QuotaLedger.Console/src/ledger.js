import { get } from './api.js'

// The ledger's vocabulary as the console shows it (domain.md): kinds, the buckets a balance is shown in, measures.
export const kinds = ['replenishment', 'linkage_surplus']
export const shownBuckets = ['available', 'frozen', 'reserved', 'consumed', 'deducted', 'sold']
export const measures = ['area', 'grainCapacity', 'paddyArea']

/** The buckets of one kind in a list of HolderKindBalance, or null when the holder has none of that kind. */
export function bucketsOf(kindBalances, kind) {
  return kindBalances?.find(k => k.kind === kind)?.buckets ?? null
}

/** A measure of a bucket summed over several bucket sets (a prefecture's own and its counties' together). */
export function sum(bucketSets, bucket, measure) {
  return bucketSets.filter(Boolean).reduce((total, buckets) => total + (buckets[bucket]?.[measure] ?? 0), 0)
}

let planPeriods = null

/** The plan periods that have targets (R10), latest first: single years and multi-year spans apart; loaded once. */
export async function loadPlanPeriods() {
  planPeriods ??= get('/api/v1/oversight/plan-targets').then(({ targets }) => {
    const periods = [...new Set(targets.map(t => t.period))].sort().reverse()
    return { years: periods.filter(p => !p.includes('-')), spans: periods.filter(p => p.includes('-')) }
  })
  return planPeriods
}

/** The measure a listing is priced in (area, grain, paddy), as the measures are named in balances. */
export function measureOf(pricedMeasure) {
  return { area: 'area', grain: 'grainCapacity', paddy: 'paddyArea' }[pricedMeasure]
}
