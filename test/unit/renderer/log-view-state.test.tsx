import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useLogViewState } from '../../../renderer/src/features/logs/use-log-view-state.js';

afterEach(() => cleanup());

describe('log view state', () => {
  it('is the same object across renders until something in it changes', () => {
    const { result, rerender } = renderHook(() => useLogViewState());
    const first = result.current;
    rerender();
    rerender();
    expect(result.current).toBe(first);
    act(() => result.current.setQuery('cuda'));
    const searched = result.current;
    expect(searched).not.toBe(first);
    expect(searched.query).toBe('cuda');
    expect(searched.compiled.ok && searched.compiled.re?.source).toBe('cuda');
    rerender();
    expect(result.current).toBe(searched);
    act(() => result.current.toggleLevel('info'));
    expect(result.current.levels.has('info')).toBe(false);
    expect(result.current).not.toBe(searched);
  });
});
