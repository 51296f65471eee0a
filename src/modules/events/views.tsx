/** Pages of learning days and events: the organisers' list, form, event page, QR page, dashboard; the attendee's check-in answer. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, SelectField, formatDateTime } from '../../views/form-parts.js';
import { formatPhone } from '../../core/text.js';
import { UnitSelect } from '../units/unit-select.js';
import type { UnitRow } from '../units/repository.js';
import { AGE_BANDS, EVENT_KINDS, type EventListRow, type EventWithUnit, type VillageMonth } from './repository.js';
import type { Attendance, EventForm } from './service.js';
import { MAX_GUESTS_PER_ENTRY } from './service.js';
import { eventWhen, monthLabel, shiftMonth } from './time.js';
import './messages.js';

const nf = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');

export function EventsListPage(props: { ctx: ViewCtx; month: string; events: EventListRow[] }) {
  const { ctx, month } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('event.admin')}>
      <h1>{ctx.t('event.admin')}</h1>
      <p class="lead">{ctx.t('event.listLead', { month: monthLabel(month) })}</p>
      <p class="actions">
        <a class="button" href="/quan-tri/su-kien/moi">
          {ctx.t('event.new')}
        </a>{' '}
        <a href={`/quan-tri/su-kien/bao-cao?thang=${month}`}>{ctx.t('event.dashboard')}</a>
      </p>
      <nav class="pager" aria-label={monthLabel(month)}>
        <a href={`/quan-tri/su-kien?thang=${shiftMonth(month, -1)}`}>{ctx.t('event.prevMonth')}</a>
        <span>{monthLabel(month)}</span>
        <a href={`/quan-tri/su-kien?thang=${shiftMonth(month, 1)}`}>{ctx.t('event.nextMonth')}</a>
      </nav>
      {props.events.length === 0 ? (
        <p class="notice">{ctx.t('event.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('event.admin')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('event.col.title')}</th>
                <th scope="col">{ctx.t('event.col.when')}</th>
                <th scope="col">{ctx.t('event.col.unit')}</th>
                <th scope="col">{ctx.t('event.col.attendance')}</th>
              </tr>
            </thead>
            <tbody>
              {props.events.map((e) => (
                <tr>
                  <th scope="row">
                    <a href={`/quan-tri/su-kien/${e.id}`}>{e.title}</a>
                    <br />
                    <span class="small muted">{ctx.t(`event.kind.${e.kind}`)}</span>
                  </th>
                  <td class="nowrap">{eventWhen(e.starts_at, e.ends_at)}</td>
                  <td>{e.unit_name}</td>
                  <td>{nf(ctx, e.named + e.guests)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

const FORM_LABELS = (ctx: ViewCtx) => ({
  unit: ctx.t('event.f.unit'),
  kind: ctx.t('event.f.kind'),
  title: ctx.t('event.f.title'),
  place: ctx.t('event.f.place'),
  date: ctx.t('event.f.date'),
  start: ctx.t('event.f.start'),
  end: ctx.t('event.f.end'),
});

export function EventFormPage(props: { ctx: ViewCtx; units: UnitRow[]; values: EventForm; errors: Record<string, string>; eventId?: number }) {
  const { ctx, values: v, errors: e } = props;
  const title = props.eventId ? ctx.t('event.editTitle') : ctx.t('event.newTitle');
  const action = props.eventId ? `/quan-tri/su-kien/${props.eventId}/sua` : '/quan-tri/su-kien/moi';
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={props.eventId ? `/quan-tri/su-kien/${props.eventId}` : '/quan-tri/su-kien'}>{props.eventId ? ctx.t('event.backEvent') : ctx.t('event.back')}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={e} labels={FORM_LABELS(ctx)} />
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        <UnitSelect ctx={ctx} units={props.units} name="unit" label={ctx.t('event.f.unit')} value={v.unit} error={e.unit} required emptyLabel={ctx.t('event.f.unitEmpty')} />
        <SelectField
          ctx={ctx}
          name="kind"
          label={ctx.t('event.f.kind')}
          options={EVENT_KINDS.map((k) => ({ value: k, label: ctx.t(`event.kind.${k}`) }))}
          value={v.kind ?? 'mot_ngay_hoc_so'}
          error={e.kind}
          required
        />
        <Field ctx={ctx} name="title" label={ctx.t('event.f.title')} hint={ctx.t('event.f.titleHint')} value={v.title} error={e.title} required />
        <Field ctx={ctx} name="place" label={ctx.t('event.f.place')} hint={ctx.t('event.f.placeHint')} value={v.place} error={e.place} required />
        <Field ctx={ctx} name="date" type="date" label={ctx.t('event.f.date')} value={v.date} error={e.date} required />
        <Field ctx={ctx} name="start" type="time" label={ctx.t('event.f.start')} hint={ctx.t('event.f.timeHint')} value={v.start} error={e.start} required />
        <Field ctx={ctx} name="end" type="time" label={ctx.t('event.f.end')} hint={ctx.t('event.f.timeHint')} value={v.end} error={e.end} required />
        <button type="submit" class="primary">
          {ctx.t('event.save')}
        </button>
      </form>
    </Layout>
  );
}

export function EventPage(props: {
  ctx: ViewCtx;
  event: EventWithUnit;
  attendance: Attendance;
  entryKey: string;
  notice?: string;
  errors: Record<string, string>;
  values: { phone?: string; band?: string; count?: string };
}) {
  const { ctx, event: ev, attendance: a, errors: e } = props;
  return (
    <Layout ctx={ctx} title={ev.title}>
      <p>
        <a href="/quan-tri/su-kien">{ctx.t('event.back')}</a>
      </p>
      <h1>{ev.title}</h1>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={e} labels={{ phone: ctx.t('event.f.phone'), band: ctx.t('event.f.band'), count: ctx.t('event.f.count') }} />
      <dl class="facts">
        <dt>{ctx.t('event.kind')}</dt>
        <dd>{ctx.t(`event.kind.${ev.kind}`)}</dd>
        <dt>{ctx.t('event.when')}</dt>
        <dd>{eventWhen(ev.starts_at, ev.ends_at)}</dd>
        <dt>{ctx.t('event.place')}</dt>
        <dd>{ev.place}</dd>
        <dt>{ctx.t('event.unit')}</dt>
        <dd>{ev.unit_name}</dd>
      </dl>
      <p class="actions">
        <a class="button" href={`/quan-tri/su-kien/${ev.id}/ma-qr`}>
          {ctx.t('event.qr')}
        </a>{' '}
        <a href={`/quan-tri/su-kien/${ev.id}/sua`}>{ctx.t('event.edit')}</a>
      </p>

      <h2>{ctx.t('event.attendance')}</h2>
      <p>
        <span class="stat">{nf(ctx, a.total)}</span> {ctx.t('event.col.attendance').toLowerCase()}
      </p>
      <ul>
        <li>{ctx.t('event.named', { n: nf(ctx, a.named) })}</li>
        <li>{ctx.t('event.guests', { n: nf(ctx, a.guestTotal) })}</li>
      </ul>
      <p>
        <a href={`/quan-tri/su-kien/${ev.id}/danh-sach.xlsx`}>{ctx.t('event.export')}</a>
      </p>
      {a.attendees.length === 0 ? (
        <p class="muted">{ctx.t('event.noAttendees')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('event.attendance')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('event.col.name')}</th>
                <th scope="col">{ctx.t('event.col.phone')}</th>
                <th scope="col">{ctx.t('event.col.method')}</th>
                <th scope="col">{ctx.t('event.col.at')}</th>
              </tr>
            </thead>
            <tbody>
              {a.attendees.map((p) => (
                <tr>
                  <th scope="row">
                    {p.full_name}
                    <br />
                    <span class="small muted">{p.unit_name}</span>
                  </th>
                  <td class="nowrap">{p.phone ? formatPhone(p.phone) : ''}</td>
                  <td>{ctx.t(`event.method.${p.method}`)}</td>
                  <td class="nowrap">{formatDateTime(p.checked_in_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{ctx.t('event.byBand')}</h3>
      <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('event.byBand')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t('event.col.band')}</th>
              <th scope="col">{ctx.t('event.col.count')}</th>
            </tr>
          </thead>
          <tbody>
            {AGE_BANDS.map((b) => (
              <tr>
                <th scope="row">{ctx.t(`event.band.${b}`)}</th>
                <td>{nf(ctx, a.guests[b])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{ctx.t('event.addPerson')}</h2>
      <form method="post" action={`/quan-tri/su-kien/${ev.id}/diem-danh`} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="phone" type="tel" inputMode="tel" autocomplete="off" label={ctx.t('event.f.phone')} hint={ctx.t('event.addPersonLead')} value={props.values.phone} error={e.phone} required />
        <button type="submit" class="primary">
          {ctx.t('event.addPersonSubmit')}
        </button>
      </form>

      <h2>{ctx.t('event.addGuests')}</h2>
      <form method="post" action={`/quan-tri/su-kien/${ev.id}/khach`} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="entryKey" value={props.entryKey} />
        <p class="hint">{ctx.t('event.addGuestsLead')}</p>
        <SelectField
          ctx={ctx}
          name="band"
          label={ctx.t('event.f.band')}
          options={AGE_BANDS.map((b) => ({ value: b, label: ctx.t(`event.band.${b}`) }))}
          value={props.values.band}
          emptyLabel={ctx.t('event.f.bandEmpty')}
          error={e.band}
          required
        />
        <Field ctx={ctx} name="count" type="number" inputMode="numeric" label={ctx.t('event.f.count')} value={props.values.count} error={e.count} hint={`1–${MAX_GUESTS_PER_ENTRY}`} required />
        <button type="submit" class="primary">
          {ctx.t('event.addGuestsSubmit')}
        </button>
      </form>
    </Layout>
  );
}

export function QrPage(props: { ctx: ViewCtx; event: EventWithUnit; state: 'before' | 'open' | 'after'; svg?: string; url?: string; refreshSeconds: number; opensAt: string }) {
  const { ctx, event: ev } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('event.qrTitle', { title: ev.title })}>
      <p>
        <a href={`/quan-tri/su-kien/${ev.id}`}>{ctx.t('event.backEvent')}</a>
      </p>
      <h1>{ctx.t('event.qrTitle', { title: ev.title })}</h1>
      <p class="muted">
        {eventWhen(ev.starts_at, ev.ends_at)} · {ev.place}
      </p>
      {props.state === 'open' && props.svg && props.url ? (
        <>
          <p class="lead">{ctx.t('event.qrLead')}</p>
          <div class="qr-code" role="img" aria-label={ctx.t('event.qrAlt', { title: ev.title })} dangerouslySetInnerHTML={{ __html: props.svg }} />
          <p class="small">{ctx.t('event.qrRotates', { seconds: props.refreshSeconds })}</p>
          <p class="small">
            {ctx.t('event.qrLink')} <a href={props.url}>{props.url}</a>
          </p>
        </>
      ) : (
        <p class="notice" role="status">
          {props.state === 'before' ? ctx.t('event.qrBefore', { time: formatDateTime(props.opensAt) }) : ctx.t('event.qrAfter')}
        </p>
      )}
    </Layout>
  );
}

export function CheckinPage(props: { ctx: ViewCtx; event: EventWithUnit; already: boolean }) {
  const { ctx, event: ev } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('event.checkinTitle')}>
      <h1>{ctx.t('event.checkinTitle')}</h1>
      <div class="notice ok" role="status">
        <h2>{props.already ? ctx.t('event.alreadyCheckedIn') : ctx.t('event.checkedIn')}</h2>
        {props.already && <p>{ctx.t('event.alreadyLead')}</p>}
      </div>
      <dl class="facts">
        <dt>{ctx.t('event.col.title')}</dt>
        <dd>{ev.title}</dd>
        <dt>{ctx.t('event.when')}</dt>
        <dd>{eventWhen(ev.starts_at, ev.ends_at)}</dd>
        <dt>{ctx.t('event.place')}</dt>
        <dd>{ev.place}</dd>
      </dl>
      <p>
        <a href="/hoc-tap">{ctx.t('nav.learner')}</a>
      </p>
    </Layout>
  );
}

export function EventsDashboardPage(props: { ctx: ViewCtx; month: string; villages: VillageMonth[]; events: number; attendance: number }) {
  const { ctx, month, villages } = props;
  const done = villages.filter((v) => v.learningDays > 0).length;
  const missing = villages.filter((v) => v.learningDays === 0);
  return (
    <Layout ctx={ctx} title={ctx.t('event.dashboard')}>
      <p>
        <a href={`/quan-tri/su-kien?thang=${month}`}>{ctx.t('event.back')}</a>
      </p>
      <h1>{ctx.t('event.dashboard')}</h1>
      <p class="lead">{ctx.t('event.dashLead', { month: monthLabel(month) })}</p>
      <nav class="pager" aria-label={monthLabel(month)}>
        <a href={`/quan-tri/su-kien/bao-cao?thang=${shiftMonth(month, -1)}`}>{ctx.t('event.prevMonth')}</a>
        <span>{monthLabel(month)}</span>
        <a href={`/quan-tri/su-kien/bao-cao?thang=${shiftMonth(month, 1)}`}>{ctx.t('event.nextMonth')}</a>
      </nav>
      <ul>
        <li>
          <strong>{ctx.t('event.dash.villages', { done: nf(ctx, done), total: nf(ctx, villages.length) })}</strong>
        </li>
        <li>{ctx.t('event.dash.events', { n: nf(ctx, props.events) })}</li>
        <li>{ctx.t('event.dash.attendance', { n: nf(ctx, props.attendance) })}</li>
      </ul>
      {villages.length === 0 ? (
        <p class="notice">{ctx.t('event.dash.noVillages')}</p>
      ) : (
        <>
          <h2>{ctx.t('event.dash.missing')}</h2>
          {missing.length === 0 ? (
            <p class="notice ok">{ctx.t('event.dash.missingNone')}</p>
          ) : (
            <ul class="village-missing">
              {missing.map((v) => (
                <li>
                  {v.name}
                  {v.commune && <span class="muted"> — {v.commune}</span>}
                </li>
              ))}
            </ul>
          )}
          <h2>{ctx.t('event.dash.byVillage')}</h2>
          <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('event.dash.byVillage')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{ctx.t('event.dash.col.village')}</th>
                  <th scope="col">{ctx.t('event.dash.col.commune')}</th>
                  <th scope="col">{ctx.t('event.dash.col.learningDays')}</th>
                  <th scope="col">{ctx.t('event.dash.col.events')}</th>
                  <th scope="col">{ctx.t('event.dash.col.attendance')}</th>
                </tr>
              </thead>
              <tbody>
                {villages.map((v) => (
                  <tr>
                    <th scope="row">{v.name}</th>
                    <td>{v.commune}</td>
                    <td>{nf(ctx, v.learningDays)}</td>
                    <td>{nf(ctx, v.events)}</td>
                    <td>{nf(ctx, v.attendance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Layout>
  );
}
