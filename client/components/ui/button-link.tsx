import Link from 'next/link';
import type { ComponentProps } from 'react';

import styles from './button.module.css';

type ButtonLinkProps = ComponentProps<typeof Link> & { variant?: 'primary' | 'secondary' };

/** A link that looks like a button, for navigation that reads as an action. */
export function ButtonLink({ variant = 'primary', className, ...props }: ButtonLinkProps) {
  const classes = [styles.button, styles[variant], className].filter(Boolean).join(' ');
  return <Link {...props} className={classes} />;
}
