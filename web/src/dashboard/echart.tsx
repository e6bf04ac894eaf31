import { useEffect, useRef } from 'preact/hooks';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the parts used: keeps the dashboard bundle a fraction of full ECharts.
use([LineChart, BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const FONT = "-apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

/** One chart; resizes with its box, redrawn (no animation, so screenshots are stable) on new options. */
export function EChart(props: { option: EChartsCoreOption; height?: number; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  useEffect(() => {
    chart.current = init(box.current!);
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(box.current!);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...props.option }, true);
  }, [props.option]);
  return <div ref={box} class="chart" role="img" aria-label={props.label} style={{ height: `${props.height ?? 260}px` }} />;
}
