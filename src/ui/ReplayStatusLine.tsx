// The replay's controls line: "Replay · round 1/2 · playing ×1 · space pause · ←/→ rounds · +/- speed · q quit".
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

/** The speeds + and - step through. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32] as const;

/**
 * The next speed up (+1) or down (-1) from `speed`: the nearest step of SPEEDS beyond it, so an
 * odd --speed (3) goes to 4 or 2. Instant (0) stays instant going up and slows to the fastest step.
 */
export function speedStep(speed: number, direction: 1 | -1): number {
  const instant = !(Number.isFinite(speed) && speed > 0);
  if (instant) return direction > 0 ? speed : SPEEDS.at(-1)!;
  if (direction > 0) return SPEEDS.find((s) => s > speed) ?? speed;
  return [...SPEEDS].reverse().find((s) => s < speed) ?? speed;
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
  const keys = interactive ? ` · space ${paused ? 'play' : 'pause'} · ←/→ rounds · +/- speed · q quit` : '';
  return `Replay · ${where} · ${state}${keys}`;
}

export function ReplayStatusLine(props: LineProps) {
  return <Paragraph text={replayStatusText(props)} width={props.width} color={props.paused ? 'yellow' : 'cyan'} />;
}
