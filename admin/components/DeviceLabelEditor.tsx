/**
 * Renaming a device in place: "Rename" opens a one-field form (Enter saves, Escape or
 * Cancel backs out). An empty name gives the device back its default name, which the
 * console shows in the reader's language.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';
import { consoleErrorText } from '../adminErrors.ts';
import type { AdminDevice } from '../../shared/api/adminTypes.ts';

const LABEL_MAX = 60;

export function DeviceLabelEditor({ api, device, name, onSaved }: { api: AdminApi; device: AdminDevice; name: string; onSaved: () => void }) {
  const t = useT('admin');
  const tc = useT('adminConfig');
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(device.label ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const id = `device-label-${device.deviceId}`;

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const close = (): void => {
    setOpen(false);
    setProblem(null);
    requestAnimationFrame(() => opener.current?.focus());
  };

  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    const label = value.trim();
    if (label.length > LABEL_MAX) {
      setProblem(tc('problems.tooLong', { max: LABEL_MAX }));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api.renameDevice(device.deviceId, label || null);
      onSaved();
      close();
    } catch (err) {
      setProblem(consoleErrorText(t, tc, err));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button
        ref={opener}
        type="button"
        class="button button--small"
        onClick={() => {
          setValue(device.label ?? '');
          setOpen(true);
        }}
      >
        {tc('devices.rename')}
      </button>
    );
  }
  return (
    <form
      class="inline-form"
      noValidate
      onSubmit={(e) => void save(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <label class="field__label" for={id}>
        {tc('devices.renameLabel', { name })}
      </label>
      <input
        ref={input}
        id={id}
        class="input"
        value={value}
        maxLength={LABEL_MAX + 10}
        placeholder={tc('devices.renameHint')}
        onInput={(e) => setValue(e.currentTarget.value)}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        disabled={busy}
      />
      <button type="submit" class="button button--small button--primary" disabled={busy}>
        {busy ? t('working') : tc('save')}
      </button>
      <button type="button" class="button button--small" onClick={close} disabled={busy}>
        {t('cancel')}
      </button>
      {problem && (
        <span class="field__error" id={`${id}-error`} role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}
