import { get } from './api.js'

// The region's prefectures and counties (GET /api/v1/regions), loaded once: their names are proper nouns and stay in
// Chinese in both languages.
let catalog = null

export async function loadRegions() {
  catalog ??= get('/api/v1/regions').then(regions => ({
    all: regions,
    byCode: new Map(regions.map(r => [r.code, r])),
  }))
  return catalog
}

export const regionCode = '150000'

export function prefecturesOf({ all }) {
  return all.filter(r => r.level === 'prefecture')
}

/** A region's name; a code the catalogue does not hold (another province's buyer), or one not loaded yet, stays a code. */
export function regionName(catalog, code) {
  return catalog?.byCode.get(code)?.name ?? code
}
