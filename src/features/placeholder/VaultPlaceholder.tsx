import { NotYetScreen } from './NotYetScreen';

export default function VaultPlaceholder() {
  return <NotYetScreen feature="vault" />;
}
