import { useEffect, useRef } from 'react';
import { canPickOutput } from '../../state/softphone.js';
import { useSoftphone } from '../../state/hooks.js';

/**
 * The call's audio: one `<audio>` per line the call receives, played on the chosen speaker.
 * Mounted with the workspace, not the call view, so the call is heard from any tab.
 */
export function CallAudio() {
  const [, state] = useSoftphone();
  return (
    <>
      {state.tracks.map((track, line) =>
        track ? <LineAudio key={track.id} track={track} line={line} outputId={state.outputId} /> : null,
      )}
    </>
  );
}

function LineAudio({ track, line, outputId }: { track: MediaStreamTrack; line: number; outputId: string }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = new MediaStream([track]);
    audio.play().catch(() => undefined);
    return () => {
      audio.srcObject = null;
    };
  }, [track]);
  useEffect(() => {
    const audio = ref.current as (HTMLAudioElement & { setSinkId?(id: string): Promise<void> }) | null;
    if (audio && canPickOutput()) audio.setSinkId?.(outputId).catch(() => undefined);
  }, [outputId]);
  // biome-ignore lint/a11y/useMediaCaption: a live call's audio has no captions to give.
  return <audio ref={ref} className="sb-call-audio" data-line={line} autoPlay hidden />;
}
