// The live view's root: the App, plus Ctrl-C. Ink keeps stdin in raw mode (so keys do not echo
// over the screen), which turns Ctrl-C into input instead of SIGINT; it is passed on here.
import { useInput, useStdin } from 'ink';
import { App } from './App.js';
import { isCtrlC } from './keys.js';
import type { ViewState } from './state.js';

export interface LiveAppProps {
  state: ViewState;
  transcriptPath: string;
  onInterrupt?: () => void;
}

export function LiveApp({ state, transcriptPath, onInterrupt }: LiveAppProps) {
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      if (isCtrlC(input, key)) onInterrupt?.();
    },
    { isActive: Boolean(onInterrupt) && isRawModeSupported },
  );
  return <App state={state} transcriptPath={transcriptPath} mode="live" />;
}
