/**
 * SVG charts (charts.ts) turned into PNG images on the server, for documents that cannot hold SVG reliably — the
 * generated report (.docx): Word 2016+ shows SVG, LibreOffice and older Word do not.
 *
 * The rasterizer is resvg (`@resvg/resvg-js`, pinned): a Rust renderer whose prebuilt binary comes as an npm
 * optional dependency for the platform (linux-x64-gnu, darwin-arm64, …), so `npm ci` downloads nothing else and
 * runs no install script. It is loaded lazily, once: on a machine where the binary is missing (an unusual platform,
 * `--omit=optional`), `pngRasterizer()` resolves to null with the reason, and the report is produced without its
 * charts (the route logs it). CI has it, and the report test asserts the images.
 *
 * Fonts: the system's fonts. The chart text asks for DejaVu Sans first (Debian's default sans-serif, installed with
 * fontconfig, complete for Vietnamese), condensed: ECharts lays text out with Arial-like widths, which plain DejaVu
 * Sans exceeds (axis labels would run off the picture); Liberation Sans as packaged by Debian lacks the Vietnamese
 * letters (ư, ộ, …). Noto Serif, which the platform already ships for its PDF certificates, is loaded as the last
 * resort, so the diacritics still show where no system font has them.
 */
import { createRequire } from 'node:module';

export interface Png {
  data: Buffer;
  /** Pixels. */
  width: number;
  height: number;
}

/** Renders off the event loop (resvg's `renderAsync` runs in libuv's thread pool). */
export type Rasterize = (svg: string, width: number) => Promise<Png>;

/** The font families the report's charts ask for, best first (see above). */
export const PNG_FONT_FAMILY = "'DejaVu Sans', 'Noto Sans', Arial, 'Noto Serif', sans-serif";

const require = createRequire(import.meta.url);

function fallbackFonts(): string[] {
  try {
    return [require.resolve('@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf')];
  } catch {
    return [];
  }
}

let loading: Promise<{ rasterize: Rasterize | null; reason?: string }> | undefined;

/**
 * The rasterizer, or null (with the reason) when the PNG library cannot be loaded on this machine. `svg` is one
 * chart of charts.ts; `width` the PNG's width in pixels (the height keeps the chart's proportions).
 */
export function pngRasterizer(): Promise<{ rasterize: Rasterize | null; reason?: string }> {
  loading ??= import('@resvg/resvg-js').then(
    (mod) => {
      const renderAsync = mod.renderAsync ?? (mod as unknown as { default: typeof mod }).default.renderAsync;
      const fontFiles = fallbackFonts();
      const rasterize: Rasterize = async (svg, width) => {
        const condensed = svg.replace(/font-family:/g, 'font-stretch:condensed;font-family:');
        const image = await renderAsync(condensed, {
          fitTo: { mode: 'width', value: Math.round(width) },
          background: '#ffffff',
          font: { loadSystemFonts: true, fontFiles, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', serifFamily: 'DejaVu Serif' },
        });
        return { data: image.asPng(), width: image.width, height: image.height };
      };
      return { rasterize };
    },
    (err: unknown) => ({ rasterize: null, reason: err instanceof Error ? err.message.split('\n')[0] : String(err) }),
  );
  return loading;
}

/** Width and height of a PNG from its header (IHDR), or null when the bytes are not a PNG. */
export function pngSize(data: Uint8Array): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (data.length < 24 || sig.some((b, i) => data[i] !== b)) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (String.fromCharCode(...data.subarray(12, 16)) !== 'IHDR') return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
