import type { Config } from 'tailwindcss';

/** Telegram theme parameters (bound as --tg-theme-* CSS variables) as Tailwind colours: bg-tg-bg, text-tg-hint... */
const tg = (param: string, fallback: string) => `var(--tg-theme-${param}, ${fallback})`;

export default {
  content: ['./index.html', './src/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        tg: {
          bg: tg('bg-color', '#ffffff'),
          text: tg('text-color', '#000000'),
          hint: tg('hint-color', '#999999'),
          link: tg('link-color', '#2481cc'),
          button: tg('button-color', '#2481cc'),
          'button-text': tg('button-text-color', '#ffffff'),
          'secondary-bg': tg('secondary-bg-color', '#efeff4'),
          'section-bg': tg('section-bg-color', '#ffffff'),
          'section-header': tg('section-header-text-color', '#6d6d72'),
          subtitle: tg('subtitle-text-color', '#999999'),
          accent: tg('accent-text-color', '#2481cc'),
          destructive: tg('destructive-text-color', '#e53935'),
          separator: tg('section-separator-color', '#c8c7cc'),
        },
      },
    },
  },
} satisfies Config;
