import { NotYetScreen } from './NotYetScreen';

export default function AuctionsPlaceholder() {
  return <NotYetScreen feature="auctions" />;
}
