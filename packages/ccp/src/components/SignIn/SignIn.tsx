import { type FormEvent, useEffect, useRef, useState } from 'react';
import { t } from '../../i18n/index.js';
import { useDesktop, useDesktopState } from '../../state/hooks.js';
import './SignIn.css';

export function SignIn() {
  const desktop = useDesktop();
  const { phase, signInMessage } = useDesktopState();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const userRef = useRef<HTMLInputElement>(null);
  const busy = phase === 'signing-in';

  useEffect(() => userRef.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!username || !password || busy) return;
    void desktop.signIn(username.trim(), password);
  };

  return (
    <main className="sb-signin">
      <form className="sb-signin__card" onSubmit={submit} aria-labelledby="sb-signin-title">
        <div className="sb-signin__brand" aria-hidden="true">
          <span className="sb-signin__logo">S</span> {t.appName}
        </div>
        <h1 id="sb-signin-title">{t.signIn.title}</h1>
        <p className="sb-signin__subtitle">{t.signIn.subtitle}</p>
        {signInMessage ? (
          <p className="sb-signin__message" role="alert">
            {signInMessage}
          </p>
        ) : null}
        <div className="sb-field">
          <label htmlFor="sb-username">{t.signIn.username}</label>
          <input
            id="sb-username"
            ref={userRef}
            className="sb-input"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="sb-field">
          <label htmlFor="sb-password">{t.signIn.password}</label>
          <input
            id="sb-password"
            className="sb-input"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button className="sb-button sb-button--primary sb-signin__submit" type="submit" disabled={busy}>
          {busy ? t.signIn.submitting : t.signIn.submit}
        </button>
      </form>
    </main>
  );
}
