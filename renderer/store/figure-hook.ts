/**
 * 插入到正文 from the grid's right-click menu: the hook through which a number of the tables becomes a bound figure
 * in the report text. The grid only asks (insertFigureRequest); whoever builds bound figures (the rich-text editor)
 * registers a handler with setInsertFigureHandler. With no handler the menu item is shown disabled (「即将提供」).
 */
import { create } from 'zustand';

export interface FigureRequest {
  indicatorId: string;
  year: number;
}

type Handler = (req: FigureRequest) => void;

export const useFigureHook = create<{ handler: Handler | null }>(() => ({ handler: null }));

/** Registers (or, with null, removes) what 插入到正文 does; returns a function that removes it again. */
export function setInsertFigureHandler(handler: Handler | null): () => void {
  useFigureHook.setState({ handler });
  return () => {
    if (useFigureHook.getState().handler === handler) useFigureHook.setState({ handler: null });
  };
}

/** The grid asks to insert this cell's number into the text; false when nothing handles it yet. */
export function insertFigureRequest(indicatorId: string, year: number): boolean {
  const h = useFigureHook.getState().handler;
  if (!h) return false;
  h({ indicatorId, year });
  return true;
}
