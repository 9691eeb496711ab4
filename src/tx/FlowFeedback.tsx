import { useEffect, useRef } from 'react';
import { haptic, setClosingConfirmation } from '../telegram/sdk';
import { isPending, useFlows, type FlowStatus } from './flow-store';

/**
 * Telegram-side feedback for transaction flows: closing confirmation while money is in flight,
 * and a haptic when a flow ends (success or failure).
 */
export function FlowFeedback() {
  const flows = useFlows((s) => s.flows);
  const seen = useRef<Record<string, FlowStatus>>({});
  const pending = Object.values(flows).some(isPending);
  useEffect(() => setClosingConfirmation(pending), [pending]);
  useEffect(() => {
    for (const flow of Object.values(flows)) {
      const before = seen.current[flow.id];
      if (before !== undefined && before !== flow.status) {
        if (flow.status === 'confirmed') haptic.success();
        if (flow.status === 'error') haptic.error();
      }
      seen.current[flow.id] = flow.status;
    }
  }, [flows]);
  return null;
}
