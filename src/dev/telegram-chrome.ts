/**
 * Development only: draws what the Telegram client draws around a Mini App (header with the
 * BackButton, the bottom bar with Main and Secondary buttons, popups, the QR scanner) and
 * answers through the real Mini Apps events, so the app runs its real Telegram code paths.
 */
type Emit = (event: string, payload?: unknown) => void;

interface BottomButtonParams {
  is_visible?: boolean;
  is_active?: boolean;
  text?: string;
  color?: string;
  text_color?: string;
  is_progress_visible?: boolean;
}

const HEADER_HEIGHT = 40;
const BAR_HEIGHT = 64;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, style: Partial<CSSStyleDeclaration>, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node.style, style);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

export class TelegramChrome {
  private readonly header = el('div', { position: 'fixed', top: '0', left: '0', right: '0', height: `${HEADER_HEIGHT}px`, display: 'flex', alignItems: 'center', gap: '8px', padding: '0 8px', zIndex: '1000', background: 'var(--tg-theme-header-bg-color, #fff)', borderBottom: '1px solid var(--tg-theme-section-separator-color, #ccc)', fontSize: '14px' }, { role: 'toolbar', 'aria-label': 'Telegram header' });
  private readonly back = el('button', { display: 'none', border: '0', background: 'transparent', color: 'var(--tg-theme-link-color, #2481cc)', fontSize: '15px', cursor: 'pointer' }, { type: 'button' });
  private readonly bar = el('div', { position: 'fixed', left: '0', right: '0', bottom: '0', display: 'none', gap: '8px', padding: '8px 12px', zIndex: '1000', background: 'var(--tg-theme-bottom-bar-bg-color, #fff)', borderTop: '1px solid var(--tg-theme-section-separator-color, #ccc)' }, { role: 'toolbar', 'aria-label': 'Telegram' });
  private readonly main = this.bottomButton('main_button_pressed');
  private readonly secondary = this.bottomButton('secondary_button_pressed');
  private mainVisible = false;
  private secondaryVisible = false;

  constructor(private readonly emit: Emit) {
    this.back.textContent = '‹ Back';
    this.back.onclick = () => emit('back_button_pressed');
    const title = el('span', { fontWeight: '600', color: 'var(--tg-theme-text-color, #000)' });
    title.textContent = 'Cocoon · Telegram dev mock';
    this.header.append(this.back, title);
    this.bar.append(this.secondary, this.main);
    document.body.append(this.header, this.bar);
  }

  /** Content safe area: the app keeps its content clear of the header and the bottom bar. */
  contentInsets() {
    const bottom = this.mainVisible || this.secondaryVisible ? BAR_HEIGHT : 0;
    return { top: HEADER_HEIGHT, bottom, left: 0, right: 0 };
  }

  setBackButton(visible: boolean) {
    this.back.style.display = visible ? 'inline-block' : 'none';
  }

  setMainButton(p: BottomButtonParams) {
    this.mainVisible = this.apply(this.main, p);
    this.layout();
  }

  setSecondaryButton(p: BottomButtonParams) {
    this.secondaryVisible = this.apply(this.secondary, p);
    this.layout();
  }

  openPopup(p: { title?: string; message: string; buttons?: { id?: string; type?: string; text?: string }[] }) {
    const overlay = el('div', { position: 'fixed', inset: '0', background: 'rgba(0,0,0,.4)', zIndex: '2000', display: 'flex', alignItems: 'center', justifyContent: 'center' });
    const box = el('div', { background: 'var(--tg-theme-bg-color, #fff)', color: 'var(--tg-theme-text-color, #000)', borderRadius: '12px', padding: '16px', width: '280px' }, { role: 'dialog', 'aria-label': p.title ?? 'Popup' });
    const text = el('p', { margin: '0 0 12px' });
    text.textContent = p.message;
    box.append(text);
    for (const b of p.buttons ?? [{ id: 'ok', type: 'ok' }]) {
      const button = el('button', { display: 'block', width: '100%', margin: '4px 0', padding: '8px', border: '0', borderRadius: '8px', color: b.type === 'destructive' ? '#e53935' : 'var(--tg-theme-link-color, #2481cc)', background: 'var(--tg-theme-secondary-bg-color, #eee)' }, { type: 'button' });
      button.textContent = b.text ?? (b.type === 'cancel' ? 'Cancel' : b.type === 'close' ? 'Close' : 'OK');
      button.onclick = () => {
        overlay.remove();
        this.emit('popup_closed', { button_id: b.id ?? '' });
      };
      box.append(button);
    }
    overlay.append(box);
    document.body.append(overlay);
  }

  openQrScanner(p: { text?: string }) {
    const overlay = el('div', { position: 'fixed', inset: '0', background: 'rgba(0,0,0,.6)', zIndex: '2000', display: 'flex', alignItems: 'center', justifyContent: 'center' });
    const box = el('form', { background: 'var(--tg-theme-bg-color, #fff)', borderRadius: '12px', padding: '16px', width: '300px' }, { role: 'dialog', 'aria-label': 'Scan QR code' });
    const input = el('input', { width: '100%', padding: '8px', boxSizing: 'border-box' }, { 'aria-label': 'QR code content', placeholder: p.text ?? 'Paste what the QR code says' });
    const scan = el('button', { marginTop: '8px', width: '100%', padding: '8px' }, { type: 'submit' });
    scan.textContent = 'Scan';
    const cancel = el('button', { marginTop: '4px', width: '100%', padding: '8px' }, { type: 'button' });
    cancel.textContent = 'Cancel';
    box.onsubmit = (e) => {
      e.preventDefault();
      overlay.remove();
      this.emit('qr_text_received', { data: input.value });
      this.emit('scan_qr_popup_closed');
    };
    cancel.onclick = () => {
      overlay.remove();
      this.emit('scan_qr_popup_closed');
    };
    box.append(input, scan, cancel);
    overlay.append(box);
    document.body.append(overlay);
  }

  private bottomButton(event: string) {
    const button = el('button', { flex: '1', height: '46px', border: '0', borderRadius: '10px', fontSize: '15px', fontWeight: '600', cursor: 'pointer', display: 'none' }, { type: 'button' });
    button.onclick = () => {
      if (!button.disabled) this.emit(event);
    };
    return button;
  }

  private apply(button: HTMLButtonElement, p: BottomButtonParams): boolean {
    const visible = !!p.is_visible && !!p.text;
    button.style.display = visible ? 'block' : 'none';
    button.textContent = p.is_progress_visible ? `${p.text ?? ''} …` : (p.text ?? '');
    button.setAttribute('aria-label', p.text ?? '');
    button.setAttribute('aria-busy', String(!!p.is_progress_visible));
    button.disabled = p.is_active === false;
    button.style.opacity = button.disabled ? '0.6' : '1';
    button.style.background = p.color ?? 'var(--tg-theme-button-color, #2481cc)';
    button.style.color = p.text_color ?? 'var(--tg-theme-button-text-color, #fff)';
    return visible;
  }

  private layout() {
    this.bar.style.display = this.mainVisible || this.secondaryVisible ? 'flex' : 'none';
    this.emit('content_safe_area_changed', this.contentInsets());
  }
}
