/** Form pieces of the authoring pages: fieldsets of checkboxes and radios, a textarea — each with its error tied to it. */
import type { ViewCtx } from '../../views/render.js';
import { byDomain, type ReferenceLists } from './reference.js';

export interface Choice {
  value: string;
  label: string;
}

function Legend(props: { ctx: ViewCtx; label: string; optional?: boolean }) {
  return (
    <legend>
      {props.label}
      {props.optional && <span class="optional"> ({props.ctx.t('form.optional')})</span>}
    </legend>
  );
}

export function ChoiceGroup(p: {
  ctx: ViewCtx;
  type: 'checkbox' | 'radio';
  name: string;
  label: string;
  choices: Choice[];
  values: string[];
  error?: string;
  hint?: string;
  optional?: boolean;
}) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={p.error ? 'field choices field-error' : 'field choices'} id={id} aria-describedby={describedBy}>
      <Legend ctx={p.ctx} label={p.label} optional={p.optional} />
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="error-text" id={`${id}-error`}>
          {p.error}
        </p>
      )}
      {p.choices.map((c, i) => (
        <div class="checkbox">
          <input type={p.type} id={`${id}-${i}`} name={p.name} value={c.value} checked={p.values.includes(c.value)} />
          <label for={`${id}-${i}`}>{c.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** The competence framework as one fieldset per domain (24 checkboxes stay readable on a phone). */
export function CompetenceChoices(p: { ctx: ViewCtx; ref: ReferenceLists; values: string[]; error?: string; hint?: string }) {
  const { ctx } = p;
  return (
    <fieldset class={p.error ? 'field choices field-error' : 'field choices'} id="f-competences" aria-describedby={p.error ? 'f-competences-error' : undefined}>
      <Legend ctx={ctx} label={ctx.t('course.competences')} optional />
      {p.hint && <p class="hint">{p.hint}</p>}
      {p.error && (
        <p class="error-text" id="f-competences-error">
          {p.error}
        </p>
      )}
      {byDomain(p.ref.competences).map((d) => (
        <details class="domain" open={d.items.some((c) => p.values.includes(c.code))}>
          <summary>{`${d.domain}. ${d.name[ctx.lang]}`}</summary>
          {d.items.map((c) => (
            <div class="checkbox">
              <input type="checkbox" id={`f-competences-${c.code}`} name="competences" value={c.code} checked={p.values.includes(c.code)} />
              <label for={`f-competences-${c.code}`}>{`${c.code} ${c.name[ctx.lang]}`}</label>
            </div>
          ))}
        </details>
      ))}
    </fieldset>
  );
}

export function TextArea(p: { ctx: ViewCtx; name: string; label: string; value?: string; error?: string; hint?: string; rows?: number; maxLength?: number }) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field-wide field-error' : 'field field-wide'}>
      <label for={id}>
        {p.label}
        <span class="optional"> ({p.ctx.t('form.optional')})</span>
      </label>
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="error-text" id={`${id}-error`}>
          {p.error}
        </p>
      )}
      <textarea id={id} name={p.name} rows={p.rows ?? 6} maxLength={p.maxLength} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy}>
        {p.value ?? ''}
      </textarea>
    </div>
  );
}
