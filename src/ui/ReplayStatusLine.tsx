// The replay's controls line: "Replay · round 1/2 · playing ×1 · space pause · ←/→ rounds · q quit".
import { Paragraph } from './Paragraph.js';
import type { ViewState } from './state.js';

interface Props {
  view: ViewState;
  paused: boolean;
  ended: boolean;
  /** Quit before the end: the last frame, with no keys left to press. */
  stopped?: boolean;
  speed: number;
  /** Keys work only on a terminal that gives raw input. */
  interactive: boolean;
}

interface LineProps extends Props {
  width: number;
}

export function speedLabel(speed: number): string {
  return Number.isFinite(speed) && speed > 0 ? `×${Number(speed.toFixed(2))}` : 'instant';
}

export function replayStatusText({ view, paused, ended, stopped, speed, interactive }: Props): string {
  const where =
    view.status === 'judging' || view.judge.status === 'done'
      ? 'judging'
      : view.round > 0
        ? `round ${view.round}/${Math.max(view.totalRounds, view.round)}`
        : 'starting';
  if (ended) return 'Replay · finished';
  if (stopped) return `Replay · stopped at ${where}`;
  const state = `${paused ? 'paused' : 'playing'} ${speedLabel(speed)}`;
  const keys = interactive ? ` · space ${paused ? 'play' : 'pause'} · ←/→ rounds · q quit` : '';
  return `Replay · ${where} · ${state}${keys}`;
}

export function ReplayStatusLine(props: LineProps) {
  return <Paragraph text={replayStatusText(props)} width={props.width} color={props.paused ? 'yellow' : 'cyan'} />;
}
