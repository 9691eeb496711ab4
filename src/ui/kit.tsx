import type { ButtonHTMLAttributes, ReactNode } from 'react';

/** Telegram-style grouped section with an optional header. */
export function Section({ title, children, footer }: { title?: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <section className="mb-4">
      {title && <h2 className="px-4 pb-1 text-xs font-medium uppercase tracking-wide text-tg-section-header">{title}</h2>}
      <div className="mx-3 rounded-xl bg-tg-section-bg px-4 py-3">{children}</div>
      {footer && <p className="px-4 pt-1 text-xs text-tg-hint">{footer}</p>}
    </section>
  );
}

export function Button({ variant = 'primary', className = '', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'plain' | 'destructive' }) {
  const look =
    variant === 'primary'
      ? 'bg-tg-button text-tg-button-text'
      : variant === 'destructive'
        ? 'bg-tg-secondary-bg text-tg-destructive'
        : 'bg-tg-secondary-bg text-tg-link';
  return <button type="button" className={`w-full rounded-xl px-4 py-3 text-sm font-semibold disabled:opacity-50 ${look} ${className}`} {...props} />;
}

export function Spinner({ label }: { label: string }) {
  return (
    <span role="status" aria-label={label} className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-tg-hint border-t-transparent align-middle" />
  );
}

export function ErrorText({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <p id={id} role="alert" className="mt-1 text-sm text-tg-destructive">
      {children}
    </p>
  );
}

export function Skeleton({ className = '' }: { className?: string }) {
  return <span aria-hidden className={`inline-block animate-pulse rounded bg-tg-secondary-bg ${className}`} />;
}
