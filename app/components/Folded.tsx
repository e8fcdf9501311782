import type { ReactNode } from 'react';

/**
 * A creation form folded under the list it adds to: the list is what people come for, so the form opens
 * from its summary (a button to the keyboard), and opens by itself again when it was refused, showing
 * what was wrong.
 */
export function Folded(props: { summary: string; refused: boolean; children: ReactNode }) {
  return (
    <details className="create" open={props.refused || undefined}>
      <summary>{props.summary}</summary>
      {props.children}
    </details>
  );
}
