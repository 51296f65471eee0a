/** Small pieces shared by administration pages: the CSRF field, a labelled <select>, dates in Vietnam's time zone. */
import type { ViewCtx } from './render.js';
import type { AppError } from '../core/errors.js';
import { FieldFrame } from './layout.js';

export function CsrfField({ ctx }: { ctx: ViewCtx }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A labelled <select> with its error text tied to it (aria-describedby), like `Field`. */
export function SelectField(p: {
  ctx: ViewCtx;
  name: string;
  label: string;
  options: SelectOption[];
  value?: string;
  error?: string;
  hint?: string;
  required?: boolean;
  emptyLabel?: string;
}) {
  return (
    <FieldFrame
      {...p}
      control={(attrs) => (
        <select {...attrs} name={p.name} required={p.required}>
          {p.emptyLabel !== undefined && <option value="">{p.emptyLabel}</option>}
          {p.options.map((o) => (
            <option value={o.value} selected={o.value === p.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/**
 * Field → message for a form refused by a service: each field code becomes `error.<CODE>`
 * (or a form-specific key from `override`), a refusal without fields becomes a form-level message.
 */
export function formErrors(
  ctx: ViewCtx,
  err: AppError,
  override: (field: string, code: string) => string | undefined = () => undefined,
): Record<string, string> {
  const entries = Object.entries(err.fields);
  if (entries.length === 0) return { _form: ctx.t(`error.${err.code}`, err.params) };
  return Object.fromEntries(entries.map(([field, code]) => [field, override(field, code) ?? ctx.t(`error.${code}`, err.params)]));
}

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** "25/11/2026 06:20" in Vietnam's time zone (both languages use day/month/year here). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}
