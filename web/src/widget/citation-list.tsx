import { useT } from '../shared/i18n.js';
import type { Citation } from './chat-items.js';
import { widgetStrings } from './strings.js';

/** The answer's sources as chips; the open one shows its snippet and where it comes from. */
export function CitationList(props: { citations: Citation[]; open: number | null; setOpen: (i: number | null) => void }) {
  const { t } = useT(widgetStrings);
  const open = props.citations.find((c) => c.index === props.open);
  return (
    <div class="sources">
      <span class="muted">{t('sources')}</span>
      {props.citations.map((c) => (
        <button
          type="button"
          class="source-chip"
          aria-expanded={c.index === props.open}
          onClick={() => props.setOpen(c.index === props.open ? null : c.index)}
        >
          [{c.index}] {c.headingPath.at(-1) ?? c.title ?? c.sourcePath}
        </button>
      ))}
      {open && (
        <blockquote class="snippet" data-testid="citation-snippet">
          <div class="muted">{[open.sourcePath, ...open.headingPath].join(' › ')}</div>
          {open.snippet}
        </blockquote>
      )}
    </div>
  );
}

/** "[1]" markers in the answer text become buttons that open that source. */
export function withMarkers(text: string, onMarker: (index: number) => void) {
  return text.split(/(\[\d+\])/).map((part) => {
    const n = /^\[(\d+)\]$/.exec(part)?.[1];
    return n ? <button type="button" class="marker" onClick={() => onMarker(Number(n))}>{n}</button> : part;
  });
}
