import { Suspense, useEffect } from 'react';
import { useAfterFirstPaint } from '../ui/after-first-paint';
import { lazyRetry } from '../ui/lazy-retry';
import { releaseTonLibs, withTonLibs } from '../chain/ton-libs';
import { Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { useBackButton } from '../telegram/hooks';
import { FlowFeedback } from '../tx/FlowFeedback';
import { ErrorBoundary } from './ErrorBoundary';
import { TabBar } from './TabBar';
import { ROUTES } from './routes';

// TON Connect loads right after the first paint; @ton/* only once it is in (see withTonLibs).
const loadWalletHost = () => import('../wallet/WalletHost');
const WalletHost = lazyRetry(loadWalletHost);

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
  const walletReady = useAfterFirstPaint();
  useEffect(() => {
    if (!walletReady) return;
    onPainted?.();
    void loadWalletHost().then(releaseTonLibs, releaseTonLibs);
    void withTonLibs(() => import('../tx/runner')).then((m) => m.resumePendingFlows());
  }, [walletReady, onPainted]);
  return (
    <Router hook={useHashLocation}>
      <main className="safe-area min-h-screen pb-24">
        <Screens />
      </main>
      <TabBar />
      <FlowFeedback />
      {walletReady && (
        <ErrorBoundary>
          <Suspense fallback={null}>
            <WalletHost dark={dark} />
          </Suspense>
        </ErrorBoundary>
      )}
    </Router>
  );
}
