import { NotYetScreen } from './NotYetScreen';

export default function ChatPlaceholder() {
  return <NotYetScreen feature="chat" />;
}
