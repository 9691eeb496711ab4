import { describe, expect, it } from 'vitest';
import { RequestDateError, RequestReplayedError } from './errors';
import { ReplayGuard, parseHttpDate } from './replay-guard';

const start = new Date('2026-03-01T12:00:00Z');

function guardAt(clock: { now: Date }) {
  return new ReplayGuard(300, () => clock.now);
}

describe('replay guard', () => {
  it('admits a fresh request once and refuses the same enc again', () => {
    const clock = { now: start };
    const guard = guardAt(clock);
    const enc = new Uint8Array(32).fill(1);
    guard.admit(enc, start.toUTCString());
    expect(() => guard.admit(enc, start.toUTCString())).toThrow(RequestReplayedError);
    expect(() => guard.admit(new Uint8Array(32).fill(2), start.toUTCString())).not.toThrow();
  });

  it('refuses dates more than 300 s away in either direction, recording nothing', () => {
    const clock = { now: start };
    const guard = guardAt(clock);
    const enc = new Uint8Array(32).fill(3);
    expect(() => guard.admit(enc, new Date(start.getTime() - 301_000).toUTCString())).toThrow(/-301 s from the worker's clock/);
    expect(() => guard.admit(enc, new Date(start.getTime() + 301_000).toUTCString())).toThrow(RequestDateError);
    expect(guard.size).toBe(0);
    expect(() => guard.admit(enc, new Date(start.getTime() + 299_000).toUTCString())).not.toThrow();
  });

  it('forgets an enc only once its request could no longer pass the date check', () => {
    const clock = { now: start };
    const guard = guardAt(clock);
    const enc = new Uint8Array(32).fill(4);
    const date = new Date(start.getTime() + 300_000).toUTCString();
    guard.admit(enc, date);
    clock.now = new Date(start.getTime() + 599_000);
    expect(() => guard.admit(enc, date)).toThrow(RequestReplayedError);
    clock.now = new Date(start.getTime() + 601_000);
    guard.admit(new Uint8Array(32).fill(5), clock.now.toUTCString());
    expect(guard.size).toBe(1);
    expect(() => guard.admit(enc, date)).toThrow(RequestDateError);
  });

  it('accepts only IMF-fixdate', () => {
    expect(parseHttpDate('Sun, 01 Mar 2026 12:00:00 GMT').toISOString()).toBe(start.toISOString());
    expect(() => parseHttpDate('2026-03-01T12:00:00Z')).toThrow(RequestDateError);
    expect(() => parseHttpDate(undefined)).toThrow(/no date/);
  });
});
