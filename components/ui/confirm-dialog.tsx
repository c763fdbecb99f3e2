'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button, buttonClass } from './button';
import { FormError } from './field';

/**
 * An in-app confirmation instead of `window.confirm()`: a modal `<dialog>` (the page behind it is
 * inert, so focus stays inside), focus on "Cancel" when it opens, Escape or "Cancel" closes it, and
 * focus goes back to whatever opened it. The parent owns `open` and runs the action in `onConfirm`;
 * while `pending` the buttons wait, and an `error` is shown inside the dialog.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel = 'Working…',
  tone = 'danger',
  pending = false,
  error = null,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  tone?: 'danger' | 'primary';
  pending?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.showModal();
      cancel.current?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  // However it closes (Escape, Cancel, the parent), focus returns to what opened it.
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const restore = () => {
      const target = opener.current;
      opener.current = null;
      if (target?.isConnected) target.focus();
    };
    element.addEventListener('close', restore);
    return () => element.removeEventListener('close', restore);
  }, []);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      aria-describedby={children ? bodyId : undefined}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg bg-white p-0 text-left shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
      onKeyDown={(e) => {
        // Tab cycles inside the dialog (a modal <dialog> alone would let it leave for the browser's toolbar).
        if (e.key !== 'Tab') return;
        const focusable = [...e.currentTarget.querySelectorAll<HTMLElement>('button:not([disabled]), a[href], input:not([disabled]), select:not([disabled])')];
        const first = focusable[0];
        const last = focusable.at(-1);
        if (!first || !last) return;
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }}
      onCancel={(e) => {
        // Escape: close through the parent so its state follows (and not while the action runs).
        e.preventDefault();
        if (!pending) onClose();
      }}
    >
      <div className="space-y-3 px-5 py-4">
        <h2 id={titleId} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {children ? (
          <div id={bodyId} className="space-y-2 text-sm text-slate-600">
            {children}
          </div>
        ) : null}
        <FormError message={error} />
      </div>
      <div className="flex flex-wrap justify-end gap-2 border-t border-slate-100 px-5 py-3">
        <button ref={cancel} type="button" className={buttonClass('secondary')} onClick={onClose} disabled={pending}>
          Cancel
        </button>
        <Button variant={tone} onClick={onConfirm} disabled={pending}>
          {pending ? pendingLabel : confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
