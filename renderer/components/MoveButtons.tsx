/**
 * ↑/↓ that move their own item (a block in its section, a section in the outline). Pressed with the keyboard, the
 * focus stays on the moved item's buttons (lib/focus.ts useMoveButtonsFocus).
 */
import { useMoveButtonsFocus } from '../lib/focus';

export function MoveButtons(props: {
  index: number;
  count: number;
  /** what the buttons are called: 「上移」 or 「上移 立德树人」 (the name after the verb) */
  name?: string;
  onMove(to: number): void;
}) {
  const { index, count, onMove } = props;
  const moveFocus = useMoveButtonsFocus(index);
  const label = (verb: string) => (props.name ? `${verb} ${props.name}` : verb);
  return (
    <>
      <button
        ref={moveFocus.up}
        type="button"
        className="tiny"
        disabled={index === 0}
        title="上移"
        aria-label={label('上移')}
        onClick={() => {
          moveFocus.moving('up');
          onMove(index - 1);
        }}
      >
        ↑
      </button>
      <button
        ref={moveFocus.down}
        type="button"
        className="tiny"
        disabled={index === count - 1}
        title="下移"
        aria-label={label('下移')}
        onClick={() => {
          moveFocus.moving('down');
          onMove(index + 1);
        }}
      >
        ↓
      </button>
    </>
  );
}
