/** The props shared by the labelled form fields (FormField, TextField). */
export interface FieldProps {
  /** The control's id; the hint and error get "<id>-hint" and "<id>-error". */
  id: string
  label: string
  hint?: string
  error?: string | null
  /** Take the remaining width in a `.row` (repeated-row editors). */
  grow?: boolean
}
