/**
 * The office's sections: each with its code (fixed once saved: tickets and boards name
 * it), the letter that starts its ticket numbers, and its name in Arabic and English.
 * A section still holding counters or today's tickets cannot be removed; the store says
 * which one and why.
 */
import { useRef } from 'preact/hooks';
import type { OfficeConfig } from '../../../shared/domain/office.ts';
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../../adminApi.ts';
import type { ConfigAnswer } from '../../../shared/api/adminTypes.ts';
import { useReadOnly } from '../../consoleScope.ts';
import { FieldProblem, FormFrame, TextField } from './fields.tsx';
import { fieldId, useConfigForm } from './useConfigForm.ts';

export interface PartFormProps {
  readonly api: AdminApi;
  readonly config: OfficeConfig;
  readonly onSaved: (answer: ConfigAnswer) => void;
}

export function SectionsForm({ api, config, onSaved }: PartFormProps) {
  const tc = useT('adminConfig');
  const readOnly = useReadOnly();
  const form = useConfigForm('sections', config, api, onSaved);
  const saved = new Set(config.sections.map((s) => s.id));
  const list = useRef<HTMLDivElement>(null);
  const sections = form.draft.sections;

  const add = (): void => {
    form.update((d) => ({ sections: [...d.sections, { id: '', letter: '', name: { ar: '', en: '' } }] }));
    requestAnimationFrame(() => list.current?.querySelector<HTMLInputElement>(`#${fieldId('sections', `sections.${sections.length}.id`)}`)?.focus());
  };

  return (
    <FormFrame form={form} title={tc('sections.title')}>
      <div ref={list} id={fieldId('sections', 'sections')} tabIndex={-1} class="settings-list">
        <FieldProblem form={form} path="sections" exact />
        {sections.map((section, i) => {
          const name = section.name.en || section.id || String(i + 1);
          return (
            <fieldset key={i} class="settings-row">
              <legend>{tc('sections.row', { n: i + 1 })}</legend>
              <TextField
                form={form}
                path={`sections.${i}.id`}
                label={tc('sections.id')}
                hint={saved.has(section.id) ? undefined : tc('sections.idHint')}
                attrs={{ dir: 'ltr', readOnly: saved.has(section.id), autoComplete: 'off', maxLength: 40 }}
              />
              <TextField
                form={form}
                path={`sections.${i}.letter`}
                label={tc('sections.letter')}
                hint={saved.has(section.id) ? tc('sections.letterHint') : undefined}
                attrs={{ dir: 'ltr', maxLength: 1, autoComplete: 'off', class: 'input input--short', onInput: (e) => form.set(`sections.${i}.letter`, e.currentTarget.value.toUpperCase()) }}
              />
              <TextField form={form} path={`sections.${i}.name.ar`} label={tc('sections.nameAr')} attrs={{ lang: 'ar', dir: 'rtl', maxLength: 60 }} />
              <TextField form={form} path={`sections.${i}.name.en`} label={tc('sections.nameEn')} attrs={{ lang: 'en', dir: 'ltr', maxLength: 60 }} />
              {!readOnly && sections.length > 1 && (
                <button
                  type="button"
                  class="button button--small button--danger settings-row__remove"
                  aria-label={tc('sections.removeLabel', { name })}
                  onClick={() => form.update((d) => ({ sections: d.sections.filter((_, k) => k !== i) }))}
                >
                  {tc('remove')}
                </button>
              )}
            </fieldset>
          );
        })}
      </div>
      {!readOnly && sections.length < 26 && (
        <button type="button" class="button" onClick={add}>
          {tc('sections.add')}
        </button>
      )}
    </FormFrame>
  );
}
