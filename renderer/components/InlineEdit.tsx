/** A title that becomes a text field on click (or Enter); Enter/blur saves, Esc cancels. */
import { useEffect, useRef, useState } from 'react';

export function InlineEdit(props: {
  value: string;
  onSave: (v: string) => void;
  className?: string;
  label: string;
  readOnly?: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(props.value);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!editing) setText(props.value);
  }, [props.value, editing]);
  useEffect(() => {
    if (editing) ref.current?.select();
  }, [editing]);
  if (!editing || props.readOnly) {
    return (
      <button
        type="button"
        className={`inline-edit ${props.className ?? ''}`}
        onClick={() => !props.readOnly && setEditing(true)}
        title={props.readOnly ? undefined : `点击修改${props.label}`}
        aria-label={`${props.label}：${props.value}`}
      >
        {props.value}
      </button>
    );
  }
  const done = (save: boolean) => {
    setEditing(false);
    if (save && text.trim() !== props.value) props.onSave(text.trim());
  };
  return (
    <input
      ref={ref}
      className={`inline-input ${props.className ?? ''}`}
      value={text}
      maxLength={100}
      aria-label={props.label}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => done(true)}
      onKeyDown={(e) => {
        // Enter and Esc of an input method that is composing pick or drop its candidates
        if (e.nativeEvent.isComposing) return;
        if (e.key === 'Enter') done(true);
        else if (e.key === 'Escape') done(false);
      }}
    />
  );
}
