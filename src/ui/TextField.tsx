import type { InputHTMLAttributes } from 'react';
import { ErrorText } from './kit';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> & {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Shown under the field and announced; marks the field invalid. */
  error?: string;
};

/** A labelled single-line input of a Telegram-style form section, with its error tied to it for screen readers. */
export function TextField({ id, label, value, onChange, error, className = '', ...input }: Props) {
  const errorId = `${id}-error`;
  return (
    <>
      <label className="block text-xs text-tg-hint" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className={`w-full bg-transparent py-2 text-base outline-none ${className}`}
        autoComplete="off"
        {...input}
        value={value}
        aria-invalid={!!error}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && <ErrorText id={errorId}>{error}</ErrorText>}
    </>
  );
}
