// The "working" mark: an ink-spinner, or a still glyph when animation is off (a paused replay),
// so a paused screen does not change.
import { Text } from 'ink';
import Spinner from 'ink-spinner';
import { createContext, useContext } from 'react';

export const AnimationContext = createContext(true);

export function Busy({ color = 'cyan' }: { color?: string }) {
  const animate = useContext(AnimationContext);
  return <Text color={color}>{animate ? <Spinner type="dots" /> : '⋯'}</Text>;
}
