import type { ViewCtx } from '../../views/render.js';
import type { UnitRow } from './repository.js';
import { COMMUNE_TYPES, type UnitType } from './types.js';
import { FieldFrame } from '../../views/layout.js';

/** A <select> of units grouped as communes / departments / villages, labelled and described. */
export function UnitSelect(props: {
  ctx: ViewCtx;
  units: UnitRow[];
  name: string;
  label: string;
  value?: string;
  error?: string;
  required?: boolean;
  emptyLabel: string;
}) {
  const { ctx } = props;
  const communes = props.units.filter((u) => COMMUNE_TYPES.includes(u.type as UnitType));
  const departments = props.units.filter((u) => u.type === 'so_nganh');
  const others = props.units.filter((u) => !COMMUNE_TYPES.includes(u.type as UnitType) && u.type !== 'so_nganh');
  const option = (u: UnitRow) => (
    <option value={u.code} selected={u.code === props.value}>
      {u.name}
    </option>
  );
  return (
    <FieldFrame
      ctx={ctx}
      name={props.name}
      label={props.label}
      error={props.error}
      required={props.required}
      control={(attrs) => (
        <select {...attrs} name={props.name} required={props.required}>
          <option value="">{props.emptyLabel}</option>
          {others.length > 0 && others.map(option)}
          {communes.length > 0 && <optgroup label={ctx.t('signup.groupCommunes')}>{communes.map(option)}</optgroup>}
          {departments.length > 0 && <optgroup label={ctx.t('signup.groupDepartments')}>{departments.map(option)}</optgroup>}
        </select>
      )}
    />
  );
}
