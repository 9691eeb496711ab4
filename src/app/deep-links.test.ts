import { describe, expect, it } from 'vitest';
import { routeForStartParam } from './deep-links';

describe('a startapp deep link', () => {
  it('opens a tab or a screen by name', () => {
    expect(routeForStartParam('chat')).toBe('/chat');
    expect(routeForStartParam('settings')).toBe('/settings');
    expect(routeForStartParam('send')).toBe('/send');
    expect(routeForStartParam('home')).toBe('/');
  });

  it('opens the GPU tab for a worker registration link', () => {
    expect(routeForStartParam(`worker_${'ab'.repeat(32)}`)).toBe('/gpu');
    expect(routeForStartParam(`worker_${'ab'.repeat(31)}`)).toBe('/');
  });

  it('opens Home for no link and for anything unknown', () => {
    for (const param of [undefined, '', 'nope', 'CHAT', '../settings', '/chat', 'chat_'] as const) expect(routeForStartParam(param), String(param)).toBe('/');
  });
});
