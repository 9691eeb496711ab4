import { defineConfig, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { appEnvDefines, checkAppEnv } from './src/config/env-schema.ts';
import { brotliCopies, devServerEndpoints, firstScreenCompileHints, tonconnectManifest } from './scripts/vite-plugins.ts';

export default defineConfig(({ mode, command }) => {
  // A bad VITE_* value stops here, with the reason; the checked values are compiled into the app.
  const env = checkAppEnv(loadEnv(mode, process.cwd(), 'VITE_'));
  return {
    define: appEnvDefines(env),
    plugins: [
      // JSX transform and Fast Refresh.
      react(),
      // Tailwind 4 reads the CSS entry and emits only the classes the app uses.
      tailwindcss(),
      // tonconnect-manifest.json must name the origin the app is served from, so it is generated, not static.
      tonconnectManifest({ network: env.VITE_NETWORK, appUrl: process.env.APP_URL }),
      // Dev server only: initData signed with the dev bot token for the Telegram mock (the token never reaches the browser) and the dev wallets list.
      ...(command === 'serve' ? [devServerEndpoints()] : []),
      // Production builds: the first screen's chunks compile off the main thread, and every text asset has a .br copy.
      firstScreenCompileHints(),
      brotliCopies(),
    ],
    server: { host: '127.0.0.1', port: Number(process.env.APP_PORT ?? 5173), strictPort: true },
    preview: { host: '127.0.0.1', port: Number(process.env.APP_PORT ?? 5173), strictPort: true },
    build: {
      target: 'es2022',
      // Source maps help bench attribution without shipping them to users' first paint.
      sourcemap: false,
      chunkSizeWarningLimit: 700,
      rolldownOptions: {
        output: {
          // The TON libraries stay in their own chunks so no first-screen module is merged into them.
          codeSplitting: {
            groups: [
              // React first: otherwise the TON Connect group would swallow it as a dependency of @tonconnect/ui-react.
              { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
              { name: 'tonconnect', test: /node_modules[\\/]@tonconnect[\\/]/, priority: 2 },
              { name: 'ton', test: /node_modules[\\/](@ton|buffer|ieee754|base64-js|tweetnacl|jssha|axios)[\\/]/, priority: 1 },
            ],
          },
        },
      },
    },
  };
});
