import { isMap, isScalar, Scalar, visit, type Document } from 'yaml';
import { hasUnprintable, UNPRINTABLE_IN_JSON, unicodeEscape } from '../unprintable.js';

/**
 * The exported document as text: names from the server that hold a control
 * character double-quoted on one line, a grant's `role: { id: 0 }` on one
 * line, and no string ever folded across lines.
 */
export function exportedYamlText(document: Document): string {
  quoteUnprintable(document);
  roleIdsInFlow(document);
  // JSON-style double quotes never fold a string across lines; the escapes JSON leaves raw (C1, bidirectional controls) are YAML escapes too.
  return document.toString({ lineWidth: 0, doubleQuotedAsJSON: true }).replace(UNPRINTABLE_IN_JSON, unicodeEscape);
}

/**
 * Names come from the server and may hold a line break, a control or a
 * bidirectional character. Such a name is written double-quoted on its one
 * line with escapes, never as a block or folded scalar, whose lines would
 * start with text the server chose (a CI runner reads `::add-mask::`
 * at the start of a log line as a command).
 */
function quoteUnprintable(document: Document): void {
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && hasUnprintable(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
}

/** A grant's `role: { id: 0 }` on one line, as a person would write it. */
function roleIdsInFlow(document: Document): void {
  visit(document, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === 'role' && isMap(pair.value)) pair.value.flow = true;
    },
  });
}
