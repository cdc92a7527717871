import type { ReactNode } from 'react';
import { SynapseLogo } from '../components/SynapseLogo';

/** The centred card the sign-in, sign-up and invite pages share. */
export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="auth-title">
        <div className="auth-card__brand">
          <SynapseLogo size={32} />
          <span>Synapse</span>
        </div>
        <h1 id="auth-title" className="auth-card__title">
          {title}
        </h1>
        {subtitle && <p className="auth-card__subtitle">{subtitle}</p>}
        {children}
      </section>
    </main>
  );
}
