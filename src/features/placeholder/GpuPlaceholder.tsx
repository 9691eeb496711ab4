import { NotYetScreen } from './NotYetScreen';

export default function GpuPlaceholder() {
  return <NotYetScreen feature="gpu" />;
}
