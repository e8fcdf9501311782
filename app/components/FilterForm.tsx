import { type ReactNode, useEffect, useRef } from 'react';
import { Form, useSearchParams, useSubmit } from 'react-router';

/**
 * The filter bar of a list filtered on the server: it applies as you choose, like the grids filtered in
 * the page (a select or a checkbox at once, typed words after a pause), so every list behaves the same.
 * Without JavaScript the Apply button (in noscript) submits it; the page number is dropped on a change.
 */
export function FilterForm(props: { label: string; children: ReactNode; clear: string }) {
  const submit = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  const typing = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(typing.current), []);
  // A link elsewhere on the page may change the filters (a count by status): the fields follow the
  // address, except the one being typed in or chosen.
  const [params] = useSearchParams();
  useEffect(() => {
    for (const el of Array.from(form.current?.elements ?? [])) {
      if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement) || !el.name || el.type === 'hidden' || el === document.activeElement) continue;
      const value = params.get(el.name) ?? '';
      if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = value === el.value;
      else el.value = value;
    }
  }, [params]);
  const apply = (form: HTMLFormElement) => submit(form, { replace: true, preventScrollReset: true });
  return (
    <Form
      ref={form}
      method="get"
      className="card form inline-form"
      aria-label={props.label}
      onChange={(e) => {
        const form = e.currentTarget;
        clearTimeout(typing.current);
        const target: EventTarget = e.target;
        if (target instanceof HTMLInputElement && target.type === 'search') typing.current = setTimeout(() => apply(form), 350);
        else apply(form);
      }}
    >
      {props.children}
      <noscript>
        <button type="submit">Apply</button>
      </noscript>
      <a href={props.clear}>Clear</a>
    </Form>
  );
}
