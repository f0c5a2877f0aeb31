'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

import styles from './header.module.css';

interface NavLinkProps {
  href: string;
  children: ReactNode;
  /** Off for links whose page acts on arrival (sign out). */
  prefetch?: boolean;
}

/** A header link that marks the current page for sighted and screen-reader users alike. */
export function NavLink({ href, children, prefetch }: NavLinkProps) {
  const current = usePathname() === href;
  return (
    <Link
      href={href}
      prefetch={prefetch}
      className={styles.link}
      aria-current={current ? 'page' : undefined}
    >
      {children}
    </Link>
  );
}
