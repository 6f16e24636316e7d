/** Thin React hooks over the framework-free stores. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { ChatState, ChatStore } from './chat-store.js';
import type { Desktop, DesktopState } from './desktop.js';
import { type Softphone, type SoftphoneState, softphoneOf } from './softphone.js';
import { type Tasks, tasksOf } from './tasks.js';

export const DesktopContext = createContext<Desktop | null>(null);

export function useDesktop(): Desktop {
  const d = useContext(DesktopContext);
  if (!d) throw new Error('useDesktop outside <DesktopContext.Provider>');
  return d;
}

/** The desktop's task actions (pause, resume, templates, create). */
export function useTasks(): Tasks {
  return tasksOf(useDesktop());
}

/** The desktop's softphone (its call's media, devices and quality) and its state. */
export function useSoftphone(): [Softphone, SoftphoneState] {
  const phone = softphoneOf(useDesktop());
  return [phone, useSyncExternalStore(phone.store.subscribe, phone.store.get)];
}

export function useDesktopState(): DesktopState {
  const d = useDesktop();
  return useSyncExternalStore(d.store.subscribe, d.store.get);
}

const EMPTY_CHAT: ChatState = {
  items: [],
  loading: true,
  connection: 'connecting',
  typing: undefined,
  receipts: {},
  uploads: [],
  error: undefined,
};
const noop = () => () => undefined;

export function useChat(chat: ChatStore | undefined): ChatState {
  return useSyncExternalStore(chat ? chat.store.subscribe : noop, chat ? chat.store.get : () => EMPTY_CHAT);
}

/** The time now, re-rendering every `everyMs` (for timers and countdowns). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
