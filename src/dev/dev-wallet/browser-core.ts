import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { config } from '../../config/env';
import { ApprovalDialog, type ApprovalRequest } from './ApprovalDialog';
import { createDevWalletCore, type Approvals } from './core';

const STORE_KEY = 'cocoon.devWallet';

let root: Root | undefined;

function ask(request: ApprovalRequest) {
  if (!root) {
    const host = document.createElement('div');
    host.id = 'cocoon-dev-wallet';
    document.body.append(host);
    root = createRoot(host);
  }
  root.render(createElement(ApprovalDialog, { request }));
}

const close = () => root?.render(null);

const dialogApprovals: Approvals = {
  connect: (r) =>
    new Promise((resolve) =>
      ask({
        kind: 'connect',
        ...r,
        resolve: (v) => {
          close();
          resolve(v);
        },
      }),
    ),
  transaction: (r) =>
    new Promise((resolve) =>
      ask({
        kind: 'transaction',
        ...r,
        resolve: (v) => {
          close();
          resolve(v);
        },
      }),
    ),
};

/** The dev wallet as the browser runs it: dialogs for approval, state in localStorage. */
export function browserDevWallet() {
  return createDevWalletCore({
    devnetUrl: config.devnetUrl,
    toncenterUrl: config.toncenterUrl,
    appDomain: location.host,
    approvals: dialogApprovals,
    store: {
      load: () => {
        try {
          const saved = JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}') as { account?: string | null; eventId?: number };
          return { account: saved.account ?? null, eventId: saved.eventId ?? 0 };
        } catch {
          return { account: null, eventId: 0 };
        }
      },
      save: (state) => localStorage.setItem(STORE_KEY, JSON.stringify(state)),
    },
  });
}
