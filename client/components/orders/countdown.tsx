import { formatDuration } from '@/lib/format';

import styles from './order.module.css';

const LAST_MINUTE = 60_000;

/** The time left to pay; a timer region, so screen readers read it when asked, not every tick. */
export function Countdown({ timeLeft }: { timeLeft: number }) {
  const urgent = timeLeft <= LAST_MINUTE;
  return (
    <p className={`${styles.countdown} ${urgent ? styles.urgent : ''}`}>
      Time left to pay:{' '}
      <span role="timer" className={styles.clock} data-testid="countdown">
        {formatDuration(timeLeft)}
      </span>
    </p>
  );
}
