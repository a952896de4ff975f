// Reasoning some OpenAI-compatible servers put inside the answer itself: a leading
// `<think>…</think>` block in `content` (DeepSeek-R1 on Together, Groq, Hugging Face). It is
// reasoning, never the argument: stripped before parsing and held back from the live preview.

const OPEN = '<think>';
const CLOSE = '</think>';

/** Removes a leading think block (and the whitespace around it) from a whole reply. */
export function stripThinkBlock(text: string): string {
  const lead = text.trimStart();
  if (!lead.startsWith(OPEN)) return text;
  const end = lead.indexOf(CLOSE);
  return end === -1 ? '' : lead.slice(end + CLOSE.length).trimStart();
}

/**
 * The same, piece by piece as a stream arrives: push() returns the part of each piece that belongs
 * to the answer (possibly ''), holding back text while it may still be a think block.
 */
export class ThinkFilter {
  private held = '';
  private state: 'start' | 'thinking' | 'answer' = 'start';
  /** A think block has ended; the whitespace after it is not the answer. */
  private afterThink = false;

  push(piece: string): string {
    if (this.state === 'answer') return piece;
    this.held += piece;
    if (this.state === 'start') {
      const lead = this.held.trimStart();
      if (lead.length < OPEN.length && OPEN.startsWith(lead)) return '';
      if (!lead.startsWith(OPEN)) {
        this.state = 'answer';
        const out = this.afterThink ? this.held.trimStart() : this.held;
        this.held = '';
        return out;
      }
      this.state = 'thinking';
    }
    const end = this.held.indexOf(CLOSE);
    if (end === -1) {
      // Reasoning is never kept: only the tail that may begin the closing tag.
      this.held = this.held.slice(-(CLOSE.length - 1));
      return '';
    }
    const rest = this.held.slice(end + CLOSE.length).trimStart();
    this.held = '';
    // Whitespace right after </think> is not the answer yet.
    if (!rest) {
      this.state = 'start';
      this.afterThink = true;
      return '';
    }
    this.state = 'answer';
    return rest;
  }

  /** What is still held when the stream ends: an unfinished think block is dropped, anything else given back. */
  flush(): string {
    const out = this.state === 'start' && !this.afterThink ? this.held : '';
    this.held = '';
    return out;
  }
}
