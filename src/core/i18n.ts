/**
 * Vietnamese first, English second. Each module registers its own strings with `defineMessages`;
 * `t(lang, key, params)` finds them. A key missing in English falls back to Vietnamese.
 */
export type Lang = 'vi' | 'en';
export const LANGS: Lang[] = ['vi', 'en'];

type Dict = Record<string, string>;
const dicts: Record<Lang, Dict> = { vi: {}, en: {} };

export function defineMessages(messages: { vi: Dict; en: Dict }): void {
  for (const lang of LANGS) {
    for (const [key, value] of Object.entries(messages[lang])) {
      if (key in dicts[lang] && dicts[lang][key] !== value) throw new Error(`i18n key defined twice: ${key}`);
      dicts[lang][key] = value;
    }
  }
}

export function t(lang: Lang, key: string, params?: Record<string, string | number>): string {
  const template = dicts[lang][key] ?? dicts.vi[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function hasMessage(key: string): boolean {
  return key in dicts.vi;
}

export function parseLang(value: unknown): Lang | undefined {
  return value === 'vi' || value === 'en' ? value : undefined;
}
