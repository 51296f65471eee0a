import { defineMessages } from '../../core/i18n.js';

/** Unit types: the city, its commune-level units, the villages below them, and city departments. */
export const UNIT_TYPES = ['thanh_pho', 'phuong', 'xa', 'dac_khu', 'so_nganh', 'thon', 'to_dan_pho'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
export const COMMUNE_TYPES: UnitType[] = ['phuong', 'xa', 'dac_khu'];
export const VILLAGE_TYPES: UnitType[] = ['thon', 'to_dan_pho'];

export function isUnitType(v: string): v is UnitType {
  return (UNIT_TYPES as readonly string[]).includes(v);
}

/** Which types may sit directly under which: the tree stays city → commune → village, departments beside. */
export function allowedParentTypes(type: UnitType): UnitType[] {
  if (type === 'thanh_pho') return [];
  if (VILLAGE_TYPES.includes(type)) return COMMUNE_TYPES;
  return ['thanh_pho'];
}

defineMessages({
  vi: {
    'unitType.thanh_pho': 'Thành phố',
    'unitType.phuong': 'Phường',
    'unitType.xa': 'Xã',
    'unitType.dac_khu': 'Đặc khu',
    'unitType.so_nganh': 'Sở, ban, ngành',
    'unitType.thon': 'Thôn',
    'unitType.to_dan_pho': 'Tổ dân phố',
  },
  en: {
    'unitType.thanh_pho': 'City',
    'unitType.phuong': 'Ward',
    'unitType.xa': 'Commune',
    'unitType.dac_khu': 'Special zone',
    'unitType.so_nganh': 'City department',
    'unitType.thon': 'Village',
    'unitType.to_dan_pho': 'Residential group',
  },
});
