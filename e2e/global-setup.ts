import { startE2eStack } from './stack';

// Playwright runs the returned function as the global teardown.
export default async function globalSetup() {
  return startE2eStack();
}
