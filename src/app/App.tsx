import { Suspense, useEffect, useState } from 'react';
import { useAfterFirstPaint } from '../ui/after-first-paint';
import { releaseTonLibs, withTonLibs } from '../chain/ton-libs';
import { Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { useBackButton } from '../telegram/hooks';
import { FlowFeedback } from '../tx/FlowFeedback';
import { useWallet } from '../wallet/wallet-store';
import { ErrorBoundary } from './ErrorBoundary';
import { TabBar } from './TabBar';
import { ROUTES } from './routes';
import type * as WalletHostModuleType from '../wallet/WalletHost';

// TON Connect loads right after the first paint; @ton/* only once it is in (see withTonLibs).
type WalletHostModule = typeof WalletHostModuleType;

function Screens() {
  const [location, navigate] = useLocation();
  const route = ROUTES.find((r) => r.path === location);
  // Back goes to the screen's parent, also when the app was opened on it by a deep link (history.back would leave the app).
  useBackButton(!!route?.parent, () => route?.parent && navigate(route.parent, { replace: true }));
  return (
    <Switch>
      {ROUTES.map(({ path, component: Screen }) => (
        <Route key={path} path={path}>
          <ErrorBoundary resetKey={path}>
            <Suspense fallback={<div className="p-4" aria-busy="true" />}>
              <Screen />
            </Suspense>
          </ErrorBoundary>
        </Route>
      ))}
      <Route>{() => <Redirect to="/" navigate={navigate} />}</Route>
    </Switch>
  );
}

function Redirect({ to, navigate }: { to: string; navigate: (to: string, o?: { replace?: boolean }) => void }) {
  useEffect(() => navigate(to, { replace: true }), [to, navigate]);
  return null;
}

/** `onPainted` runs once the first screen is on screen: work that must not compete with it starts there. */
export function App({ dark, onPainted }: { dark: boolean; onPainted?: () => void }) {
  // After the first screen has painted: TON Connect, then the TON libraries, which resume any transaction a reload interrupted.
  const painted = useAfterFirstPaint();
  const loadAttempt = useWallet((s) => s.loadAttempt);
  const [host, setHost] = useState<WalletHostModule | null>(null);
  useEffect(() => {
    if (!painted) return;
    onPainted?.();
    void withTonLibs(() => import('../tx/runner')).then((m) => m.resumePendingFlows());
  }, [painted, onPainted]);
  useEffect(() => {
    if (!painted) return;
    let current = true;
    import('../wallet/WalletHost').then(
      (module) => {
        if (current) setHost(module);
        releaseTonLibs();
      },
      () => {
        // Offline at the wrong moment: the Connect button says so and offers to try again (retryWalletLoad).
        if (current) useWallet.setState({ status: 'unavailable' });
        releaseTonLibs();
      },
    );
    return () => {
      current = false;
    };
  }, [painted, loadAttempt]);
  const WalletHost = host?.default;
  return (
    <Router hook={useHashLocation}>
      <main className="safe-area min-h-screen pb-24">
        <Screens />
      </main>
      <TabBar />
      <FlowFeedback />
      {WalletHost && (
        <ErrorBoundary>
          <WalletHost dark={dark} />
        </ErrorBoundary>
      )}
    </Router>
  );
}
