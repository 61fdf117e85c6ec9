/**
 * A drop area for files that also opens the file picker (click, Enter or Space), so it works with the
 * mouse, the keyboard and drag-and-drop. Plain DOM: no extra dependency.
 */
import { useRef, useState, type ReactNode } from 'react'
import { Box } from '@mantine/core'

export interface FileDropProps {
  onFiles: (files: File[]) => void
  /** `accept` of the picker (e.g. `.pdf,image/*`); dropped files are not filtered (the backend judges content). */
  accept?: string
  multiple?: boolean
  disabled?: boolean
  /** Accessible name of the area (its visible text is `children`). */
  label: string
  children: ReactNode
  testId?: string
}

export function FileDrop({ onFiles, accept, multiple = true, disabled = false, label, children, testId }: FileDropProps) {
  const input = useRef<HTMLInputElement>(null)
  const [over, setOver] = useState(false)
  const take = (list: FileList | null | undefined) => {
    const files = list ? Array.from(list) : []
    if (files.length && !disabled) onFiles(multiple ? files : files.slice(0, 1))
  }
  return (
    <Box
      role="button"
      tabIndex={disabled ? -1 : 0}
      aria-label={label}
      aria-disabled={disabled}
      data-testid={testId}
      data-over={over || undefined}
      onClick={() => !disabled && input.current?.click()}
      onKeyDown={(e) => {
        if (!disabled && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault()
          input.current?.click()
        }
      }}
      onDragOver={(e) => {
        e.preventDefault()
        e.dataTransfer.dropEffect = disabled ? 'none' : 'copy'
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault()
        setOver(false)
        take(e.dataTransfer?.files)
      }}
      style={{
        border: `2px dashed ${over ? 'var(--mantine-color-blue-5)' : 'var(--mantine-color-default-border)'}`,
        borderRadius: 8,
        padding: 14,
        cursor: disabled ? 'not-allowed' : 'pointer',
        opacity: disabled ? 0.6 : 1,
        background: over ? 'var(--mantine-color-blue-light)' : undefined,
        transition: 'background 120ms, border-color 120ms',
      }}
    >
      {children}
      <input
        ref={input}
        type="file"
        hidden
        accept={accept}
        multiple={multiple}
        data-testid={testId ? `${testId}-input` : undefined}
        onChange={(e) => {
          take(e.currentTarget.files)
          e.currentTarget.value = '' // the same file can be chosen again
        }}
      />
    </Box>
  )
}
