import { useT } from '../shared/i18n.js';
import { adminStrings } from './strings.js';

export interface FaqDraftText {
  question: string;
  answer: string;
  /** One other wording per line. */
  alternatives: string;
}

export const EMPTY_DRAFT: FaqDraftText = { question: '', answer: '', alternatives: '' };
export const alternativesOf = (text: string) => text.split('\n').map((s) => s.trim()).filter(Boolean);

export function FaqDraftFields(props: { draft: FaqDraftText; onChange: (d: FaqDraftText) => void }) {
  const { t } = useT(adminStrings);
  const { draft, onChange } = props;
  return (
    <div class="draft stack">
      <input value={draft.question} placeholder={t('colQuestion')} aria-label={t('colQuestion')} onInput={(e) => onChange({ ...draft, question: e.currentTarget.value })} />
      <textarea rows={3} value={draft.answer} placeholder={t('colAnswer')} aria-label={t('colAnswer')} onInput={(e) => onChange({ ...draft, answer: e.currentTarget.value })} />
      <textarea rows={2} value={draft.alternatives} placeholder={t('altHint')} aria-label={t('colAlternatives')} onInput={(e) => onChange({ ...draft, alternatives: e.currentTarget.value })} />
    </div>
  );
}
