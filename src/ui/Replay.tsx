// The replay player: the saved debate plays through the same App as a live run. Space pauses and
// resumes; → steps one round on (in the last round: its end, then the judgement), ← one round
// back; + and - play faster and slower (speedStep); q or Escape quits, leaving a last frame without the key help. Paused, nothing moves or
// exits until a key says so; playing, the closing frame is printed at the end and the player exits.
import { useInput, useStdin } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Transcript } from '../core/schema.js';
import { ExitCode } from '../util/errors.js';
import { App } from './App.js';
import { AnimationContext } from './Busy.js';
import { isCtrlC } from './keys.js';
import { replayEvents } from './replay-events.js';
import { advance, nextBatch, nextStop, previousStop, seek, startPlayer, timeline } from './replay-player.js';
import { estimateLines } from './layout.js';
import { ReplayStatusLine, replayStatusText, speedStep } from './ReplayStatusLine.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface ReplayProps {
  transcript: Transcript;
  transcriptPath: string;
  /** 1 is the recorded pace, 2 twice as fast, 0 instant. */
  speed: number;
  /** Called once: 0 when the replay ended or was quit, 130 on Ctrl-C. */
  onExit: (code: number) => void;
}

export function Replay({ transcript, transcriptPath, speed: startSpeed, onExit }: ReplayProps) {
  const [speed, setSpeed] = useState(startSpeed);
  const line = useMemo(() => timeline(replayEvents(transcript, { speed })), [transcript, speed]);
  const [player, setPlayer] = useState(startPlayer);
  const { isRawModeSupported } = useStdin();
  const { columns } = useTerminalSize();
  const exited = useRef(false);
  // Quitting draws one more frame, without the key help, before the player exits.
  const [stopping, setStopping] = useState<number | null>(null);
  const exit = useCallback(
    (code: number) => {
      if (exited.current) return;
      exited.current = true;
      onExit(code);
    },
    [onExit],
  );

  useEffect(() => {
    if (player.paused || player.ended || stopping !== null) return;
    const batch = nextBatch(line, player);
    if (!batch) return;
    const timer = setTimeout(() => setPlayer((p) => advance(line, p, batch.to, batch.clock)), batch.waitMs);
    return () => clearTimeout(timer);
  }, [line, player, stopping]);

  useEffect(() => {
    if (stopping !== null) exit(stopping);
    else if (player.ended) exit(ExitCode.ok);
  }, [player.ended, stopping, exit]);

  const stop = (code: number) => setStopping((current) => current ?? code);

  useInput(
    (input, key) => {
      if (stopping !== null) return;
      if (isCtrlC(input, key)) stop(ExitCode.interrupted);
      else if (input === 'q' || input === 'Q' || key.escape) stop(ExitCode.ok);
      else if (input === ' ') setPlayer((p) => (p.ended ? p : { ...p, paused: !p.paused }));
      else if (input === '+' || input === '=' || input === '-' || input === '_') {
        const next = speedStep(speed, input === '+' || input === '=' ? 1 : -1);
        if (next === speed) return;
        // The timeline's times are the recorded ones divided by the speed: the clock of the moment
        // shown is rescaled with it, so playback goes on from the same place at the new pace.
        const at = timeline(replayEvents(transcript, { speed: next })).at;
        setSpeed(next);
        setPlayer((p) => ({ ...p, clock: p.pos > 0 ? (at[p.pos - 1] ?? 0) : 0 }));
      }
      else if (key.rightArrow) {
        setPlayer((p) => {
          const to = nextStop(line, p.pos);
          return advance(line, p, to, line.at[to - 1] ?? p.clock);
        });
      } else if (key.leftArrow) setPlayer((p) => seek(line, p, previousStop(line, p.pos)));
    },
    { isActive: isRawModeSupported },
  );

  const status = { view: player.view, paused: player.paused, ended: player.ended, stopped: stopping !== null, speed, interactive: isRawModeSupported };
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
