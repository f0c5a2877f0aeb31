import type { OrderStatus } from '@/lib/api/types';
import { formatStatus } from '@/lib/format';

import styles from './status-badge.module.css';

const TONES: Record<OrderStatus, string | undefined> = {
  created: styles.pending,
  'awaiting:payment': styles.pending,
  complete: styles.complete,
  cancelled: styles.cancelled,
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span className={`${styles.badge} ${TONES[status] ?? ''}`} data-status={status}>
      {formatStatus(status)}
    </span>
  );
}
