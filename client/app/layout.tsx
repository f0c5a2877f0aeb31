import './globals.css';

import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';

import { Header } from '@/components/header/header';
import { getCurrentUser } from '@/lib/session';

import styles from './layout.module.css';

export const metadata: Metadata = {
  title: { default: 'Ticketing', template: '%s · Ticketing' },
  description: 'Buy and sell tickets for events.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  return (
    <html lang="en">
      <body>
        <a href="#main" className={styles.skipLink}>
          Skip to content
        </a>
        <Header user={user} />
        <main id="main" tabIndex={-1} className={styles.main}>
          {children}
        </main>
        <footer className={styles.footer}>
          Ticketing — a ticket you buy is held for you while you pay.
        </footer>
      </body>
    </html>
  );
}
