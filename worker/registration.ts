/**
 * How a GPU owner registers this worker from a phone (DESIGN 5): the worker prints a Telegram
 * deep link to the Mini App, and the same link as a QR code for Telegram's scanner. The start
 * parameter names the worker by its receipt key; the app fetches the record from the relay and
 * verifies the attestation itself, so the link carries nothing that needs trusting.
 */
import QRCode from 'qrcode';

/** Telegram allows A-Z a-z 0-9 _ - in `startapp`, up to 512 characters. */
const START_PARAM = /^[A-Za-z0-9_-]{1,512}$/;
export const WORKER_START_PREFIX = 'worker_';

export function workerStartParam(workerId: string): string {
  if (!/^[0-9a-f]{64}$/.test(workerId)) throw new Error('worker id must be 32 bytes of lowercase hex');
  return `${WORKER_START_PREFIX}${workerId}`;
}

/** The worker id in a start parameter made by workerStartParam, or undefined. */
export function workerIdFromStartParam(startParam: string): string | undefined {
  const match = /^worker_([0-9a-f]{64})$/.exec(startParam);
  return match?.[1];
}

export function registrationLink(options: { botUsername: string; appShortName: string; workerId: string }): string {
  if (!/^[A-Za-z0-9_]{5,32}$/.test(options.botUsername)) throw new Error(`"${options.botUsername}" is not a Telegram bot username`);
  if (!/^[A-Za-z0-9_]{3,30}$/.test(options.appShortName)) throw new Error(`"${options.appShortName}" is not a Mini App short name`);
  const startParam = workerStartParam(options.workerId);
  if (!START_PARAM.test(startParam)) throw new Error('start parameter is not valid for Telegram');
  return `https://t.me/${options.botUsername}/${options.appShortName}?startapp=${startParam}`;
}

/** The link as a QR code drawn with Unicode half blocks, for a terminal. */
export function registrationQr(link: string): Promise<string> {
  return QRCode.toString(link, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
}
