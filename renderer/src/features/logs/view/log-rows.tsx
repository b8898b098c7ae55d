import { useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import type { SignatureId } from '../../../../../main/core/types.js';
import { HintRow, LogRow, useRowLabels } from '../log-row.js';
import type { RowVirtualizer } from './row-virtualizer.js';
import { lineageOf, lineageSerial } from './visible-lineage.js';
import { ROW_HEIGHT } from './use-follow.js';
import type { EntryList } from '../../../stores/entry-list.js';

/**
 * The rendered window of rows. A row that ends an error block carries its hint row below it; those
 * slots (and every slot when wrapping) are measured, the rest have the fixed row height.
 *
 * Re-rendered on its own when a scroll moves the rendered range (the view around it is not), and
 * while following it renders the last rows at once: the offset is pinned to the end here, before
 * the commit, and written to the element after it (one layout per batch, no read of the layout).
 */
export function LogRows(props: {
  virtualizer: RowVirtualizer;
  visible: EntryList;
  hints: ReadonlyMap<number, SignatureId>;
  wrap: boolean;
  followEnd: boolean;
  showTime: boolean;
  search: RegExp | null;
  currentMatchSeq: number | null;
  focusSeq: number | null;
}) {
  const { virtualizer: v, visible, hints, wrap, followEnd } = props;
  useSyncExternalStore(v.subscribe, v.getVersion);
  const labels = useRowLabels();
  // Pin to the end when the lines or the viewport change while following, not on a scroll event:
  // the user's scroll up must not be undone before follow is switched off. Rows measured after
  // the pin (wrapped lines, hints) make the content taller: pin again if the view is still where
  // it was pinned.
  const pinned = useRef<{ visible: EntryList; height: number; total: number; offset: number } | null>(null);
  if (followEnd) {
    const last = pinned.current;
    const total = v.totalSize();
    if (!last || last.visible !== visible || last.height !== v.height || (last.total !== total && v.offset >= last.offset - 1)) {
      v.pinToEnd();
      pinned.current = { visible, height: v.height, total, offset: v.offset };
    }
  } else pinned.current = null;
  useLayoutEffect(() => v.flush());

  const items = v.items();
  // Rows are keyed by the line's place in the lineage, so a trim at the front (every index moves)
  // leaves each line in its element: a view held on a line while the tab trims under it only moves
  // the rows. Rows with the fixed height reuse their element as the window slides (a key per slot,
  // position mod slots: a following view replaces lines, and an update costs less than a remount);
  // measured rows get their own key per line and lineage, so each one is observed from its first
  // size on.
  let slots = 64;
  while (slots < items.length) slots *= 2;
  const serial = lineageSerial(lineageOf(visible)?.id);
  return (
    <div className="log-rows" style={{ height: v.totalSize() }}>
      {items.map((item) => {
        const entry = visible.at(item.index);
        if (!entry) return null;
        const hint = hints.get(item.index);
        const measured = wrap || hint !== undefined;
        const pos = v.positionOf(item.index);
        return (
          <div
            key={measured ? `m${serial}:${pos}` : `r${pos % slots}`}
            className="log-row-slot"
            data-index={item.index}
            data-pos={pos}
            ref={measured ? v.measureElement : undefined}
            style={{ transform: `translateY(${item.start}px)`, height: measured ? undefined : ROW_HEIGHT }}
          >
            <LogRow
              entry={entry}
              labels={labels}
              showTime={props.showTime}
              search={props.search}
              isCurrentMatch={entry.seq === props.currentMatchSeq && entry.kind === 'line'}
              isFocused={entry.seq === props.focusSeq}
            />
            {hint !== undefined && <HintRow signature={hint} />}
          </div>
        );
      })}
    </div>
  );
}
