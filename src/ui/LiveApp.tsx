// The live view's root: the App, plus Ctrl-C. Ink keeps stdin in raw mode (so keys do not echo
// over the screen), which turns Ctrl-C into input instead of SIGINT; it is passed on here. With a
// person at the table (--human), the person's composer opens under the cards when their turn comes,
// and the other seats' replies stay hidden until the round is over, as they are from the models.
import { useInput, useStdin } from 'ink';
import { useEffect, useState } from 'react';
import type { HumanQueue, HumanTurnRequest } from '../core/human.js';
import { App } from './App.js';
import { COMPOSER_LINES, HumanComposer } from './HumanComposer.js';
import { isCtrlC } from './keys.js';
import { concealRound, type ViewState } from './state.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface LiveAppProps {
  state: ViewState;
  transcriptPath: string;
  onInterrupt?: () => void;
  /** The person's seat (--human): where their turns are asked. */
  desk?: HumanQueue;
}

export function LiveApp({ state, transcriptPath, onInterrupt, desk }: LiveAppProps) {
  const { isRawModeSupported } = useStdin();
  const { columns } = useTerminalSize();
  const [asked, setAsked] = useState<HumanTurnRequest | null>(null);
  useEffect(() => (desk ? desk.subscribe(setAsked) : undefined), [desk]);
  useInput(
    (input, key) => {
      if (isCtrlC(input, key)) onInterrupt?.();
    },
    { isActive: Boolean(onInterrupt) && isRawModeSupported },
  );
  const shown = desk ? concealRound(state) : state;
  // The composer sits under the live part, which leaves it room on the screen.
  const composer = desk && asked ? <HumanComposer key={`${asked.round}-${asked.reask ?? ''}`} request={asked} onSubmit={(reply) => desk.answer(reply)} width={Math.max(20, columns)} /> : null;
  return <App state={shown} transcriptPath={transcriptPath} mode="live" footer={composer} footerLines={composer ? COMPOSER_LINES : 0} />;
}
