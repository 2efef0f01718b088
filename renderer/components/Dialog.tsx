/**
 * A modal dialog in the page (not window.confirm: its buttons would be in the system's language and it blocks
 * the page). Esc or 取消 closes; the confirm button has the focus so Enter confirms (unless `focusCancel`). Tab
 * and Shift+Tab stay inside the dialog, and when it closes the focus goes back to what had it before.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import { useModalFocus } from '../lib/focus';

export function Dialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm?: () => void;
  onCancel: () => void;
  testId?: string;
  /** the cancel button has the focus (when confirming is the risky choice) */
  focusCancel?: boolean;
  /** the first text field in the body has the focus (the dialog asks for text: a reason, a name) */
  focusField?: boolean;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  useModalFocus(boxRef, true);
  const focusConfirm = !!props.onConfirm && !props.focusCancel;
  const { onCancel, focusField } = props;
  useEffect(() => {
    const field = focusField
      ? boxRef.current?.querySelector<HTMLElement>(
          '.dialog-body textarea:not([disabled]), .dialog-body input:not([disabled])',
        )
      : null;
    if (field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement) {
      field.focus();
      field.setSelectionRange(field.value.length, field.value.length); // a kept draft goes on at its end
      return;
    }
    (focusConfirm ? confirmRef.current : cancelRef.current)?.focus();
  }, [focusConfirm, focusField]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing) return; // the input method's Esc drops its candidates, not the dialog
      if (e.key === 'Escape') {
        e.preventDefault();
        onCancel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="dialog-backdrop">
      <div
        ref={boxRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        data-testid={props.testId}
      >
        <h3>{props.title}</h3>
        <div className="dialog-body">{props.children}</div>
        <div className="dialog-actions">
          {props.onConfirm && (
            <button
              ref={confirmRef}
              type="button"
              className={props.danger ? 'primary danger-fill' : 'primary'}
              onClick={props.onConfirm}
              disabled={props.busy}
            >
              {props.confirmLabel ?? '确定'}
            </button>
          )}
          <button ref={cancelRef} type="button" onClick={props.onCancel} disabled={props.busy}>
            {props.cancelLabel ?? '取消'}
          </button>
        </div>
      </div>
    </div>
  );
}
