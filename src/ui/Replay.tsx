// The replay player: the saved debate plays through the same App as a live run. Space pauses and
// resumes, → jumps to the next round, ← back to the previous one, q or Escape quits. At the end the
// closing frame is printed and the player exits by itself.
import { useInput, useStdin } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Transcript } from '../core/schema.js';
import { ExitCode } from '../util/errors.js';
import { App } from './App.js';
import { AnimationContext } from './Busy.js';
import { replayEvents } from './replay-events.js';
import { advance, nextBatch, nextSegment, previousSegment, seek, startPlayer, timeline } from './replay-player.js';
import { estimateLines } from './layout.js';
import { ReplayStatusLine, replayStatusText } from './ReplayStatusLine.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface ReplayProps {
  transcript: Transcript;
  transcriptPath: string;
  /** 1 is the recorded pace, 2 twice as fast, 0 instant. */
  speed: number;
  /** Called once: 0 when the replay ended or was quit, 130 on Ctrl-C. */
  onExit: (code: number) => void;
}

export function Replay({ transcript, transcriptPath, speed, onExit }: ReplayProps) {
  const line = useMemo(() => timeline(replayEvents(transcript, { speed })), [transcript, speed]);
  const [player, setPlayer] = useState(startPlayer);
  const { isRawModeSupported } = useStdin();
  const { columns } = useTerminalSize();
  const exited = useRef(false);
  const exit = useCallback(
    (code: number) => {
      if (exited.current) return;
      exited.current = true;
      onExit(code);
    },
    [onExit],
  );

  useEffect(() => {
    if (player.paused || player.ended) return;
    const batch = nextBatch(line, player);
    if (!batch) return;
    const timer = setTimeout(() => setPlayer((p) => advance(line, p, batch.to, batch.clock)), batch.waitMs);
    return () => clearTimeout(timer);
  }, [line, player]);

  useEffect(() => {
    if (player.ended) exit(ExitCode.ok);
  }, [player.ended, exit]);

  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') exit(ExitCode.interrupted);
      else if (input === 'q' || input === 'Q' || key.escape) exit(ExitCode.ok);
      else if (input === ' ') setPlayer((p) => (p.ended ? p : { ...p, paused: !p.paused }));
      else if (key.rightArrow) {
        setPlayer((p) => {
          const to = nextSegment(line, p.pos);
          return advance(line, p, to, line.at[to - 1] ?? p.clock);
        });
      } else if (key.leftArrow) setPlayer((p) => seek(line, p, previousSegment(line, p.pos)));
    },
    { isActive: isRawModeSupported },
  );

  const status = { view: player.view, paused: player.paused, ended: player.ended, speed, interactive: isRawModeSupported };
  return (
    <AnimationContext.Provider value={!player.paused}>
      <App
        state={player.view}
        transcriptPath={transcriptPath}
        mode="replay"
        final={player.ended}
        footerLines={estimateLines(replayStatusText(status), columns)}
        footer={<ReplayStatusLine {...status} width={Math.max(20, columns)} />}
      />
    </AnimationContext.Provider>
  );
}
