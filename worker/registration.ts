/**
 * How a GPU owner registers this worker from a phone (DESIGN 5): the worker prints a Telegram
 * deep link to the Mini App, and the same link as a QR code for Telegram's scanner. The start
 * parameter names the worker by its receipt key; the app fetches the record from the relay and
 * verifies the attestation itself, so the link carries nothing that needs trusting.
 */
import QRCode from 'qrcode';
import { workerStartParam } from '../protocol/start-param';

/** Telegram allows A-Z a-z 0-9 _ - in `startapp`, up to 512 characters. */
const START_PARAM = /^[A-Za-z0-9_-]{1,512}$/;

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
