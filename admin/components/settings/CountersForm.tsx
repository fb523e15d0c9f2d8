/**
 * The office's counters: number, section, and the service groups each serves in order
 * of preference (none ticked: every group). A counter with an officer signed in or a
 * ticket of today at it cannot be removed; the store says which and why.
 */
import { useRef } from 'preact/hooks';
import type { ServiceGroup } from '../../../shared/domain/services.ts';
import { useI18n, useT } from '../../../shared/ui/I18nProvider.tsx';
import { localized } from '../../localized.ts';
import { useReadOnly } from '../../consoleScope.ts';
import { FieldProblem, FormFrame, NumberField } from './fields.tsx';
import type { PartFormProps } from './SectionsForm.tsx';
import { fieldId, useConfigForm } from './useConfigForm.ts';

export function CountersForm({ api, config, onSaved }: PartFormProps) {
  const t = useT('admin');
  const tc = useT('adminConfig');
  const { language } = useI18n();
  const readOnly = useReadOnly();
  const form = useConfigForm('counters', config, api, onSaved);
  const list = useRef<HTMLDivElement>(null);
  const counters = form.draft.counters;

  const add = (): void => {
    const next = Math.min(999, Math.max(0, ...counters.map((c) => (typeof c.id === 'number' ? c.id : 0))) + 1);
    form.update((d) => ({ counters: [...d.counters, { id: next, sectionId: config.sections[0]?.id ?? '', skills: [] }] }));
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`#${fieldId('counters', `counters.${counters.length}.id`)}`)?.focus());
  };

  const toggle = (i: number, group: ServiceGroup, on: boolean): void =>
    form.update((d) => ({
      counters: d.counters.map((c, k) => {
        if (k !== i) return c;
        const skills = c.skills ?? [];
        return { ...c, skills: on ? [...skills, group] : skills.filter((g) => g !== group) };
      }),
    }));

  return (
    <FormFrame form={form} title={tc('counters.title')}>
      <div ref={list} id={fieldId('counters', 'counters')} tabIndex={-1} class="settings-list">
        <FieldProblem form={form} path="counters" exact />
        {counters.map((counter, i) => {
          const sectionField = fieldId('counters', `counters.${i}.sectionId`);
          const skillsField = fieldId('counters', `counters.${i}.skills`);
          return (
            <fieldset key={i} class="settings-row">
              <legend>{tc('counters.row', { id: counter.id })}</legend>
              <NumberField form={form} path={`counters.${i}.id`} label={tc('counters.id')} />
              <div class="field">
                <label class="field__label" for={sectionField}>
                  {tc('counters.section')}
                </label>
                <select
                  id={sectionField}
                  class="input"
                  value={counter.sectionId}
                  onChange={(e) => form.set(`counters.${i}.sectionId`, e.currentTarget.value)}
                  aria-invalid={form.problemAt(`counters.${i}.sectionId`) ? 'true' : undefined}
                  aria-describedby={form.problemAt(`counters.${i}.sectionId`) ? `${sectionField}-error` : undefined}
                >
                  {config.sections.map((s) => (
                    <option key={s.id} value={s.id}>
                      {localized(s.name, language)}
                    </option>
                  ))}
                </select>
                <FieldProblem form={form} path={`counters.${i}.sectionId`} />
              </div>
              <fieldset id={skillsField} tabIndex={-1} class="settings-checks">
                <legend class="field__label">{tc('counters.skills')}</legend>
                <span class="field__hint">{tc('counters.skillsHint')}</span>
                {config.serviceGroups.map((g) => (
                  <label key={g} class="radio">
                    <input type="checkbox" checked={(counter.skills ?? []).includes(g)} onChange={(e) => toggle(i, g, e.currentTarget.checked)} />
                    {t(`groups.${g}`)}
                  </label>
                ))}
                <FieldProblem form={form} path={`counters.${i}.skills`} />
              </fieldset>
              {!readOnly && counters.length > 1 && (
                <button
                  type="button"
                  class="button button--small button--danger settings-row__remove"
                  aria-label={tc('counters.removeLabel', { id: counter.id })}
                  onClick={() => form.update((d) => ({ counters: d.counters.filter((_, k) => k !== i) }))}
                >
                  {tc('remove')}
                </button>
              )}
            </fieldset>
          );
        })}
      </div>
      {!readOnly && (
        <button type="button" class="button" onClick={add}>
          {tc('counters.add')}
        </button>
      )}
    </FormFrame>
  );
}
