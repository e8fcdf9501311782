import { type ReactNode, useEffect, useRef } from 'react';
import { Form, useSearchParams, useSubmit } from 'react-router';

/**
 * The filter bar of a list filtered on the server: it applies as you choose, like the grids filtered in
 * the page (a select or a checkbox at once, typed words and dates after a pause), so every list behaves the same.
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
        // words and dates are typed: applied after a pause, not at every key
        if (target instanceof HTMLInputElement && (target.type === 'search' || target.type === 'text')) typing.current = setTimeout(() => apply(form), 350);
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

/** The list's address with some parameters changed (null removes one): sorting and paging a server-filtered list. */
export function useSearchUpdate() {
  const [params, setParams] = useSearchParams();
  return (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v === null) next.delete(k);
      else next.set(k, v);
    setParams(next);
  };
}
