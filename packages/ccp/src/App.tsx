import { lazy, Suspense, useEffect, useState } from 'react';
import { AppIdle } from './components/AppIdle.js';
import { CallAudio } from './components/CallView/CallAudio.js';
import { ContactPanel } from './components/ContactPanel/ContactPanel.js';
import { ContactTabs } from './components/ContactTabs/ContactTabs.js';
import { HelpDialog } from './components/HelpDialog/HelpDialog.js';
import { Incoming } from './components/Incoming/Incoming.js';
import { Notice } from './components/Notice/Notice.js';
import { SignIn } from './components/SignIn/SignIn.js';
import { TopBar } from './components/TopBar/TopBar.js';
import { agentConnection, isRinging } from './state/desktop.js';
import { useDesktop, useDesktopState } from './state/hooks.js';
import { softphoneOf } from './state/softphone.js';
import './App.css';

// Loaded the first time an agent creates a task: most sessions never do.
const CreateTaskDialog = lazy(() =>
  import('./components/CreateTask/CreateTaskDialog.js').then((m) => ({ default: m.CreateTaskDialog })),
);

export function App() {
  const { phase, theme } = useDesktopState();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  if (phase === 'starting') return null;
  if (phase !== 'signed-in') return <SignIn />;
  return <Workspace />;
}

function Workspace() {
  const desktop = useDesktop();
  const { data, selected } = useDesktopState();
  const [help, setHelp] = useState(false);
  const [transfer, setTransfer] = useState(false);
  const [newTask, setNewTask] = useState(false);
  const contacts = data?.snapshot.contacts ?? [];
  const current = contacts.find((c) => c.contactId === selected && !isRinging(c));

  // Keyboard shortcuts (listed in the help dialog).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
      if (e.key === '?' && !typing && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        setHelp(true);
        return;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const ringing = (desktop.store.get().data?.snapshot.contacts ?? []).find(isRinging);
      const sel = desktop.store.get().selected;
      const key = e.code.replace(/^Key/, '').toLowerCase();
      const run = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (key === 'a' && ringing) run(() => void desktop.accept(ringing.contactId).catch(() => undefined));
      else if (key === 'r' && ringing) run(() => void desktop.reject(ringing.contactId).catch(() => undefined));
      else if (key === 'e' && sel) run(() => void desktop.end(sel).catch(() => undefined));
      else if (key === 't' && sel) run(() => setTransfer(true));
      else if (key === 'n') run(() => desktop.selectNext());
      else if (key === 'm') {
        const call = desktop.store
          .get()
          .data?.snapshot.contacts.find((c) => c.contactId === sel && c.type === 'voice' && c.state.type === 'connected');
        if (call) run(() => void softphoneOf(desktop).setMuted(call, agentConnection(call)?.mute !== true));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [desktop]);

  if (!data) {
    return (
      <div className="sb-app">
        <Notice />
      </div>
    );
  }
  return (
    <div className="sb-app">
      <TopBar onHelp={() => setHelp(true)} onNewTask={() => setNewTask(true)} />
      <Notice />
      <main className="sb-app__main">
        <Incoming />
        <ContactTabs />
        {current ? (
          <ContactPanel contact={current} transferOpen={transfer} setTransferOpen={setTransfer} />
        ) : (
          <AppIdle hidden={contacts.some(isRinging)} />
        )}
      </main>
      <HelpDialog open={help} onOpenChange={setHelp} />
      <CallAudio />
      {newTask ? (
        <Suspense fallback={null}>
          <CreateTaskDialog open onOpenChange={setNewTask} />
        </Suspense>
      ) : null}
    </div>
  );
}
