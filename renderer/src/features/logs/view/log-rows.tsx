import type { Virtualizer } from '@tanstack/react-virtual';
import type { LogEntry, SignatureId } from '../../../../../main/core/types.js';
import { HintRow, LogRow } from '../log-row.js';
import { ROW_HEIGHT } from './use-follow.js';

/**
 * The rendered window of rows. A row that ends an error block carries its hint row below it; those
 * slots (and every slot when wrapping) are measured, the rest have the fixed row height.
 */
export function LogRows(props: {
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  visible: readonly LogEntry[];
  hints: ReadonlyMap<number, SignatureId>;
  wrap: boolean;
  showTime: boolean;
  search: RegExp | null;
  currentMatchSeq: number | null;
  focusSeq: number | null;
}) {
  const { virtualizer, visible, hints, wrap } = props;
  return (
    <div className="log-rows" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => {
        const entry = visible[item.index];
        if (!entry) return null;
        const hint = hints.get(item.index);
        const measured = wrap || hint !== undefined;
        return (
          <div
            key={item.key}
            className="log-row-slot"
            data-index={item.index}
            ref={measured ? virtualizer.measureElement : undefined}
            style={{ transform: `translateY(${item.start}px)`, height: measured ? undefined : ROW_HEIGHT }}
          >
            <LogRow
              entry={entry}
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
