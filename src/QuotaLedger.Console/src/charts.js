import * as echarts from 'echarts/core'
import { BarChart, MapChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'
// The 12 prefectures' boundaries as ECharts 4.9 shipped them (map/json/province/neimenggu.json, Apache-2.0), taken from
// that npm package (package.json: "echarts-4-maps"): ECharts 5 stopped shipping maps. Never fetched at run time.
import innerMongolia from 'echarts-4-maps/map/json/province/neimenggu.json'

echarts.use([BarChart, MapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer])
echarts.registerMap('inner-mongolia', innerMongolia)

export { echarts }
