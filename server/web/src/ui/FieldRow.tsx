import { ReactNode } from 'react';

/** One labelled field of a form's grid. */
export function FieldRow({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}
