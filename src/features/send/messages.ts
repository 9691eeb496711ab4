import { defineMessages } from '../../i18n/i18n';
import { MAX_COMMENT_BYTES } from '../../domain/transfer-link';

// Strings of the Send screen's comment and QR scanning; they load with the screen, not with the first one.
const en = {
  'max': 'Max',
  'comment': 'Comment (optional)',
  'commentPlaceholder': 'For the recipient, e.g. an exchange memo',
  'scan': 'Scan QR code',
  'scanPrompt': 'Point at a TON address or payment QR code',
  'scanned': 'Filled in from the QR code. Check before you send.',
  'error.comment.too-long': `The comment is too long: {bytes} bytes, at most ${MAX_COMMENT_BYTES}.`,
  'error.link.not-transfer': 'This QR code holds neither a TON address nor a TON transfer link.',
  'error.link.unsupported': 'This QR code asks for more than a TON transfer ({param}), so it cannot be paid from here. Nothing was filled in.',
  'error.link.amount': 'The amount in this QR code is not valid. Nothing was filled in.',
  'error.link.expired': 'This payment request has expired. Ask the recipient for a new one.',
  'error.scan.unavailable': 'This Telegram app cannot scan QR codes. Paste the address instead.',
  'error.scan.failed': 'The QR scanner could not open: {reason}',
};

const ru: Record<keyof typeof en, string> = {
  'max': 'Всё',
  'comment': 'Комментарий (необязательно)',
  'commentPlaceholder': 'Для получателя, например мемо биржи',
  'scan': 'Сканировать QR-код',
  'scanPrompt': 'Наведите камеру на QR-код с адресом TON или счётом',
  'scanned': 'Заполнено из QR-кода. Проверьте перед отправкой.',
  'error.comment.too-long': `Комментарий слишком длинный: {bytes} байт, можно не больше ${MAX_COMMENT_BYTES}.`,
  'error.link.not-transfer': 'В этом QR-коде нет ни адреса TON, ни ссылки на перевод TON.',
  'error.link.unsupported': 'Этот QR-код просит больше, чем перевод TON ({param}), поэтому оплатить его здесь нельзя. Ничего не заполнено.',
  'error.link.amount': 'Сумма в этом QR-коде неверна. Ничего не заполнено.',
  'error.link.expired': 'Срок этого счёта истёк. Попросите получателя прислать новый.',
  'error.scan.unavailable': 'Это приложение Telegram не умеет сканировать QR-коды. Вставьте адрес вручную.',
  'error.scan.failed': 'Не удалось открыть сканер QR-кодов: {reason}',
};

export type SendMessageKey = keyof typeof en;
export const useSendT = defineMessages({ en, ru });
