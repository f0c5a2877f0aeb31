import type { ReactNode } from 'react';

import styles from './notice.module.css';

interface NoticeProps {
  tone: 'info' | 'success' | 'warning' | 'error';
  title?: string;
  /** `status` or `alert` when the notice appears in answer to something the user did. */
  role?: 'status' | 'alert';
  children?: ReactNode;
}

export function Notice({ tone, title, role, children }: NoticeProps) {
  return (
    <div className={`${styles.notice} ${styles[tone]}`} role={role}>
      {title && <p className={styles.title}>{title}</p>}
      {children}
    </div>
  );
}
