/**
 * A caption in the editor (a photo's or a chart's 图题, a table's 表题): it wraps and the box grows with it (CSS
 * field-sizing), so a long caption (up to 200 characters) is readable in full, not cut off at the field's width as a
 * one-line input did. It stays one line of text, as the caption prints: Enter adds no line break, a pasted one
 * becomes a space.
 */
export function CaptionField(props: {
  value: string;
  readOnly: boolean;
  placeholder: string;
  label: string;
  onChange(caption: string): void;
}) {
  return (
    <textarea
      className="caption-field"
      value={props.value}
      readOnly={props.readOnly}
      maxLength={200}
      rows={1}
      placeholder={props.placeholder}
      aria-label={props.label}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.nativeEvent.isComposing) e.preventDefault();
      }}
      onChange={(e) => props.onChange(e.target.value.replace(/\r?\n/g, ' '))}
    />
  );
}
