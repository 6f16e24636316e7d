import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { Ringtone } from './lib/ringtone.js';
import { Desktop } from './state/desktop.js';
import { DesktopContext } from './state/hooks.js';
import { softphoneOf } from './state/softphone.js';
import { startStreamsBridge } from './streams/index.js';
import './styles/theme.css';

// The desktop is served by the Switchboard it talks to: same origin.
const desktop = new Desktop(location.origin, new Ringtone());
// The softphone follows the desktop from the start: a ringing call opens its media leg.
const softphone = softphoneOf(desktop);
// Embedded by a CRM page (amazon-connect-streams' initCCP): speak its iframe protocol.
if (window.parent !== window) startStreamsBridge(desktop, { window, origin: location.origin, softphone });
desktop.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DesktopContext.Provider value={desktop}>
      <App />
    </DesktopContext.Provider>
  </StrictMode>,
);
