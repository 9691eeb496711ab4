import { useEffect, useState } from 'react';
import { useT } from '../i18n/i18n';
import { haptic } from '../telegram/sdk';

/** Copies `value` to the clipboard and says so for a moment; says so too when the clipboard refuses. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const t = useT();
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (!result) return;
    const timer = setTimeout(() => setResult(null), 2000);
    return () => clearTimeout(timer);
  }, [result]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setResult('copied');
      haptic.selection();
    } catch {
      setResult('failed');
      haptic.error();
    }
  };
  return (
    <button type="button" className="text-xs font-semibold text-tg-link" onClick={() => void copy()} aria-live="polite">
      {result === 'copied' ? t('copy.done') : result === 'failed' ? t('copy.failed') : label}
    </button>
  );
}
