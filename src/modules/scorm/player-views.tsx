/**
 * The player page: a slim header (back to the course, the lesson's title, save status), the table of
 * contents (multi-item packages; collapsible on phones), the content iframe (content origin) and the
 * page data for the player script. The table of contents is rendered here, so it reads without JavaScript.
 */
import type { ViewCtx } from '../../views/render.js';
import type { PlayerData } from './client/protocol.js';
import type { PlayerState } from './player-service.js';
import './messages.js';

const CSS = `
body.player{margin:0;display:flex;flex-direction:column;height:100vh;height:100dvh;background:#f4f6f8}
.player-bar{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;padding:.4rem .75rem;background:#0b4f8a;color:#fff}
.player-bar a,.player-bar button{color:#fff}
.player-bar h1{font-size:1rem;margin:0;flex:1 1 12rem;line-height:1.3;color:#fff}
.player-status{font-size:.875rem;margin:0;min-height:1.2em}
#toc-toggle{background:transparent;border:1px solid #fff;border-radius:4px;padding:.3rem .6rem;font:inherit;cursor:pointer}
.player-body{flex:1;display:flex;min-height:0;position:relative}
.player-toc{background:#fff;border-right:1px solid #d0d7de;overflow:auto;width:18rem;flex:none;padding:.5rem}
.player-toc h2{font-size:1rem;margin:.25rem 0 .5rem}
.toc{list-style:none;margin:0;padding:0}
.toc li{margin:.15rem 0}
.toc .toc-group{font-weight:bold;margin-top:.5rem}
.toc button{display:block;width:100%;text-align:left;background:none;border:0;padding:.45rem .5rem;font:inherit;color:#0b4f8a;cursor:pointer;border-radius:4px;min-height:44px}
.toc button[aria-current]{background:#e3effa;font-weight:bold}
.toc button[aria-disabled=true]{color:#57606a;cursor:not-allowed}
.toc-status{display:block;font-size:.8rem;color:#57606a;padding-left:.5rem}
.toc-status[data-status=completed],.toc-status[data-status=passed]{color:#1a7f37}
.toc-status[data-status=failed]{color:#b3261e}
.toc-nav{display:flex;gap:.5rem;margin:.75rem 0}
.toc-nav button{flex:1;min-height:44px}
.player-main{flex:1;display:flex;min-width:0;padding:0;min-height:0}
.player-main iframe{flex:1;border:0;width:100%;height:100%;background:#fff}
.depth-1{padding-left:1rem}.depth-2{padding-left:2rem}.depth-3{padding-left:3rem}
@media (max-width:48rem){
 .player-toc{position:absolute;inset:0 auto 0 0;z-index:2;width:min(20rem,90vw);display:none;box-shadow:2px 0 8px rgba(0,0,0,.2)}
 .player-toc.open{display:block}
}
@media (min-width:48.01rem){#toc-toggle{display:none}}
`;

function json(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function PlayerPage(props: { ctx: ViewCtx; state: PlayerState; data: PlayerData; script: string; backUrl: string }) {
  const { ctx, state, data } = props;
  const multi = state.items.filter((i) => i.launchUrl).length > 1 || state.sequencing !== null;
  const showToc = multi || state.done || state.newerVersion;
  return (
    <html lang={ctx.lang} class={ctx.largeText ? 'large-text' : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${state.activityTitle} · ${ctx.t('site.name')}`}</title>
        <link rel="stylesheet" href="/static/site.css" />
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body class="player">
        <a class="skip-link" href="#player-frame">
          {ctx.t('site.skip')}
        </a>
        <header class="player-bar">
          <a href={props.backUrl}>← {ctx.t('scorm.player.back')}</a>
          <h1>{state.activityTitle}</h1>
          {showToc && (
            <button type="button" id="toc-toggle" aria-expanded="false" aria-controls="player-toc">
              {ctx.t('scorm.player.toc')}
            </button>
          )}
          <p id="player-status" class="player-status" role="status" aria-live="polite">
            {ctx.t('scorm.player.loading')}
          </p>
        </header>
        <div class="player-body">
          {showToc && (
            <nav id="player-toc" class="player-toc" aria-labelledby="toc-title">
              <h2 id="toc-title">{ctx.t('scorm.player.toc')}</h2>
              {state.newerVersion && <p class="notice">{ctx.t('scorm.player.newVersion')}</p>}
              <ol class="toc">
                {state.items
                  .filter((i) => i.visible)
                  .map((i) =>
                    i.launchUrl ? (
                      <li class={`toc-item depth-${Math.min(i.depth, 3)}`}>
                        <button type="button" data-item={i.id}>
                          {i.title}
                        </button>
                        <span class="toc-status" data-item-status={i.id} data-status={i.status}>
                          {ctx.t(`scorm.player.status.${i.status}`)}
                        </span>
                      </li>
                    ) : (
                      <li class={`toc-group depth-${Math.min(i.depth, 3)}`}>{i.title}</li>
                    ),
                  )}
              </ol>
              {multi && (
                <div class="toc-nav">
                  <button type="button" id="nav-prev" class="button secondary" disabled>
                    {ctx.t('scorm.player.previous')}
                  </button>
                  <button type="button" id="nav-next" class="button" disabled>
                    {ctx.t('scorm.player.next')}
                  </button>
                </div>
              )}
              {(state.done || state.newerVersion) && (
                <form method="post" action={`/hoc-tap/scorm/${state.activityId}/hoc-lai`}>
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <button type="submit" class="button secondary">
                    {ctx.t('scorm.player.newAttempt')}
                  </button>
                </form>
              )}
            </nav>
          )}
          <main class="player-main" id="main">
            <iframe
              id="player-frame"
              title={ctx.t('scorm.player.frame', { title: state.activityTitle })}
              src={data.launchPage}
              sandbox="allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-downloads"
              allow="fullscreen; autoplay"
              referrerpolicy="no-referrer"
            />
            <noscript>{ctx.t('scorm.player.needsJs')}</noscript>
          </main>
        </div>
        <script type="application/json" id="scorm-data" dangerouslySetInnerHTML={{ __html: json(data) }} />
        <script src={props.script} defer />
      </body>
    </html>
  );
}
