/**
 * Replay protection at the worker (RFC 9458 section 6.5). OHTTP alone lets a relay resend a
 * captured request; here it would run the model again and bill the user twice. The inner
 * request carries a `date`; the worker refuses one outside +-windowSeconds of its clock, and
 * remembers every HPKE `enc` it accepted for as long as such a date could still pass.
 */
import { bytesToHex } from './bytes';
import { RequestDateError, RequestReplayedError } from './errors';

const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

export function parseHttpDate(value: string | undefined): Date {
  if (value === undefined || !IMF_FIXDATE.test(value)) throw new RequestDateError('request has no date in IMF-fixdate form (RFC 9110 5.6.7)');
  return new Date(Date.parse(value));
}

export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  private readonly windowMs: number;

  constructor(
    windowSeconds = 300,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.windowMs = windowSeconds * 1000;
  }

  /** Records `enc` if the request is fresh and new; throws otherwise, recording nothing. */
  admit(enc: Uint8Array, date: string | undefined): void {
    const now = this.clock().getTime();
    const sent = parseHttpDate(date).getTime();
    if (Math.abs(now - sent) > this.windowMs) {
      throw new RequestDateError(`request date is ${Math.round((sent - now) / 1000)} s from the worker's clock, beyond +-${this.windowMs / 1000} s`);
    }
    for (const [key, expires] of this.seen) {
      if (expires > now) break; // insertion order: the rest expire later
      this.seen.delete(key);
    }
    const key = bytesToHex(enc);
    if (this.seen.has(key)) throw new RequestReplayedError('this encapsulated request was already answered');
    // A request dated up to windowMs ahead stays admissible until 2 x windowMs from now.
    this.seen.set(key, now + 2 * this.windowMs);
  }

  get size(): number {
    return this.seen.size;
  }
}
