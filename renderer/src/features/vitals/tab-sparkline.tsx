import { useTranslation } from 'react-i18next';
import type { VitalsSummary } from '../../../../main/core/types.js';
import { defaultFormat } from '../../components/chart.js';
import { Sparkline } from '../../components/sparkline.js';

/** Under a model tab: generation speed over the last 30 minutes and the latest value. */
export function TabVitals({ vitals }: { vitals: VitalsSummary | undefined }) {
  const { t } = useTranslation();
  if (!vitals || vitals.genTps === null) return null;
  const value = `${defaultFormat(vitals.genTps)} ${t('vitals.unitTps')}`;
  const title = t('vitals.tabTitle', { value });
  return (
    <span className="tab-vitals" data-testid="tab-vitals" title={title}>
      <Sparkline values={vitals.spark} width={56} height={12} title={title} />
      <span className="tab-vitals-value">{value}</span>
    </span>
  );
}
