/** Small view pieces of the quiz pages: multi-line text, percentages, a pager, a textarea field. */
import type { ViewCtx } from '../../views/render.js';
import { FieldFrame } from '../../views/layout.js';

/** Text with its line breaks kept (escaped, as all text). */
export function Lines({ text }: { text: string }) {
  const lines = text.split('\n');
  return (
    <>
      {lines.map((line, i) => (
        <>
          {i > 0 && <br />}
          {line}
        </>
      ))}
    </>
  );
}

/** 80% / 66,67% — the local decimal mark. */
export function percentText(ctx: ViewCtx, percent: number): string {
  return `${percent.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 })}%`;
}

export function Pager(props: { ctx: ViewCtx; page: number; pages: number; href: (page: number) => string }) {
  const { ctx, page, pages } = props;
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={ctx.t('qb.pageOf', { page, pages })}>
      {page > 1 && (
        <a href={props.href(page - 1)} rel="prev">
          {ctx.t('qb.prev')}
        </a>
      )}
      <span aria-current="page">{ctx.t('qb.pageOf', { page, pages })}</span>
      {page < pages && (
        <a href={props.href(page + 1)} rel="next">
          {ctx.t('qb.next')}
        </a>
      )}
    </nav>
  );
}

export function TextArea(p: { ctx: ViewCtx; name: string; label: string; value?: string; error?: string; hint?: string; required?: boolean; rows?: number; maxLength?: number }) {
  return (
    <FieldFrame
      {...p}
      control={(attrs) => (
        <textarea {...attrs} name={p.name} rows={p.rows ?? 4} maxLength={p.maxLength} required={p.required} class="field-wide">
          {p.value ?? ''}
        </textarea>
      )}
    />
  );
}
