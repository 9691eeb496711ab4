import { Component, type ReactNode } from 'react';
import { translate, useLanguage } from '../i18n/i18n';
import { retryFailedLoads } from '../ui/lazy-retry';

interface Props {
  children: ReactNode;
  /** Changing it clears a caught error (the route boundary resets on navigation). */
  resetKey?: string;
}

/** Catches a render error so one broken screen never takes the whole app down. */
export class ErrorBoundary extends Component<Props, { error: Error | null; resetKey?: string }> {
  override state: { error: Error | null; resetKey?: string } = { error: null, resetKey: this.props.resetKey };

  constructor(props: Props) {
    super(props);
    // A new visit to a screen (each route has its own boundary) loads code that failed before once more.
    retryFailedLoads();
  }

  private retry = () => {
    retryFailedLoads();
    this.setState({ error: null });
  };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: Error | null; resetKey?: string }) {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const language = useLanguage.getState().language;
    return (
      <div role="alert" className="m-3 rounded-xl bg-tg-section-bg p-4">
        <p className="font-semibold">{translate(language, 'error.boundary.title')}</p>
        <p className="mt-1 break-words text-sm text-tg-hint">{this.state.error.message}</p>
        <button type="button" className="mt-3 text-sm text-tg-link" onClick={this.retry}>
          {translate(language, 'error.boundary.retry')}
        </button>
      </div>
    );
  }
}
