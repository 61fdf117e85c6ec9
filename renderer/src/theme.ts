import { createTheme, type MantineColorsTuple } from '@mantine/core'

const FONT =
  "'Inter Variable', 'Noto Sans Arabic Variable', 'Segoe UI', 'Noto Sans', 'Noto Sans Arabic', 'DejaVu Sans', Tahoma, system-ui, sans-serif"

// A deep water blue as the brand colour.
const brand: MantineColorsTuple = ['#e6f4ff', '#cfe4fb', '#a0c7f2', '#6da8ea', '#438ee3', '#287ddf', '#1774de', '#0563c6', '#0058b2', '#004b9e']

export const theme = createTheme({
  primaryColor: 'brand',
  colors: { brand },
  primaryShade: { light: 7, dark: 5 },
  fontFamily: FONT,
  headings: { fontFamily: FONT, fontWeight: '650' },
  fontFamilyMonospace: "ui-monospace, 'DejaVu Sans Mono', 'Cascadia Mono', Menlo, monospace",
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    TextInput: { defaultProps: { radius: 'md' } },
    Tooltip: { defaultProps: { openDelay: 400, withArrow: true } },
  },
})
