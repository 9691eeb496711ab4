/**
 * The worker's structured log: one JSON line per event on stderr (stdout carries only the ready
 * line, the registration link and its QR code). Fields are ids, counts and codes, never a body.
 */
export interface WorkerLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function jsonLineLog(write: (line: string) => void = (line) => process.stderr.write(line)): WorkerLog {
  const emit = (level: string) => (message: string, fields: Record<string, unknown> = {}) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields }) + '\n');
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLog: WorkerLog = { info: () => {}, warn: () => {}, error: () => {} };
