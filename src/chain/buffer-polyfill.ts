// @ton/core expects Node's Buffer; it must exist before any @ton/* module is evaluated,
// which is why chain code is loaded in two steps (this module first).
import { Buffer } from 'buffer';

globalThis.Buffer ??= Buffer;
