import type { Item } from '@switchboard/chat';
import { ContentTypes } from '@switchboard/chat';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { clockTime } from '../../lib/format.js';
import { INTERACTIVE, parseInteractive } from '../../lib/interactive.js';
import { renderMarkdown, renderPlain } from '../../lib/markdown.js';
import { t } from '../../i18n/index.js';
import { FileIcon } from '../icons.js';

interface Props {
  readonly items: readonly Item[];
  readonly me: string;
  readonly receipts: Readonly<Record<string, 'delivered' | 'read'>>;
  readonly typing: string | undefined;
  readonly loading: boolean;
  readonly onDownload: (attachmentId: string, name: string) => void;
}

type Row =
  | { kind: 'event'; item: Item; text: string }
  | { kind: 'message'; item: Item; mine: boolean; first: boolean; last: boolean };

const GROUP_MS = 5 * 60_000;

const eventText = (i: Item): string | undefined => {
  const who = i.DisplayName ?? (i.ParticipantRole === 'CUSTOMER' ? t.tabs.customer : '');
  switch (i.ContentType) {
    case ContentTypes.participantJoined:
      return t.chat.joined(who);
    case ContentTypes.participantLeft:
      return t.chat.left(who);
    case ContentTypes.chatEnded:
      return t.chat.ended;
    case ContentTypes.transferSucceeded:
      return t.chat.transferred;
    default:
      return undefined;
  }
};

/** Messages grouped by sender (within 5 minutes), events as dividers; receipts and typing are not rows. */
function rows(items: readonly Item[], me: string): Row[] {
  const out: Row[] = [];
  for (const item of items) {
    if (item.Type === 'MESSAGE' || item.Type === 'ATTACHMENT') {
      const prev = out[out.length - 1];
      const mine = item.ParticipantId === me;
      const first = !(
        prev?.kind === 'message' &&
        prev.item.ParticipantId === item.ParticipantId &&
        Date.parse(item.AbsoluteTime) - Date.parse(prev.item.AbsoluteTime) < GROUP_MS
      );
      if (!first && prev?.kind === 'message') prev.last = false;
      out.push({ kind: 'message', item, mine, first, last: true });
    } else if (item.Type === 'EVENT') {
      const text = eventText(item);
      if (text) out.push({ kind: 'event', item, text });
    }
  }
  return out;
}

export function Transcript({ items, me, receipts, typing, loading, onDownload }: Props) {
  const list = useMemo(() => rows(items, me), [items, me]);
  const end = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  // Follow the conversation while the agent is at the bottom; leave them be when they scrolled up.
  useLayoutEffect(() => {
    if (stick.current) end.current?.scrollIntoView({ block: 'end' });
  });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const on = () => {
      stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    };
    el.addEventListener('scroll', on, { passive: true });
    return () => el.removeEventListener('scroll', on);
  }, []);

  // The last of my messages the other side read / received.
  const lastMine = [...list].reverse().find((r) => r.kind === 'message' && r.mine);

  return (
    <div
      className="sb-transcript"
      ref={box}
      role="log"
      aria-live="polite"
      aria-relevant="additions"
      aria-label={t.chat.transcript}
      // A scrolling region takes keyboard focus so it can be scrolled without a mouse (axe: scrollable-region-focusable).
      // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
      tabIndex={0}
    >
      {loading && list.length === 0 ? <p className="sb-transcript__loading">{t.chat.loading}</p> : null}
      {list.map((r) =>
        r.kind === 'event' ? (
          <div key={r.item.Id} className="sb-event" role="note">
            <span>{r.text}</span> <time dateTime={r.item.AbsoluteTime}>{clockTime(r.item.AbsoluteTime)}</time>
          </div>
        ) : (
          <div
            key={r.item.Id}
            className={`sb-msg ${r.mine ? 'sb-msg--mine' : 'sb-msg--them'} ${r.first ? 'sb-msg--first' : ''} ${r.last ? 'sb-msg--last' : ''}`}
          >
            {r.first ? (
              <div className="sb-msg__meta">
                <span className="sb-msg__who">
                  {r.mine
                    ? t.chat.you
                    : r.item.ParticipantRole === 'SYSTEM'
                      ? t.chat.system
                      : (r.item.DisplayName ?? t.tabs.customer)}
                </span>
                <time dateTime={r.item.AbsoluteTime}>{clockTime(r.item.AbsoluteTime)}</time>
              </div>
            ) : null}
            <Bubble item={r.item} onDownload={onDownload} />
            {lastMine === r && receipts[r.item.Id] ? (
              <div className="sb-msg__receipt">{receipts[r.item.Id] === 'read' ? t.chat.read : t.chat.delivered}</div>
            ) : null}
          </div>
        ),
      )}
      {typing !== undefined ? (
        <div className="sb-typing" role="status">
          <span className="sb-typing__dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {t.chat.typing(typing)}
        </div>
      ) : null}
      <div ref={end} />
    </div>
  );
}

function Bubble({ item, onDownload }: { item: Item; onDownload: (id: string, name: string) => void }) {
  if (item.Type === 'ATTACHMENT') {
    return (
      <div className="sb-bubble sb-bubble--file">
        {(item.Attachments ?? []).map((a) => (
          <button
            key={a.AttachmentId}
            type="button"
            className="sb-file"
            onClick={() => onDownload(a.AttachmentId, a.AttachmentName)}
          >
            <FileIcon />
            <span className="sb-file__name">{a.AttachmentName}</span>
            <span className="sb-visually-hidden">{t.chat.download(a.AttachmentName)}</span>
          </button>
        ))}
      </div>
    );
  }
  if (item.ContentType === INTERACTIVE) {
    const view = parseInteractive(item.Content);
    if (view) {
      return (
        <div className="sb-bubble sb-bubble--interactive">
          <p className="sb-interactive__title">{view.title}</p>
          {view.subtitle ? <p className="sb-interactive__subtitle">{view.subtitle}</p> : null}
          <ul className="sb-interactive__choices" aria-label={t.chat.offered}>
            {view.choices.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      );
    }
  }
  const html = item.ContentType === 'text/markdown' ? renderMarkdown(item.Content ?? '') : renderPlain(item.Content ?? '');
  // The HTML comes from renderMarkdown / renderPlain, which let no HTML of the sender's through (markdown.test.ts).
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised above
  return <div className="sb-bubble" dangerouslySetInnerHTML={{ __html: html }} />;
}
