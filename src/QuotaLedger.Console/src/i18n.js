import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN.js'
import en from './locales/en.js'

// Chinese first: the console's users are officials of the region; English for everyone else. The choice is kept in
// localStorage and sent to the API as Accept-Language, so that its refusals come in the same language.
const localeKey = 'quotaledger.locale'
export const locales = ['zh-CN', 'en']

export const i18n = createI18n({
  legacy: false,
  locale: locales.includes(localStorage.getItem(localeKey)) ? localStorage.getItem(localeKey) : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function useLocale(locale) {
  i18n.global.locale.value = locale
  localStorage.setItem(localeKey, locale)
  document.documentElement.lang = locale
}
document.documentElement.lang = i18n.global.locale.value
