import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The service serves the built files at /console/ (src/QuotaLedger.Api/Shared/ConsoleEndpoints.cs); nothing is fetched
// from the internet at run time, the prefecture boundaries included (src/prefectures.js).
export default defineConfig({
  base: '/console/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts with its map is one chunk of about 1 MB; the console is used on office networks, not phones.
    chunkSizeWarningLimit: 1600,
  },
})
