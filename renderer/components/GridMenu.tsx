/**
 * The grid's right-click menu (also Shift+F10 / the menu key): 复制, 粘贴, 清除, 标为不适用… (撤销「不适用」 on a
 * marked cell), 插入到正文, 批注, 修改记录, 按公式重新计算. Each item does what the grid's keys or buttons do, through the same paths (the grid's copy event,
 * store/paste.ts, setValues, the recompute API). Arrow keys move between items, Esc closes.
 */
import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { FrameworkTable } from '../../core/framework/schema';
import { type CellRef, useApp } from '../store/app';
import { insertFigureRequest, useFigureHook } from '../store/figure-hook';

interface Item {
  id: string;
  label: string;
  keys?: string;
  disabled?: boolean;
  title?: string;
  run(): void;
}

export function GridMenu(props: {
  at: { x: number; y: number };
  table: FrameworkTable;
  cell: CellRef;
  derived: boolean;
  conflict: boolean;
  readOnly: boolean;
  onClose(): void;
  onClear(): void;
  onPasteText(text: string): void;
  recomputeCells(): CellRef[];
}) {
  const { onClose } = props;
  const ref = useRef<HTMLDivElement>(null);
  const figureHandler = useFigureHook((s) => s.handler);
  const naReason = useApp((s) => s.naMarks[`${props.cell.indicatorId}|${props.cell.year}`]);
  const [pos, setPos] = useState(props.at);
  const st = useApp.getState;

  const items: Item[] = [
    {
      id: 'copy',
      label: '复制',
      keys: 'Ctrl+C',
      // the grid's own copy handler writes the selection (Excel's tab-separated text) into the clipboard
      run: () => document.execCommand('copy'),
    },
    {
      id: 'paste',
      label: '粘贴',
      keys: 'Ctrl+V',
      disabled: props.readOnly,
      run: () => {
        const read = navigator.clipboard?.readText?.();
        if (!read) return st().notify('info', '无法从菜单读取剪贴板，请按 Ctrl+V 粘贴');
        read.then(props.onPasteText, () => st().notify('info', '无法从菜单读取剪贴板，请按 Ctrl+V 粘贴'));
      },
    },
    { id: 'clear', label: '清除', keys: 'Delete', disabled: props.readOnly, run: props.onClear },
    // the keyboard's way to 「不适用」 from the cell itself (it was only in the side panel, many Tabs away)
    naReason !== undefined
      ? {
          id: 'na',
          label: '撤销「不适用」',
          disabled: props.readOnly,
          title: `已标为「不适用」：${naReason}`,
          run: () => void st().markNotApplicable(props.cell, null),
        }
      : {
          id: 'na',
          label: '标为不适用…',
          disabled: props.readOnly || props.derived,
          title: props.derived ? '自动计算的指标随其组成部分，不能单独标为不适用' : '本年度不适用于本校：填写原因',
          run: () => st().openNotApplicable(props.cell),
        },
    {
      id: 'insert',
      label: '插入到正文',
      disabled: !figureHandler || props.readOnly,
      title: figureHandler ? '把这个数字作为绑定数字插入报告正文' : '即将提供',
      run: () => {
        insertFigureRequest(props.cell.indicatorId, props.cell.year);
      },
    },
    {
      id: 'comments',
      label: '批注',
      run: () => st().showComments({ type: 'cell', tableId: props.table.id, ...props.cell }),
    },
    { id: 'history', label: '修改记录', run: () => st().setSide('history') },
    {
      id: 'recompute',
      label: '按公式重新计算',
      disabled: props.readOnly || !props.derived,
      title: props.derived
        ? props.conflict
          ? '保存的数值与公式结果不一致：按公式重新计算'
          : '按公式重新计算选中的自动计算单元格'
        : '该指标不是由公式计算的',
      run: () => void st().recompute(props.recomputeCells()),
    },
  ];

  // keep the menu inside the window
  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return;
    setPos({
      x: Math.max(4, Math.min(props.at.x, window.innerWidth - box.width - 4)),
      y: Math.max(4, Math.min(props.at.y, window.innerHeight - box.height - 4)),
    });
  }, [props.at]);

  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
    const outside = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const away = () => onClose();
    document.addEventListener('mousedown', outside, true);
    window.addEventListener('blur', away);
    window.addEventListener('resize', away);
    return () => {
      document.removeEventListener('mousedown', outside, true);
      window.removeEventListener('blur', away);
      window.removeEventListener('resize', away);
    };
  }, [onClose]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = buttons.length;
      buttons[(i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      (e.key === 'Home' ? buttons[0] : buttons.at(-1))?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      onClose();
    }
  };

  return createPortal(
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label="单元格操作"
      style={{ left: pos.x, top: pos.y }}
      onKeyDown={onKey}
      data-testid="grid-menu"
    >
      {items.map((it) => (
        <button
          key={it.id}
          type="button"
          role="menuitem"
          disabled={it.disabled}
          title={it.title}
          data-item={it.id}
          onClick={() => {
            onClose(); // the grid takes the focus back first: copy acts on its selection
            it.run();
          }}
        >
          <span>{it.label}</span>
          {it.keys && <kbd>{it.keys}</kbd>}
          {it.disabled && it.title === '即将提供' && <span className="soon">即将提供</span>}
        </button>
      ))}
    </div>,
    document.body,
  );
}
