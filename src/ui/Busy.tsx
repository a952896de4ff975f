// The "working" mark: a braille spinner, or a still glyph when animation is off (a paused replay),
// so a paused screen does not change. Every spinner on screen turns with one shared clock (about
// 10 frames a second), which runs only while a spinner is shown: one timer, not one per card.
import { Text } from 'ink';
import { createContext, useContext, useSyncExternalStore } from 'react';

export const AnimationContext = createContext(true);

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
export const CLOCK_MS = 100;

/** One interval for every subscriber; stopped when the last one leaves. */
const clock = (() => {
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const listeners = new Set<() => void>();
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      timer ??= setInterval(() => {
        frame = (frame + 1) % FRAMES.length;
        for (const l of [...listeners]) l();
      }, CLOCK_MS);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    frame: () => frame,
  };
})();

const noSubscription = () => () => {};

function Spinner({ animate }: { animate: boolean }) {
  const frame = useSyncExternalStore(animate ? clock.subscribe : noSubscription, clock.frame);
  return <Text>{animate ? FRAMES[frame] : '⋯'}</Text>;
}

export function Busy({ color = 'cyan' }: { color?: string }) {
  const animate = useContext(AnimationContext);
  return (
    <Text color={color}>
      <Spinner animate={animate} />
    </Text>
  );
}
