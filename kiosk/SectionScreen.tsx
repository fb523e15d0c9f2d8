/**
 * Men's or women's section: each has its own queue and board. Names come from the
 * office configuration, translated by section id where the configuration has no text
 * in the chosen language.
 */
import type { Section } from '../shared/domain/office.ts';
import { useFocusOnMount } from '../shared/ui/hooks.ts';
import { useI18n, useT } from '../shared/ui/I18nProvider.tsx';
import { SectionIcon } from './KioskIcons.tsx';

export function SectionScreen(props: { sections: readonly Section[]; onSelect: (id: string) => void; onBack: () => void }) {
  const t = useT('kiosk');
  const { language } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <main class="kiosk-screen">
      <h1 class="kiosk-title" ref={heading} tabIndex={-1}>
        {t('section.title')}
      </h1>
      <ul class="choice-grid choice-grid--sections" role="list">
        {props.sections.map((section) => (
          <li key={section.id}>
            <button type="button" class="choice choice--tall" onClick={() => props.onSelect(section.id)}>
              <SectionIcon sectionId={section.id} />
              <span class="choice__label">{sectionName(section, language, t)}</span>
            </button>
          </li>
        ))}
      </ul>
      <div class="kiosk-actions">
        <button type="button" class="button button--large" onClick={props.onBack}>
          {t('back')}
        </button>
      </div>
    </main>
  );
}

export function sectionName(section: Section, language: string, t: (key: string, o?: Record<string, unknown>) => string): string {
  return section.name[language] ?? t(`section.names.${section.id}`, { defaultValue: section.name.en });
}
