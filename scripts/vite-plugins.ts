import type { Plugin } from 'vite';
import { DEV_BOT_TOKEN, DEV_TELEGRAM_SECRET_KEY } from '../devnet/local-stack.ts';
import { hexToBytes } from '../protocol/bytes.ts';
import { signDevInitData } from '../protocol/telegram-init-data.ts';
import { DEV_WALLET_LIST_ENTRY } from '../src/dev/dev-wallet/info.ts';

const manifestFor = (appUrl: string) =>
  JSON.stringify(
    {
      url: appUrl,
      name: 'Cocoon',
      iconUrl: new URL('/icon-180.png', appUrl).href,
      termsOfUseUrl: new URL('/terms.html', appUrl).href,
      privacyPolicyUrl: new URL('/privacy.html', appUrl).href,
    },
    null,
    2,
  );

/**
 * Serves (dev) or emits (build) /tonconnect-manifest.json. A wallet shows the manifest's name
 * and icon and checks that `url` is the page's origin, so it follows where the app is served.
 */
export function tonconnectManifest(opts: { network: string; appUrl: string | undefined }): Plugin {
  return {
    name: 'cocoon:tonconnect-manifest',
    configureServer(server) {
      server.middlewares.use('/tonconnect-manifest.json', (req, res) => {
        const origin = `http://${req.headers.host ?? '127.0.0.1:5173'}`;
        res.setHeader('content-type', 'application/json');
        res.end(manifestFor(origin));
      });
    },
    generateBundle() {
      const appUrl = opts.appUrl ?? (opts.network === 'local' ? 'http://127.0.0.1:5173' : undefined);
      if (!appUrl) throw new Error(`APP_URL must be set to the public URL of the app when building for ${opts.network}`);
      this.emitFile({ type: 'asset', fileName: 'tonconnect-manifest.json', source: manifestFor(appUrl) });
    },
  };
}

/**
 * Dev server only. GET /__dev/init-data?lang=ru returns Telegram initData signed with the local
 * stack's bot token, so the mocked Telegram environment carries data the relay really checks.
 * GET /__dev/tonconnect-wallets.json lists only the injected dev wallet (it is the one that can reach the devnet).
 */
export function devServerEndpoints(): Plugin {
  return {
    name: 'cocoon:dev-server-endpoints',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/__dev/tonconnect-wallets.json', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify([DEV_WALLET_LIST_ENTRY]));
      });
      server.middlewares.use('/__dev/init-data', (req, res, next) => {
        const params = new URL(req.url ?? '/', 'http://local').searchParams;
        const lang = params.get('lang') === 'ru' ? 'ru' : 'en';
        const id = Number(params.get('user') ?? 100001);
        // Signed like Telegram does: HMAC with the bot token and the Ed25519 third-party signature (dev key).
        void signDevInitData({
          botToken: DEV_BOT_TOKEN,
          devTelegramSecretKey: hexToBytes(DEV_TELEGRAM_SECRET_KEY),
          user: { id, first_name: 'Dev', last_name: 'User', username: 'dev_user', language_code: lang, allows_write_to_pm: true, is_premium: false },
          authDate: new Date(),
          chatInstance: '8428209589180549439',
          chatType: 'private',
          startParam: params.get('start') ?? undefined,
        }).then((signed) => {
          res.setHeader('content-type', 'text/plain');
          res.end(signed);
        }, next);
      });
    },
  };
}
