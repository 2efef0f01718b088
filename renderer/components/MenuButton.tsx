/**
 * A button that opens a short menu of choices under it (导出审核汇总 ▾, 导出该校审核意见 ▾), usable by the keyboard
 * alone: Enter, Space or ↓ opens it on its first choice, ↑/↓/Home/End move, Esc or Tab closes it, and the focus
 * goes back to the button when the menu closes (a chosen item leaves the page with the menu, which dropped the
 * focus to the page body). A click elsewhere closes it too. While `busy` the button says so (aria-disabled) but
 * keeps the focus of the user who pressed it; a disabled button would drop it.
 */
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';

export interface MenuChoice {
  key: string;
  label: ReactNode;
  run(): void;
}

const menuItems = (root: HTMLElement | null) => [
  ...(root?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []),
];

export function MenuButton({
  label,
  choices,
  className,
  disabled = false,
  busy = false,
  title,
}: {
  label: string;
  choices: readonly MenuChoice[];
  className?: string;
  /** nothing to choose from (the button is off and skipped by Tab) */
  disabled?: boolean;
  /** something is running: the button stays in place and focusable, but does not open */
  busy?: boolean;
  title?: string;
}) {
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const items = () => menuItems(wrap.current);

  useEffect(() => {
    if (!open) return;
    menuItems(wrap.current)[0]?.focus();
    const outside = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside, true);
    return () => document.removeEventListener('mousedown', outside, true);
  }, [open]);

  /** closes the menu; the focus goes back to the button when it was in the menu */
  const close = () => {
    const inMenu = wrap.current?.contains(document.activeElement) ?? false;
    setOpen(false);
    if (inMenu) button.current?.focus();
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = items();
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    const n = list.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      list[(i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      (e.key === 'Home' ? list[0] : list.at(-1))?.focus();
    } else if (e.key === 'Escape') {
      // the menu's own Esc: not a dialog's around it
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab') {
      e.preventDefault();
      close();
    }
  };

  return (
    <div className="menu-wrap" ref={wrap}>
      <button
        ref={button}
        type="button"
        className={className}
        disabled={disabled}
        aria-disabled={busy || undefined}
        aria-expanded={open}
        aria-haspopup="menu"
        aria-controls={open ? menuId : undefined}
        title={title}
        onClick={() => !busy && setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !busy) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {label}
      </button>
      {open && (
        <div className="menu" role="menu" id={menuId} aria-label={label.replace(/\s*▾$/, '')} onKeyDown={onMenuKey}>
          {choices.map((c) => (
            <button
              key={c.key}
              type="button"
              role="menuitem"
              onClick={() => {
                close();
                c.run();
              }}
            >
              {c.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
