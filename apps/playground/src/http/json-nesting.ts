/** Deepest nesting of arrays and objects a request body may have: real requests use three or four. */
export const MAX_JSON_DEPTH = 32;

/**
 * The deepest nesting of `[` and `{` in JSON `text`, outside strings, scanned without recursion.
 * A body nested 100,000 deep parses, but every recursive walk of the value afterwards (an error
 * message's `JSON.stringify`, say) overflows the stack, so such bodies are refused before parsing.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i++; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (code === 0x5d || code === 0x7d) depth--;
  }
  return deepest;
}
