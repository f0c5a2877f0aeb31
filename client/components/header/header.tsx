import Link from 'next/link';

import type { CurrentUser } from '@/lib/api/types';

import styles from './header.module.css';
import { NavLink } from './nav-link';

/** The site header, rendered on the server with the user the session cookie names. */
export function Header({ user }: { user: CurrentUser | null }) {
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href="/" className={styles.brand}>
          Ticketing
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <ul className={styles.links}>
            {user ? (
              <>
                <li>
                  <NavLink href="/tickets/new">Sell a ticket</NavLink>
                </li>
                <li>
                  <NavLink href="/listings">My listings</NavLink>
                </li>
                <li>
                  <NavLink href="/orders">My orders</NavLink>
                </li>
                <li>
                  <NavLink href="/auth/signout" prefetch={false}>
                    Sign out
                  </NavLink>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink href="/auth/signin">Sign in</NavLink>
                </li>
                <li>
                  <NavLink href="/auth/signup">Sign up</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
        {user && (
          <p className={styles.user} data-current-user={user.email}>
            Signed in as <strong>{user.email}</strong>
          </p>
        )}
      </div>
    </header>
  );
}
