/** The table of contents the server rendered: click handlers, current item, statuses, disabled items. */
import type { ItemStatusName, PlayerData } from './protocol.js';

export class Toc {
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private readonly statuses = new Map<string, HTMLElement>();
  readonly prev = document.getElementById('nav-prev') as HTMLButtonElement | null;
  readonly next = document.getElementById('nav-next') as HTMLButtonElement | null;
  private readonly status = document.getElementById('player-status');

  constructor(
    private readonly data: PlayerData,
    onChoose: (id: string) => void,
  ) {
    for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-item]')) {
      const id = b.dataset.item!;
      this.buttons.set(id, b);
      b.addEventListener('click', () => {
        if (b.getAttribute('aria-disabled') !== 'true') onChoose(id);
      });
    }
    for (const s of document.querySelectorAll<HTMLElement>('[data-item-status]')) this.statuses.set(s.dataset.itemStatus!, s);
    this.toggle?.addEventListener('click', () => this.open(this.toggle!.getAttribute('aria-expanded') !== 'true'));
    this.panel?.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.toggle?.getAttribute('aria-expanded') === 'true') {
        this.open(false);
        this.toggle.focus();
      }
    });
  }

  private readonly toggle = document.getElementById('toc-toggle');
  private readonly panel = document.getElementById('player-toc');

  /** On phones the table of contents is a panel over the lesson: open or close it. */
  open(open: boolean): void {
    this.toggle?.setAttribute('aria-expanded', String(open));
    this.panel?.classList.toggle('open', open);
  }

  setCurrent(id: string | null): void {
    for (const [itemId, b] of this.buttons) {
      if (itemId === id) b.setAttribute('aria-current', 'step');
      else b.removeAttribute('aria-current');
    }
  }

  setItemStatus(id: string, status: ItemStatusName): void {
    const el = this.statuses.get(id);
    if (!el) return;
    el.dataset.status = status;
    el.textContent = this.data.strings[`status.${status}`] ?? status;
  }

  /** Items the sequencer would refuse: still listed (the learner sees the way ahead), not clickable. */
  setEnabled(enabled: (id: string) => boolean): void {
    for (const [id, b] of this.buttons) {
      const on = enabled(id);
      b.setAttribute('aria-disabled', String(!on));
      b.title = on ? '' : (this.data.strings.locked ?? '');
    }
  }

  setNav(prev: boolean, next: boolean): void {
    if (this.prev) this.prev.disabled = !prev;
    if (this.next) this.next.disabled = !next;
  }

  say(text: string): void {
    if (this.status) this.status.textContent = text;
  }
}
