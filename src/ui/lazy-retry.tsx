import { lazy, type ComponentProps, type ComponentType, type JSX } from 'react';

const failed = new Set<() => void>();

/** Lets every component whose code failed to load try again the next time it renders. */
export function retryFailedLoads(): void {
  for (const again of [...failed]) again();
  failed.clear();
}

/**
 * React.lazy keeps a failed load forever, so a chunk that did not arrive (a phone losing its
 * network between screens) would stay broken until a reload. Here the failure reaches the nearest
 * error boundary as usual, and the boundary's "Try again" (or a new visit to the screen) calls
 * retryFailedLoads() to fetch the chunk afresh. Retries happen only on those user actions, so an
 * offline phone never loops on a failing import.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same bound React.lazy puts on the component type
export function lazyRetry<T extends ComponentType<any>>(load: () => Promise<{ default: T }>): (props: ComponentProps<T>) => JSX.Element {
  const attempt = () =>
    lazy(() =>
      load().catch((error: unknown) => {
        failed.add(() => (current = attempt()));
        throw error;
      }),
    );
  let current = attempt();
  function LazyRetry(props: ComponentProps<T>) {
    const Current = current;
    return <Current {...props} />;
  }
  return LazyRetry;
}
